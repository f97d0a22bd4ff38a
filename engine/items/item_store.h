// ItemStore: reads and writes the item records of tables. It is the one write pipeline: every
// item write (PutItem, UpdateItem, DeleteItem, batches, transactions; later TTL deletes,
// restores) passes its three parts:
//   - AddMutation puts the item record, its index entries, the statistics and the records of the
//     table's in-batch write hooks (write_hook.h: stream records, PITR history) in one WriteBatch;
//   - Commit writes the batch and tells the change feed (change_feed.h) under the key locks;
//   - Published tells the feed again once the locks are released.
// The old item comes from the old-item source (stator/old_item_source.h) when it knows it, else
// from storage. Write does all of it for one item.
//
// Stored value layout: varint(item size as the service counts it) + item_codec bytes, so that a
// write learns the old item's existence and size without copying or decoding it.
//
// Thread safety: safe for concurrent use.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "engine/indexes/index_collection.h"
#include "engine/items/key_locks.h"
#include "engine/storage/storage.h"
#include "engine/tables/table.h"
#include "stator/attribute_value.h"
#include "stator/flat_item.h"
#include "engine/items/change_feed.h"
#include "engine/items/write_hook.h"
#include "stator/old_item_source.h"
#include "stator/status.h"

namespace stator::engine {

// How much of the old item a reader needs.
enum class ReadMode : unsigned char {
  kWholeItem,  // the item itself (decoded straight from RocksDB's pinned buffer)
  kSizeOnly,   // only whether it exists and its size: nothing is copied or decoded
  kRecord,     // whether it exists, its size and its stored record, copied but not decoded:
               // what a write hook that keeps the old item needs (WriteHook::NeedsOldRecord)
};

// An item as read from storage.
class StoredItem {
 public:
  bool exists() const { return exists_; }
  int64_t size() const { return size_; }
  // The item, when it exists and was read with ReadMode::kWholeItem; otherwise an IOError
  // (reported as an internal error: asking for what was not read is a bug in the caller).
  Result<const Item*> Decode() const;
  // Hands the item over; the StoredItem is spent.
  Result<Item> Take();

 private:
  friend class ItemStore;
  // The item when it was read whole, from storage or from the old-item source.
  const Item* item() const { return item_ ? &*item_ : shared_.get(); }

  bool exists_ = false;
  int64_t size_ = 0;
  std::string record_;                 // read with kRecord from storage, the item existing
  std::optional<Item> item_;           // read with kWholeItem from storage, the item existing
  std::shared_ptr<const Item> shared_;  // read with kWholeItem from the old-item source
};

// What a writer decided: keep the item as it is, replace it, or delete it.
struct WriteDecision {
  enum class Kind { kNone, kPut, kDelete } kind = Kind::kNone;
  const Item* item = nullptr;  // for kPut; owned by the caller, alive until Write returns
  int64_t item_size = 0;       // for kPut, ItemSize(*item)
};

using Decider = std::function<Result<WriteDecision>(const StoredItem& old)>;

// The mutations of one atomic write, and the item changes it publishes once committed (kept only
// when the change feed has subscribers). `cause` is told to the write hooks.
class ItemBatch {
 public:
  explicit ItemBatch(const Storage& storage, WriteCause cause = WriteCause::kClient)
      : rocks_(storage), cause_(cause) {}
  // Settles the hooks' tickets of a batch that was never committed.
  ~ItemBatch() { SettleHooks(); }
  ItemBatch(const ItemBatch&) = delete;
  ItemBatch& operator=(const ItemBatch&) = delete;
  size_t count() const { return rocks_.count(); }
  // A record that must commit exactly when the items do (a transaction's token).
  void PutAlongside(Space space, std::string_view key, std::string_view value) {
    rocks_.Put(space, key, value);
  }

 private:
  friend class ItemStore;
  void SettleHooks();

  WriteBatch rocks_;
  WriteCause cause_;
  std::vector<ChangeRecord> changes_;
  // Tickets of the write hooks (WriteHook::AddRecords), settled once the batch is written or
  // dropped. The hook is held so a hook removed meanwhile still hears of its tickets.
  std::vector<std::pair<std::shared_ptr<const WriteHook>, uint64_t>> tickets_;
};

class ItemStore {
 public:
  // `subscribers` are told of every committed change; `source` (may be null) is asked for old
  // items before storage is.
  ItemStore(Storage& storage, std::vector<std::shared_ptr<ChangeSubscriber>> subscribers,
            std::shared_ptr<OldItemSource> source)
      : storage_(storage), feed_(std::move(subscribers)), source_(std::move(source)) {}

  // Reads the item at an encoded key.
  Status Read(const Table& table, const std::string& key, StoredItem* out,
              ReadMode mode = ReadMode::kWholeItem) const;

  // Reads the item at an encoded key in its flat form: *item is left empty when there is none;
  // *size is its stored size (zero when there is none).
  Status ReadFlat(const Table& table, const std::string& key, std::optional<FlatItem>* item,
                  int64_t* size) const;

  // Reads the whole item at an encoded key as it was at the iterator's snapshot (the iterator
  // must have one: Storage::NewRangeIterator).
  Status ReadAt(const RangeIterator& at, const Table& table, std::string_view key,
                StoredItem* out) const;

  // Locks the key, reads the old item into *old (as much as `mode` asks), asks decide, and
  // commits its decision. Errors: ResourceNotFoundException if the table was deleted meanwhile;
  // decide's error.
  // On a table with LSIs, a write that would grow its item collection past the limit is refused
  // (ItemCollectionSizeLimitExceededException, index_collection.h). `effect` (may be null)
  // reports what the write did to the indexes and the item collection. `cause` is told to the
  // write hooks (a TTL deletion is the service's).
  Status Write(const Table& table, const std::string& key, const Decider& decide, StoredItem* old,
               ReadMode mode = ReadMode::kWholeItem, WriteEffect* effect = nullptr,
               WriteCause cause = WriteCause::kClient);

  // Adds one item's mutation to a batch: the item record, the table's statistics, its index
  // entries and its write hooks' records. This is the single place every item write passes
  // through (single writes, batches, transactions). The caller holds the table's write_gate
  // (shared) and the key's lock (locks()), has read `old` under it with ModeFor(), and has
  // checked a put item with CheckIndexKeys (index_codec.h). Index entries (index_codec.h) are
  // replaced in the same batch, and on tables with LSIs the item collection's size counter
  // (index_collection.h) moved. `effect` (may be null) reports what the mutation did to the
  // indexes and the collection; a caller writing to a table with LSIs checks the collection
  // limit (CheckCollectionLimits) with it before committing.
  void AddMutation(ItemBatch& batch, const Table& table, const std::string& key,
                   const StoredItem& old, const WriteDecision& decision,
                   WriteEffect* effect = nullptr) const;

  // Writes the batch atomically, then tells the change feed (ItemsChanged) while the caller still
  // holds the keys' locks, so subscribers see one item's changes in commit order.
  Status Commit(ItemBatch& batch);
  // Tells the change feed that the committed batch's locks were released (Committed). The
  // caller calls it after releasing them and before acknowledging the write.
  void Published(const ItemBatch& batch) const { feed_.Committed(batch.changes_); }

  // The read mode a writer must use for the old item: the whole item when the table has
  // indexes (AddMutation replaces the old item's index entries) or a hook that needs it. Call
  // under the write gate.
  ReadMode ModeFor(const Table& table, ReadMode wanted) const;

  // Registers an in-batch write hook on the table, for every item write from now on; removes
  // it again. Take the table's write gate exclusively (a write in flight finishes first).
  void AddHook(Table& table, std::shared_ptr<const WriteHook> hook);
  void RemoveHook(Table& table, const WriteHook* hook);

  const ChangeFeed& feed() const { return feed_; }

  // The per-key locks, for writers that lock several keys (always in ascending stripe order).
  KeyLocks& locks() { return locks_; }
  Storage& storage() { return storage_; }

 private:
  static bool DecodeRecord(std::string_view value, ReadMode mode, StoredItem* out);
  // Asks the old-item source for the old item, as much of it as `mode` needs; false when it does
  // not know that much. The caller holds the key's lock.
  bool LookupOld(const Table& table, const std::string& key, ReadMode mode,
                 StoredItem* out) const;

  Storage& storage_;
  ChangeFeed feed_;
  std::shared_ptr<OldItemSource> source_;
  KeyLocks locks_;
};

}  // namespace stator::engine
