// OldItemSource: where a writer may learn an item's current version instead of reading it from
// storage. A write reads the old item for the table's statistics and its capacity (its size) and,
// for a condition, ReturnValues or index maintenance, whole; a source that holds items' current
// versions exactly — the coherent cache, which the change feed keeps in step — spares it that
// read, which under a PutItem load costs the server about as much CPU as the write itself.
//
// Thread safety: Lookup is called concurrently by writers, each holding the looked-up item's
// key lock; it must be thread-safe and must not call back into the Database.
#pragma once

#include <memory>

#include "stator/attribute_value.h"
#include "stator/change_feed.h"

namespace stator {

// What a source knows of an item's current version.
struct KnownItem {
  bool exists = false;
  int64_t size = 0;  // the item's size as the service counts it, when it exists
  // The item itself, when it exists and the source holds it (null: only its size is known).
  std::shared_ptr<const Item> item;
};

class OldItemSource {
 public:
  virtual ~OldItemSource() = default;
  // true: the source holds the item's current version and says what it is (whether it exists,
  // its size and, when it holds it, the item). false: unknown; the writer reads storage. The
  // answer must be exact, or the table's statistics, the write's capacity, its condition and the
  // item it writes go wrong. `key` is the item's primary key (numbers canonical).
  virtual bool Lookup(const TableRef& table, const Item& key, KnownItem* out) = 0;
};

}  // namespace stator
