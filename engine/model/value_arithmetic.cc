#include "engine/model/value_arithmetic.h"

#include <algorithm>

#include "engine/model/number.h"

namespace stator {

Status AddToValue(AttributeValue* existing, const AttributeValue& addend) {
  if (addend.type() == AttributeType::kN) {
    auto a = Decimal::Parse(existing->s());
    if (!a.ok()) return a.status();
    auto b = Decimal::Parse(addend.s());
    if (!b.ok()) return b.status();
    auto sum = a->Add(*b);
    if (!sum.ok()) return sum.status();
    existing->s() = sum->ToString();
    return Status::OK();
  }
  auto& members = existing->set();
  for (const auto& m : addend.set()) {
    if (std::find(members.begin(), members.end(), m) == members.end()) members.push_back(m);
  }
  return Status::OK();
}

void RemoveFromSet(AttributeValue* existing, const AttributeValue& removed) {
  auto& members = existing->set();
  for (const auto& m : removed.set()) {
    members.erase(std::remove(members.begin(), members.end(), m), members.end());
  }
}

}  // namespace stator
