#include "engine/model/item_validation.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace stator {
namespace {

TEST(ItemValidationTest, AttributeNamesUpTo65535BytesAtEveryDepth) {
  const std::string longest(65535, 'a');
  const std::string too_long(65536, 'a');
  std::optional<Item> normalized;
  EXPECT_TRUE(ValidateItem({{longest, AttributeValue::S("v")}}, &normalized).ok());

  Status st = ValidateItem({{too_long, AttributeValue::S("v")}}, &normalized);
  EXPECT_EQ(st.code(), ErrorCode::kValidation);
  EXPECT_EQ(st.message(),
            "1 validation error detected: Attribute name is too large, must be less than 65536 "
            "bytes");

  Item nested{{"m", AttributeValue::M({{too_long, AttributeValue::S("v")}})}};
  EXPECT_EQ(ValidateItem(nested, &normalized).message(), kAttributeNameTooLarge);
  EXPECT_EQ(NormalizeItem(&nested).message(), kAttributeNameTooLarge);
  Item in_list{{"l", AttributeValue::L({AttributeValue::M({{too_long, AttributeValue::N("1")}})})}};
  EXPECT_EQ(NormalizeItem(&in_list).message(), kAttributeNameTooLarge);
}

}  // namespace
}  // namespace stator
