// ItemStore: reads and writes the item records of tables. It is the one write path: every item
// write (PutItem, UpdateItem, DeleteItem, batches, transactions; later TTL deletes, restores)
// adds its mutation with AddMutation and commits with Commit: item, index entries and
// statistics in one WriteBatch, then the change feed (stator/change_listener.h) told before the
// write is acknowledged. Write does all of it for one item. Later features (stream records, PITR
// history) hook in here.
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
#include "stator/change_listener.h"
#include "stator/status.h"

namespace stator::engine {

// How much of the old item a reader needs.
enum class ReadMode : unsigned char {
  kWholeItem,  // the item itself (decoded straight from RocksDB's pinned buffer)
  kSizeOnly,   // only whether it exists and its size: nothing is copied or decoded
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
  // The item when it was read whole, from storage or from the change listener.
  const Item* item() const { return item_ ? &*item_ : shared_.get(); }

  bool exists_ = false;
  int64_t size_ = 0;
  std::optional<Item> item_;           // read with kWholeItem from storage, the item existing
  std::shared_ptr<const Item> shared_;  // read with kWholeItem from the change listener
};

// What a writer decided: keep the item as it is, replace it, or delete it.
struct WriteDecision {
  enum class Kind { kNone, kPut, kDelete } kind = Kind::kNone;
  const Item* item = nullptr;  // for kPut; owned by the caller, alive until Write returns
  int64_t item_size = 0;       // for kPut, ItemSize(*item)
};

using Decider = std::function<Result<WriteDecision>(const StoredItem& old)>;

// The mutations of one atomic write, and the item changes it publishes once committed (kept only
// when a change listener is installed).
class ItemBatch {
 public:
  explicit ItemBatch(const Storage& storage) : rocks_(storage) {}
  size_t count() const { return rocks_.count(); }

 private:
  friend class ItemStore;
  struct Change {
    const Table* table;
    Item key;
    const Item* new_item;  // owned by the writer, alive until Commit returns; null: deleted
  };
  WriteBatch rocks_;
  std::vector<Change> changes_;
};

class ItemStore {
 public:
  // `listener` (may be null) is told of every committed change.
  ItemStore(Storage& storage, std::shared_ptr<ChangeListener> listener)
      : storage_(storage), listener_(std::move(listener)) {}

  // Reads the item at an encoded key.
  Status Read(const Table& table, const std::string& key, StoredItem* out,
              ReadMode mode = ReadMode::kWholeItem) const;

  // Reads the whole item at an encoded key as it was at the iterator's snapshot (the iterator
  // must have one: Storage::NewRangeIterator).
  Status ReadAt(const RangeIterator& at, const Table& table, std::string_view key,
                StoredItem* out) const;

  // Locks the key, reads the old item into *old (as much as `mode` asks), asks decide, and
  // commits its decision. Errors: ResourceNotFoundException if the table was deleted meanwhile;
  // decide's error.
  // On a table with LSIs, a write that would grow its item collection past the limit is refused
  // (ItemCollectionSizeLimitExceededException, index_collection.h). `effect` (may be null)
  // reports what the write did to the indexes and the item collection.
  Status Write(const Table& table, const std::string& key, const Decider& decide,
               StoredItem* old, ReadMode mode = ReadMode::kWholeItem,
               WriteEffect* effect = nullptr);

  // Adds one item's mutation to a batch: the item record and the table's statistics. This is the
  // single place every item write passes through (single writes, batches, transactions); index
  // entries and stream records belong here too. The caller holds the table's write_gate
  // (shared) and the key's lock (locks()), has read `old` under it with ModeFor(), and has
  // checked a put item with CheckIndexKeys (index_codec.h). Index entries (index_codec.h) are
  // replaced in the same batch, and on tables with LSIs the item collection's size counter
  // (index_collection.h) moved. `effect` (may be null) reports what the mutation did to the
  // indexes and the collection; a caller writing to a table with LSIs checks the collection
  // limit (CheckCollectionLimits) with it before committing.
  void AddMutation(ItemBatch& batch, const Table& table, const std::string& key,
                   const StoredItem& old, const WriteDecision& decision,
                   WriteEffect* effect = nullptr) const;

  // Writes the batch atomically, then tells the change listener, while the caller still holds
  // the keys' locks (so the listener sees one item's changes in commit order).
  Status Commit(ItemBatch& batch);

  // The read mode a writer must use for the old item: the whole item when the table has
  // indexes (AddMutation replaces the old item's index entries). Call under the write gate.
  ReadMode ModeFor(const Table& table, ReadMode wanted) const;

  // The per-key locks, for writers that lock several keys (always in ascending stripe order).
  KeyLocks& locks() { return locks_; }
  Storage& storage() { return storage_; }

 private:
  static bool DecodeRecord(std::string_view value, ReadMode mode, StoredItem* out);
  // Asks the change listener for the old item (ChangeListener::LookupItem), as much of it as
  // `mode` needs; false when it does not know that much. The caller holds the key's lock.
  bool LookupOld(const Table& table, const std::string& key, ReadMode mode,
                 StoredItem* out) const;

  Storage& storage_;
  std::shared_ptr<ChangeListener> listener_;
  KeyLocks locks_;
};

}  // namespace stator::engine
