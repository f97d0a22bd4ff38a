#include "engine/model/expressions/key_condition.h"

#include "engine/model/expressions/legacy_conditions.h"
#include "engine/model/item_validation.h"

namespace stator::expr {
namespace {

constexpr std::string_view kInvalidOperator = "Invalid operator used in KeyConditionExpression: ";
constexpr std::string_view kNotSupported = "Query key condition not supported";
constexpr std::string_view kMissedKey = "Query condition missed key schema element: ";
constexpr std::string_view kTypeMismatch =
    "One or more parameter values were invalid: Condition parameter type does not match schema "
    "type";

Status Invalid(std::string message) { return Status::Validation(std::move(message)); }

// One `key op value` term of a key condition, before the schema is consulted.
struct Term {
  std::string attribute;
  SortKeyCondition condition;
};

std::string_view ComparatorName(Comparator c) {
  switch (c) {
    case Comparator::kEq: return "=";
    case Comparator::kNe: return "<>";
    case Comparator::kLt: return "<";
    case Comparator::kLe: return "<=";
    case Comparator::kGt: return ">";
    case Comparator::kGe: return ">=";
  }
  return "";
}

// The key attribute an operand names, or "" for a value; nested paths are refused.
Result<std::string> KeyOperand(const Operand& op) {
  if (op.kind == Operand::Kind::kValue) return std::string();
  if (op.kind == Operand::Kind::kFunction) {
    return Invalid("KeyConditionExpressions cannot contain nested operations");
  }
  if (op.path.size() > 1) {
    return Invalid("KeyConditionExpressions cannot have conditions on nested attributes");
  }
  return op.path[0].name;
}

Status Collect(const Condition& c, std::vector<Term>* terms);

Status CollectComparison(const Condition& c, std::vector<Term>* terms) {
  Term term;
  std::vector<const AttributeValue*> values;
  int attribute_at = -1;
  for (size_t i = 0; i < c.operands.size(); ++i) {
    auto name = KeyOperand(c.operands[i]);
    if (!name.ok()) return name.status();
    if (name->empty()) {
      values.push_back(c.operands[i].value);
      continue;
    }
    if (attribute_at >= 0) {
      return Invalid("Invalid condition in KeyConditionExpression: Multiple attribute names used "
                     "in one condition");
    }
    attribute_at = static_cast<int>(i);
    term.attribute = *name;
  }
  if (attribute_at < 0) {
    return Invalid("Invalid condition in KeyConditionExpression: No key attribute specified");
  }
  using Op = SortKeyCondition::Op;
  if (c.kind == Condition::Kind::kBetween) {
    if (attribute_at != 0) {
      return Invalid("Invalid condition in KeyConditionExpression: BETWEEN operator must have "
                     "the key attribute as its first operand");
    }
    term.condition = {Op::kBetween, *values[0], *values[1]};
  } else {
    // `:v < k` is `k > :v`.
    static constexpr Op kDirect[] = {Op::kEq, Op::kEq, Op::kLt, Op::kLe, Op::kGt, Op::kGe};
    static constexpr Op kFlipped[] = {Op::kEq, Op::kEq, Op::kGt, Op::kGe, Op::kLt, Op::kLe};
    const int i = static_cast<int>(c.comparator);
    term.condition = {attribute_at == 0 ? kDirect[i] : kFlipped[i], *values[0], {}};
  }
  terms->push_back(std::move(term));
  return Status::OK();
}

Status Collect(const Condition& c, std::vector<Term>* terms) {
  switch (c.kind) {
    case Condition::Kind::kAnd:
      STATOR_RETURN_IF_ERROR(Collect(c.children[0], terms));
      return Collect(c.children[1], terms);
    case Condition::Kind::kOr:
      return Invalid(std::string(kInvalidOperator) + "OR");
    case Condition::Kind::kNot:
      return Invalid(std::string(kInvalidOperator) + "NOT");
    case Condition::Kind::kIn:
      return Invalid(std::string(kInvalidOperator) + "IN");
    case Condition::Kind::kFunction: {
      const Operand& call = c.operands[0];
      if (call.function != Function::kBeginsWith) {
        return Invalid(std::string(kInvalidOperator) + call.name);
      }
      if (call.args[0].kind != Operand::Kind::kPath) {
        return Invalid("Invalid condition in KeyConditionExpression: begins_with operator must "
                       "have the key attribute as its first operand");
      }
      auto name = KeyOperand(call.args[0]);
      if (!name.ok()) return name.status();
      if (call.args[1].kind != Operand::Kind::kValue) {
        return Invalid("Invalid condition in KeyConditionExpression: Multiple attribute names "
                       "used in one condition");
      }
      terms->push_back({*name, {SortKeyCondition::kBeginsWith, *call.args[1].value, {}}});
      return Status::OK();
    }
    case Condition::Kind::kCompare:
      if (c.comparator == Comparator::kNe) {
        return Invalid(std::string(kInvalidOperator) + std::string(ComparatorName(c.comparator)));
      }
      return CollectComparison(c, terms);
    case Condition::Kind::kBetween:
      return CollectComparison(c, terms);
  }
  return Status::OK();
}

AttributeType KeyType(const KeyAttribute& k) {
  switch (k.type) {
    case ScalarType::kS: return AttributeType::kS;
    case ScalarType::kN: return AttributeType::kN;
    default: return AttributeType::kB;
  }
}

// The schema rules shared by the expression and the legacy map.
Result<KeyCondition> FromMultiTerms(const std::vector<Term>& terms, const KeySchema& schema);

Result<KeyCondition> FromTerms(std::vector<Term> terms, const KeySchema& schema) {
  if (schema.MultiAttribute()) return FromMultiTerms(terms, schema);
  KeyCondition out;
  const Term* hash = nullptr;
  const Term* range = nullptr;
  for (const Term& t : terms) {
    if (t.attribute == schema.hash.name) {
      hash = &t;
    } else if (schema.range && t.attribute == schema.range->name) {
      range = &t;
    } else {
      return Invalid("Query condition missed key schema element: " +
                     (schema.range && !range ? schema.range->name : schema.hash.name));
    }
  }
  if (!hash) return Invalid("Query condition missed key schema element: " + schema.hash.name);
  if (hash->condition.op != SortKeyCondition::kEq) return Invalid(std::string(kNotSupported));
  if (hash->condition.low.type() != KeyType(schema.hash)) {
    return Invalid(std::string(kTypeMismatch));
  }
  out.partition_value = hash->condition.low;
  if (range) {
    const SortKeyCondition& c = range->condition;
    const AttributeType type = KeyType(*schema.range);
    if (c.low.type() != type || (c.op == SortKeyCondition::kBetween && c.high.type() != type)) {
      return Invalid(std::string(kTypeMismatch));
    }
    if (c.op == SortKeyCondition::kBeginsWith && type == AttributeType::kN) {
      return Invalid(std::string(kNotSupported));
    }
    out.sort = c;
  }
  return out;
}

// The term addressing `key`, or null.
const Term* TermOf(const std::vector<Term>& terms, const KeyAttribute& key) {
  for (const Term& t : terms) {
    if (t.attribute == key.name) return &t;
  }
  return nullptr;
}

Status CheckTermType(const Term& t, const KeyAttribute& key) {
  const SortKeyCondition& c = t.condition;
  const AttributeType type = KeyType(key);
  if (c.low.type() != type || (c.op == SortKeyCondition::kBetween && c.high.type() != type)) {
    return Invalid(std::string(kTypeMismatch));
  }
  if (c.op == SortKeyCondition::kBeginsWith && type == AttributeType::kN) {
    return Invalid(std::string(kNotSupported));
  }
  return Status::OK();
}

// A GSI's multi-attribute key: equality on every partition attribute; sort attributes used from
// the first on without a gap, equality on all but the last used, which may take any condition.
Result<KeyCondition> FromMultiTerms(const std::vector<Term>& terms, const KeySchema& schema) {
  std::vector<KeyAttribute> hashes{schema.hash};
  hashes.insert(hashes.end(), schema.more_hash.begin(), schema.more_hash.end());
  std::vector<KeyAttribute> ranges;
  if (schema.range) ranges.push_back(*schema.range);
  ranges.insert(ranges.end(), schema.more_range.begin(), schema.more_range.end());
  for (const Term& t : terms) {
    if (IsKeyAttribute(schema, t.attribute)) continue;
    for (const auto* keys : {&hashes, &ranges}) {
      for (const KeyAttribute& k : *keys) {
        if (TermOf(terms, k) == nullptr) return Invalid(std::string(kMissedKey) + k.name);
      }
    }
    return Invalid(std::string(kMissedKey) + schema.hash.name);
  }
  KeyCondition out;
  for (const KeyAttribute& k : hashes) {
    const Term* t = TermOf(terms, k);
    if (t == nullptr) return Invalid(std::string(kMissedKey) + k.name);
    if (t->condition.op != SortKeyCondition::kEq) return Invalid(std::string(kNotSupported));
    if (t->condition.low.type() != KeyType(k)) return Invalid(std::string(kTypeMismatch));
    out.partition_tuple.push_back(t->condition.low);
  }
  size_t used = 0;
  for (size_t i = 0; i < ranges.size(); ++i) {
    if (TermOf(terms, ranges[i]) != nullptr) used = i + 1;
  }
  for (size_t i = 0; i < used; ++i) {
    const Term* t = TermOf(terms, ranges[i]);
    if (t == nullptr) return Invalid(std::string(kMissedKey) + ranges[i].name);
    STATOR_RETURN_IF_ERROR(CheckTermType(*t, ranges[i]));
    if (i + 1 == used) {
      out.sort = t->condition;
    } else if (t->condition.op != SortKeyCondition::kEq) {
      return Invalid(std::string(kNotSupported));
    } else {
      out.sort_prefix.push_back(t->condition.low);
    }
  }
  return out;
}

}  // namespace

Result<KeyCondition> KeyConditionFromExpression(const Condition& resolved,
                                                const KeySchema& schema) {
  std::vector<Term> terms;
  STATOR_RETURN_IF_ERROR(Collect(resolved, &terms));
  for (size_t i = 0; i < terms.size(); ++i) {
    for (size_t j = i + 1; j < terms.size(); ++j) {
      if (terms[i].attribute == terms[j].attribute) {
        return Invalid("KeyConditionExpressions must only contain one condition per key");
      }
    }
  }
  return FromTerms(std::move(terms), schema);
}

Result<KeyCondition> KeyConditionFromLegacy(LegacyConditions* conditions,
                                            const KeySchema& schema) {
  // A multi-attribute key takes a condition per key attribute.
  const size_t most = schema.MultiAttribute() ? 2 + schema.more_hash.size() +
                                                    schema.more_range.size()
                                              : 2;
  if (conditions->empty() || conditions->size() > most) {
    return Invalid("Conditions can be of length 1 or 2 only");
  }
  std::vector<Term> terms;
  for (auto& [name, c] : *conditions) {
    for (auto& v : c.values) STATOR_RETURN_IF_ERROR(NormalizeValue(&v));
    STATOR_RETURN_IF_ERROR(CheckComparison(c.op, c.values));
    using Op = SortKeyCondition::Op;
    Op op;
    switch (c.op) {
      case ComparisonOperator::kEQ: op = Op::kEq; break;
      case ComparisonOperator::kLT: op = Op::kLt; break;
      case ComparisonOperator::kLE: op = Op::kLe; break;
      case ComparisonOperator::kGT: op = Op::kGt; break;
      case ComparisonOperator::kGE: op = Op::kGe; break;
      case ComparisonOperator::kBETWEEN: op = Op::kBetween; break;
      case ComparisonOperator::kBEGINS_WITH: op = Op::kBeginsWith; break;
      default: return Invalid(std::string(kNotSupported));
    }
    AttributeValue high = c.values.size() > 1 ? c.values[1] : AttributeValue();
    terms.push_back({name, {op, c.values[0], std::move(high)}});
  }
  return FromTerms(std::move(terms), schema);
}

namespace {

Status FilterPaths(const Condition& c, const KeySchema& schema);

Status FilterOperand(const Operand& op, const KeySchema& schema) {
  if (op.kind == Operand::Kind::kPath && IsKeyAttribute(schema, op.path[0].name)) {
    return Invalid("Filter Expression can only contain non-primary key attributes: Primary key "
                   "attribute: " + op.path[0].name);
  }
  for (const auto& a : op.args) STATOR_RETURN_IF_ERROR(FilterOperand(a, schema));
  return Status::OK();
}

Status FilterPaths(const Condition& c, const KeySchema& schema) {
  for (const auto& child : c.children) STATOR_RETURN_IF_ERROR(FilterPaths(child, schema));
  for (const auto& op : c.operands) STATOR_RETURN_IF_ERROR(FilterOperand(op, schema));
  return Status::OK();
}

}  // namespace

Status CheckFilterAvoidsKeys(const Condition& resolved, const KeySchema& schema) {
  return FilterPaths(resolved, schema);
}

Status CheckLegacyFilter(LegacyConditions* filter, std::string_view parameter,
                         const KeySchema* refuse_keys) {
  for (auto& [name, c] : *filter) {
    if (refuse_keys && IsKeyAttribute(*refuse_keys, name)) {
      return Invalid(std::string(parameter) +
                     " can only contain non-primary key attributes: Primary key attribute: " +
                     name);
    }
    for (auto& v : c.values) STATOR_RETURN_IF_ERROR(NormalizeValue(&v));
    STATOR_RETURN_IF_ERROR(CheckComparison(c.op, c.values));
  }
  return Status::OK();
}

bool MatchesLegacyFilter(const LegacyConditions& filter, std::optional<ConditionalOperator> op,
                         const Item& item) {
  const bool any = op == ConditionalOperator::kOr;
  for (const auto& [name, c] : filter) {
    auto it = item.find(name);
    const bool match =
        MatchesComparison(c.op, it == item.end() ? nullptr : &it->second, c.values);
    if (match && any) return true;
    if (!match && !any) return false;
  }
  return !any || filter.empty();
}

}  // namespace stator::expr
