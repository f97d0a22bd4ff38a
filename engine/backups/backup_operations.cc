// On-demand backups: CreateBackup, DescribeBackup, ListBackups, DeleteBackup and
// RestoreTableFromBackup, and their recovery when the database opens.
//
// CreateBackup works synchronously: it writes the table's items at one instant into the
// backup's file (table_snapshot.h), at the speed of a sequential read and write, and answers
// AVAILABLE. RestoreTableFromBackup creates the table CREATING and leaves the copy to a task on
// the scheduler (table_restore.h).
#include <algorithm>
#include <set>

#include "engine/backups/backup_record.h"
#include "engine/backups/restore_plan.h"
#include "engine/backups/table_restore.h"
#include "engine/backups/table_snapshot.h"
#include "engine/engine_database.h"
#include "engine/model/names.h"
#include "engine/model/uuid.h"
#include "engine/model/validation_errors.h"
#include "engine/storage/sorted_files.h"

namespace stator::engine {
namespace {

// Messages as the service words them (the DynamoDB API reference names the exceptions; the
// texts are those other DynamoDB implementations record of the service).
std::string BackupNotFound(std::string_view arn) { return "Backup not found: " + std::string(arn); }
std::string TableNotFound(std::string_view name) { return "Table not found: " + std::string(name); }
std::string TableAlreadyExists(std::string_view name) {
  return "Table already exists: " + std::string(name);
}
// The API reference's description of BackupInUseException.
constexpr std::string_view kBackupInUse =
    "There is another ongoing conflicting backup control plane operation on the table. The "
    "backup is either being created, deleted or restored to a table.";

double Seconds(int64_t micros) { return static_cast<double>(micros / 1000) / 1000.0; }

// The id at the end of a backup ARN ("…:table/<name>/backup/<id>"); empty when there is none.
std::string_view BackupIdOf(std::string_view arn) {
  const size_t at = arn.rfind("/backup/");
  return at == std::string_view::npos ? std::string_view() : arn.substr(at + 8);
}

BackupDetails DetailsOf(const BackupRecord& b) {
  return BackupDetails{b.arn, b.name, b.size_bytes, b.status, b.type, Seconds(b.created_micros)};
}

BackupDescription DescriptionOf(const BackupRecord& b) {
  BackupDescription out;
  out.backup_details = DetailsOf(b);
  const TableDescription& t = b.source.description;
  SourceTableDetails& s = out.source_table_details;
  s.table_name = t.table_name;
  s.table_id = t.table_id;
  s.table_arn = t.table_arn;
  s.table_size_bytes = b.size_bytes;
  s.key_schema = t.key_schema;
  s.table_creation_date_time = t.creation_date_time;
  s.provisioned_throughput = {t.provisioned_throughput.read_capacity_units,
                              t.provisioned_throughput.write_capacity_units};
  s.item_count = b.item_count;
  s.billing_mode = t.billing_mode;
  SourceTableFeatureDetails& f = out.source_table_feature_details;
  for (const IndexDef& index : b.source.indexes) {
    if (index.local) {
      f.local_secondary_indexes.push_back(
          {index.name, IndexKeySchema(index.key), index.projection});
    } else {
      f.global_secondary_indexes.push_back({index.name, IndexKeySchema(index.key), index.projection,
                                            index.throughput, index.on_demand_throughput});
    }
  }
  if (t.stream_specification && t.stream_specification->stream_enabled) {
    f.stream_description = t.stream_specification;
  }
  f.sse_description = t.sse_description;
  return out;
}

BackupSummary SummaryOf(const BackupRecord& b) {
  const TableDescription& t = b.source.description;
  return BackupSummary{t.table_name, t.table_id, t.table_arn,
                       b.arn,        b.name,     Seconds(b.created_micros),
                       b.status,     b.type,     b.size_bytes};
}

Status CheckListBackups(const ListBackupsRequest& r) {
  ValidationErrors errors;
  if (r.limit) errors.AddIfOutOfRange(*r.limit, "limit", 1, 100);
  if (r.table_name) {
    CheckName(TableNameOf(*r.table_name), "tableName", &errors);
  }
  return errors.ToStatus();
}

bool Listed(const BackupRecord& b, const ListBackupsRequest& r) {
  if (r.table_name && b.source.description.table_name != TableNameOf(*r.table_name)) return false;
  const double created = Seconds(b.created_micros);
  if (r.time_range_lower_bound && created < *r.time_range_lower_bound) return false;
  if (r.time_range_upper_bound && created >= *r.time_range_upper_bound) return false;
  const BackupTypeFilter type = r.backup_type.value_or(BackupTypeFilter::kUser);
  return type == BackupTypeFilter::kAll || static_cast<int>(type) == static_cast<int>(b.type);
}

}  // namespace

Status EngineDatabase::WriteBackup(
    BackupRecord* record,
    const std::function<Result<SnapshotFigures>(const std::string& path)>& write_items) {
  // CREATING first: a crash while the file is written leaves a record the next open removes,
  // never an AVAILABLE backup without its items.
  record->status = BackupStatus::kCreating;
  STATOR_RETURN_IF_ERROR(backups_.Put(*record));
  const std::string dir = BackupDir(*storage_, record->id);
  Status dirs = CreateDirs(*storage_, dir);
  auto figures = dirs.ok() ? write_items(dir + "/" + std::string(kBackupItemsFile))
                           : Result<SnapshotFigures>(dirs);
  if (!figures.ok()) {
    (void)RemoveDirAndFiles(*storage_, dir);
    (void)backups_.Remove(record->id);
    return figures.status();
  }
  record->status = BackupStatus::kAvailable;
  record->item_count = figures->item_count;
  record->size_bytes = figures->size_bytes;
  record->has_items_file = figures->has_file;
  return backups_.Put(*record);
}

Result<BackupRecord> EngineDatabase::FindBackup(const CallOptions& call,
                                                std::string_view arn) const {
  const std::string_view id = BackupIdOf(arn);
  auto record = id.empty() ? std::nullopt : backups_.Find(call.tenant, id);
  if (!record || record->arn != arn) return Status(ErrorCode::kBackupNotFound, BackupNotFound(arn));
  return *std::move(record);
}

Result<CreateBackupResponse> EngineDatabase::CreateBackup(const CallOptions& call,
                                                          const CreateBackupRequest& r) {
  ValidationErrors errors;
  CheckName(r.backup_name, "backupName", &errors);
  CheckName(TableNameOf(r.table_name), "tableName", &errors);
  STATOR_RETURN_IF_ERROR(errors.ToStatus());
  const std::string_view table_name = TableNameOf(r.table_name);
  auto table = catalog_.Find(call.tenant, table_name);
  TableMeta meta;
  if (table == nullptr || !catalog_.Describe(*table, &meta)) {
    return Status(ErrorCode::kTableNotFound, TableNotFound(table_name));
  }
  if (meta.description.table_status != TableStatus::kActive) {
    return Status::InUse("Attempt to change a resource which is still in use: Table is being " +
                         std::string(meta.description.table_status == TableStatus::kCreating
                                         ? "created"
                                         : "updated") +
                         ": " + std::string(table_name));
  }
  BackupRecord record = NewBackupRecord(call.tenant, *table, std::move(meta), r.backup_name,
                                        BackupType::kUser, options_.clock->NowMicros());
  STATOR_RETURN_IF_ERROR(WriteBackup(&record, [&](const std::string& path) {
    return WriteTableSnapshot(*storage_, table->id, path);
  }));
  return CreateBackupResponse{DetailsOf(record)};
}

Result<BackupDescriptionResponse> EngineDatabase::DescribeBackup(const CallOptions& call,
                                                                 const BackupArnRequest& r) {
  auto record = FindBackup(call, r.backup_arn);
  if (!record.ok()) return record.status();
  return BackupDescriptionResponse{DescriptionOf(*record)};
}

Result<ListBackupsResponse> EngineDatabase::ListBackups(const CallOptions& call,
                                                        const ListBackupsRequest& r) {
  STATOR_RETURN_IF_ERROR(CheckListBackups(r));
  const size_t limit = static_cast<size_t>(r.limit.value_or(100));
  const std::string_view start =
      r.exclusive_start_backup_arn ? BackupIdOf(*r.exclusive_start_backup_arn) : "";
  ListBackupsResponse response;
  for (const BackupRecord& record : backups_.List(call.tenant)) {
    if (!start.empty() && record.id <= start) continue;
    if (!Listed(record, r)) continue;
    if (response.backup_summaries.size() == limit) {
      response.last_evaluated_backup_arn = response.backup_summaries.back().backup_arn;
      break;
    }
    response.backup_summaries.push_back(SummaryOf(record));
  }
  return response;
}

Result<BackupDescriptionResponse> EngineDatabase::DeleteBackup(const CallOptions& call,
                                                               const BackupArnRequest& r) {
  auto record = FindBackup(call, r.backup_arn);
  if (!record.ok()) return record.status();
  if (backups_.InUse(record->id) || record->status != BackupStatus::kAvailable) {
    return Status(ErrorCode::kBackupInUse, std::string(kBackupInUse));
  }
  // The record goes first: a crash before the files are gone leaves a directory no record
  // names, which the next open removes.
  STATOR_RETURN_IF_ERROR(backups_.Remove(record->id));
  (void)RemoveDirAndFiles(*storage_, BackupDir(*storage_, record->id));
  record->status = BackupStatus::kDeleted;
  return BackupDescriptionResponse{DescriptionOf(*record)};
}

Result<TableResponse> EngineDatabase::RestoreTableFromBackup(
    const CallOptions& call, const RestoreTableFromBackupRequest& r) {
  ValidationErrors errors;
  CheckName(r.target_table_name, "targetTableName", &errors);
  STATOR_RETURN_IF_ERROR(errors.ToStatus());
  auto backup = FindBackup(call, r.backup_arn);
  if (!backup.ok()) return backup.status();
  if (backup->status != BackupStatus::kAvailable) {  // its file is still being written
    return Status(ErrorCode::kBackupInUse, std::string(kBackupInUse));
  }
  if (catalog_.Find(call.tenant, r.target_table_name) != nullptr) {
    return Status(ErrorCode::kTableAlreadyExists, TableAlreadyExists(r.target_table_name));
  }
  KeySchema key;
  TableMeta meta;
  const int64_t now = options_.clock->NowMicros();
  STATOR_RETURN_IF_ERROR(PlanRestoredTable(
      call, r.target_table_name, r, backup->source,
      RestoreSummary{backup->arn, backup->source.description.table_arn, Seconds(now), true}, now,
      &key, &meta));
  auto table = catalog_.Create(std::move(key), std::move(meta));
  if (!table.ok()) {
    if (table.status().code() != ErrorCode::kResourceInUse) return table.status();
    return Status(ErrorCode::kTableAlreadyExists, TableAlreadyExists(r.target_table_name));
  }
  // Described before the restore starts: the service answers CREATING, and a small restore
  // could otherwise be done by the time the answer is built.
  auto d = Describe(**table);
  if (!d.ok()) return d.status();
  STATOR_RETURN_IF_ERROR(
      ScheduleRestore(scheduler_, *storage_, catalog_, backups_, *backup, *table));
  return TableResponse{std::move(d).value()};
}

Status EngineDatabase::OpenBackups() {
  STATOR_RETURN_IF_ERROR(backups_.Load());
  // A CreateBackup the process died in: its file may be incomplete.
  for (const BackupRecord& record : backups_.All()) {
    if (record.status == BackupStatus::kAvailable) continue;
    STATOR_RETURN_IF_ERROR(RemoveDirAndFiles(*storage_, BackupDir(*storage_, record.id)));
    STATOR_RETURN_IF_ERROR(backups_.Remove(record.id));
  }
  // Directories no record names: a DeleteBackup's leftovers, or a restore's scratch files
  // (restarted below from scratch).
  std::set<std::string> known;
  for (const BackupRecord& record : backups_.All()) known.insert(record.id);
  const std::string root = BackupsRoot(*storage_);
  for (const std::string& name : ListDir(*storage_, root)) {
    if (known.count(name) == 0) (void)RemoveDirAndFiles(*storage_, root + "/" + name);
  }
  // Restores interrupted by a crash: start them again, or, when their backup is gone, drop the
  // half-made table so that no such table is ever visible.
  for (const auto& table : catalog_.AllTables()) {
    TableMeta meta;
    if (!catalog_.Describe(*table, &meta)) continue;
    const auto& summary = meta.description.restore_summary;
    if (!summary || !summary->restore_in_progress) continue;
    // A point-in-time restore names no backup: its image is the table's own.
    const std::string id = summary->source_backup_arn.empty()
                               ? PointInTimeImageId(table->id)
                               : std::string(BackupIdOf(summary->source_backup_arn));
    auto backup = backups_.Find(meta.tenant, id);
    if (!backup) {
      STATOR_RETURN_IF_ERROR(catalog_.Drop(table, 0));
      continue;
    }
    STATOR_RETURN_IF_ERROR(
        ScheduleRestore(scheduler_, *storage_, catalog_, backups_, *backup, table));
  }
  // Point-in-time images no restore reads any more (their restore finished, or its table was
  // dropped above).
  for (const BackupRecord& record : backups_.All()) {
    if (!record.point_in_time_image || backups_.InUse(record.id)) continue;
    STATOR_RETURN_IF_ERROR(backups_.Remove(record.id));
    (void)RemoveDirAndFiles(*storage_, BackupDir(*storage_, record.id));
  }
  return Status::OK();
}

}  // namespace stator::engine
