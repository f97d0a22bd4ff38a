// WriteHook: an in-batch write hook. Hooks registered on a table see every change to its items —
// from single writes, batches and transactions, and later TTL deletions and restores — with the
// old and new item at hand, and add their own records to the same WriteBatch, so those records
// commit atomically with the change or not at all. Stream records and PITR history are hooks.
// (Index entries and statistics are written by ItemStore::AddMutation itself: they shape the
// write's capacity and limits.)
//
// Thread safety: AddRecords is called concurrently by writers of different items (each holding
// its item's key lock and the table's write gate shared); implementations must be thread-safe.
#pragma once

#include <cstdint>
#include <string_view>

#include "engine/storage/storage.h"
#include "stator/attribute_value.h"

namespace stator::engine {

struct Table;

// Who asked for a write: a client's request, or the service itself (TTL deletions), which
// streams report with the service's userIdentity.
enum class WriteCause : unsigned char { kClient, kService };

// One change to one item, as hooks see it.
struct ItemMutation {
  const Table& table;
  std::string_view key;  // the item's encoded key (engine/storage/key_codec.h)
  bool old_exists = false;
  int64_t old_size = 0;
  const Item* old_item = nullptr;  // the old item when it exists and was read whole (always, for
                                   // a table with a hook that NeedsOldItem)
  const Item* new_item = nullptr;  // null: the item is deleted
  int64_t new_size = 0;
  WriteCause cause = WriteCause::kClient;
  // The new item as item_codec.h encodes it (empty when deleted): a hook that stores the item
  // copies these bytes rather than encoding it again.
  std::string_view new_encoded;
  // The old item's stored record (item_store.h: varint size + item_codec bytes) when it was
  // read as such (for a hook that NeedsOldRecord, when nothing needed the item decoded); empty
  // otherwise, old_item then being set whenever the old item exists.
  std::string_view old_record;
};

class WriteHook {
 public:
  virtual ~WriteHook() = default;
  // Whether AddRecords needs the old item whole (a stream with old images does); writers of the
  // table then read it, where otherwise they might read its size only.
  virtual bool NeedsOldItem() const { return false; }
  // Whether AddRecords needs the old item's content in some form: its stored record, or, when a
  // writer read it decoded anyway (or the cache had it), the item. Cheaper than NeedsOldItem
  // when the hook only copies the old item (PITR history): no decoding.
  virtual bool NeedsOldRecord() const { return false; }
  // Adds the hook's records for `m` to `batch`, the write's one WriteBatch. Returns a non-zero
  // ticket when the hook must learn that the batch has settled (a stream shows its records only
  // once every earlier one has committed), 0 otherwise.
  virtual uint64_t AddRecords(const ItemMutation& m, WriteBatch& batch) const = 0;
  // Called once for each ticket, after the batch was written or once it will never be (the
  // write failed or was abandoned), without the item's key lock necessarily held.
  virtual void Settle(uint64_t /*ticket*/) const {}
};

}  // namespace stator::engine
