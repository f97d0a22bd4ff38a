// ItemStore: reads and writes the item records of tables. It is the one write path: every item
// write (PutItem, UpdateItem, DeleteItem; later batches, transactions, TTL deletes, restores)
// goes through Write, which locks the key, reads the old item, lets the caller decide the new
// one, and commits item and statistics in one WriteBatch. Later features (index entries, stream
// records, PITR history, cache invalidation) hook in here.
//
// Stored value layout: varint(item size as the service counts it) + item_codec bytes, so that a
// write learns the old item's existence and size without decoding it.
//
// Thread safety: safe for concurrent use.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "engine/key_locks.h"
#include "engine/storage.h"
#include "engine/table.h"
#include "stator/attribute_value.h"
#include "stator/status.h"

namespace stator::engine {

// An item as read from storage; decoded on demand.
class StoredItem {
 public:
  bool exists() const { return exists_; }
  int64_t size() const { return size_; }
  // Decodes the item (once). Errors: IOError on corrupt bytes.
  Result<const Item*> Decode() const;
  // Decodes the item and hands it over; the StoredItem is spent.
  Result<Item> Take();

 private:
  friend class ItemStore;
  bool exists_ = false;
  int64_t size_ = 0;
  std::string bytes_;
  mutable std::optional<Item> item_;
};

// What a writer decided: keep the item as it is, replace it, or delete it.
struct WriteDecision {
  enum class Kind { kNone, kPut, kDelete } kind = Kind::kNone;
  const Item* item = nullptr;  // for kPut; owned by the caller, alive until Write returns
  int64_t item_size = 0;       // for kPut, ItemSize(*item)
};

using Decider = std::function<Result<WriteDecision>(const StoredItem& old)>;

class ItemStore {
 public:
  explicit ItemStore(Storage& storage) : storage_(storage) {}

  // Reads the item at an encoded key.
  Status Read(const Table& table, const std::string& key, StoredItem* out) const;

  // Locks the key, reads the old item into *old, asks decide, and commits its decision.
  // Errors: ResourceNotFoundException if the table was deleted meanwhile; decide's error.
  Status Write(const Table& table, const std::string& key, const Decider& decide,
               StoredItem* old);

 private:
  Storage& storage_;
  KeyLocks locks_;
};

}  // namespace stator::engine
