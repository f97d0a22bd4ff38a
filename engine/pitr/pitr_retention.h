// PitrRetention: the background task (engine/background/) that drops point-in-time history
// older than each table's recovery period, and the system backups of deleted tables once their
// 35 days are over (as the service keeps them): for a table with PITR enabled, every history record
// stamped before now − RecoveryPeriodInDays goes in one DeleteRange (history is in time order,
// pitr_history.h), so PITR's disk cost is bounded by the period's writes. A restore never reads
// such records: it only undoes changes after its restore time, which is never older than the
// period.
//
// It runs every Options::pitr_retention_interval_ms on the database's clock, so a test that
// moves the clock sees the old history dropped without waiting.
//
// Thread safety: its steps run on the scheduler, one at a time.
#pragma once

#include <cstdint>
#include <string_view>

#include "engine/background/scheduler.h"
#include "engine/backups/backup_catalog.h"
#include "engine/storage/storage.h"
#include "engine/tables/catalog.h"

namespace stator::engine {

inline constexpr std::string_view kPitrRetentionTask = "pitr-retention";

// The earliest time a restore of a table with these settings may ask for, at `now_micros`.
int64_t EarliestRestorableMicros(const PitrSettings& pitr, int64_t now_micros);

// Drops the history of every PITR table older than its period, at `now_micros`. Errors: IOError.
Status DropExpiredHistory(Storage& storage, const Catalog& catalog, int64_t now_micros);

// Removes the system backups (a deleted table's "<name>$DeletedTableBackup") older than 35 days
// at `now_micros`, unless a restore is reading one. Errors: IOError.
Status DropExpiredSystemBackups(Storage& storage, BackupCatalog& backups, int64_t now_micros);

// Schedules the task, its first run one interval from now. What it is given must outlive the
// scheduler's tasks. Errors: Scheduler::Schedule's.
Status SchedulePitrRetention(Scheduler& scheduler, Storage& storage, const Catalog& catalog,
                             BackupCatalog& backups, int64_t interval_micros);

}  // namespace stator::engine
