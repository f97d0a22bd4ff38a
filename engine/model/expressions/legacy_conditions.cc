#include "engine/model/expressions/legacy_conditions.h"

#include "engine/model/expressions/value_ops.h"
#include "engine/model/item_validation.h"

namespace stator::expr {
namespace {

Status Invalid(const std::string& what) {
  return Status::Validation("One or more parameter values were invalid: " + what);
}

// The rules of Exists the service reports as a counted validation error: "1 validation error
// detected: One or more parameter values were invalid: Value must be provided when Exists is true
// for Attribute: a" (measured against the service, floci-io/floci#2126).
Status InvalidExists(const std::string& what) {
  constexpr std::string_view kCounted =
      "1 validation error detected: One or more parameter values were invalid: ";
  return Status::Validation(std::string(kCounted) + what);
}

// How many values an operator takes: exact, or at least one for IN.
bool CountFits(ComparisonOperator op, size_t n) {
  switch (op) {
    case ComparisonOperator::kNOT_NULL:
    case ComparisonOperator::kNULL:
      return n == 0;
    case ComparisonOperator::kBETWEEN:
      return n == 2;
    case ComparisonOperator::kIN:
      return n >= 1;
    default:
      return n == 1;
  }
}

bool TypeFits(ComparisonOperator op, AttributeType type) {
  const bool scalar = type == AttributeType::kS || type == AttributeType::kN ||
                      type == AttributeType::kB;
  switch (op) {
    case ComparisonOperator::kLE: case ComparisonOperator::kLT: case ComparisonOperator::kGE:
    case ComparisonOperator::kGT: case ComparisonOperator::kBETWEEN: case ComparisonOperator::kIN:
    case ComparisonOperator::kCONTAINS: case ComparisonOperator::kNOT_CONTAINS:
      return scalar;
    case ComparisonOperator::kBEGINS_WITH:
      return type == AttributeType::kS || type == AttributeType::kB;
    default:
      return true;
  }
}

Status CheckOne(const std::string& name, ExpectedAttributeValue* e) {
  const std::string suffix = " for Attribute: " + name;
  if (e->value && e->attribute_value_list) {
    return Invalid("Value and AttributeValueList cannot be used together" + suffix);
  }
  if (e->value) STATOR_RETURN_IF_ERROR(NormalizeValue(&*e->value));
  if (e->attribute_value_list) {
    for (auto& v : *e->attribute_value_list) STATOR_RETURN_IF_ERROR(NormalizeValue(&v));
  }
  if (!e->comparison_operator) {
    if (e->attribute_value_list) {
      return Invalid("AttributeValueList can only be used with a ComparisonOperator" + suffix);
    }
    if (e->exists.value_or(true) && !e->value) {
      return InvalidExists(std::string("Value must be provided when Exists is ") +
                           (e->exists ? "true" : "null") + suffix);
    }
    if (!e->exists.value_or(true) && e->value) {
      return InvalidExists("Value cannot be used when Exists is false" + suffix);
    }
    return Status::OK();
  }
  const ComparisonOperator op = *e->comparison_operator;
  if (e->exists) {
    return InvalidExists("Exists and ComparisonOperator cannot be used together" + suffix);
  }
  if (!e->value && !e->attribute_value_list && op != ComparisonOperator::kNULL &&
      op != ComparisonOperator::kNOT_NULL) {
    return Invalid("Value or AttributeValueList must be used with ComparisonOperator: " +
                   std::string(ComparisonOperatorName(op)) + suffix);
  }
  std::vector<AttributeValue> values;
  if (e->value) values.push_back(*e->value);
  if (e->attribute_value_list) values = *e->attribute_value_list;
  return CheckComparison(op, values);
}

}  // namespace

std::string_view ComparisonOperatorName(ComparisonOperator op) {
  static constexpr std::string_view kNames[] = {
      "EQ", "NE", "IN", "LE", "LT", "GE", "GT", "BETWEEN", "NOT_NULL", "NULL", "CONTAINS",
      "NOT_CONTAINS", "BEGINS_WITH"};
  return kNames[static_cast<int>(op)];
}

Status CheckComparison(ComparisonOperator op, const std::vector<AttributeValue>& values) {
  if (!CountFits(op, values.size())) {
    return Invalid("Invalid number of argument(s) for the " +
                   std::string(ComparisonOperatorName(op)) + " ComparisonOperator");
  }
  for (const auto& v : values) {
    if (!TypeFits(op, v.type())) {
      return Invalid("ComparisonOperator " + std::string(ComparisonOperatorName(op)) +
                     " is not valid for " + std::string(TypeDescriptor(v.type())) +
                     " AttributeValue type");
    }
  }
  // Mixed types and reversed BETWEEN bounds are refused, in this order (architect/dynalite
  // test/putItem.js and query.js, written against the live service; DynamoDB Local agrees). The
  // BETWEEN message carries no "One or more parameter values were invalid" prefix.
  for (const auto& v : values) {
    if (v.type() != values.front().type()) {
      return Invalid("AttributeValues inside AttributeValueList must be of same type");
    }
  }
  if (op == ComparisonOperator::kBETWEEN && values.size() == 2) {
    auto order = Order(values[0], values[1]);
    if (order && *order > 0) {
      return Status::Validation(
          "The BETWEEN condition was provided a range where the lower bound is greater than the "
          "upper bound");
    }
  }
  return Status::OK();
}

Status CheckExpected(ExpectedMap* expected) {
  for (auto& [name, e] : *expected) STATOR_RETURN_IF_ERROR(CheckOne(name, &e));
  return Status::OK();
}

bool MatchesComparison(ComparisonOperator op, const AttributeValue* actual,
                       const std::vector<AttributeValue>& values) {
  auto ordered = [&](const AttributeValue& v, auto pred) {
    if (!actual) return false;
    auto order = Order(*actual, v);
    return order.has_value() && pred(*order);
  };
  switch (op) {
    case ComparisonOperator::kEQ: return actual && *actual == values[0];
    case ComparisonOperator::kNE: return !actual || !(*actual == values[0]);
    case ComparisonOperator::kLE: return ordered(values[0], [](int o) { return o <= 0; });
    case ComparisonOperator::kLT: return ordered(values[0], [](int o) { return o < 0; });
    case ComparisonOperator::kGE: return ordered(values[0], [](int o) { return o >= 0; });
    case ComparisonOperator::kGT: return ordered(values[0], [](int o) { return o > 0; });
    case ComparisonOperator::kNOT_NULL: return actual != nullptr;
    case ComparisonOperator::kNULL: return actual == nullptr;
    case ComparisonOperator::kCONTAINS: return actual && Contains(*actual, values[0]);
    case ComparisonOperator::kNOT_CONTAINS: return actual && !Contains(*actual, values[0]);
    case ComparisonOperator::kBEGINS_WITH: return actual && BeginsWith(*actual, values[0]);
    case ComparisonOperator::kBETWEEN:
      return ordered(values[0], [](int o) { return o >= 0; }) &&
             ordered(values[1], [](int o) { return o <= 0; });
    case ComparisonOperator::kIN:
      for (const auto& v : values) {
        if (actual && *actual == v) return true;
      }
      return false;
  }
  return false;
}

bool MatchesExpected(const ExpectedMap& expected, std::optional<ConditionalOperator> op,
                     const Item* item) {
  const bool any = op == ConditionalOperator::kOr;
  for (const auto& [name, e] : expected) {
    const AttributeValue* actual = nullptr;
    if (item) {
      auto it = item->find(name);
      if (it != item->end()) actual = &it->second;
    }
    bool match;
    if (e.comparison_operator) {
      std::vector<AttributeValue> values;
      if (e.value) values.push_back(*e.value);
      if (e.attribute_value_list) values = *e.attribute_value_list;
      match = MatchesComparison(*e.comparison_operator, actual, values);
    } else if (!e.exists.value_or(true)) {
      match = actual == nullptr;
    } else {
      match = actual && *actual == *e.value;
    }
    if (match && any) return true;
    if (!match && !any) return false;
  }
  return !any || expected.empty();
}

}  // namespace stator::expr
