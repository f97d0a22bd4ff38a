// The arithmetic that ADD (and DELETE on sets) performs on a stored value, shared by the update
// expression's ADD/DELETE and the legacy AttributeUpdates. Callers check that the types match
// first, since the two word a mismatch differently.
//
// Thread safety: pure functions.
#pragma once

#include "stator/attribute_value.h"
#include "stator/status.h"

namespace stator {

// existing += addend, both N (exact; the service's overflow errors) or both sets of one type
// (union, keeping existing members first).
Status AddToValue(AttributeValue* existing, const AttributeValue& addend);

// Removes the members of `removed` from the set `existing` (same set type).
void RemoveFromSet(AttributeValue* existing, const AttributeValue& removed);

}  // namespace stator
