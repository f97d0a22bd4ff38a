#include "engine/items/item_write.h"

#include "engine/items/legacy_update.h"
#include "engine/model/expressions/update_applier.h"
#include "engine/model/item_validation.h"
#include "engine/storage/key_codec.h"

namespace stator::engine {
namespace {

// True when an update only removes attributes: REMOVE actions, or value-less DELETEs of
// AttributeUpdates. Such an update does not create a missing item (scylladb issue #5862 and
// test/alternator/test_item.py test_update_item_non_existent, checked against DynamoDB), while an
// update with nothing to do, or with a SET, ADD or set DELETE, does.
bool OnlyRemoves(const expr::PreparedWrite& prepared, const AttributeUpdates& updates) {
  if (prepared.update) {
    for (const auto& action : prepared.update->actions) {
      if (action.kind != expr::UpdateAction::Kind::kRemove) return false;
    }
    return !prepared.update->actions.empty();
  }
  for (const auto& [name, update] : updates) {
    if (update.action != AttributeAction::kDelete || update.value) return false;
  }
  return !updates.empty();
}

}  // namespace

std::string ItemKey(const Table& table, const AttributeValue* partition,
                    const AttributeValue* sort) {
  return EncodeItemKey(table.id, *partition, sort);
}

Status CheckReturnValuesAllOldOrNone(ReturnValue rv) {
  if (rv != ReturnValue::kNone && rv != ReturnValue::kAllOld) {
    return Status::Validation("ReturnValues can only be ALL_OLD or NONE");
  }
  return Status::OK();
}

Status ConditionFailed(const WriteConditions& w, const Item* old) {
  std::shared_ptr<ErrorDetail> detail;
  if (w.return_old_item_on_condition_check_failure && old) {
    detail = std::make_shared<ErrorDetail>();
    detail->item = *old;
  }
  return Status(ErrorCode::kConditionalCheckFailed, std::string(kConditionalRequestFailed),
                std::move(detail));
}

ReadMode OldItemMode(const WriteConditions& w, const expr::PreparedCondition& condition) {
  return w.return_values == ReturnValue::kAllOld || !condition.empty() ? ReadMode::kWholeItem
                                                                       : ReadMode::kSizeOnly;
}

Status CheckCondition(const WriteConditions& w, const expr::PreparedCondition& condition,
                      const StoredItem& before) {
  if (condition.empty()) return Status::OK();
  const Item* old = nullptr;
  if (before.exists()) {
    auto decoded = before.Decode();
    if (!decoded.ok()) return decoded.status();
    old = *decoded;
  }
  if (!condition.Matches(old)) return ConditionFailed(w, old);
  return Status::OK();
}

Result<WriteDecision> DecideUpdate(const UpdatePlan& plan, const StoredItem& before,
                                   Item* new_item) {
  STATOR_RETURN_IF_ERROR(CheckCondition(*plan.conditions, plan.prepared->condition, before));
  if (before.exists()) {
    auto decoded = before.Decode();
    if (!decoded.ok()) return decoded.status();
    *new_item = **decoded;
  } else if (OnlyRemoves(*plan.prepared, plan.legacy_updates)) {
    return WriteDecision{};  // nothing to remove, and no item is created
  } else {
    *new_item = plan.key;
  }
  if (plan.prepared->update) {
    STATOR_RETURN_IF_ERROR(expr::ApplyUpdate(*plan.prepared->update, new_item));
  } else {
    STATOR_RETURN_IF_ERROR(ApplyAttributeUpdates(plan.legacy_updates, new_item));
  }
  // Each value was within the nesting limit, but SET a.b.c = :deep can nest one in another.
  STATOR_RETURN_IF_ERROR(CheckNesting(*new_item));
  // Any other update of a missing item creates it, even when every action was a set DELETE of
  // something absent (the item then holds just its key).
  const int64_t size = ItemSize(*new_item);
  if (size > kMaxItemSizeBytes) return Status::Validation(std::string(kUpdatedItemTooLarge));
  return WriteDecision{WriteDecision::Kind::kPut, new_item, size};
}

}  // namespace stator::engine
