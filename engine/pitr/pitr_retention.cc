#include "engine/pitr/pitr_retention.h"

#include <algorithm>
#include <memory>

#include "engine/pitr/pitr_history.h"

namespace stator::engine {
namespace {

constexpr int64_t kMicrosPerDay = 86'400'000'000;
// The shortest rest between runs: a zero interval would keep the one worker busy.
constexpr int64_t kShortestRestMicros = 10'000;

class PitrRetention final : public BackgroundTask {
 public:
  PitrRetention(Storage& storage, const Catalog& catalog, int64_t interval_micros)
      : storage_(storage),
        catalog_(catalog),
        interval_micros_(std::max(interval_micros, kShortestRestMicros)) {}

  NextRun Step(int64_t now) override {
    (void)DropExpiredHistory(storage_, catalog_, now);  // a failure is retried at the next run
    return NextRun::After(interval_micros_);
  }

 private:
  Storage& storage_;
  const Catalog& catalog_;
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

Status SchedulePitrRetention(Scheduler& scheduler, Storage& storage, const Catalog& catalog,
                             int64_t interval_micros) {
  auto task = std::make_unique<PitrRetention>(storage, catalog, interval_micros);
  const int64_t first = std::max(interval_micros, kShortestRestMicros);
  return scheduler.Schedule(std::string(kPitrRetentionTask), std::move(task),
                            NextRun::After(first));
}

}  // namespace stator::engine
