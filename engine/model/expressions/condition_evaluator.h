// Evaluation of a resolved condition (ConditionExpression, FilterExpression) on an item.
//
// Semantics follow the service: a comparison involving a missing attribute or values of
// different types is false (except <>, which is true when the sides differ); functions on
// missing attributes are false; numbers compare exactly.
//
// Thread safety: pure functions.
#pragma once

#include "engine/model/expressions/ast.h"
#include "stator/attribute_value.h"

namespace stator::expr {

// `condition` must have been resolved (resolver.h ResolveCondition). An absent item is
// evaluated as an empty one.
bool Evaluate(const Condition& condition, const Item& item);

// A parsed (shared) condition whose placeholders `bindings` resolves (resolver.h BindCondition).
bool Evaluate(const Condition& condition, const Item& item, const Bindings& bindings);

}  // namespace stator::expr
