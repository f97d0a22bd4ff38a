// The table as it was at one instant, rebuilt from the table now and its PITR history
// (pitr_history.h) and written as a sorted file of item records, exactly as a backup's file is
// (engine/backups/table_snapshot.h), so a point-in-time restore is a restore of that file.
//
// An item changed after T is put back as its first change after T found it (that change's
// before-image: absent when the item did not exist); every other item is as it is now. The
// table and its history are read at one instant: both iterators are opened while the table's
// write gate is held exclusively, which no item write holds across, so no change commits
// between the two openings (a change and its history record commit in one batch).
//
// Memory: the before-images of the items changed after T are held, in key order, while the file
// is written.
//
// Thread safety: safe to call concurrently with writes to the table.
#pragma once

#include <cstdint>
#include <string>

#include "engine/backups/table_snapshot.h"
#include "engine/storage/storage.h"
#include "engine/tables/table.h"

namespace stator::engine {

// Writes the items of `table` as they were at `at_micros` (every change stamped later undone)
// into the sorted file at `path`, and syncs it. Errors: IOError.
Result<SnapshotFigures> WritePointInTimeImage(const Storage& storage, const Table& table,
                                              uint32_t history_id, int64_t at_micros,
                                              const std::string& path);

}  // namespace stator::engine
