// WriteThrough: the change feed of a Database that has none of its own (the remote Database),
// for the DAX-mode cache in front of it. After each write through it is acknowledged, it tells
// its subscriber (the Cache) the items the write set, as DAX's write-through does: a put's item,
// an update's new item (asked for with ReturnValues ALL_NEW when the caller wanted none or that),
// a deletion; a write whose result it cannot know (an update asking for other ReturnValues, a
// transaction's update) forgets the table's entries instead, and so does a write that failed in a
// way that leaves unknown whether it applied (an unreachable service, a 5xx answer). Deleting or
// updating a table through it forgets the table too, and so does restoring one (from a backup or
// to a point in time): the restored table's name may hold entries of an earlier table of that
// name, deleted by another client.
//
// Unlike the engine's feed, it sees only the writes made through this Database, and tells them
// after the service acknowledged them, outside any lock: writes by other clients reach the cache
// only when its entries expire (DAX's item and query TTLs), which is why a cache in front of a
// remote Database runs in DAX mode only.
//
// Thread safety: as Database; the subscriber must be safe for concurrent calls.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "stator/change_feed.h"
#include "stator/forwarding_database.h"

namespace stator::cache {

class WriteThrough final : public ForwardingDatabase {
 public:
  WriteThrough(std::unique_ptr<Database> inner, std::shared_ptr<ChangeSubscriber> subscriber)
      : ForwardingDatabase(std::move(inner)), subscriber_(std::move(subscriber)) {}

  Result<TableResponse> UpdateTable(const CallOptions& c, const UpdateTableRequest& r) override;
  Result<TableResponse> DeleteTable(const CallOptions& c, const DeleteTableRequest& r) override;
  Result<TableResponse> RestoreTableFromBackup(const CallOptions& c,
                                               const RestoreTableFromBackupRequest& r) override;
  Result<TableResponse> RestoreTableToPointInTime(
      const CallOptions& c, const RestoreTableToPointInTimeRequest& r) override;
  Result<PutItemResponse> PutItem(const CallOptions& c, const PutItemRequest& r) override;
  Result<DeleteItemResponse> DeleteItem(const CallOptions& c, const DeleteItemRequest& r) override;
  Result<UpdateItemResponse> UpdateItem(const CallOptions& c, const UpdateItemRequest& r) override;
  Result<BatchWriteItemResponse> BatchWriteItem(const CallOptions& c,
                                                const BatchWriteItemRequest& r) override;
  Result<TransactWriteItemsResponse> TransactWriteItems(
      const CallOptions& c, const TransactWriteItemsRequest& r) override;

 private:
  // The names of the table's key attributes (learnt with DescribeTable, then remembered); empty
  // when the table cannot be described.
  std::vector<std::string> KeyNames(const CallOptions& c, std::string_view table);
  // Tells the subscriber that `item` (null: deleted) is now stored under `key` in `table`.
  void Changed(const CallOptions& c, std::string_view table, const Item& key, const Item* item);
  // Tells the subscriber the item `item` was written whole (a put): its key from the schema.
  void Put(const CallOptions& c, std::string_view table, const Item& item);
  void Forget(const CallOptions& c, std::string_view table);
  // Forgets the table after a write that failed in a way that may still have applied it.
  void ForgetIfUnknown(const CallOptions& c, std::string_view table, const Status& failure);

  std::shared_ptr<ChangeSubscriber> subscriber_;
  std::mutex mu_;
  // Key attribute names by (tenant, table).
  std::map<std::pair<std::string, std::string>, std::vector<std::string>> keys_;  // GUARDED_BY(mu_)
};

}  // namespace stator::cache
