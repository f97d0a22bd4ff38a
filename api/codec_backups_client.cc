#include "api/codec_backups_client.h"

#include "api/codec_backups.h"
#include "api/codec_enums.h"
#include "api/codec_item_client.h"
#include "api/codec_table.h"
#include "api/codec_table_client.h"

namespace stator::api {
namespace {

void WriteOptTime(std::string_view key, const std::optional<double>& seconds, JsonWriter* w) {
  if (!seconds) return;
  w->Key(key);
  w->Double(*seconds);
}

// The members RestoreTableFromBackup and RestoreTableToPointInTime share, each written as
// CreateTable writes its own.
void WriteRestoreOverrides(const RestoreOverrides& r, JsonWriter* w) {
  if (r.billing_mode_override) {
    w->Key("BillingModeOverride");
    w->String(ToString(*r.billing_mode_override));
  }
  if (r.global_secondary_index_override) {
    WriteGlobalIndexes("GlobalSecondaryIndexOverride", *r.global_secondary_index_override, w);
  }
  if (r.local_secondary_index_override) {
    WriteLocalIndexes("LocalSecondaryIndexOverride", *r.local_secondary_index_override, w);
  }
  if (r.provisioned_throughput_override) {
    WriteProvisionedThroughput("ProvisionedThroughputOverride", *r.provisioned_throughput_override,
                               w);
  }
  if (r.sse_specification_override) {
    WriteSseSpecification("SSESpecificationOverride", *r.sse_specification_override, w);
  }
}

void ReadBackupDetails(StructReader& r, BackupDetails* out) {
  r.String("BackupArn", &out->backup_arn);
  r.String("BackupName", &out->backup_name);
  r.Long("BackupSizeBytes", &out->backup_size_bytes);
  ReadEnum(r, "BackupStatus", 3, &out->backup_status);
  ReadEnum(r, "BackupType", 3, &out->backup_type);
  ReadDouble(r, "BackupCreationDateTime", &out->backup_creation_date_time);
}

void ReadSourceTableDetails(StructReader& r, SourceTableDetails* out) {
  r.String("TableName", &out->table_name);
  r.String("TableId", &out->table_id);
  r.String("TableArn", &out->table_arn);
  r.Long("TableSizeBytes", &out->table_size_bytes);
  ReadKeySchema(r, &out->key_schema);
  ReadDouble(r, "TableCreationDateTime", &out->table_creation_date_time);
  std::optional<ProvisionedThroughput> throughput;
  if (ReadProvisionedThroughput(r, "ProvisionedThroughput", &throughput) && throughput) {
    out->provisioned_throughput = *throughput;
  }
  r.Long("ItemCount", &out->item_count);
  ReadEnum(r, "BillingMode", 2, &out->billing_mode);
}

// The index infos have the shape of CreateTable's index members, so the server's readers of
// those read them.
void ReadFeatureDetails(StructReader& r, SourceTableFeatureDetails* out) {
  ReadLocalIndexes(r, "LocalSecondaryIndexes", &out->local_secondary_indexes);
  ReadGlobalIndexes(r, "GlobalSecondaryIndexes", &out->global_secondary_indexes);
  ReadStreamSpecification(r, "StreamDescription", &out->stream_description);
  ReadSseDescription(r, "SSEDescription", &out->sse_description);
}

void ReadSummary(StructReader& r, BackupSummary* out) {
  r.String("TableName", &out->table_name);
  r.String("TableId", &out->table_id);
  r.String("TableArn", &out->table_arn);
  r.String("BackupArn", &out->backup_arn);
  r.String("BackupName", &out->backup_name);
  ReadDouble(r, "BackupCreationDateTime", &out->backup_creation_date_time);
  ReadEnum(r, "BackupStatus", 3, &out->backup_status);
  ReadEnum(r, "BackupType", 3, &out->backup_type);
  r.Long("BackupSizeBytes", &out->backup_size_bytes);
}

}  // namespace

std::string EncodeCreateBackupRequest(const CreateBackupRequest& r) {
  JsonWriter w;
  w.BeginObject();
  w.Key("TableName");
  w.String(r.table_name);
  w.Key("BackupName");
  w.String(r.backup_name);
  w.EndObject();
  return std::move(w).Take();
}

std::string EncodeBackupArnRequest(const BackupArnRequest& r) {
  JsonWriter w;
  w.BeginObject();
  w.Key("BackupArn");
  w.String(r.backup_arn);
  w.EndObject();
  return std::move(w).Take();
}

std::string EncodeListBackupsRequest(const ListBackupsRequest& r) {
  JsonWriter w;
  w.BeginObject();
  WriteOptString("TableName", r.table_name, &w);
  if (r.limit) {
    w.Key("Limit");
    w.Int(*r.limit);
  }
  WriteOptTime("TimeRangeLowerBound", r.time_range_lower_bound, &w);
  WriteOptTime("TimeRangeUpperBound", r.time_range_upper_bound, &w);
  WriteOptString("ExclusiveStartBackupArn", r.exclusive_start_backup_arn, &w);
  if (r.backup_type) {
    w.Key("BackupType");
    w.String(NameOf(kBackupTypeFilters, *r.backup_type));
  }
  w.EndObject();
  return std::move(w).Take();
}

std::string EncodeRestoreTableFromBackupRequest(const RestoreTableFromBackupRequest& r) {
  JsonWriter w;
  w.BeginObject();
  w.Key("TargetTableName");
  w.String(r.target_table_name);
  w.Key("BackupArn");
  w.String(r.backup_arn);
  WriteRestoreOverrides(r, &w);
  w.EndObject();
  return std::move(w).Take();
}

std::string EncodeUpdateContinuousBackupsRequest(const UpdateContinuousBackupsRequest& r) {
  JsonWriter w;
  w.BeginObject();
  w.Key("TableName");
  w.String(r.table_name);
  w.Key("PointInTimeRecoverySpecification");
  w.BeginObject();
  w.Key("PointInTimeRecoveryEnabled");
  w.Bool(r.point_in_time_recovery_enabled);
  if (r.recovery_period_in_days) {
    w.Key("RecoveryPeriodInDays");
    w.Int(*r.recovery_period_in_days);
  }
  w.EndObject();
  w.EndObject();
  return std::move(w).Take();
}

std::string EncodeRestoreTableToPointInTimeRequest(const RestoreTableToPointInTimeRequest& r) {
  JsonWriter w;
  w.BeginObject();
  WriteOptString("SourceTableArn", r.source_table_arn, &w);
  WriteOptString("SourceTableName", r.source_table_name, &w);
  w.Key("TargetTableName");
  w.String(r.target_table_name);
  if (r.use_latest_restorable_time) {
    w.Key("UseLatestRestorableTime");
    w.Bool(true);
  }
  WriteOptTime("RestoreDateTime", r.restore_date_time, &w);
  WriteRestoreOverrides(r, &w);
  w.EndObject();
  return std::move(w).Take();
}

Status DecodeCreateBackupResponse(std::string_view body, CreateBackupResponse* out) {
  return DecodeAnswer(body, "CreateBackup", [&](StructReader& r) {
    r.ReadStruct(
        "BackupDetails", "BackupDetails",
        [&](StructReader& d) { ReadBackupDetails(d, &out->backup_details); }, true);
  });
}

Status DecodeBackupDescriptionResponse(std::string_view body, BackupDescriptionResponse* out) {
  return DecodeAnswer(body, "BackupDescription", [&](StructReader& r) {
    BackupDescription& b = out->backup_description;
    r.ReadStruct(
        "BackupDescription", "BackupDescription",
        [&](StructReader& d) {
          d.ReadStruct("BackupDetails", "BackupDetails",
                       [&](StructReader& s) { ReadBackupDetails(s, &b.backup_details); });
          d.ReadStruct("SourceTableDetails", "SourceTableDetails", [&](StructReader& s) {
            ReadSourceTableDetails(s, &b.source_table_details);
          });
          d.ReadStruct(
              "SourceTableFeatureDetails", "SourceTableFeatureDetails",
              [&](StructReader& s) { ReadFeatureDetails(s, &b.source_table_feature_details); });
        },
        true);
  });
}

Status DecodeListBackupsResponse(std::string_view body, ListBackupsResponse* out) {
  return DecodeAnswer(body, "ListBackups", [&](StructReader& r) {
    r.ForEachStruct("BackupSummaries", "BackupSummary", [&](StructReader& s) {
      ReadSummary(s, &out->backup_summaries.emplace_back());
    });
    r.OptString("LastEvaluatedBackupArn", &out->last_evaluated_backup_arn);
  });
}

}  // namespace stator::api
