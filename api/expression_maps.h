// CheckExpressionMapsNotEmpty: the service refuses an ExpressionAttributeNames or
// ExpressionAttributeValues given as an empty map ("ExpressionAttributeValues must not be
// empty"), where an absent one is fine. Only the JSON tells the two apart, so the check lives
// here rather than in the engine. It runs after the shape check and before the request's
// semantic checks (see shape_check.h for the whole order).
//
// Thread safety: pure function of its argument.
#pragma once

#include <simdjson.h>

#include "stator/status.h"

namespace stator::api {

inline constexpr std::string_view kEmptyExpressionNames =
    "ExpressionAttributeNames must not be empty";
inline constexpr std::string_view kEmptyExpressionValues =
    "ExpressionAttributeValues must not be empty";

// The request's top-level maps, then those of each transaction action (TransactItems[n].Put,
// .Update, .Delete, .ConditionCheck, .Get) in order: the first empty one, names before values, is
// reported, as a ValidationException of the whole request (the service refuses it before any
// action runs, not as one action's cancellation reason).
Status CheckExpressionMapsNotEmpty(simdjson::dom::object body);

}  // namespace stator::api
