// The snapshot a backup takes: every item record of one table as of one instant, read through a
// RocksDB snapshot (so writes carry on meanwhile and none is seen half-done) and written in key
// order into a sorted file (sorted_files.h). Index entries are not copied: they are derived from
// the items, and a restore rebuilds them for the indexes the restored table has, which its
// overrides may change.
//
// Thread safety: safe to call concurrently for distinct files.
#pragma once

#include <cstdint>
#include <string>

#include "engine/storage/storage.h"
#include "stator/status.h"

namespace stator::engine {

struct SnapshotFigures {
  int64_t item_count = 0;
  int64_t size_bytes = 0;  // the items' sizes as DynamoDB counts them
  bool has_file = false;   // false when the table held no item: no file is written
};

// Writes the items of table `table_id` to the sorted file at `path`, and syncs it. Errors:
// IOError.
Result<SnapshotFigures> WriteTableSnapshot(const Storage& storage, uint32_t table_id,
                                           const std::string& path);

}  // namespace stator::engine
