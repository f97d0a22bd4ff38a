// Codec of the backup operations: CreateBackup, DescribeBackup, ListBackups, DeleteBackup,
// RestoreTableFromBackup, and point-in-time recovery's UpdateContinuousBackups and
// RestoreTableToPointInTime (stator/backups.h). Decoders report the service's
// serialization and constraint errors; encoders write the service's JSON shapes.
//
// Thread safety: pure functions.
#pragma once

#include <simdjson.h>

#include <string>
#include <string_view>

#include "api/json_reader.h"
#include "stator/backups.h"
#include "stator/requests.h"
#include "stator/status.h"

namespace stator::api {

// ListBackups' BackupType values (the client writes its requests with them).
inline constexpr EnumEntry<BackupTypeFilter> kBackupTypeFilters[] = {
    {"USER", BackupTypeFilter::kUser},
    {"SYSTEM", BackupTypeFilter::kSystem},
    {"AWS_BACKUP", BackupTypeFilter::kAwsBackup},
    {"ALL", BackupTypeFilter::kAll}};
inline constexpr std::string_view kBackupTypeFilterSet = "[USER, SYSTEM, AWS_BACKUP, ALL]";

Status DecodeCreateBackup(simdjson::dom::object body, CreateBackupRequest* out);
Status DecodeBackupArnRequest(simdjson::dom::object body, BackupArnRequest* out);
Status DecodeListBackups(simdjson::dom::object body, ListBackupsRequest* out);
Status DecodeRestoreTableFromBackup(simdjson::dom::object body, RestoreTableFromBackupRequest* out);
Status DecodeUpdateContinuousBackups(simdjson::dom::object body,
                                     UpdateContinuousBackupsRequest* out);
Status DecodeRestoreTableToPointInTime(simdjson::dom::object body,
                                       RestoreTableToPointInTimeRequest* out);

// {"BackupDetails":{...}}
std::string EncodeCreateBackupResponse(const CreateBackupResponse& r);
// {"BackupDescription":{"BackupDetails":..., "SourceTableDetails":...,
// "SourceTableFeatureDetails":...}}: DescribeBackup and DeleteBackup.
std::string EncodeBackupDescriptionResponse(const BackupDescriptionResponse& r);
// {"BackupSummaries":[...], "LastEvaluatedBackupArn":...}
std::string EncodeListBackupsResponse(const ListBackupsResponse& r);

}  // namespace stator::api
