// BackupRecord: what the engine keeps of one on-demand backup, persisted in the meta key space so
// that it survives restarts and the deletion of its table.
//
// Meta key space layout (beside the catalog's, catalog.h):
//   "bk" backup_id          the record, an item (item_codec.h) of the fields below, so fields
//                           can be added later without a format version
// backup_id is the last component of the backup's ARN, "<13-digit creation ms>-<8 hex>", so the
// records sort by creation time. The items themselves are a sorted file (sorted_files.h) under
// <data dir>/backups/<backup_id>/ (BackupDir).
//
// Status: a record is written CREATING before its file and AVAILABLE once the file is complete
// and synced; a record found CREATING when the database opens belongs to a CreateBackup the
// process died in, and is removed with its files (backup_recovery.h).
//
// Thread safety: pure functions over values.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "engine/storage/storage.h"
#include "engine/tables/table.h"
#include "stator/backups.h"

namespace stator::engine {

inline constexpr std::string_view kBackupRecordPrefix = "bk";
// The file of a backup's items, in its directory.
inline constexpr std::string_view kBackupItemsFile = "items.sst";

struct BackupRecord {
  std::string id;  // the ARN's last component (above)
  std::string tenant;
  std::string arn;
  std::string name;
  BackupStatus status = BackupStatus::kCreating;
  BackupType type = BackupType::kUser;
  int64_t created_micros = 0;
  // The items' size as DynamoDB counts it (the table's TableSizeBytes at the backup's instant),
  // and their number.
  int64_t size_bytes = 0;
  int64_t item_count = 0;
  bool has_items_file = false;  // false for a backup of an empty table
  // A point-in-time image made for one RestoreTableToPointInTime (engine/pitr/): not a backup
  // a client sees (no ARN, never listed), removed once its restore ends. Its id is
  // PointInTimeImageId of the table it is restored into.
  bool point_in_time_image = false;
  // The table as it was: its key schema and metadata (indexes, billing, description).
  KeySchema key;
  TableMeta source;
};

// A new backup record of `table` (described by `meta`) taken now, CREATING, under a new id.
BackupRecord NewBackupRecord(std::string_view tenant, const Table& table, TableMeta meta,
                             std::string name, BackupType type, int64_t now_micros);

std::string BackupRecordKey(std::string_view backup_id);
// The id of the point-in-time image restored into table `table_id`.
std::string PointInTimeImageId(uint32_t table_id);
std::string EncodeBackupRecord(const BackupRecord& record);
// False on a malformed record.
bool DecodeBackupRecord(std::string_view in, BackupRecord* out);

// The directory holding the backups, and the one of one backup, on the store's file system.
std::string BackupsRoot(const Storage& storage);
std::string BackupDir(const Storage& storage, std::string_view backup_id);

}  // namespace stator::engine
