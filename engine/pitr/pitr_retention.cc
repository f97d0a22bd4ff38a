#include "engine/pitr/pitr_retention.h"

#include <algorithm>
#include <memory>

#include "engine/pitr/pitr_history.h"
#include "engine/storage/sorted_files.h"

namespace stator::engine {
namespace {

constexpr int64_t kMicrosPerDay = 86'400'000'000;
constexpr int64_t kSystemBackupDays = 35;
// The shortest rest between runs: a zero interval would keep the one worker busy.
constexpr int64_t kShortestRestMicros = 10'000;

class PitrRetention final : public BackgroundTask {
 public:
  PitrRetention(Storage& storage, const Catalog& catalog, BackupCatalog& backups,
                int64_t interval_micros)
      : storage_(storage),
        catalog_(catalog),
        backups_(backups),
        interval_micros_(std::max(interval_micros, kShortestRestMicros)) {}

  NextRun Step(int64_t now) override {
    // A failure is retried at the next run.
    (void)DropExpiredHistory(storage_, catalog_, now);
    (void)DropExpiredSystemBackups(storage_, backups_, now);
    return NextRun::After(interval_micros_);
  }

 private:
  Storage& storage_;
  const Catalog& catalog_;
  BackupCatalog& backups_;
  const int64_t interval_micros_;
};

}  // namespace

int64_t EarliestRestorableMicros(const PitrSettings& pitr, int64_t now_micros) {
  return std::max(pitr.enabled_micros, now_micros - pitr.recovery_period_days * kMicrosPerDay);
}

Status DropExpiredHistory(Storage& storage, const Catalog& catalog, int64_t now_micros) {
  WriteBatch batch(storage);
  for (const auto& table : catalog.AllTables()) {
    TableMeta meta;
    if (!catalog.Describe(*table, &meta) || !meta.pitr) continue;
    const PitrSettings& pitr = *meta.pitr;
    const int64_t earliest = EarliestRestorableMicros(pitr, now_micros);
    if (earliest == pitr.enabled_micros) continue;  // not a period old yet: nothing to drop
    batch.DeleteRange(Space::kItems, HistoryBound(pitr.history_id, 0),
                      HistoryBound(pitr.history_id, earliest));
  }
  if (batch.count() == 0) return Status::OK();
  return storage.Write(batch);
}

Status DropExpiredSystemBackups(Storage& storage, BackupCatalog& backups, int64_t now_micros) {
  for (const BackupRecord& record : backups.All()) {
    if (record.type != BackupType::kSystem || record.point_in_time_image ||
        record.status != BackupStatus::kAvailable || backups.InUse(record.id) ||
        now_micros - record.created_micros < kSystemBackupDays * kMicrosPerDay) {
      continue;
    }
    STATOR_RETURN_IF_ERROR(backups.Remove(record.id));
    (void)RemoveDirAndFiles(storage, BackupDir(storage, record.id));
  }
  return Status::OK();
}

Status SchedulePitrRetention(Scheduler& scheduler, Storage& storage, const Catalog& catalog,
                             BackupCatalog& backups, int64_t interval_micros) {
  auto task = std::make_unique<PitrRetention>(storage, catalog, backups, interval_micros);
  const int64_t first = std::max(interval_micros, kShortestRestMicros);
  return scheduler.Schedule(std::string(kPitrRetentionTask), std::move(task),
                            NextRun::After(first));
}

}  // namespace stator::engine
