// ChangeListener: the engine's change feed. Whatever must follow the data exactly — the coherent
// cache now, streams' consumers later — listens here rather than wrapping each write operation,
// so every write path (single items, batches, transactions, and later TTL deletions and
// restores) reaches it through the one place items are committed.
//
// Timing: OnItemsChanged is called after the changes are durable in storage and before the
// write that made them is acknowledged, with the written items' key locks still held. So the
// calls for one item arrive in commit order, and once a write has returned, the listener has
// seen it. OnTableChanged is called when a table's data or shape changes wholesale (deleted;
// indexes added or removed), before the call that did it returns.
//
// LookupItem lets a listener that holds items' current versions (the coherent cache) spare a
// writer its read of the old item from storage: see below.
//
// Thread safety: called concurrently from every writing thread; implementations must be
// thread-safe and must not call back into the Database (the caller holds locks).
#pragma once

#include <memory>
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
};

// What a listener knows of an item's current version (LookupItem).
struct KnownItem {
  bool exists = false;
  int64_t size = 0;  // the item's size as the service counts it, when it exists
  // The item itself, when it exists and the listener holds it (null: only its size is known).
  std::shared_ptr<const Item> item;
};

class ChangeListener {
 public:
  virtual ~ChangeListener() = default;
  // Changes committed together in one table, in one atomic write.
  virtual void OnItemsChanged(const TableRef& table, std::span<const ItemChange> changes) = 0;
  // The table was deleted, or its indexes changed.
  virtual void OnTableChanged(const TableRef& table) = 0;
  // Asked by a writer that holds the item's key lock, before it reads the item's old version
  // from storage. A listener that holds the item's current version answers (true): whether it
  // exists, its size and, when it holds it, the item; the writer then skips the read when that
  // is all it needs. false: unknown. The answer must be exact, or the table's statistics, the
  // write's capacity, its condition and the item it writes go wrong. `key` as in ItemChange.
  virtual bool LookupItem(const TableRef& /*table*/, const Item& /*key*/, KnownItem* /*out*/) {
    return false;
  }
};

}  // namespace stator
