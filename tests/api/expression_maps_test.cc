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

TEST(ExpressionMaps, EachTransactionActionsMapsAreChecked) {
  EXPECT_TRUE(CheckExpressionMapsNotEmpty(ParseObject(R"({"TransactItems": [
      {"Put": {"TableName": "t", "ExpressionAttributeValues": {":a": {"S": "x"}}}},
      {"Get": {"TableName": "t"}}]})"))
                  .ok());
  Status st = CheckExpressionMapsNotEmpty(ParseObject(R"({"TransactItems": [
      {"Put": {"TableName": "t"}},
      {"ConditionCheck": {"TableName": "t", "ExpressionAttributeValues": {}}},
      {"Update": {"TableName": "t", "ExpressionAttributeNames": {}}}]})"));
  EXPECT_EQ(st.code(), ErrorCode::kValidation);
  EXPECT_EQ(st.message(), "ExpressionAttributeValues must not be empty");
  st = CheckExpressionMapsNotEmpty(ParseObject(
      R"({"TransactItems": [{"Get": {"TableName": "t", "ExpressionAttributeNames": {}}}]})"));
  EXPECT_EQ(st.message(), "ExpressionAttributeNames must not be empty");
  // Mistyped members are the decoders' to report.
  EXPECT_TRUE(
      CheckExpressionMapsNotEmpty(ParseObject(R"({"TransactItems": [1, {"Put": []}]})")).ok());
}

}  // namespace
}  // namespace stator::api
