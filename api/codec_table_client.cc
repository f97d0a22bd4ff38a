#include "api/codec_table_client.h"

#include "api/codec_item_client.h"
#include "api/codec_misc.h"
#include "api/codec_table.h"

namespace stator::api {
namespace {

void WriteAttributeDefinitions(const std::vector<AttributeDefinition>& defs, JsonWriter* w) {
  w->Key("AttributeDefinitions");
  EncodeAttributeDefinitions(defs, w);
}

void WriteOnDemand(const OnDemandThroughput& t, JsonWriter* w) {
  w->Key("OnDemandThroughput");
  EncodeOnDemandThroughput(t, w);
}

void WriteIndex(const GlobalSecondaryIndex& i, bool keys, JsonWriter* w) {
  w->BeginObject();
  w->Key("IndexName");
  w->String(i.index_name);
  if (keys) {
    w->Key("KeySchema");
    EncodeKeySchema(i.key_schema, w);
    w->Key("Projection");
    EncodeProjection(i.projection, w);
  }
  if (i.provisioned_throughput) {
    WriteProvisionedThroughput("ProvisionedThroughput", *i.provisioned_throughput, w);
  }
  if (i.on_demand_throughput) WriteOnDemand(*i.on_demand_throughput, w);
  w->EndObject();
}

void WriteStreamAndSse(const std::optional<StreamSpecification>& stream,
                       const std::optional<SSESpecification>& sse, JsonWriter* w) {
  if (stream) {
    w->Key("StreamSpecification");
    w->BeginObject();
    w->Key("StreamEnabled");
    w->Bool(stream->stream_enabled);
    if (stream->stream_view_type) {
      w->Key("StreamViewType");
      w->String(ToString(*stream->stream_view_type));
    }
    w->EndObject();
  }
  if (sse) WriteSseSpecification("SSESpecification", *sse, w);
}

void ReadThroughputDescription(StructReader& p, ProvisionedThroughputDescription* t) {
  ReadOptDouble(p, "LastIncreaseDateTime", &t->last_increase_date_time);
  ReadOptDouble(p, "LastDecreaseDateTime", &t->last_decrease_date_time);
  p.Long("NumberOfDecreasesToday", &t->number_of_decreases_today);
  p.Long("ReadCapacityUnits", &t->read_capacity_units);
  p.Long("WriteCapacityUnits", &t->write_capacity_units);
}

// A table's or an index's OnDemandThroughput, when the answer has one.
void ReadOnDemand(StructReader& r, std::optional<OnDemandThroughput>* out) {
  r.ReadStruct("OnDemandThroughput", "OnDemandThroughput", [&](StructReader& o) {
    OnDemandThroughput& d = out->emplace();
    int64_t units = 0;
    if (o.Long("MaxReadRequestUnits", &units)) d.max_read_request_units = units;
    if (o.Long("MaxWriteRequestUnits", &units)) d.max_write_request_units = units;
  });
}

void ReadIndexes(StructReader& r, std::string_view member,
                 std::vector<SecondaryIndexDescription>* out) {
  r.ForEachStruct(member, "IndexDescription", [&](StructReader& e) {
    SecondaryIndexDescription& i = out->emplace_back();
    e.String("IndexName", &i.index_name);
    ReadKeySchema(e, &i.key_schema);
    e.ReadStruct("Projection", "Projection", [&](StructReader& p) {
      ReadEnum(p, "ProjectionType", 3, &i.projection.projection_type);
      p.StringList("NonKeyAttributes", &i.projection.non_key_attributes);
    });
    std::string status;
    IndexStatus s{};
    if (e.String("IndexStatus", &status) && ParseEnum(status, 4, &s)) i.index_status = s;
    e.OptBool("Backfilling", &i.backfilling);
    e.ReadStruct("ProvisionedThroughput", "ProvisionedThroughputDescription", [&](StructReader& p) {
      ReadThroughputDescription(p, &i.provisioned_throughput.emplace());
    });
    ReadOnDemand(e, &i.on_demand_throughput);
    e.Long("IndexSizeBytes", &i.index_size_bytes);
    e.Long("ItemCount", &i.item_count);
    e.String("IndexArn", &i.index_arn);
  });
}

void ReadOptionalParts(StructReader& r, TableDescription* t) {
  ReadOnDemand(r, &t->on_demand_throughput);
  ReadSseDescription(r, "SSEDescription", &t->sse_description);
  ReadStreamSpecification(r, "StreamSpecification", &t->stream_specification);
  r.OptString("LatestStreamLabel", &t->latest_stream_label);
  r.OptString("LatestStreamArn", &t->latest_stream_arn);
  r.ReadStruct("RestoreSummary", "RestoreSummary", [&](StructReader& s) {
    RestoreSummary& d = t->restore_summary.emplace();
    s.String("SourceBackupArn", &d.source_backup_arn);
    s.String("SourceTableArn", &d.source_table_arn);
    ReadDouble(s, "RestoreDateTime", &d.restore_date_time);
    s.Bool("RestoreInProgress", &d.restore_in_progress);
  });
}

void ReadTableDescription(StructReader& r, TableDescription* t) {
  r.ForEachStruct("AttributeDefinitions", "AttributeDefinition", [&](StructReader& e) {
    AttributeDefinition& d = t->attribute_definitions.emplace_back();
    e.String("AttributeName", &d.attribute_name);
    ReadEnum(e, "AttributeType", 3, &d.attribute_type);
  });
  r.String("TableName", &t->table_name);
  ReadKeySchema(r, &t->key_schema);
  ReadEnum(r, "TableStatus", 7, &t->table_status);
  ReadDouble(r, "CreationDateTime", &t->creation_date_time);
  r.ReadStruct("ProvisionedThroughput", "ProvisionedThroughputDescription",
               [&](StructReader& p) { ReadThroughputDescription(p, &t->provisioned_throughput); });
  r.Long("TableSizeBytes", &t->table_size_bytes);
  r.Long("ItemCount", &t->item_count);
  r.String("TableArn", &t->table_arn);
  r.String("TableId", &t->table_id);
  r.ReadStruct("BillingModeSummary", "BillingModeSummary", [&](StructReader& b) {
    ReadEnum(b, "BillingMode", 2, &t->billing_mode);
    ReadOptDouble(b, "LastUpdateToPayPerRequestDateTime",
                  &t->last_update_to_pay_per_request_date_time);
  });
  t->table_class_reported =
      r.ReadStruct("TableClassSummary", "TableClassSummary",
                   [&](StructReader& c) { ReadEnum(c, "TableClass", 2, &t->table_class); });
  ReadIndexes(r, "LocalSecondaryIndexes", &t->local_secondary_indexes);
  ReadIndexes(r, "GlobalSecondaryIndexes", &t->global_secondary_indexes);
  ReadOptionalParts(r, t);
  r.Bool("DeletionProtectionEnabled", &t->deletion_protection_enabled);
}

}  // namespace

void WriteProvisionedThroughput(std::string_view key, const ProvisionedThroughput& t,
                                JsonWriter* w) {
  w->Key(key);
  w->BeginObject();
  w->Key("ReadCapacityUnits");
  w->Int(t.read_capacity_units);
  w->Key("WriteCapacityUnits");
  w->Int(t.write_capacity_units);
  w->EndObject();
}

void WriteLocalIndexes(std::string_view key, const std::vector<LocalSecondaryIndex>& indexes,
                       JsonWriter* w) {
  w->Key(key);
  w->BeginArray();
  for (const auto& i : indexes) {
    WriteIndex(
        GlobalSecondaryIndex{i.index_name, i.key_schema, i.projection, std::nullopt, std::nullopt},
        true, w);
  }
  w->EndArray();
}

void WriteGlobalIndexes(std::string_view key, const std::vector<GlobalSecondaryIndex>& indexes,
                        JsonWriter* w) {
  w->Key(key);
  w->BeginArray();
  for (const auto& i : indexes) WriteIndex(i, true, w);
  w->EndArray();
}

void WriteSseSpecification(std::string_view key, const SSESpecification& sse, JsonWriter* w) {
  w->Key(key);
  w->BeginObject();
  if (sse.enabled) {
    w->Key("Enabled");
    w->Bool(*sse.enabled);
  }
  WriteOptString("SSEType", sse.sse_type, w);
  WriteOptString("KMSMasterKeyId", sse.kms_master_key_id, w);
  w->EndObject();
}

void ReadKeySchema(StructReader& r, std::vector<KeySchemaElement>* out) {
  r.ForEachStruct("KeySchema", "KeySchemaElement", [&](StructReader& e) {
    KeySchemaElement& k = out->emplace_back();
    e.String("AttributeName", &k.attribute_name);
    ReadEnum(e, "KeyType", 2, &k.key_type);
  });
}

void ReadSseDescription(StructReader& r, std::string_view member,
                        std::optional<SSEDescription>* out) {
  r.ReadStruct(member, "SSEDescription", [&](StructReader& s) {
    SSEDescription& d = out->emplace();
    s.String("Status", &d.status);
    s.String("SSEType", &d.sse_type);
    s.String("KMSMasterKeyArn", &d.kms_master_key_arn);
  });
}

void ReadStreamSpecification(StructReader& r, std::string_view member,
                             std::optional<StreamSpecification>* out) {
  r.ReadStruct(member, "StreamSpecification", [&](StructReader& s) {
    StreamSpecification& spec = out->emplace();
    s.Bool("StreamEnabled", &spec.stream_enabled);
    std::string view;
    StreamViewType v{};
    if (s.String("StreamViewType", &view) && ParseEnum(view, 4, &v)) spec.stream_view_type = v;
  });
}

std::string EncodeCreateTableRequest(const CreateTableRequest& r) {
  JsonWriter w;
  w.BeginObject();
  w.Key("TableName");
  w.String(r.table_name);
  WriteAttributeDefinitions(r.attribute_definitions, &w);
  w.Key("KeySchema");
  EncodeKeySchema(r.key_schema, &w);
  if (!r.local_secondary_indexes.empty()) {
    WriteLocalIndexes("LocalSecondaryIndexes", r.local_secondary_indexes, &w);
  }
  if (!r.global_secondary_indexes.empty()) {
    WriteGlobalIndexes("GlobalSecondaryIndexes", r.global_secondary_indexes, &w);
  }
  if (r.billing_mode) {
    w.Key("BillingMode");
    w.String(ToString(*r.billing_mode));
  }
  if (r.provisioned_throughput)
    WriteProvisionedThroughput("ProvisionedThroughput", *r.provisioned_throughput, &w);
  if (r.on_demand_throughput) WriteOnDemand(*r.on_demand_throughput, &w);
  WriteStreamAndSse(r.stream_specification, r.sse_specification, &w);
  if (!r.tags.empty()) WriteTags(r.tags, &w);
  if (r.table_class) {
    w.Key("TableClass");
    w.String(ToString(*r.table_class));
  }
  if (r.deletion_protection_enabled) {
    w.Key("DeletionProtectionEnabled");
    w.Bool(*r.deletion_protection_enabled);
  }
  WriteOptString("ResourcePolicy", r.resource_policy, &w);
  w.EndObject();
  return std::move(w).Take();
}

std::string EncodeUpdateTableRequest(const UpdateTableRequest& r) {
  JsonWriter w;
  w.BeginObject();
  w.Key("TableName");
  w.String(r.table_name);
  if (!r.attribute_definitions.empty()) WriteAttributeDefinitions(r.attribute_definitions, &w);
  if (r.billing_mode) {
    w.Key("BillingMode");
    w.String(ToString(*r.billing_mode));
  }
  if (r.provisioned_throughput)
    WriteProvisionedThroughput("ProvisionedThroughput", *r.provisioned_throughput, &w);
  if (r.on_demand_throughput) WriteOnDemand(*r.on_demand_throughput, &w);
  if (r.deletion_protection_enabled) {
    w.Key("DeletionProtectionEnabled");
    w.Bool(*r.deletion_protection_enabled);
  }
  if (r.table_class) {
    w.Key("TableClass");
    w.String(ToString(*r.table_class));
  }
  WriteStreamAndSse(r.stream_specification, r.sse_specification, &w);
  if (r.has_global_secondary_index_updates) {
    w.Key("GlobalSecondaryIndexUpdates");
    w.BeginArray();
    for (const auto& u : r.global_secondary_index_updates) {
      w.BeginObject();
      if (u.create) {
        w.Key("Create");
        WriteIndex(*u.create, true, &w);
      } else if (u.update) {
        w.Key("Update");
        WriteIndex(*u.update, false, &w);
      } else if (u.delete_index_name) {
        w.Key("Delete");
        w.BeginObject();
        w.Key("IndexName");
        w.String(*u.delete_index_name);
        w.EndObject();
      }
      w.EndObject();
    }
    w.EndArray();
  }
  w.EndObject();
  return std::move(w).Take();
}

std::string EncodeTableNameRequest(std::string_view table_name) {
  JsonWriter w;
  w.BeginObject();
  w.Key("TableName");
  w.String(table_name);
  w.EndObject();
  return std::move(w).Take();
}

std::string EncodeListTablesRequest(const ListTablesRequest& r) {
  JsonWriter w;
  w.BeginObject();
  WriteOptString("ExclusiveStartTableName", r.exclusive_start_table_name, &w);
  if (r.limit) {
    w.Key("Limit");
    w.Int(*r.limit);
  }
  w.EndObject();
  return std::move(w).Take();
}

Status DecodeTableResponse(std::string_view body, std::string_view wrapper, TableResponse* out) {
  simdjson::dom::object o;
  STATOR_RETURN_IF_ERROR(ParseAnswer(body, &o));
  DecodeErrors errors;
  StructReader r(o, "", &errors);
  r.ReadStruct(
      wrapper, "TableDescription", [&](StructReader& t) { ReadTableDescription(t, &out->table); },
      true);
  return AnswerStatus(errors, wrapper);
}

Status DecodeListTablesResponse(std::string_view body, ListTablesResponse* out) {
  simdjson::dom::object o;
  STATOR_RETURN_IF_ERROR(ParseAnswer(body, &o));
  DecodeErrors errors;
  StructReader r(o, "", &errors);
  r.StringList("TableNames", &out->table_names);
  r.OptString("LastEvaluatedTableName", &out->last_evaluated_table_name);
  return AnswerStatus(errors, "ListTables");
}

}  // namespace stator::api
