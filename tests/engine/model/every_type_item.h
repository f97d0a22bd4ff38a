// An item with a value of each of the ten types, empty and nested ones among them: what the
// item codec's tests and the flat item's encode and read back.
#pragma once

#include <string>

#include "stator/attribute_value.h"

namespace stator::testing {

inline Item EveryTypeItem() {
  return Item{
      {"s", AttributeValue::S("hello")},
      {"empty", AttributeValue::S("")},
      {"n", AttributeValue::N("-12.5")},
      {"b", AttributeValue::B(std::string("\0\xff\x01", 3))},
      {"t", AttributeValue::Bool(true)},
      {"f", AttributeValue::Bool(false)},
      {"null", AttributeValue::Null()},
      {"m", AttributeValue::M({{"inner", AttributeValue::L({AttributeValue::N("1"),
                                                             AttributeValue::M({})})}})},
      {"l", AttributeValue::L({})},
      {"ss", AttributeValue::SS({"a", "b"})},
      {"ns", AttributeValue::NS({"1", "2.5"})},
      {"bs", AttributeValue::BS({std::string("\0", 1), "x"})},
  };
}

}  // namespace stator::testing
