// The data plane for single items: PutItem, GetItem, DeleteItem, UpdateItem. Every write goes
// through ItemStore::Write, the one write path.
#include "engine/capacity.h"
#include "engine/engine_database.h"
#include "engine/item_validation.h"
#include "engine/key_codec.h"
#include "engine/legacy_update.h"
#include "engine/table_validation.h"

namespace stator::engine {
namespace {

// Expressions and the legacy conditional parameters arrive with the expressions issue; until
// then a request that uses them is refused rather than silently executed without its condition.
Status CheckNoConditions(const WriteConditions& w) {
  if (w.condition_expression || !w.expected.empty()) {
    return Status::Validation(std::string(kNotImplementedPrefix) +
                              "conditions yet (ConditionExpression, Expected)");
  }
  return Status::OK();
}

Status CheckReturnValuesAllOldOrNone(ReturnValue rv) {
  if (rv != ReturnValue::kNone && rv != ReturnValue::kAllOld) {
    return Status::Validation("ReturnValues can only be ALL_OLD or NONE");
  }
  return Status::OK();
}

std::string ItemKey(const Table& table, const AttributeValue* partition,
                    const AttributeValue* sort) {
  return EncodeItemKey(table.id, *partition, sort);
}

// The attributes named in `names`, with their values in `item` (UPDATED_OLD / UPDATED_NEW).
std::optional<Item> Subset(const Item& item, const AttributeUpdates& names) {
  Item out;
  for (const auto& [name, update] : names) {
    auto it = item.find(name);
    if (it != item.end()) out.emplace(name, it->second);
  }
  if (out.empty()) return std::nullopt;
  return out;
}

}  // namespace

Result<PutItemResponse> EngineDatabase::PutItem(const CallOptions& call, const PutItemRequest& r) {
  STATOR_RETURN_IF_ERROR(CheckReturnValuesAllOldOrNone(r.return_values));
  STATOR_RETURN_IF_ERROR(CheckNoConditions(r));
  std::optional<Item> normalized;
  STATOR_RETURN_IF_ERROR(ValidateItem(r.item, &normalized));
  const Item& item = normalized ? *normalized : r.item;
  auto table = ActiveTable(call, r.table_name);
  if (!table.ok()) return table.status();
  const AttributeValue *partition, *sort;
  STATOR_RETURN_IF_ERROR(CheckItemKey((*table)->key, item, &partition, &sort));
  const int64_t size = ItemSize(item);
  if (size > kMaxItemSizeBytes) return Status::Validation(std::string(kItemTooLarge));
  const std::string key = ItemKey(**table, partition, sort);

  StoredItem old;
  STATOR_RETURN_IF_ERROR(items_.Write(**table, key, [&](const StoredItem&) -> Result<WriteDecision> {
    return WriteDecision{WriteDecision::Kind::kPut, &item, size};
  }, &old, r.return_values == ReturnValue::kAllOld ? ReadMode::kWholeItem : ReadMode::kSizeOnly));
  PutItemResponse response;
  if (r.return_values == ReturnValue::kAllOld && old.exists()) {
    auto decoded = old.Decode();
    if (!decoded.ok()) return decoded.status();
    response.attributes = **decoded;
  }
  response.consumed_capacity = Consumed(r.return_consumed_capacity,
                                        std::string(TableNameOf(r.table_name)),
                                        WriteUnits(std::max(size, old.size())), true);
  return response;
}

Result<GetItemResponse> EngineDatabase::GetItem(const CallOptions& call, const GetItemRequest& r) {
  if (r.projection_expression) {
    return Status::Validation(std::string(kNotImplementedPrefix) +
                              "expressions yet (ProjectionExpression)");
  }
  Item key = r.key;
  STATOR_RETURN_IF_ERROR(NormalizeItem(&key));
  auto table = ActiveTable(call, r.table_name);
  if (!table.ok()) return table.status();
  const AttributeValue *partition, *sort;
  STATOR_RETURN_IF_ERROR(CheckKey((*table)->key, key, &partition, &sort));
  StoredItem stored;
  STATOR_RETURN_IF_ERROR(items_.Read(**table, ItemKey(**table, partition, sort), &stored));
  GetItemResponse response;
  if (stored.exists()) {
    auto item = stored.Take();
    if (!item.ok()) return item.status();
    if (r.attributes_to_get) {
      Item projected;
      for (const auto& name : *r.attributes_to_get) {
        auto it = item->find(name);
        if (it != item->end()) projected.emplace(name, std::move(it->second));
      }
      response.item = std::move(projected);
    } else {
      response.item = std::move(item).value();
    }
  }
  response.consumed_capacity =
      Consumed(r.return_consumed_capacity, std::string(TableNameOf(r.table_name)),
               ReadUnits(stored.size(), r.consistent_read), false);
  return response;
}

Result<DeleteItemResponse> EngineDatabase::DeleteItem(const CallOptions& call,
                                                      const DeleteItemRequest& r) {
  STATOR_RETURN_IF_ERROR(CheckReturnValuesAllOldOrNone(r.return_values));
  STATOR_RETURN_IF_ERROR(CheckNoConditions(r));
  Item key = r.key;
  STATOR_RETURN_IF_ERROR(NormalizeItem(&key));
  auto table = ActiveTable(call, r.table_name);
  if (!table.ok()) return table.status();
  const AttributeValue *partition, *sort;
  STATOR_RETURN_IF_ERROR(CheckKey((*table)->key, key, &partition, &sort));
  StoredItem old;
  STATOR_RETURN_IF_ERROR(items_.Write(
      **table, ItemKey(**table, partition, sort),
      [](const StoredItem&) -> Result<WriteDecision> {
        return WriteDecision{WriteDecision::Kind::kDelete, nullptr, 0};
      },
      &old, r.return_values == ReturnValue::kAllOld ? ReadMode::kWholeItem : ReadMode::kSizeOnly));
  DeleteItemResponse response;
  if (r.return_values == ReturnValue::kAllOld && old.exists()) {
    auto decoded = old.Decode();
    if (!decoded.ok()) return decoded.status();
    response.attributes = **decoded;
  }
  response.consumed_capacity = Consumed(r.return_consumed_capacity,
                                        std::string(TableNameOf(r.table_name)),
                                        WriteUnits(old.size()), true);
  return response;
}

Result<UpdateItemResponse> EngineDatabase::UpdateItem(const CallOptions& call,
                                                      const UpdateItemRequest& r) {
  STATOR_RETURN_IF_ERROR(CheckNoConditions(r));
  if (r.update_expression) {
    return Status::Validation(std::string(kNotImplementedPrefix) +
                              "expressions yet (UpdateExpression)");
  }
  Item key = r.key;
  STATOR_RETURN_IF_ERROR(NormalizeItem(&key));
  auto table = ActiveTable(call, r.table_name);
  if (!table.ok()) return table.status();
  const AttributeValue *partition, *sort;
  STATOR_RETURN_IF_ERROR(CheckKey((*table)->key, key, &partition, &sort));
  AttributeUpdates updates = r.attribute_updates;
  STATOR_RETURN_IF_ERROR(CheckAttributeUpdates((*table)->key, &updates));

  StoredItem old;
  Item new_item;
  bool written = false;
  STATOR_RETURN_IF_ERROR(items_.Write(
      **table, ItemKey(**table, partition, sort),
      [&](const StoredItem& before) -> Result<WriteDecision> {
        if (before.exists()) {
          auto decoded = before.Decode();
          if (!decoded.ok()) return decoded.status();
          new_item = **decoded;
        } else {
          new_item = key;
        }
        STATOR_RETURN_IF_ERROR(ApplyAttributeUpdates(updates, &new_item));
        // As in the service, an update of a missing item creates it, even when every action
        // was a DELETE of something absent (the item then holds just its key).
        const int64_t size = ItemSize(new_item);
        if (size > kMaxItemSizeBytes) {
          return Status::Validation("Item size to update has exceeded the maximum allowed size");
        }
        written = true;
        return WriteDecision{WriteDecision::Kind::kPut, &new_item, size};
      },
      &old));

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
    case ReturnValue::kUpdatedOld: if (old_item) response.attributes = Subset(*old_item, updates); break;
    case ReturnValue::kUpdatedNew: if (written) response.attributes = Subset(new_item, updates); break;
  }
  response.consumed_capacity = Consumed(
      r.return_consumed_capacity, std::string(TableNameOf(r.table_name)),
      WriteUnits(std::max(old.size(), written ? ItemSize(new_item) : 0)), true);
  return response;
}

}  // namespace stator::engine
