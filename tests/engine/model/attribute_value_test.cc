#include "stator/attribute_value.h"

#include <gtest/gtest.h>

namespace stator {
namespace {

TEST(AttributeValueTest, SetsCompareAsSets) {
  EXPECT_EQ(AttributeValue::SS({"a", "b"}), AttributeValue::SS({"b", "a"}));
  EXPECT_FALSE(AttributeValue::SS({"a", "b"}) == AttributeValue::SS({"a", "c"}));
  EXPECT_FALSE(AttributeValue::SS({"a"}) == AttributeValue::NS({"a"}));
}

TEST(AttributeValueTest, NestedValuesCompareStructurally) {
  AttributeMap m{{"x", AttributeValue::L({AttributeValue::N("1"), AttributeValue::Null()})}};
  EXPECT_EQ(AttributeValue::M(m), AttributeValue::M(m));
  AttributeMap other{{"x", AttributeValue::L({AttributeValue::N("2")})}};
  EXPECT_FALSE(AttributeValue::M(m) == AttributeValue::M(other));
  EXPECT_FALSE(AttributeValue::S("1") == AttributeValue::N("1"));
}

}  // namespace
}  // namespace stator
