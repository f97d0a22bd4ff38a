#include "engine/backups/restore_plan.h"

#include <algorithm>
#include <set>

#include "engine/background/background_task.h"
#include "engine/model/uuid.h"
#include "engine/tables/table_validation.h"

namespace stator::engine {
namespace {

double Seconds(int64_t micros) { return static_cast<double>(micros / 1000) / 1000.0; }

// The CreateTable request the restored table answers to: the source table with the overrides.
CreateTableRequest RequestFor(std::string_view target_table_name, const RestoreOverrides& r,
                              const TableMeta& source_meta) {
  const TableDescription& source = source_meta.description;
  CreateTableRequest out;
  out.table_name = std::string(target_table_name);
  out.key_schema = source.key_schema;
  if (r.local_secondary_index_override) {
    out.local_secondary_indexes = *r.local_secondary_index_override;
  }
  if (r.global_secondary_index_override) {
    out.global_secondary_indexes = *r.global_secondary_index_override;
  }
  for (const IndexDef& index : source_meta.indexes) {
    if (index.local && !r.local_secondary_index_override) {
      out.local_secondary_indexes.push_back(
          {index.name, IndexKeySchema(index.key), index.projection});
    } else if (!index.local && !r.global_secondary_index_override) {
      out.global_secondary_indexes.push_back({index.name, IndexKeySchema(index.key),
                                              index.projection, index.throughput,
                                              index.on_demand_throughput});
    }
  }
  out.billing_mode = r.billing_mode_override.value_or(source.billing_mode);
  if (*out.billing_mode == BillingMode::kProvisioned && !r.global_secondary_index_override) {
    // An on-demand maximum applies to on-demand mode only.
    for (GlobalSecondaryIndex& gsi : out.global_secondary_indexes) gsi.on_demand_throughput.reset();
  }
  if (*out.billing_mode == BillingMode::kProvisioned) {
    out.provisioned_throughput = r.provisioned_throughput_override.value_or(
        ProvisionedThroughput{source.provisioned_throughput.read_capacity_units,
                              source.provisioned_throughput.write_capacity_units});
  } else if (r.provisioned_throughput_override) {
    out.provisioned_throughput = r.provisioned_throughput_override;  // refused by the check
  }
  // Only the definitions some key still uses: an index override may have dropped an index, and
  // CreateTable refuses a definition no key uses.
  std::set<std::string, std::less<>> used;
  for (const auto& k : out.key_schema) used.insert(k.attribute_name);
  for (const auto& lsi : out.local_secondary_indexes) {
    for (const auto& k : lsi.key_schema) used.insert(k.attribute_name);
  }
  for (const auto& gsi : out.global_secondary_indexes) {
    for (const auto& k : gsi.key_schema) used.insert(k.attribute_name);
  }
  for (const auto& a : source.attribute_definitions) {
    if (used.count(a.attribute_name) != 0) out.attribute_definitions.push_back(a);
  }
  return out;
}

std::optional<SSEDescription> SseFor(const CallOptions& call, const RestoreOverrides& r,
                                     const TableDescription& source) {
  if (!r.sse_specification_override) return source.sse_description;
  const SSESpecification& sse = *r.sse_specification_override;
  if (!sse.enabled.value_or(false)) return std::nullopt;
  return SSEDescription{"ENABLED", "KMS",
                        sse.kms_master_key_id.value_or("arn:aws:kms:" + call.region + ":" +
                                                       call.account_id + ":key/" + NewUuid())};
}

}  // namespace

std::vector<KeySchemaElement> IndexKeySchema(const KeySchema& key) {
  std::vector<KeySchemaElement> out{{key.hash.name, KeyType::kHash}};
  for (const KeyAttribute& k : key.more_hash) out.push_back({k.name, KeyType::kHash});
  if (key.range) out.push_back({key.range->name, KeyType::kRange});
  for (const KeyAttribute& k : key.more_range) out.push_back({k.name, KeyType::kRange});
  return out;
}

Status PlanRestoredTable(const CallOptions& call, std::string_view target_table_name,
                         const RestoreOverrides& r, const TableMeta& source_meta,
                         RestoreSummary summary, int64_t now_micros, KeySchema* key,
                         TableMeta* meta) {
  const CreateTableRequest request = RequestFor(target_table_name, r, source_meta);
  std::vector<IndexDef> indexes;
  STATOR_RETURN_IF_ERROR(CheckCreateTable(request, key, &indexes));
  const TableDescription& source = source_meta.description;
  meta->tenant = call.tenant;
  meta->indexes = std::move(indexes);
  TableDescription& d = meta->description;
  d.table_name = request.table_name;
  d.table_arn =
      "arn:aws:dynamodb:" + call.region + ":" + call.account_id + ":table/" + request.table_name;
  d.table_id = NewUuid();
  d.creation_date_time = Seconds(now_micros);
  d.attribute_definitions = request.attribute_definitions;
  d.key_schema = request.key_schema;
  d.billing_mode = *request.billing_mode;
  if (d.billing_mode == BillingMode::kPayPerRequest) {
    d.last_update_to_pay_per_request_date_time = d.creation_date_time;
  } else {
    d.provisioned_throughput.read_capacity_units =
        request.provisioned_throughput->read_capacity_units;
    d.provisioned_throughput.write_capacity_units =
        request.provisioned_throughput->write_capacity_units;
  }
  d.sse_description = SseFor(call, r, source);
  d.table_class = source.table_class;
  d.table_class_reported = source.table_class_reported;
  summary.restore_in_progress = true;
  d.restore_summary = std::move(summary);
  // CREATING until the restore task makes it ACTIVE (table_restore.h), however long that takes.
  meta->transient_status = TableStatus::kCreating;
  meta->transient_until_micros = NextRun::kNever;
  return Status::OK();
}

}  // namespace stator::engine
