// Point-in-time recovery: UpdateContinuousBackups, DescribeContinuousBackups and
// RestoreTableToPointInTime, and the history hooks given back to their tables when the database
// opens.
//
// Enabling gives the table a history hook (pitr_history.h) before it records the enabling time,
// so every change after that time has its before-image; disabling removes the hook and drops the
// history in the batch that records it, as the service forgets the history of a table whose
// PITR is turned off. A restore writes the point-in-time image of the source table
// (point_in_time_image.h) as an unlisted backup record of its own, then restores it exactly as
// RestoreTableFromBackup restores a backup (engine/backups/table_restore.h): on the scheduler,
// CREATING until every item and index entry is in, restarted after a crash.
#include <cmath>

#include "engine/backups/restore_plan.h"
#include "engine/backups/table_restore.h"
#include "engine/engine_database.h"
#include "engine/model/names.h"
#include "engine/model/validation_errors.h"
#include "engine/pitr/pitr_history.h"
#include "engine/pitr/pitr_retention.h"
#include "engine/pitr/point_in_time_image.h"
#include "engine/storage/key_codec.h"

namespace stator::engine {
namespace {

// Messages: the API reference's descriptions of the exceptions, which the service's messages
// are not known to differ from.
constexpr std::string_view kUnavailable =
    "Point in time recovery has not yet been enabled for this source table.";
constexpr std::string_view kInvalidTime =
    "An invalid restore time was specified. RestoreDateTime must be between "
    "EarliestRestorableDateTime and LatestRestorableDateTime.";

double Seconds(int64_t micros) { return static_cast<double>(micros / 1000) / 1000.0; }

Status TableNotFound(std::string_view name) {
  return Status(ErrorCode::kTableNotFound, "Table not found: " + std::string(name));
}

// The checks of a restore request that need no table.
Status CheckRestoreRequest(const RestoreTableToPointInTimeRequest& r) {
  ValidationErrors errors;
  CheckName(r.target_table_name, "targetTableName", &errors);
  if (r.source_table_name) CheckName(*r.source_table_name, "sourceTableName", &errors);
  STATOR_RETURN_IF_ERROR(errors.ToStatus());
  if (!r.source_table_name && !r.source_table_arn) {
    return Status::Validation("Either source table name or source table ARN must be specified");
  }
  if (r.use_latest_restorable_time && r.restore_date_time) {
    return Status::Validation(
        "Only one of RestoreDateTime or UseLatestRestorableTime parameters can be specified");
  }
  return Status::OK();
}

}  // namespace

EngineDatabase::RestorableWindow EngineDatabase::WindowOf(const PitrSettings& pitr) const {
  const int64_t now = options_.clock->NowMicros();
  const int64_t earliest = EarliestRestorableMicros(pitr, now);
  return {earliest, std::max(earliest, now - options_.pitr_restorable_lag_ms * 1000)};
}

ContinuousBackupsDescription EngineDatabase::ContinuousBackupsOf(const TableMeta& meta) const {
  ContinuousBackupsDescription out;
  if (!meta.pitr) return out;
  const RestorableWindow window = WindowOf(*meta.pitr);
  out.point_in_time_recovery_status = "ENABLED";
  out.earliest_restorable_date_time = Seconds(window.earliest_micros);
  out.latest_restorable_date_time = Seconds(window.latest_micros);
  out.recovery_period_in_days = meta.pitr->recovery_period_days;
  return out;
}

Result<ContinuousBackupsDescription> EngineDatabase::DescribeContinuousBackups(
    const CallOptions& call, const TableNameRequest& r) {
  STATOR_RETURN_IF_ERROR(CheckTableName(r.table_name));
  auto table = catalog_.Find(call.tenant, TableNameOf(r.table_name));
  TableMeta meta;
  if (table == nullptr || !catalog_.Describe(*table, &meta)) {
    return TableNotFound(TableNameOf(r.table_name));
  }
  return ContinuousBackupsOf(meta);
}

Result<ContinuousBackupsDescription> EngineDatabase::UpdateContinuousBackups(
    const CallOptions& call, const UpdateContinuousBackupsRequest& r) {
  STATOR_RETURN_IF_ERROR(CheckTableName(r.table_name));
  ValidationErrors errors;
  if (r.recovery_period_in_days) {
    errors.AddIfOutOfRange(*r.recovery_period_in_days,
                           "pointInTimeRecoverySpecification.recoveryPeriodInDays", 1, 35);
  }
  STATOR_RETURN_IF_ERROR(errors.ToStatus());
  auto table = catalog_.Find(call.tenant, TableNameOf(r.table_name));
  TableMeta meta;
  if (table == nullptr || !catalog_.Describe(*table, &meta)) {
    return TableNotFound(TableNameOf(r.table_name));
  }
  std::lock_guard lock(pitr_changes_);
  if (r.point_in_time_recovery_enabled) {
    STATOR_RETURN_IF_ERROR(EnablePitr(
        table,
        r.recovery_period_in_days.value_or(meta.pitr ? meta.pitr->recovery_period_days : 35)));
  } else if (meta.pitr) {
    STATOR_RETURN_IF_ERROR(DisablePitr(table));
  }
  if (!catalog_.Describe(*table, &meta)) return TableNotFound(TableNameOf(r.table_name));
  return ContinuousBackupsOf(meta);
}

Status EngineDatabase::EnablePitr(const std::shared_ptr<Table>& table, int64_t period_days) {
  TableMeta meta;
  if (!catalog_.Describe(*table, &meta)) return TableNotFound(table->name);
  if (meta.pitr) {  // enabled already: only the period may change
    return catalog_.Update(*table, [&](TableMeta& m) {
      if (m.pitr) m.pitr->recovery_period_days = period_days;
      return Status::OK();
    });
  }
  auto history_id = catalog_.AllocateId();
  if (!history_id.ok()) return history_id.status();
  auto hook = std::make_shared<HistoryHook>(*history_id, *options_.clock);
  // The hook first: every change after the time recorded below has its before-image.
  items_.AddHook(*table, hook);
  const PitrSettings settings{*history_id, options_.clock->NowMicros(), period_days};
  const Status updated = catalog_.Update(*table, [&](TableMeta& m) {
    m.pitr = settings;
    return Status::OK();
  });
  if (!updated.ok()) {
    items_.RemoveHook(*table, hook.get());
    return updated;
  }
  pitr_hooks_[table->id] = std::move(hook);
  return Status::OK();
}

Status EngineDatabase::DisablePitr(const std::shared_ptr<Table>& table) {
  auto it = pitr_hooks_.find(table->id);
  if (it != pitr_hooks_.end()) {
    items_.RemoveHook(*table, it->second.get());
    pitr_hooks_.erase(it);
  }
  WriteBatch batch(*storage_);
  return catalog_.Update(
      *table,
      [&](TableMeta& m) {
        if (m.pitr) {
          batch.DeleteRange(Space::kItems, TablePrefix(m.pitr->history_id),
                            TablePrefix(m.pitr->history_id + 1));
        }
        m.pitr.reset();
        return Status::OK();
      },
      batch);
}

Status EngineDatabase::BackUpDeletedTable(const CallOptions& call, const Table& table) {
  TableMeta meta;
  if (!catalog_.Describe(table, &meta) || !meta.pitr) return Status::OK();
  std::string name = meta.description.table_name + "$DeletedTableBackup";
  BackupRecord record = NewBackupRecord(call.tenant, table, std::move(meta), std::move(name),
                                        BackupType::kSystem, options_.clock->NowMicros());
  // Taken while the table still takes writes: one acknowledged between this snapshot and the
  // deletion, racing the deletion itself, is not in the backup.
  return WriteBackup(&record, [&](const std::string& path) {
    return WriteTableSnapshot(*storage_, table.id, path);
  });
}

void EngineDatabase::ForgetPitr(const Table& table) {
  std::lock_guard lock(pitr_changes_);
  pitr_hooks_.erase(table.id);
}

Result<TableResponse> EngineDatabase::RestoreTableToPointInTime(
    const CallOptions& call, const RestoreTableToPointInTimeRequest& r) {
  STATOR_RETURN_IF_ERROR(CheckRestoreRequest(r));
  const std::string_view source_name = r.source_table_name ? std::string_view(*r.source_table_name)
                                                           : TableNameOf(*r.source_table_arn);
  auto source = catalog_.Find(call.tenant, source_name);
  TableMeta source_meta;
  if (source == nullptr || !catalog_.Describe(*source, &source_meta)) {
    return Status(ErrorCode::kSourceTableNotFound,
                  "Source table not found: " + std::string(source_name));
  }
  if (!source_meta.pitr) {
    return Status(ErrorCode::kPointInTimeRecoveryUnavailable, std::string(kUnavailable));
  }
  const RestorableWindow window = WindowOf(*source_meta.pitr);
  int64_t at =
      r.restore_date_time ? std::llround(*r.restore_date_time * 1e6) : window.latest_micros;
  // EarliestRestorableDateTime is reported in whole milliseconds, rounded down (Seconds): a
  // time in that millisecond is the reported earliest time, whose state is the first one kept.
  if (at < window.earliest_micros && at >= window.earliest_micros / 1000 * 1000) {
    at = window.earliest_micros;
  }
  if (at < window.earliest_micros || at > window.latest_micros) {
    return Status(ErrorCode::kInvalidRestoreTime, std::string(kInvalidTime));
  }
  if (catalog_.Find(call.tenant, r.target_table_name) != nullptr) {
    return Status(ErrorCode::kTableAlreadyExists, "Table already exists: " + r.target_table_name);
  }
  KeySchema key;
  TableMeta meta;
  const int64_t now = options_.clock->NowMicros();
  STATOR_RETURN_IF_ERROR(PlanRestoredTable(
      call, r.target_table_name, r, source_meta,
      RestoreSummary{"", source_meta.description.table_arn, static_cast<double>(at) / 1e6, true},
      now, &key, &meta));
  auto table = catalog_.Create(std::move(key), std::move(meta));
  if (!table.ok()) {
    if (table.status().code() != ErrorCode::kResourceInUse) return table.status();
    return Status(ErrorCode::kTableAlreadyExists, "Table already exists: " + r.target_table_name);
  }
  auto d = Describe(**table);
  if (!d.ok()) return d.status();
  // The image is written before the answer, at the speed of a sequential read and write, as
  // CreateBackup writes a backup; the table fills from it on the scheduler.
  BackupRecord image;
  image.id = PointInTimeImageId((*table)->id);
  image.tenant = call.tenant;
  image.type = BackupType::kSystem;
  image.point_in_time_image = true;
  image.created_micros = now;
  image.key = source->key;
  image.source = source_meta;
  const uint32_t history_id = source_meta.pitr->history_id;
  Status written = WriteBackup(&image, [&](const std::string& path) {
    return WritePointInTimeImage(*storage_, *source, history_id, at, path);
  });
  if (!written.ok()) {
    (void)catalog_.Drop(*table, 0);  // no half-made table stays visible
    return written;
  }
  STATOR_RETURN_IF_ERROR(ScheduleRestore(scheduler_, *storage_, catalog_, backups_, image, *table));
  return TableResponse{std::move(d).value()};
}

Status EngineDatabase::OpenPitr() {
  for (const auto& table : catalog_.AllTables()) {
    TableMeta meta;
    if (!catalog_.Describe(*table, &meta) || !meta.pitr) continue;
    auto hook = std::make_shared<HistoryHook>(meta.pitr->history_id, *options_.clock);
    items_.AddHook(*table, hook);
    pitr_hooks_[table->id] = std::move(hook);
  }
  return SchedulePitrRetention(scheduler_, *storage_, catalog_, backups_,
                               options_.pitr_retention_interval_ms * 1000);
}

}  // namespace stator::engine
