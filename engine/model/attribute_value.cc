#include <algorithm>

#include "stator/attribute_value.h"

namespace stator {

std::string_view TypeDescriptor(AttributeType type) {
  switch (type) {
    case AttributeType::kS: return "S";
    case AttributeType::kN: return "N";
    case AttributeType::kB: return "B";
    case AttributeType::kBOOL: return "BOOL";
    case AttributeType::kNULL: return "NULL";
    case AttributeType::kM: return "M";
    case AttributeType::kL: return "L";
    case AttributeType::kSS: return "SS";
    case AttributeType::kNS: return "NS";
    case AttributeType::kBS: return "BS";
  }
  return "?";
}

bool operator==(const AttributeValue& a, const AttributeValue& b) {
  if (a.type_ != b.type_) return false;
  if (a.is_set()) {
    // Sets are unordered; members are unique, so equal sizes and inclusion suffice.
    const auto& x = a.set();
    const auto& y = b.set();
    if (x.size() != y.size()) return false;
    for (const auto& v : x) {
      if (std::find(y.begin(), y.end(), v) == y.end()) return false;
    }
    return true;
  }
  return a.value_ == b.value_;
}

}  // namespace stator
