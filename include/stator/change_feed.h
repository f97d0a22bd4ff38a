// The change feed: what the engine tells its subscribers after each write commits. Whatever
// must follow the data — the coherent cache now; stream consumers' wake-ups and metrics later —
// subscribes here rather than wrapping each write operation, so every write path (single items,
// batches, transactions, and later TTL deletions and restores) reaches it through the one place
// items are committed (engine/items/item_store.h).
//
// Timing, for one write:
//   1. its WriteBatch commits (durable in storage);
//   2. OnItemsChanged, with the written items' key locks still held: the calls for one item
//      arrive in commit order, so a subscriber that mirrors items (the cache) stays exact;
//   3. the key locks are released;
//   4. OnCommitted, once per table the write changed, outside the writers' locks: for work that
//      may wait (waking a stream consumer, counting);
//   5. the write is acknowledged. Once it has returned, every subscriber has seen it.
// OnTableChanged is called when a table's data or shape changes wholesale (deleted; indexes
// added or removed), before the call that did it returns.
//
// Thread safety: called concurrently from every writing thread; implementations must be
// thread-safe. OnItemsChanged runs under the writers' locks: it must be quick and must not call
// back into the Database. Nor may the others call a write of the same Database.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "stator/attribute_value.h"

namespace stator {

// A table as the change feed names it. `id` is unique for the life of the database and never
// reused, so a table deleted and created again under the same name gets a new id.
struct TableRef {
  std::string_view tenant;  // CallOptions::tenant of the calls that reach the table
  std::string_view name;
  uint32_t id = 0;
};

// One committed change to one item.
struct ItemChange {
  const Item* key = nullptr;       // the item's primary-key attributes (numbers canonical)
  const Item* new_item = nullptr;  // the item as now stored; null when it was deleted
  int64_t new_size = 0;            // new_item's size as the service counts it (0: deleted)
};

class ChangeSubscriber {
 public:
  virtual ~ChangeSubscriber() = default;
  // Changes committed together in one table, in one atomic write (step 2 above).
  virtual void OnItemsChanged(const TableRef& /*table*/, std::span<const ItemChange> /*changes*/) {}
  // A write changed the table's items and released its locks (step 4 above).
  virtual void OnCommitted(const TableRef& /*table*/) {}
  // The table was deleted, or its indexes changed.
  virtual void OnTableChanged(const TableRef& /*table*/) {}
};

}  // namespace stator
