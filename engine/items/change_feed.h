// ChangeFeed: the engine's end of the change feed (stator/change_feed.h): its subscribers, and
// the two moments a committed write tells them of — under the writers' key locks
// (ItemsChanged) and after them (Committed) — plus whole-table changes.
//
// Thread safety: immutable after construction; every method may be called concurrently.
#pragma once

#include <memory>
#include <span>
#include <vector>

#include "engine/tables/table.h"
#include "stator/change_feed.h"

namespace stator::engine {

// One item change of a write, kept until the write is published. `new_item` is owned by the
// writer and alive until the write returns.
struct ChangeRecord {
  const Table* table;
  Item key;
  const Item* new_item;  // null: deleted
  int64_t new_size;
};

class ChangeFeed {
 public:
  explicit ChangeFeed(std::vector<std::shared_ptr<ChangeSubscriber>> subscribers)
      : subscribers_(std::move(subscribers)) {}

  // No subscriber: writers need not keep ChangeRecords.
  bool empty() const { return subscribers_.empty(); }

  // A write's changes, in commit order, told while the writer holds their key locks: one call
  // per subscriber per run of changes to the same table (a transaction may span tables).
  void ItemsChanged(std::span<const ChangeRecord> changes) const;
  // The same write after its locks were released: once per subscriber per table it changed.
  void Committed(std::span<const ChangeRecord> changes) const;
  // The table was deleted or its indexes changed.
  void TableChanged(const Table& table) const;

 private:
  static TableRef RefOf(const Table& table) { return {table.tenant, table.name, table.id}; }

  const std::vector<std::shared_ptr<ChangeSubscriber>> subscribers_;
};

}  // namespace stator::engine
