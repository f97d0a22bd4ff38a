#include "api/partiql/values.h"

#include <set>

namespace stator::partiql {
namespace {

constexpr std::string_view kBagTypes =
    "Unsupported data type in Bag. DynamoDB only supports either numbers or strings in bags";

Result<AttributeValue> BindBag(const Value& v) {
  if (v.elements.empty()) return Status::Validation("Empty bags are not supported");
  const Value& first = v.elements.front();
  if (first.kind != Value::Kind::kLiteral ||
      (first.literal.type() != AttributeType::kS && first.literal.type() != AttributeType::kN)) {
    return Status::Validation(std::string(kBagTypes));
  }
  const AttributeType type = first.literal.type();
  std::vector<std::string> members;
  std::set<std::string> seen;
  for (const Value& e : v.elements) {
    if (e.kind != Value::Kind::kLiteral || e.literal.type() != type) {
      return Status::Validation(std::string(kBagTypes));
    }
    if (!seen.insert(e.literal.s()).second) {
      return Status::Validation("Input collection contains duplicates");
    }
    members.push_back(e.literal.s());
  }
  return type == AttributeType::kS ? AttributeValue::SS(std::move(members))
                                   : AttributeValue::NS(std::move(members));
}

}  // namespace

Result<AttributeValue> Bind(const Value& v, const std::vector<AttributeValue>& parameters) {
  switch (v.kind) {
    case Value::Kind::kLiteral:
      return v.literal;
    case Value::Kind::kParameter:
      if (v.parameter >= parameters.size()) {
        return Status::Validation("Number of parameters in request and statement don't match.");
      }
      return parameters[v.parameter];
    case Value::Kind::kMissing:
      return Status::Validation("MISSING must be compared using IS operator");
    case Value::Kind::kBag:
      return BindBag(v);
    case Value::Kind::kList: {
      AttributeList list;
      for (const Value& e : v.elements) {
        auto bound = Bind(e, parameters);
        if (!bound.ok()) return bound;
        list.push_back(std::move(bound).value());
      }
      return AttributeValue::L(std::move(list));
    }
    case Value::Kind::kTuple: {
      AttributeMap map;
      for (const auto& [name, member] : v.members) {
        if (member.kind == Value::Kind::kMissing) continue;  // a MISSING member is no member
        auto bound = Bind(member, parameters);
        if (!bound.ok()) return bound;
        map.insert_or_assign(name, std::move(bound).value());
      }
      return AttributeValue::M(std::move(map));
    }
  }
  return Status::Validation("Unsupported value");
}

Status CheckParameterCount(size_t in_statement, size_t in_request) {
  if (in_request < in_statement) {
    return Status::Validation("Number of parameters in request and statement don't match.");
  }
  return Status::OK();
}

}  // namespace stator::partiql
