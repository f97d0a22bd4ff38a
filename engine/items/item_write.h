// The per-item pieces of a write that PutItem, UpdateItem, DeleteItem, BatchWriteItem and
// TransactWriteItems share: the encoded key, the condition check against the stored item, and
// the update decision. A single write runs them inside ItemStore::Write; a transaction runs them
// for each of its items under all of its locks, then commits one batch.
//
// Thread safety: pure functions; objects belong to one request.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "engine/items/item_store.h"
#include "engine/model/expressions/request_expressions.h"
#include "engine/tables/table.h"
#include "stator/requests.h"

namespace stator::engine {

inline constexpr std::string_view kConditionalRequestFailed = "The conditional request failed";
inline constexpr std::string_view kUpdatedItemTooLarge =
    "Item size to update has exceeded the maximum allowed size";

std::string ItemKey(const Table& table, const AttributeValue* partition,
                    const AttributeValue* sort);

Status CheckReturnValuesAllOldOrNone(ReturnValue rv);

// ConditionalCheckFailedException, with the old item when the request asked for it
// (ReturnValuesOnConditionCheckFailure=ALL_OLD) and there was one.
Status ConditionFailed(const WriteConditions& w, const Item* old);

// PutItem and DeleteItem read the old item itself only to evaluate a condition or return it.
ReadMode OldItemMode(const WriteConditions& w, const expr::PreparedCondition& condition);

// Checks the write's condition against the stored item (decoding it only when there is a
// condition to evaluate). Fails with ConditionFailed.
Status CheckCondition(const WriteConditions& w, const expr::PreparedCondition& condition,
                      const StoredItem& before);

// An UpdateItem (or a transaction's Update) ready to apply to the stored item.
struct UpdatePlan {
  const WriteConditions* conditions = nullptr;
  const expr::PreparedWrite* prepared = nullptr;
  AttributeUpdates legacy_updates;  // checked against the key schema
  Item key;                         // normalised; a missing item starts from it
};

// Checks the condition, applies the update to the stored item into *new_item and decides the
// write: nothing (a REMOVE-only update of a missing item), or a put of *new_item. Errors: the
// condition's, the update's, and the 400 KB limit of the updated item.
Result<WriteDecision> DecideUpdate(const UpdatePlan& plan, const StoredItem& before,
                                   Item* new_item);

}  // namespace stator::engine
