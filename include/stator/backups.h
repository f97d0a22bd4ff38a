// Backups: the typed requests and responses of CreateBackup, DescribeBackup, ListBackups,
// DeleteBackup and RestoreTableFromBackup, and of point-in-time recovery's UpdateContinuousBackups
// and RestoreTableToPointInTime. Field names follow the DynamoDB API
// reference; times are epoch seconds, as the service's JSON writes them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "stator/table_types.h"

namespace stator {

enum class BackupStatus : unsigned char { kCreating, kDeleted, kAvailable };
// Persisted in backup records: never reorder.
enum class BackupType : unsigned char { kUser, kSystem, kAwsBackup };
// ListBackups' BackupType filter: a type, or ALL of them.
enum class BackupTypeFilter : unsigned char { kUser, kSystem, kAwsBackup, kAll };

std::string_view ToString(BackupStatus v);
std::string_view ToString(BackupType v);

struct BackupDetails {
  std::string backup_arn;
  std::string backup_name;
  int64_t backup_size_bytes = 0;
  BackupStatus backup_status = BackupStatus::kAvailable;
  BackupType backup_type = BackupType::kUser;
  double backup_creation_date_time = 0;
};

// The table as it was when backed up.
struct SourceTableDetails {
  std::string table_name;
  std::string table_id;
  std::string table_arn;
  int64_t table_size_bytes = 0;
  std::vector<KeySchemaElement> key_schema;
  double table_creation_date_time = 0;
  ProvisionedThroughput provisioned_throughput;
  int64_t item_count = 0;
  BillingMode billing_mode = BillingMode::kProvisioned;
};

struct SourceTableFeatureDetails {
  std::vector<LocalSecondaryIndex> local_secondary_indexes;
  std::vector<GlobalSecondaryIndex> global_secondary_indexes;
  std::optional<StreamSpecification> stream_description;
  std::optional<SSEDescription> sse_description;
};

struct BackupDescription {
  BackupDetails backup_details;
  SourceTableDetails source_table_details;
  SourceTableFeatureDetails source_table_feature_details;
};

struct CreateBackupRequest {
  std::string table_name;  // a name or an ARN
  std::string backup_name;
};

struct CreateBackupResponse {
  BackupDetails backup_details;
};

struct BackupArnRequest {  // DescribeBackup, DeleteBackup
  std::string backup_arn;
};

struct BackupDescriptionResponse {  // DescribeBackup, DeleteBackup
  BackupDescription backup_description;
};

struct ListBackupsRequest {
  std::optional<std::string> table_name;         // a name or an ARN
  std::optional<int64_t> limit;                  // 1..100
  std::optional<double> time_range_lower_bound;  // inclusive
  std::optional<double> time_range_upper_bound;  // exclusive
  std::optional<std::string> exclusive_start_backup_arn;
  std::optional<BackupTypeFilter> backup_type;  // default USER
};

struct BackupSummary {
  std::string table_name;
  std::string table_id;
  std::string table_arn;
  std::string backup_arn;
  std::string backup_name;
  double backup_creation_date_time = 0;
  BackupStatus backup_status = BackupStatus::kAvailable;
  BackupType backup_type = BackupType::kUser;
  int64_t backup_size_bytes = 0;
};

struct ListBackupsResponse {
  std::vector<BackupSummary> backup_summaries;
  std::optional<std::string> last_evaluated_backup_arn;
};

// What a restore may change of the source table (RestoreTableFromBackup's and
// RestoreTableToPointInTime's overrides).
struct RestoreOverrides {
  std::optional<BillingMode> billing_mode_override;
  std::optional<ProvisionedThroughput> provisioned_throughput_override;
  // Present (even empty): the restored table gets exactly these indexes instead of the source's.
  std::optional<std::vector<GlobalSecondaryIndex>> global_secondary_index_override;
  std::optional<std::vector<LocalSecondaryIndex>> local_secondary_index_override;
  std::optional<SSESpecification> sse_specification_override;
};

struct RestoreTableFromBackupRequest : RestoreOverrides {
  std::string target_table_name;
  std::string backup_arn;
};

// Point-in-time recovery (UpdateContinuousBackups, RestoreTableToPointInTime).
struct UpdateContinuousBackupsRequest {
  std::string table_name;  // a name or an ARN
  bool point_in_time_recovery_enabled = false;
  std::optional<int64_t> recovery_period_in_days;  // 1..35; default 35
};

struct RestoreTableToPointInTimeRequest : RestoreOverrides {
  std::optional<std::string> source_table_arn;
  std::optional<std::string> source_table_name;
  std::string target_table_name;
  bool use_latest_restorable_time = false;
  std::optional<double> restore_date_time;  // epoch seconds
};

}  // namespace stator
