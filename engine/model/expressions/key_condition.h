// Key conditions of Query: KeyConditionExpression and the legacy KeyConditions map, reduced to
// the partition key's value and at most one sort-key condition (after equalities on the leading
// attributes of a GSI's multi-attribute sort key), and checked against the
// table's key schema with the service's messages. Also the filter rules that depend on the
// key schema (Query filters may not name key attributes).
//
// Thread safety: pure functions.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/model/expressions/ast.h"
#include "engine/model/key_schema.h"
#include "stator/requests.h"
#include "stator/status.h"

namespace stator::expr {

struct SortKeyCondition {
  enum Op { kEq, kLt, kLe, kGt, kGe, kBetween, kBeginsWith } op = kEq;
  AttributeValue low;   // the operand; BETWEEN's lower bound
  AttributeValue high;  // BETWEEN's upper bound
};

struct KeyCondition {
  // The partition key's value; for a multi-attribute partition key, empty, and
  // `partition_tuple` holds its attributes' values in KeySchema order (the index is partitioned
  // on their tuple: MultiPartitionValue, engine/indexes/index_codec.h).
  AttributeValue partition_value;
  std::vector<AttributeValue> partition_tuple;
  // For a multi-attribute sort key: the values of the leading sort attributes the condition fixes
  // by equality, in KeySchema order; `sort` is then the condition on the next (last used) one.
  std::vector<AttributeValue> sort_prefix;
  std::optional<SortKeyCondition> sort;
};

// One legacy condition (KeyConditions, QueryFilter, ScanFilter entry).
struct LegacyCondition {
  ComparisonOperator op = ComparisonOperator::kEQ;
  std::vector<AttributeValue> values;  // AttributeValueList
};
using LegacyConditions = std::map<std::string, LegacyCondition, std::less<>>;

// A resolved KeyConditionExpression (resolver.h, ExpressionKind::kKeyCondition) on `schema`
// (the table's, or an index's). Errors: "Invalid operator used in KeyConditionExpression: OR",
// "Query condition missed key schema element: id", ...
Result<KeyCondition> KeyConditionFromExpression(const Condition& resolved,
                                                const KeySchema& schema);

// The legacy KeyConditions map; values are validated and normalised in place.
Result<KeyCondition> KeyConditionFromLegacy(LegacyConditions* conditions,
                                            const KeySchema& schema);

// Query's FilterExpression (resolved) may not name a key attribute: "Filter Expression can only
// contain non-primary key attributes: Primary key attribute: id".
Status CheckFilterAvoidsKeys(const Condition& resolved, const KeySchema& schema);

// Validates a legacy QueryFilter/ScanFilter (values normalised in place); `parameter` names it
// in messages ("QueryFilter"). For QueryFilter, key attributes are refused as the service does.
Status CheckLegacyFilter(LegacyConditions* filter, std::string_view parameter,
                         const KeySchema* refuse_keys);

// Whether `item` satisfies a validated legacy filter (AND unless ConditionalOperator is OR).
bool MatchesLegacyFilter(const LegacyConditions& filter, std::optional<ConditionalOperator> op,
                         const Item& item);

}  // namespace stator::expr
