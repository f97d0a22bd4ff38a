// Application of a resolved UpdateExpression to an item, with the service's runtime rules:
// every SET value is computed from the item as it was before the update; REMOVE indexes refer
// to the lists as they were before the update; a nested path whose parent is missing or of the
// wrong type is refused; operand types are checked against the stored values.
//
// Thread safety: pure functions.
#pragma once

#include <string_view>

#include "engine/model/expressions/ast.h"
#include "engine/model/key_schema.h"
#include "stator/attribute_value.h"
#include "stator/status.h"

namespace stator::expr {

inline constexpr std::string_view kInvalidPathForUpdate =
    "The document path provided in the update expression is invalid for update";
inline constexpr std::string_view kIncorrectOperandType =
    "An operand in the update expression has an incorrect data type";
inline constexpr std::string_view kMissingAttribute =
    "The provided expression refers to an attribute that does not exist in the item";

// Refuses an update whose action paths start at a key attribute ("Cannot update attribute pk.
// This attribute is part of the key").
Status CheckUpdateKeys(const UpdateExpression& update, const KeySchema& schema);

// Applies `update` (resolved) to *item: the old item, or just its key when there was none.
// On error *item is left partially updated; callers discard it.
Status ApplyUpdate(const UpdateExpression& update, Item* item);

}  // namespace stator::expr
