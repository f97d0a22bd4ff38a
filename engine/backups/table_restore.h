// Restoring a backup into a table: the work of RestoreTableFromBackup after the table was created
// CREATING (backup_operations.cc), run as a task on the database's background Scheduler.
//
// The items of the backup's file are rewritten under the new table's id into sorted files, a
// chunk per scheduler step (so the scheduler's other tasks get their turns meanwhile), the
// entries of each of the new table's indexes are derived from them (as index_backfill.cc derives
// them) into one sorted file per index, and all the files are ingested at once (one RocksDB
// ingestion: all or none, their key ranges being disjoint table-id prefixes). Then one batch adds
// the statistics (items, indexes, item collections) and flips the table ACTIVE, clearing
// RestoreInProgress. Until that batch the table is CREATING, which keeps item operations and
// DeleteTable off it; so a crash anywhere before it leaves a CREATING table with its restore in
// progress, which the database restarts when it opens (RestoreOnOpen): ingesting the same
// records again is harmless, and the statistics are only ever added by the final batch.
//
// Memory: each index's entries are sorted in memory before they are written (a few dozen bytes
// per entry for ALL and KEYS_ONLY projections).
//
// Thread safety: ScheduleRestore may be called from any thread; the task runs on the scheduler.
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "engine/background/scheduler.h"
#include "engine/backups/backup_catalog.h"
#include "engine/storage/storage.h"
#include "engine/tables/catalog.h"
#include "engine/tables/table.h"

namespace stator::engine {

// Test hook: the item bytes one step rewrites into a file of its own, so tests can restore in
// many chunks without many megabytes. Default: 32 MB (consecutive chunks hold consecutive keys,
// so their files do not overlap and are ingested together).
struct RestoreHooks {
  static inline std::atomic<size_t> chunk_bytes{size_t{32} << 20};
};

// Fills `table` (created CREATING with its restore in progress) from the backup and makes it
// ACTIVE. Errors: IOError.
Status RestoreTableData(Storage& storage, Catalog& catalog, const BackupRecord& backup,
                        const std::shared_ptr<Table>& table);

// Runs RestoreTableData on the scheduler. The backup is held in use (BackupCatalog) from now until
// the task ends. A task that fails leaves the table CREATING, to be retried at the next open.
Status ScheduleRestore(Scheduler& scheduler, Storage& storage, Catalog& catalog,
                       BackupCatalog& backups, const BackupRecord& backup,
                       const std::shared_ptr<Table>& table);

// The name of the task restoring into table `table_id`.
std::string RestoreTaskName(uint32_t table_id);

}  // namespace stator::engine
