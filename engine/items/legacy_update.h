// The legacy `AttributeUpdates` parameter of UpdateItem: PUT, ADD and DELETE applied to an item,
// with the service's rules and messages.
//
// Thread safety: pure functions.
#pragma once

#include "engine/tables/table.h"
#include "stator/requests.h"
#include "stator/status.h"

namespace stator::engine {

// Validates the updates (normalising their values) before the item is read.
Status CheckAttributeUpdates(const KeySchema& schema, AttributeUpdates* updates);

// Applies validated updates to *item (the old item, or just the key when there was none).
Status ApplyAttributeUpdates(const AttributeUpdates& updates, Item* item);

}  // namespace stator::engine
