// The legacy conditional parameters: `Expected` with `ConditionalOperator` (PutItem, UpdateItem,
// DeleteItem), validated with the service's messages and evaluated with the same value
// semantics as ConditionExpression (value_ops.h). QueryFilter/ScanFilter entries share the
// ComparisonOperator rules (CheckComparison/MatchesComparison).
//
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "stator/requests.h"
#include "stator/status.h"

namespace stator::expr {

// "EQ", "NE", ... as the service names them.
std::string_view ComparisonOperatorName(ComparisonOperator op);

// Validates and normalises an `Expected` map (its values' numbers are normalised in place).
Status CheckExpected(ExpectedMap* expected);

// Validates the AttributeValueList of one ComparisonOperator (count and types).
Status CheckComparison(ComparisonOperator op, const std::vector<AttributeValue>& values);

// Whether the attribute value (null: absent) satisfies `op` over `values`.
bool MatchesComparison(ComparisonOperator op, const AttributeValue* actual,
                       const std::vector<AttributeValue>& values);

// Whether `item` (null: no item) satisfies a validated `Expected` map.
bool MatchesExpected(const ExpectedMap& expected, std::optional<ConditionalOperator> op,
                     const Item* item);

}  // namespace stator::expr
