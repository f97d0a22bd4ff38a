// The client's half of the backup codec (codec_backups.h is the server's): CreateBackup,
// DescribeBackup, ListBackups, DeleteBackup, RestoreTableFromBackup, and point-in-time recovery's
// UpdateContinuousBackups and RestoreTableToPointInTime requests as JSON, and the backup answers
// read back. The restores answer a TableDescription (codec_table_client.h's
// DecodeTableResponse), the continuous-backups operations a ContinuousBackupsDescription
// (codec_misc_client.h).
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "stator/backups.h"
#include "stator/status.h"

namespace stator::api {

std::string EncodeCreateBackupRequest(const CreateBackupRequest& r);
std::string EncodeBackupArnRequest(const BackupArnRequest& r);  // Describe/DeleteBackup
std::string EncodeListBackupsRequest(const ListBackupsRequest& r);
std::string EncodeRestoreTableFromBackupRequest(const RestoreTableFromBackupRequest& r);
std::string EncodeUpdateContinuousBackupsRequest(const UpdateContinuousBackupsRequest& r);
std::string EncodeRestoreTableToPointInTimeRequest(const RestoreTableToPointInTimeRequest& r);

Status DecodeCreateBackupResponse(std::string_view body, CreateBackupResponse* out);
// DescribeBackup and DeleteBackup.
Status DecodeBackupDescriptionResponse(std::string_view body, BackupDescriptionResponse* out);
Status DecodeListBackupsResponse(std::string_view body, ListBackupsResponse* out);

}  // namespace stator::api
