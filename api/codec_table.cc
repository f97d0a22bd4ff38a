#include "api/codec_table.h"

#include "api/json_reader.h"

namespace stator::api {
namespace {

// Enum members: their values and the set as the service prints it in its constraint message.
constexpr EnumEntry<KeyType> kKeyTypes[] = {{"HASH", KeyType::kHash}, {"RANGE", KeyType::kRange}};
constexpr std::string_view kKeyTypeSet = "[HASH, RANGE]";
constexpr EnumEntry<ScalarType> kScalarTypes[] = {
    {"S", ScalarType::kS}, {"N", ScalarType::kN}, {"B", ScalarType::kB}};
constexpr std::string_view kScalarTypeSet = "[B, N, S]";
constexpr EnumEntry<BillingMode> kBillingModes[] = {
    {"PROVISIONED", BillingMode::kProvisioned}, {"PAY_PER_REQUEST", BillingMode::kPayPerRequest}};
constexpr std::string_view kBillingModeSet = "[PROVISIONED, PAY_PER_REQUEST]";
constexpr EnumEntry<ProjectionType> kProjectionTypes[] = {{"ALL", ProjectionType::kAll},
                                                          {"KEYS_ONLY", ProjectionType::kKeysOnly},
                                                          {"INCLUDE", ProjectionType::kInclude}};
constexpr std::string_view kProjectionTypeSet = "[ALL, INCLUDE, KEYS_ONLY]";
constexpr EnumEntry<StreamViewType> kStreamViewTypes[] = {
    {"KEYS_ONLY", StreamViewType::kKeysOnly},
    {"NEW_IMAGE", StreamViewType::kNewImage},
    {"OLD_IMAGE", StreamViewType::kOldImage},
    {"NEW_AND_OLD_IMAGES", StreamViewType::kNewAndOldImages}};
// In the order the service's message lists them (recorded from a live endpoint).
constexpr std::string_view kStreamViewTypeSet =
    "[OLD_IMAGE, KEYS_ONLY, NEW_AND_OLD_IMAGES, NEW_IMAGE]";
constexpr EnumEntry<TableClass> kTableClasses[] = {
    {"STANDARD", TableClass::kStandard},
    {"STANDARD_INFREQUENT_ACCESS", TableClass::kStandardInfrequentAccess}};
constexpr std::string_view kTableClassSet = "[STANDARD, STANDARD_INFREQUENT_ACCESS]";
constexpr EnumEntry<std::string_view> kSseTypes[] = {{"AES256", "AES256"}, {"KMS", "KMS"}};
constexpr std::string_view kSseTypeSet = "[AES256, KMS]";

bool ReadKeySchema(StructReader& r, std::vector<KeySchemaElement>* out, bool required) {
  return r.ForEachStruct(
      "KeySchema", "KeySchemaElement",
      [&](StructReader& e) {
        KeySchemaElement& k = out->emplace_back();
        e.String("AttributeName", &k.attribute_name, true);
        e.Enum("KeyType", kKeyTypes, kKeyTypeSet, &k.key_type, true);
      },
      required);
}

bool ReadAttributeDefinitions(StructReader& r, std::vector<AttributeDefinition>* out,
                              bool required) {
  return r.ForEachStruct(
      "AttributeDefinitions", "AttributeDefinition",
      [&](StructReader& e) {
        AttributeDefinition& d = out->emplace_back();
        e.String("AttributeName", &d.attribute_name, true);
        e.Enum("AttributeType", kScalarTypes, kScalarTypeSet, &d.attribute_type, true);
      },
      required);
}

bool ReadThroughput(StructReader& r, std::optional<ProvisionedThroughput>* out,
                    std::string_view member = "ProvisionedThroughput") {
  return r.ReadStruct(member, "ProvisionedThroughput", [&](StructReader& p) {
    ProvisionedThroughput& t = out->emplace();
    p.Long("ReadCapacityUnits", &t.read_capacity_units, true);
    p.Long("WriteCapacityUnits", &t.write_capacity_units, true);
  });
}

void ReadOnDemandThroughput(StructReader& r, std::optional<OnDemandThroughput>* out) {
  r.ReadStruct("OnDemandThroughput", "OnDemandThroughput", [&](StructReader& o) {
    OnDemandThroughput& t = out->emplace();
    int64_t units = 0;
    if (o.Long("MaxReadRequestUnits", &units)) t.max_read_request_units = units;
    if (o.Long("MaxWriteRequestUnits", &units)) t.max_write_request_units = units;
  });
}

void ReadProjection(StructReader& r, Projection* out) {
  r.ReadStruct(
      "Projection", "Projection",
      [&](StructReader& p) {
        out->type_given =
            p.Enum("ProjectionType", kProjectionTypes, kProjectionTypeSet, &out->projection_type);
        p.StringList("NonKeyAttributes", &out->non_key_attributes);
      },
      true);
}

void ReadIndexes(StructReader& r, CreateTableRequest* out) {
  ReadLocalIndexes(r, "LocalSecondaryIndexes", &out->local_secondary_indexes);
  ReadGlobalIndexes(r, "GlobalSecondaryIndexes", &out->global_secondary_indexes);
}

void ReadIndexUpdate(StructReader& e, UpdateTableRequest* out) {
  GlobalSecondaryIndexUpdate& u = out->global_secondary_index_updates.emplace_back();
  e.ReadStruct("Create", "CreateGlobalSecondaryIndexAction", [&](StructReader& c) {
    GlobalSecondaryIndex& i = u.create.emplace();
    c.String("IndexName", &i.index_name, true);
    ReadKeySchema(c, &i.key_schema, true);
    ReadProjection(c, &i.projection);
    ReadThroughput(c, &i.provisioned_throughput);
    ReadOnDemandThroughput(c, &i.on_demand_throughput);
  });
  e.ReadStruct("Update", "UpdateGlobalSecondaryIndexAction", [&](StructReader& c) {
    GlobalSecondaryIndex& i = u.update.emplace();
    c.String("IndexName", &i.index_name, true);
    ReadThroughput(c, &i.provisioned_throughput);
    ReadOnDemandThroughput(c, &i.on_demand_throughput);
  });
  e.ReadStruct("Delete", "DeleteGlobalSecondaryIndexAction", [&](StructReader& c) {
    c.String("IndexName", &u.delete_index_name.emplace(), true);
  });
}

void ReadStreamAndSse(StructReader& r, std::optional<StreamSpecification>* stream,
                      std::optional<SSESpecification>* sse) {
  r.ReadStruct("StreamSpecification", "StreamSpecification", [&](StructReader& s) {
    StreamSpecification& spec = stream->emplace();
    s.Bool("StreamEnabled", &spec.stream_enabled, true);
    s.OptEnum("StreamViewType", kStreamViewTypes, kStreamViewTypeSet, &spec.stream_view_type);
  });
  ReadSseSpecification(r, "SSESpecification", sse);
}

}  // namespace

bool ReadLocalIndexes(StructReader& r, std::string_view member,
                      std::vector<LocalSecondaryIndex>* out) {
  return r.ForEachStruct(member, "LocalSecondaryIndex", [&](StructReader& e) {
    LocalSecondaryIndex& i = out->emplace_back();
    e.String("IndexName", &i.index_name, true);
    ReadKeySchema(e, &i.key_schema, true);
    ReadProjection(e, &i.projection);
  });
}

bool ReadGlobalIndexes(StructReader& r, std::string_view member,
                       std::vector<GlobalSecondaryIndex>* out) {
  return r.ForEachStruct(member, "GlobalSecondaryIndex", [&](StructReader& e) {
    GlobalSecondaryIndex& i = out->emplace_back();
    e.String("IndexName", &i.index_name, true);
    ReadKeySchema(e, &i.key_schema, true);
    ReadProjection(e, &i.projection);
    ReadThroughput(e, &i.provisioned_throughput);
    ReadOnDemandThroughput(e, &i.on_demand_throughput);
  });
}

bool ReadProvisionedThroughput(StructReader& r, std::string_view member,
                               std::optional<ProvisionedThroughput>* out) {
  return ReadThroughput(r, out, member);
}

bool ReadBillingMode(StructReader& r, std::string_view member, std::optional<BillingMode>* out) {
  return r.OptEnum(member, kBillingModes, kBillingModeSet, out);
}

bool ReadSseSpecification(StructReader& r, std::string_view member,
                          std::optional<SSESpecification>* out) {
  return r.ReadStruct(member, "SSESpecification", [&](StructReader& s) {
    SSESpecification& spec = out->emplace();
    s.OptBool("Enabled", &spec.enabled);
    std::optional<std::string_view> type;
    if (s.OptEnum("SSEType", kSseTypes, kSseTypeSet, &type)) spec.sse_type = std::string(*type);
    s.OptString("KMSMasterKeyId", &spec.kms_master_key_id);
  });
}

Status DecodeCreateTable(simdjson::dom::object body, CreateTableRequest* out) {
  DecodeErrors errors;
  StructReader r(body, "", &errors);
  ReadAttributeDefinitions(r, &out->attribute_definitions, true);
  r.String("TableName", &out->table_name, true);
  ReadKeySchema(r, &out->key_schema, true);
  ReadIndexes(r, out);
  r.OptEnum("BillingMode", kBillingModes, kBillingModeSet, &out->billing_mode);
  ReadThroughput(r, &out->provisioned_throughput);
  ReadOnDemandThroughput(r, &out->on_demand_throughput);
  ReadStreamAndSse(r, &out->stream_specification, &out->sse_specification);
  r.ForEachStruct("Tags", "Tag", [&](StructReader& e) {
    Tag& t = out->tags.emplace_back();
    e.String("Key", &t.key, true);
    e.String("Value", &t.value, true);
  });
  r.OptEnum("TableClass", kTableClasses, kTableClassSet, &out->table_class);
  r.OptBool("DeletionProtectionEnabled", &out->deletion_protection_enabled);
  r.OptString("ResourcePolicy", &out->resource_policy);
  return errors.ToStatus();
}

Status DecodeDescribeTable(simdjson::dom::object body, DescribeTableRequest* out) {
  DecodeErrors errors;
  StructReader(body, "", &errors).String("TableName", &out->table_name, true);
  return errors.ToStatus();
}

Status DecodeDeleteTable(simdjson::dom::object body, DeleteTableRequest* out) {
  DecodeErrors errors;
  StructReader(body, "", &errors).String("TableName", &out->table_name, true);
  return errors.ToStatus();
}

Status DecodeUpdateTable(simdjson::dom::object body, UpdateTableRequest* out) {
  DecodeErrors errors;
  StructReader r(body, "", &errors);
  ReadAttributeDefinitions(r, &out->attribute_definitions, false);
  r.String("TableName", &out->table_name, true);
  r.OptEnum("BillingMode", kBillingModes, kBillingModeSet, &out->billing_mode);
  ReadThroughput(r, &out->provisioned_throughput);
  ReadOnDemandThroughput(r, &out->on_demand_throughput);
  simdjson::dom::array gsi_updates;
  out->has_global_secondary_index_updates = r.Array("GlobalSecondaryIndexUpdates", &gsi_updates);
  r.ForEachStruct("GlobalSecondaryIndexUpdates", "GlobalSecondaryIndexUpdate",
                  [&](StructReader& e) { ReadIndexUpdate(e, out); });
  ReadStreamAndSse(r, &out->stream_specification, &out->sse_specification);
  r.OptEnum("TableClass", kTableClasses, kTableClassSet, &out->table_class);
  r.OptBool("DeletionProtectionEnabled", &out->deletion_protection_enabled);
  return errors.ToStatus();
}

Status DecodeListTables(simdjson::dom::object body, ListTablesRequest* out) {
  DecodeErrors errors;
  StructReader r(body, "", &errors);
  r.OptString("ExclusiveStartTableName", &out->exclusive_start_table_name);
  int64_t limit = 0;
  if (r.Integer("Limit", &limit)) out->limit = limit;
  return errors.ToStatus();
}

void EncodeAttributeDefinitions(const std::vector<AttributeDefinition>& defs, JsonWriter* w) {
  w->BeginArray();
  for (const auto& d : defs) {
    w->BeginObject();
    w->Key("AttributeName");
    w->String(d.attribute_name);
    w->Key("AttributeType");
    w->String(ToString(d.attribute_type));
    w->EndObject();
  }
  w->EndArray();
}

void EncodeOnDemandThroughput(const OnDemandThroughput& t, JsonWriter* w) {
  w->BeginObject();
  if (t.max_read_request_units) {
    w->Key("MaxReadRequestUnits");
    w->Int(*t.max_read_request_units);
  }
  if (t.max_write_request_units) {
    w->Key("MaxWriteRequestUnits");
    w->Int(*t.max_write_request_units);
  }
  w->EndObject();
}

void EncodeKeySchema(const std::vector<KeySchemaElement>& keys, JsonWriter* w) {
  w->BeginArray();
  for (const auto& k : keys) {
    w->BeginObject();
    w->Key("AttributeName");
    w->String(k.attribute_name);
    w->Key("KeyType");
    w->String(ToString(k.key_type));
    w->EndObject();
  }
  w->EndArray();
}

namespace {

void EncodeThroughput(const ProvisionedThroughputDescription& p, JsonWriter* w) {
  w->BeginObject();
  if (p.last_increase_date_time) {
    w->Key("LastIncreaseDateTime");
    w->Double(*p.last_increase_date_time);
  }
  if (p.last_decrease_date_time) {
    w->Key("LastDecreaseDateTime");
    w->Double(*p.last_decrease_date_time);
  }
  w->Key("NumberOfDecreasesToday");
  w->Int(p.number_of_decreases_today);
  w->Key("ReadCapacityUnits");
  w->Int(p.read_capacity_units);
  w->Key("WriteCapacityUnits");
  w->Int(p.write_capacity_units);
  w->EndObject();
}

void EncodeBillingAndClass(const TableDescription& t, JsonWriter* w) {
  w->Key("BillingModeSummary");
  w->BeginObject();
  w->Key("BillingMode");
  w->String(ToString(t.billing_mode));
  if (t.last_update_to_pay_per_request_date_time) {
    w->Key("LastUpdateToPayPerRequestDateTime");
    w->Double(*t.last_update_to_pay_per_request_date_time);
  }
  w->EndObject();
  if (t.table_class_reported) {
    w->Key("TableClassSummary");
    w->BeginObject();
    w->Key("TableClass");
    w->String(ToString(t.table_class));
    w->EndObject();
  }
}

void EncodeOptionalParts(const TableDescription& t, JsonWriter* w) {
  if (t.sse_description) {
    w->Key("SSEDescription");
    w->BeginObject();
    w->Key("Status");
    w->String(t.sse_description->status);
    w->Key("SSEType");
    w->String(t.sse_description->sse_type);
    if (!t.sse_description->kms_master_key_arn.empty()) {
      w->Key("KMSMasterKeyArn");
      w->String(t.sse_description->kms_master_key_arn);
    }
    w->EndObject();
  }
  if (t.stream_specification) {
    w->Key("StreamSpecification");
    w->BeginObject();
    w->Key("StreamEnabled");
    w->Bool(t.stream_specification->stream_enabled);
    if (t.stream_specification->stream_view_type) {
      w->Key("StreamViewType");
      w->String(ToString(*t.stream_specification->stream_view_type));
    }
    w->EndObject();
  }
  // The newest stream's label and ARN, in the service's order; still reported once the stream is
  // disabled, so that its records stay reachable for their retention period.
  if (t.latest_stream_label) {
    w->Key("LatestStreamLabel");
    w->String(*t.latest_stream_label);
  }
  if (t.latest_stream_arn) {
    w->Key("LatestStreamArn");
    w->String(*t.latest_stream_arn);
  }
  if (t.restore_summary) {
    w->Key("RestoreSummary");
    w->BeginObject();
    if (!t.restore_summary->source_backup_arn.empty()) {  // none for a point-in-time restore
      w->Key("SourceBackupArn");
      w->String(t.restore_summary->source_backup_arn);
    }
    w->Key("SourceTableArn");
    w->String(t.restore_summary->source_table_arn);
    w->Key("RestoreDateTime");
    w->Double(t.restore_summary->restore_date_time);
    w->Key("RestoreInProgress");
    w->Bool(t.restore_summary->restore_in_progress);
    w->EndObject();
  }
}

}  // namespace

void EncodeProjection(const Projection& p, JsonWriter* w) {
  w->BeginObject();
  // A request's Projection without a type goes upstream without one, for the service to refuse.
  if (p.type_given) {
    w->Key("ProjectionType");
    w->String(ToString(p.projection_type));
  }
  if (!p.non_key_attributes.empty()) {
    w->Key("NonKeyAttributes");
    w->BeginArray();
    for (const auto& name : p.non_key_attributes) w->String(name);
    w->EndArray();
  }
  w->EndObject();
}

namespace {

void EncodeIndex(const SecondaryIndexDescription& i, JsonWriter* w) {
  w->BeginObject();
  w->Key("IndexName");
  w->String(i.index_name);
  w->Key("KeySchema");
  EncodeKeySchema(i.key_schema, w);
  w->Key("Projection");
  EncodeProjection(i.projection, w);
  if (i.index_status) {
    w->Key("IndexStatus");
    w->String(ToString(*i.index_status));
  }
  if (i.backfilling) {
    w->Key("Backfilling");
    w->Bool(*i.backfilling);
  }
  if (i.provisioned_throughput) {
    w->Key("ProvisionedThroughput");
    EncodeThroughput(*i.provisioned_throughput, w);
  }
  if (i.on_demand_throughput) {
    w->Key("OnDemandThroughput");
    EncodeOnDemandThroughput(*i.on_demand_throughput, w);
  }
  w->Key("IndexSizeBytes");
  w->Int(i.index_size_bytes);
  w->Key("ItemCount");
  w->Int(i.item_count);
  w->Key("IndexArn");
  w->String(i.index_arn);
  w->EndObject();
}

void EncodeIndexes(const TableDescription& t, JsonWriter* w) {
  if (!t.local_secondary_indexes.empty()) {
    w->Key("LocalSecondaryIndexes");
    w->BeginArray();
    for (const auto& i : t.local_secondary_indexes) EncodeIndex(i, w);
    w->EndArray();
  }
  if (!t.global_secondary_indexes.empty()) {
    w->Key("GlobalSecondaryIndexes");
    w->BeginArray();
    for (const auto& i : t.global_secondary_indexes) EncodeIndex(i, w);
    w->EndArray();
  }
}

std::string Wrapped(std::string_view wrapper, const TableDescription& t) {
  JsonWriter w;
  w.BeginObject();
  w.Key(wrapper);
  EncodeTableDescription(t, &w);
  w.EndObject();
  return std::move(w).Take();
}

}  // namespace

void EncodeTableDescription(const TableDescription& t, JsonWriter* w) {
  w->BeginObject();
  w->Key("AttributeDefinitions");
  EncodeAttributeDefinitions(t.attribute_definitions, w);
  w->Key("TableName");
  w->String(t.table_name);
  w->Key("KeySchema");
  EncodeKeySchema(t.key_schema, w);
  w->Key("TableStatus");
  w->String(ToString(t.table_status));
  w->Key("CreationDateTime");
  w->Double(t.creation_date_time);
  w->Key("ProvisionedThroughput");
  EncodeThroughput(t.provisioned_throughput, w);
  w->Key("TableSizeBytes");
  w->Int(t.table_size_bytes);
  w->Key("ItemCount");
  w->Int(t.item_count);
  w->Key("TableArn");
  w->String(t.table_arn);
  w->Key("TableId");
  w->String(t.table_id);
  EncodeBillingAndClass(t, w);
  if (t.on_demand_throughput) {
    w->Key("OnDemandThroughput");
    EncodeOnDemandThroughput(*t.on_demand_throughput, w);
  }
  EncodeIndexes(t, w);
  EncodeOptionalParts(t, w);
  w->Key("DeletionProtectionEnabled");
  w->Bool(t.deletion_protection_enabled);
  w->EndObject();
}

std::string EncodeTableDescriptionResponse(const TableResponse& r) {
  return Wrapped("TableDescription", r.table);
}

std::string EncodeDescribeTableResponse(const TableResponse& r) {
  return Wrapped("Table", r.table);
}

std::string EncodeListTablesResponse(const ListTablesResponse& r) {
  JsonWriter w;
  w.BeginObject();
  if (r.last_evaluated_table_name) {
    w.Key("LastEvaluatedTableName");
    w.String(*r.last_evaluated_table_name);
  }
  w.Key("TableNames");
  w.BeginArray();
  for (const auto& name : r.table_names) w.String(name);
  w.EndArray();
  w.EndObject();
  return std::move(w).Take();
}

}  // namespace stator::api
