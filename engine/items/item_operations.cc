// The data plane for single items: PutItem, GetItem, DeleteItem, UpdateItem. Every write goes
// through ItemStore::Write, the one write path. Expressions and the legacy conditional
// parameters are checked before the table is looked up, as the service does, and evaluated
// under the item's lock (engine/expressions/). A write on an item that an in-flight transaction
// holds fails fast with TransactionConflictException, as in the service (transaction_marks.h).
#include "engine/engine_database.h"
#include "engine/indexes/index_collection.h"
#include "engine/items/item_write.h"
#include "engine/items/legacy_update.h"
#include "engine/model/capacity.h"
#include "engine/model/expressions/projection.h"
#include "engine/model/expressions/request_expressions.h"
#include "engine/model/expressions/update_applier.h"
#include "engine/model/item_validation.h"
#include "engine/storage/key_codec.h"
#include "engine/tables/table_validation.h"

namespace stator::engine {
namespace {

// The attributes named in `names`, with their values in `item` (legacy UPDATED_OLD/NEW).
std::optional<Item> Subset(const Item& item, const AttributeUpdates& names) {
  Item out;
  for (const auto& [name, update] : names) {
    auto it = item.find(name);
    if (it != item.end()) out.emplace(name, it->second);
  }
  if (out.empty()) return std::nullopt;
  return out;
}

// UPDATED_OLD / UPDATED_NEW: the parts of `item` the update touched.
std::optional<Item> Updated(const Item& item, const expr::PreparedWrite& prepared,
                            const AttributeUpdates& legacy) {
  if (!prepared.update) return Subset(item, legacy);
  std::vector<expr::Path> paths;
  for (const auto& action : prepared.update->actions) paths.push_back(action.path);
  Item out = expr::Project(item, paths);
  if (out.empty()) return std::nullopt;
  return out;
}

// What a write asks its effect to report: index units whenever capacity is returned (the total
// includes them).
WriteEffect EffectFor(const WriteConditions& w) {
  return WriteEffect::AskedFor(w.return_consumed_capacity, w.return_item_collection_metrics);
}

// Adds to a write's response what it did to the indexes (their units) and, on a table with LSIs
// and ReturnItemCollectionMetrics=SIZE, its item collection. `key_source` holds the partition key.
void AddIndexReport(const WriteConditions& w, const Table& table, const Item& key_source,
                    const WriteEffect& effect, WriteItemResponse* response) {
  if (response->consumed_capacity) {
    AddEffectUnits(w.return_consumed_capacity, effect, &*response->consumed_capacity);
  }
  if (w.return_item_collection_metrics == ReturnItemCollectionMetrics::kSize &&
      !effect.collection_key.empty()) {
    response->item_collection_metrics =
        CollectionMetrics(table.key, key_source, effect.collection_size_after);
  }
}

// The response of PutItem and DeleteItem: the old item for ALL_OLD, and the write units of the
// larger of the old and new item.
Result<WriteItemResponse> ReplaceOrDeleteResponse(const WriteConditions& w,
                                                  std::string_view table_name,
                                                  const StoredItem& old, int64_t charged_bytes) {
  WriteItemResponse response;
  if (w.return_values == ReturnValue::kAllOld && old.exists()) {
    auto decoded = old.Decode();
    if (!decoded.ok()) return decoded.status();
    response.attributes = **decoded;
  }
  response.consumed_capacity = Consumed(w.return_consumed_capacity,
                                        TableNameOf(table_name),
                                        WriteUnits(charged_bytes), true);
  return response;
}

// A write whose condition failed still consumed capacity, as in the service: the write units of
// the item it read (one when there was none). Returns `written`, the write's outcome.
Status ChargeFailedCondition(const TableAccess& access, const Access& at, const StoredItem& old,
                             Status written) {
  if (written.code() == ErrorCode::kConditionalCheckFailed) {
    access.ChargeWrite(at, WriteUnits(old.size()), WriteEffect());
  }
  return written;
}

}  // namespace

Result<PutItemResponse> EngineDatabase::DoPutItem(const CallOptions& call, const PutItemRequest& r) {
  STATOR_RETURN_IF_ERROR(CheckReturnValuesAllOldOrNone(r.return_values));
  auto prepared = expr::PrepareWrite(expr::WriteOperation::kPut, r);
  if (!prepared.ok()) return prepared.status();
  std::optional<Item> normalized;
  STATOR_RETURN_IF_ERROR(ValidateItem(r.item, &normalized));
  const Item& item = normalized ? *normalized : r.item;
  auto table = ActiveTable(call, r.table_name);
  if (!table.ok()) return table.status();
  const AttributeValue *partition, *sort;
  STATOR_RETURN_IF_ERROR(CheckItemKey((*table)->key, item, &partition, &sort));
  const int64_t size = ItemSize(item);
  if (size > kMaxItemSizeBytes) return Status::Validation(std::string(kItemTooLarge));
  auto access = access_.Admit(Operation::kPutItem, **table, nullptr, PartitionHash(*partition));
  if (!access.ok()) return access.status();
  const std::string key = ItemKey(**table, partition, sort);
  if (marks_.IsMarked(key)) return TransactionConflict();

  StoredItem old;
  WriteEffect effect = EffectFor(r);
  STATOR_RETURN_IF_ERROR(ChargeFailedCondition(
      access_, *access, old,
      items_.Write(
          **table, key,
          [&](const StoredItem& before) -> Result<WriteDecision> {
            STATOR_RETURN_IF_ERROR(CheckCondition(r, prepared->condition, before));
            return WriteDecision{WriteDecision::Kind::kPut, &item, size};
          },
          &old, OldItemMode(r, prepared->condition), &effect)));
  access_.ChargeWrite(*access, WriteUnits(std::max(size, old.size())), effect);
  auto response = ReplaceOrDeleteResponse(r, r.table_name, old, std::max(size, old.size()));
  if (response.ok()) AddIndexReport(r, **table, item, effect, &*response);
  return response;
}

Result<GetItemResponse> EngineDatabase::DoGetItem(const CallOptions& call, const GetItemRequest& r) {
  auto projection = expr::PrepareProjection(r.projection_expression, r.attributes_to_get,
                                            r.expression_attribute_names);
  if (!projection.ok()) return projection.status();
  KeyAccess k;
  STATOR_RETURN_IF_ERROR(OpenKey(call, Operation::kGetItem, r.table_name, r.key, &k));
  StoredItem stored;
  STATOR_RETURN_IF_ERROR(items_.Read(*k.table, ItemKey(*k.table, k.partition, k.sort), &stored));
  GetItemResponse response;
  if (stored.exists()) {
    auto item = stored.Take();
    if (!item.ok()) return item.status();
    if (*projection) {
      response.item = expr::Project(*item, **projection);
    } else {
      response.item = std::move(item).value();
    }
  }
  const double units = ReadUnits(stored.size(), r.consistent_read);
  access_.Charge(k.access, units, 0);
  response.consumed_capacity =
      Consumed(r.return_consumed_capacity, TableNameOf(r.table_name), units, false);
  return response;
}

// GetItem without building the item: the stored record is handed over as it is. A projection
// needs the item's attributes, so a projected read is GetItem's, flattened.
Result<FlatGetItemResponse> EngineDatabase::DoGetItemFlat(const CallOptions& call,
                                                          const GetItemRequest& r) {
  auto projection = expr::PrepareProjection(r.projection_expression, r.attributes_to_get,
                                            r.expression_attribute_names);
  if (!projection.ok()) return projection.status();
  if (*projection) {
    auto projected = DoGetItem(call, r);
    if (!projected.ok()) return projected.status();
    return FlatGetItemResponse::Of(projected->item ? &*projected->item : nullptr,
                                   std::move(projected->consumed_capacity));
  }
  KeyAccess k;
  STATOR_RETURN_IF_ERROR(OpenKey(call, Operation::kGetItem, r.table_name, r.key, &k));
  FlatGetItemResponse response;
  int64_t size = 0;
  STATOR_RETURN_IF_ERROR(
      items_.ReadFlat(*k.table, ItemKey(*k.table, k.partition, k.sort), &response.item, &size));
  const double units = ReadUnits(size, r.consistent_read);
  access_.Charge(k.access, units, 0);
  response.consumed_capacity =
      Consumed(r.return_consumed_capacity, TableNameOf(r.table_name), units, false);
  return response;
}

Result<DeleteItemResponse> EngineDatabase::DoDeleteItem(const CallOptions& call,
                                                      const DeleteItemRequest& r) {
  STATOR_RETURN_IF_ERROR(CheckReturnValuesAllOldOrNone(r.return_values));
  auto prepared = expr::PrepareWrite(expr::WriteOperation::kDelete, r);
  if (!prepared.ok()) return prepared.status();
  KeyAccess k;
  STATOR_RETURN_IF_ERROR(OpenKey(call, Operation::kDeleteItem, r.table_name, r.key, &k));
  const std::string encoded = ItemKey(*k.table, k.partition, k.sort);
  if (marks_.IsMarked(encoded)) return TransactionConflict();
  StoredItem old;
  WriteEffect effect = EffectFor(r);
  STATOR_RETURN_IF_ERROR(ChargeFailedCondition(
      access_, k.access, old,
      items_.Write(
          *k.table, encoded,
          [&](const StoredItem& before) -> Result<WriteDecision> {
            STATOR_RETURN_IF_ERROR(CheckCondition(r, prepared->condition, before));
            return WriteDecision{WriteDecision::Kind::kDelete, nullptr, 0};
          },
          &old, OldItemMode(r, prepared->condition), &effect)));
  access_.ChargeWrite(k.access, WriteUnits(old.size()), effect);
  auto response = ReplaceOrDeleteResponse(r, r.table_name, old, old.size());
  if (response.ok()) AddIndexReport(r, *k.table, *k.key, effect, &*response);
  return response;
}

Result<UpdateItemResponse> EngineDatabase::DoUpdateItem(const CallOptions& call,
                                                      const UpdateItemRequest& r) {
  auto prepared = expr::PrepareWrite(expr::WriteOperation::kUpdate, r, r.update_expression,
                                     !r.attribute_updates.empty());
  if (!prepared.ok()) return prepared.status();
  Item key = r.key;
  STATOR_RETURN_IF_ERROR(NormalizeItem(&key));
  auto table = ActiveTable(call, r.table_name);
  if (!table.ok()) return table.status();
  const AttributeValue *partition, *sort;
  STATOR_RETURN_IF_ERROR(CheckKey((*table)->key, key, &partition, &sort));
  AttributeUpdates updates = r.attribute_updates;
  if (prepared->update) {
    STATOR_RETURN_IF_ERROR(expr::CheckUpdateKeys(*prepared->update, (*table)->key));
  } else {
    STATOR_RETURN_IF_ERROR(CheckAttributeUpdates((*table)->key, &updates));
  }
  auto access = access_.Admit(Operation::kUpdateItem, **table, nullptr, PartitionHash(*partition));
  if (!access.ok()) return access.status();

  const std::string encoded = ItemKey(**table, partition, sort);
  if (marks_.IsMarked(encoded)) return TransactionConflict();
  StoredItem old;
  Item new_item;
  bool written = false;
  const UpdatePlan plan{&r, &*prepared, std::move(updates), key};
  WriteEffect effect = EffectFor(r);
  STATOR_RETURN_IF_ERROR(
      ChargeFailedCondition(access_, *access, old,
                            items_.Write(
                                **table, encoded,
                                [&](const StoredItem& before) -> Result<WriteDecision> {
                                  auto decision = DecideUpdate(plan, before, &new_item);
                                  if (decision.ok())
                                    written = decision->kind == WriteDecision::Kind::kPut;
                                  return decision;
                                },
                                &old, ReadMode::kWholeItem, &effect)));

  UpdateItemResponse response;
  std::optional<Item> old_item;
  if (old.exists()) {
    auto decoded = old.Decode();
    if (!decoded.ok()) return decoded.status();
    old_item = **decoded;
  }
  switch (r.return_values) {
    case ReturnValue::kNone: break;
    case ReturnValue::kAllOld: response.attributes = old_item; break;
    case ReturnValue::kAllNew: if (written) response.attributes = new_item; break;
    case ReturnValue::kUpdatedOld:
      if (old_item) response.attributes = Updated(*old_item, *prepared, plan.legacy_updates);
      break;
    case ReturnValue::kUpdatedNew:
      if (written) response.attributes = Updated(new_item, *prepared, plan.legacy_updates);
      break;
  }
  const double units = WriteUnits(std::max(old.size(), written ? ItemSize(new_item) : 0));
  access_.ChargeWrite(*access, units, effect);
  response.consumed_capacity =
      Consumed(r.return_consumed_capacity, TableNameOf(r.table_name), units, true);
  AddIndexReport(r, **table, key, effect, &response);
  return response;
}

}  // namespace stator::engine
