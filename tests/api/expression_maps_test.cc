#include "api/expression_maps.h"

#include <gtest/gtest.h>

#include "tests/api/test_util.h"

namespace stator::api {
namespace {

using testing::ParseObject;

TEST(ExpressionMaps, EmptyMapsAreRefusedAbsentOnesAreNot) {
  EXPECT_TRUE(CheckExpressionMapsNotEmpty(ParseObject(R"({"TableName": "t"})")).ok());
  EXPECT_TRUE(CheckExpressionMapsNotEmpty(ParseObject(R"({"ExpressionAttributeNames": {"#a": "a"},
                                  "ExpressionAttributeValues": {":a": {"S": "x"}}})"))
                  .ok());
  Status st = CheckExpressionMapsNotEmpty(ParseObject(R"({"ExpressionAttributeValues": {}})"));
  EXPECT_EQ(st.code(), ErrorCode::kValidation);
  EXPECT_EQ(st.message(), "ExpressionAttributeValues must not be empty");
  st = CheckExpressionMapsNotEmpty(
      ParseObject(R"({"ExpressionAttributeValues": {}, "ExpressionAttributeNames": {}})"));
  EXPECT_EQ(st.message(), "ExpressionAttributeNames must not be empty");
}

}  // namespace
}  // namespace stator::api
