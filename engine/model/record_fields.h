// The fields of metadata records Stator persists as items (a stream's meta, a backup's record):
// field names are persisted, so never rename one. A reader takes a missing field, or one of
// another type, as zero or empty, so a record with fields added later still loads.
//
// Thread safety: pure functions.
#pragma once

#include <charconv>
#include <concepts>
#include <string>
#include <string_view>

#include "stator/attribute_value.h"

namespace stator::engine::fields {

template <std::integral T>
AttributeValue Num(T v) {
  return AttributeValue::N(std::to_string(v));
}
inline AttributeValue Str(std::string_view s) { return AttributeValue::S(std::string(s)); }

inline const AttributeValue* Find(const AttributeMap& m, std::string_view name) {
  auto it = m.find(name);
  return it == m.end() ? nullptr : &it->second;
}

template <std::integral T>
T NumberOf(const AttributeMap& m, std::string_view name) {
  T out = 0;
  if (const AttributeValue* v = Find(m, name); v != nullptr && v->type() == AttributeType::kN) {
    std::from_chars(v->s().data(), v->s().data() + v->s().size(), out);
  }
  return out;
}

inline std::string StringOf(const AttributeMap& m, std::string_view name) {
  const AttributeValue* v = Find(m, name);
  return v != nullptr && v->type() == AttributeType::kS ? v->s() : std::string();
}

}  // namespace stator::engine::fields
