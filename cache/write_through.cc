#include "cache/write_through.h"

#include <optional>
#include <type_traits>

#include "engine/model/item_validation.h"
#include "engine/model/names.h"

namespace stator::cache {
namespace {

// The table's name as the cache keys it: a request naming the table by ARN reaches the same
// entries as one naming it.
std::string_view NameOf(std::string_view table) { return TableNameOf(table); }

// A write that failed this way may still have been applied (the service failed, or the answer
// was lost on the way back), so what the cache holds of its table can no longer be trusted. An
// error the service answered from its front (a condition, validation, a throttle) applied
// nothing.
bool MayHaveApplied(const Status& s) {
  if (s.code() == ErrorCode::kIOError || s.code() == ErrorCode::kInternalServerError) return true;
  return s.detail() && s.detail()->service_http_status >= 500;
}

}  // namespace

std::vector<std::string> WriteThrough::KeyNames(const CallOptions& c, std::string_view table) {
  const auto id = std::make_pair(c.tenant, std::string(NameOf(table)));
  {
    std::lock_guard lock(mu_);
    if (auto it = keys_.find(id); it != keys_.end()) return it->second;
  }
  auto described = inner().DescribeTable(c, {std::string(table)});
  if (!described.ok()) return {};
  std::vector<std::string> names;
  for (const auto& k : described->table.key_schema) names.push_back(k.attribute_name);
  std::lock_guard lock(mu_);
  keys_[id] = names;
  return names;
}

void WriteThrough::Changed(const CallOptions& c, std::string_view table, const Item& key,
                           const Item* item) {
  std::optional<Item> canonical_key, canonical_item;
  if (!ValidateItem(key, &canonical_key).ok()) return;
  if (item && !ValidateItem(*item, &canonical_item).ok()) return;
  const Item* stored = item ? (canonical_item ? &*canonical_item : item) : nullptr;
  ItemChange change{canonical_key ? &*canonical_key : &key, stored, stored ? ItemSize(*stored) : 0};
  subscriber_->OnItemsChanged(TableRef{c.tenant, NameOf(table), 0}, {&change, 1});
}

void WriteThrough::Put(const CallOptions& c, std::string_view table, const Item& item) {
  const std::vector<std::string> names = KeyNames(c, table);
  if (names.empty()) return Forget(c, table);
  Item key;
  for (const auto& name : names) {
    auto it = item.find(name);
    if (it == item.end()) return Forget(c, table);
    key.emplace(name, it->second);
  }
  Changed(c, table, key, &item);
}

void WriteThrough::ForgetIfUnknown(const CallOptions& c, std::string_view table,
                                   const Status& failure) {
  if (MayHaveApplied(failure)) Forget(c, table);
}

void WriteThrough::Forget(const CallOptions& c, std::string_view table) {
  {
    std::lock_guard lock(mu_);
    keys_.erase(std::make_pair(c.tenant, std::string(NameOf(table))));
  }
  subscriber_->OnTableChanged(TableRef{c.tenant, NameOf(table), 0});
}

Result<TableResponse> WriteThrough::UpdateTable(const CallOptions& c, const UpdateTableRequest& r) {
  auto out = inner().UpdateTable(c, r);
  if (out.ok()) Forget(c, r.table_name);
  return out;
}

Result<TableResponse> WriteThrough::DeleteTable(const CallOptions& c, const DeleteTableRequest& r) {
  auto out = inner().DeleteTable(c, r);
  if (out.ok()) Forget(c, r.table_name);
  return out;
}

Result<TableResponse> WriteThrough::RestoreTableFromBackup(const CallOptions& c,
                                                           const RestoreTableFromBackupRequest& r) {
  auto out = inner().RestoreTableFromBackup(c, r);
  if (out.ok()) Forget(c, r.target_table_name);
  return out;
}

Result<TableResponse> WriteThrough::RestoreTableToPointInTime(
    const CallOptions& c, const RestoreTableToPointInTimeRequest& r) {
  auto out = inner().RestoreTableToPointInTime(c, r);
  if (out.ok()) Forget(c, r.target_table_name);
  return out;
}

Result<PutItemResponse> WriteThrough::PutItem(const CallOptions& c, const PutItemRequest& r) {
  auto out = inner().PutItem(c, r);
  if (out.ok()) Put(c, r.table_name, r.item);
  if (!out.ok()) ForgetIfUnknown(c, r.table_name, out.status());
  return out;
}

Result<DeleteItemResponse> WriteThrough::DeleteItem(const CallOptions& c,
                                                    const DeleteItemRequest& r) {
  auto out = inner().DeleteItem(c, r);
  if (out.ok()) Changed(c, r.table_name, r.key, nullptr);
  if (!out.ok()) ForgetIfUnknown(c, r.table_name, out.status());
  return out;
}

Result<UpdateItemResponse> WriteThrough::UpdateItem(const CallOptions& c,
                                                    const UpdateItemRequest& r) {
  const bool wants_none = r.return_values == ReturnValue::kNone;
  if (!wants_none && r.return_values != ReturnValue::kAllNew) {
    auto out = inner().UpdateItem(c, r);
    if (out.ok() || MayHaveApplied(out.status())) Forget(c, r.table_name);
    return out;
  }
  // The new item comes back with ALL_NEW, which costs no more capacity than NONE.
  UpdateItemRequest all_new = r;
  all_new.return_values = ReturnValue::kAllNew;
  auto out = inner().UpdateItem(c, all_new);
  if (!out.ok()) {
    ForgetIfUnknown(c, r.table_name, out.status());
    return out;
  }
  if (out->attributes) Changed(c, r.table_name, r.key, &*out->attributes);
  if (wants_none) out->attributes.reset();
  return out;
}

Result<BatchWriteItemResponse> WriteThrough::BatchWriteItem(const CallOptions& c,
                                                            const BatchWriteItemRequest& r) {
  auto out = inner().BatchWriteItem(c, r);
  if (!out.ok()) {
    for (const auto& [table, requests] : r.request_items) ForgetIfUnknown(c, table, out.status());
    return out;
  }
  for (const auto& [table, requests] : r.request_items) {
    // A request left unprocessed was not written: its table is forgotten rather than told.
    if (out->unprocessed_items.count(table)) {
      Forget(c, table);
      continue;
    }
    for (const WriteRequest& w : requests) {
      if (w.put_item) Put(c, table, *w.put_item);
      if (w.delete_key) Changed(c, table, *w.delete_key, nullptr);
    }
  }
  return out;
}

Result<TransactWriteItemsResponse> WriteThrough::TransactWriteItems(
    const CallOptions& c, const TransactWriteItemsRequest& r) {
  auto out = inner().TransactWriteItems(c, r);
  if (!out.ok()) {
    for (const TransactWriteItem& action : r.transact_items) {
      std::visit([&](const auto& a) { ForgetIfUnknown(c, a.table_name, out.status()); }, action);
    }
    return out;
  }
  for (const TransactWriteItem& action : r.transact_items) {
    std::visit(
        [&](const auto& a) {
          using A = std::decay_t<decltype(a)>;
          if constexpr (std::is_same_v<A, PutItemRequest>) {
            Put(c, a.table_name, a.item);
          } else if constexpr (std::is_same_v<A, DeleteItemRequest>) {
            Changed(c, a.table_name, a.key, nullptr);
          } else if constexpr (std::is_same_v<A, UpdateItemRequest>) {
            Forget(c, a.table_name);
          }
        },
        action);
  }
  return out;
}

}  // namespace stator::cache
