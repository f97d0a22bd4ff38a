#include "api/codec_backups.h"

#include "api/codec_table.h"
#include "api/json_reader.h"
#include "api/json_writer.h"

namespace stator::api {
namespace {

// A timestamp member: epoch seconds, as the SDKs send them in the JSON protocol.
void ReadTime(StructReader& r, std::string_view name, std::optional<double>* out) {
  auto v = r.Member(name);
  if (!v) return;
  double seconds = 0;
  if (v->get_double().get(seconds) != simdjson::SUCCESS) {
    r.errors()->Serialization("class java.lang.String can not be converted to an Date");
    return;
  }
  *out = seconds;
}

void EncodeBackupDetails(const BackupDetails& d, JsonWriter* w) {
  w->BeginObject();
  w->Key("BackupArn");
  w->String(d.backup_arn);
  w->Key("BackupName");
  w->String(d.backup_name);
  w->Key("BackupSizeBytes");
  w->Int(d.backup_size_bytes);
  w->Key("BackupStatus");
  w->String(ToString(d.backup_status));
  w->Key("BackupType");
  w->String(ToString(d.backup_type));
  w->Key("BackupCreationDateTime");
  w->Double(d.backup_creation_date_time);
  w->EndObject();
}

void EncodeThroughput(const ProvisionedThroughput& t, JsonWriter* w) {
  w->BeginObject();
  w->Key("ReadCapacityUnits");
  w->Int(t.read_capacity_units);
  w->Key("WriteCapacityUnits");
  w->Int(t.write_capacity_units);
  w->EndObject();
}

void EncodeSourceTableDetails(const SourceTableDetails& s, JsonWriter* w) {
  w->BeginObject();
  w->Key("TableName");
  w->String(s.table_name);
  w->Key("TableId");
  w->String(s.table_id);
  w->Key("TableArn");
  w->String(s.table_arn);
  w->Key("TableSizeBytes");
  w->Int(s.table_size_bytes);
  w->Key("KeySchema");
  EncodeKeySchema(s.key_schema, w);
  w->Key("TableCreationDateTime");
  w->Double(s.table_creation_date_time);
  w->Key("ProvisionedThroughput");
  EncodeThroughput(s.provisioned_throughput, w);
  w->Key("ItemCount");
  w->Int(s.item_count);
  w->Key("BillingMode");
  w->String(ToString(s.billing_mode));
  w->EndObject();
}

void EncodeIndexInfo(std::string_view name, const std::vector<KeySchemaElement>& key,
                     const Projection& projection, JsonWriter* w) {
  w->Key("IndexName");
  w->String(name);
  w->Key("KeySchema");
  EncodeKeySchema(key, w);
  w->Key("Projection");
  EncodeProjection(projection, w);
}

void EncodeFeatureDetails(const SourceTableFeatureDetails& f, JsonWriter* w) {
  w->BeginObject();
  if (!f.local_secondary_indexes.empty()) {
    w->Key("LocalSecondaryIndexes");
    w->BeginArray();
    for (const auto& i : f.local_secondary_indexes) {
      w->BeginObject();
      EncodeIndexInfo(i.index_name, i.key_schema, i.projection, w);
      w->EndObject();
    }
    w->EndArray();
  }
  if (!f.global_secondary_indexes.empty()) {
    w->Key("GlobalSecondaryIndexes");
    w->BeginArray();
    for (const auto& i : f.global_secondary_indexes) {
      w->BeginObject();
      EncodeIndexInfo(i.index_name, i.key_schema, i.projection, w);
      if (i.provisioned_throughput) {
        w->Key("ProvisionedThroughput");
        EncodeThroughput(*i.provisioned_throughput, w);
      }
      w->EndObject();
    }
    w->EndArray();
  }
  if (f.stream_description) {
    w->Key("StreamDescription");
    w->BeginObject();
    w->Key("StreamEnabled");
    w->Bool(f.stream_description->stream_enabled);
    if (f.stream_description->stream_view_type) {
      w->Key("StreamViewType");
      w->String(ToString(*f.stream_description->stream_view_type));
    }
    w->EndObject();
  }
  if (f.sse_description) {
    w->Key("SSEDescription");
    w->BeginObject();
    w->Key("Status");
    w->String(f.sse_description->status);
    w->Key("SSEType");
    w->String(f.sse_description->sse_type);
    if (!f.sse_description->kms_master_key_arn.empty()) {
      w->Key("KMSMasterKeyArn");
      w->String(f.sse_description->kms_master_key_arn);
    }
    w->EndObject();
  }
  w->EndObject();
}

void EncodeSummary(const BackupSummary& s, JsonWriter* w) {
  w->BeginObject();
  w->Key("TableName");
  w->String(s.table_name);
  w->Key("TableId");
  w->String(s.table_id);
  w->Key("TableArn");
  w->String(s.table_arn);
  w->Key("BackupArn");
  w->String(s.backup_arn);
  w->Key("BackupName");
  w->String(s.backup_name);
  w->Key("BackupCreationDateTime");
  w->Double(s.backup_creation_date_time);
  w->Key("BackupStatus");
  w->String(ToString(s.backup_status));
  w->Key("BackupType");
  w->String(ToString(s.backup_type));
  w->Key("BackupSizeBytes");
  w->Int(s.backup_size_bytes);
  w->EndObject();
}

}  // namespace

Status DecodeCreateBackup(simdjson::dom::object body, CreateBackupRequest* out) {
  DecodeErrors errors;
  StructReader r(body, "", &errors);
  r.String("TableName", &out->table_name, true);
  r.String("BackupName", &out->backup_name, true);
  return errors.ToStatus();
}

Status DecodeBackupArnRequest(simdjson::dom::object body, BackupArnRequest* out) {
  DecodeErrors errors;
  StructReader r(body, "", &errors);
  r.String("BackupArn", &out->backup_arn, true);
  return errors.ToStatus();
}

Status DecodeListBackups(simdjson::dom::object body, ListBackupsRequest* out) {
  DecodeErrors errors;
  StructReader r(body, "", &errors);
  r.OptString("TableName", &out->table_name);
  int64_t limit = 0;
  if (r.Integer("Limit", &limit)) out->limit = limit;
  ReadTime(r, "TimeRangeLowerBound", &out->time_range_lower_bound);
  ReadTime(r, "TimeRangeUpperBound", &out->time_range_upper_bound);
  r.OptString("ExclusiveStartBackupArn", &out->exclusive_start_backup_arn);
  r.OptEnum("BackupType", kBackupTypeFilters, kBackupTypeFilterSet, &out->backup_type);
  return errors.ToStatus();
}

// The members RestoreTableFromBackup and RestoreTableToPointInTime share.
void ReadRestoreOverrides(StructReader& r, RestoreOverrides* out) {
  ReadBillingMode(r, "BillingModeOverride", &out->billing_mode_override);
  std::vector<GlobalSecondaryIndex> gsis;
  if (ReadGlobalIndexes(r, "GlobalSecondaryIndexOverride", &gsis)) {
    out->global_secondary_index_override = std::move(gsis);
  }
  std::vector<LocalSecondaryIndex> lsis;
  if (ReadLocalIndexes(r, "LocalSecondaryIndexOverride", &lsis)) {
    out->local_secondary_index_override = std::move(lsis);
  }
  ReadProvisionedThroughput(r, "ProvisionedThroughputOverride",
                            &out->provisioned_throughput_override);
  ReadSseSpecification(r, "SSESpecificationOverride", &out->sse_specification_override);
}

Status DecodeRestoreTableFromBackup(simdjson::dom::object body,
                                    RestoreTableFromBackupRequest* out) {
  DecodeErrors errors;
  StructReader r(body, "", &errors);
  r.String("TargetTableName", &out->target_table_name, true);
  r.String("BackupArn", &out->backup_arn, true);
  ReadRestoreOverrides(r, out);
  return errors.ToStatus();
}

Status DecodeUpdateContinuousBackups(simdjson::dom::object body,
                                     UpdateContinuousBackupsRequest* out) {
  DecodeErrors errors;
  StructReader r(body, "", &errors);
  r.String("TableName", &out->table_name, true);
  r.ReadStruct(
      "PointInTimeRecoverySpecification", "PointInTimeRecoverySpecification",
      [&](StructReader& s) {
        s.Bool("PointInTimeRecoveryEnabled", &out->point_in_time_recovery_enabled, true);
        int64_t days = 0;
        if (s.Integer("RecoveryPeriodInDays", &days)) out->recovery_period_in_days = days;
      },
      true);
  return errors.ToStatus();
}

Status DecodeRestoreTableToPointInTime(simdjson::dom::object body,
                                       RestoreTableToPointInTimeRequest* out) {
  DecodeErrors errors;
  StructReader r(body, "", &errors);
  r.OptString("SourceTableArn", &out->source_table_arn);
  r.OptString("SourceTableName", &out->source_table_name);
  r.String("TargetTableName", &out->target_table_name, true);
  r.Bool("UseLatestRestorableTime", &out->use_latest_restorable_time);
  ReadTime(r, "RestoreDateTime", &out->restore_date_time);
  ReadRestoreOverrides(r, out);
  return errors.ToStatus();
}

std::string EncodeCreateBackupResponse(const CreateBackupResponse& r) {
  JsonWriter w;
  w.BeginObject();
  w.Key("BackupDetails");
  EncodeBackupDetails(r.backup_details, &w);
  w.EndObject();
  return std::move(w).Take();
}

std::string EncodeBackupDescriptionResponse(const BackupDescriptionResponse& r) {
  const BackupDescription& d = r.backup_description;
  JsonWriter w;
  w.BeginObject();
  w.Key("BackupDescription");
  w.BeginObject();
  w.Key("BackupDetails");
  EncodeBackupDetails(d.backup_details, &w);
  w.Key("SourceTableDetails");
  EncodeSourceTableDetails(d.source_table_details, &w);
  w.Key("SourceTableFeatureDetails");
  EncodeFeatureDetails(d.source_table_feature_details, &w);
  w.EndObject();
  w.EndObject();
  return std::move(w).Take();
}

std::string EncodeListBackupsResponse(const ListBackupsResponse& r) {
  JsonWriter w;
  w.BeginObject();
  w.Key("BackupSummaries");
  w.BeginArray();
  for (const auto& s : r.backup_summaries) EncodeSummary(s, &w);
  w.EndArray();
  if (r.last_evaluated_backup_arn) {
    w.Key("LastEvaluatedBackupArn");
    w.String(*r.last_evaluated_backup_arn);
  }
  w.EndObject();
  return std::move(w).Take();
}

}  // namespace stator::api
