// The control plane: opening the engine (Database::Open, which may put the cache in front of it,
// is in cache/open.cc), and CreateTable, DescribeTable, UpdateTable,
// DeleteTable, ListTables.
#include <algorithm>

#include "engine/engine_database.h"
#include "engine/indexes/index_backfill.h"
#include "engine/indexes/index_status.h"
#include "engine/model/uuid.h"
#include "engine/model/validation_errors.h"
#include "engine/storage/storage_health.h"
#include "engine/tables/table_validation.h"
#include "engine/tables/tag_validation.h"
#include "engine/tables/throughput_quotas.h"
#include "engine/ttl/ttl_sweeper.h"

namespace stator::engine {
namespace {

constexpr size_t kMaxTagsPerResource = 50;

double Seconds(int64_t micros) { return static_cast<double>(micros / 1000) / 1000.0; }

std::string TableArn(const CallOptions& call, std::string_view name) {
  return "arn:aws:dynamodb:" + call.region + ":" + call.account_id + ":table/" + std::string(name);
}

Status NotFoundTable(std::string_view name) {
  return Status::NotFound("Requested resource not found: Table: " + std::string(name) +
                          " not found");
}

TableDescription NewDescription(const CallOptions& call, const CreateTableRequest& r,
                                int64_t now) {
  TableDescription d;
  d.table_name = std::string(TableNameOf(r.table_name));
  d.table_arn = TableArn(call, d.table_name);
  d.table_id = NewUuid();
  d.creation_date_time = Seconds(now);
  d.attribute_definitions = r.attribute_definitions;
  d.key_schema = r.key_schema;
  d.billing_mode = r.billing_mode.value_or(BillingMode::kProvisioned);
  if (d.billing_mode == BillingMode::kPayPerRequest) {
    d.last_update_to_pay_per_request_date_time = d.creation_date_time;
  } else {
    d.provisioned_throughput.read_capacity_units = r.provisioned_throughput->read_capacity_units;
    d.provisioned_throughput.write_capacity_units = r.provisioned_throughput->write_capacity_units;
  }
  if (r.sse_specification && r.sse_specification->enabled.value_or(false)) {
    d.sse_description = SSEDescription{
        "ENABLED", "KMS",
        r.sse_specification->kms_master_key_id.value_or(
            "arn:aws:kms:" + call.region + ":" + call.account_id + ":key/" + NewUuid())};
  }
  if (r.table_class) {
    d.table_class = *r.table_class;
    d.table_class_reported = true;
  }
  d.deletion_protection_enabled = r.deletion_protection_enabled.value_or(false);
  if (r.on_demand_throughput) {
    d.on_demand_throughput = MergeOnDemandThroughput(std::nullopt, *r.on_demand_throughput);
  }
  return d;
}

// In KeySchema order: every HASH attribute, then every RANGE attribute, as the service
// describes a multi-attribute key.
std::vector<KeySchemaElement> KeySchemaOf(const KeySchema& key) {
  std::vector<KeySchemaElement> out{{key.hash.name, KeyType::kHash}};
  for (const KeyAttribute& k : key.more_hash) out.push_back({k.name, KeyType::kHash});
  if (key.range) out.push_back({key.range->name, KeyType::kRange});
  for (const KeyAttribute& k : key.more_range) out.push_back({k.name, KeyType::kRange});
  return out;
}

// The index descriptions of a table: a GSI is CREATING while its table is, or while it is being
// backfilled. Sizes and counts come from the statistics the write path keeps per index.
Status DescribeIndexes(const std::vector<IndexDef>& indexes, const Storage& storage, int64_t now,
                       TableDescription* d) {
  for (const IndexDef& index : indexes) {
    SecondaryIndexDescription out;
    out.index_name = index.name;
    out.key_schema = KeySchemaOf(index.key);
    out.projection = index.projection;
    out.index_arn = d->table_arn + "/index/" + index.name;
    STATOR_RETURN_IF_ERROR(
        storage.GetStats(StatsKey(index.id), &out.item_count, &out.index_size_bytes));
    if (index.local) {
      d->local_secondary_indexes.push_back(std::move(out));
      continue;
    }
    const bool creating = index.backfilling || d->table_status == TableStatus::kCreating;
    out.index_status = creating ? IndexStatus::kCreating : IndexStatus::kActive;
    if (index.backfilling) out.backfilling = true;
    DescribeGsiThroughput(index, now, &out);
    d->global_secondary_indexes.push_back(std::move(out));
  }
  return Status::OK();
}

}  // namespace

namespace {

// The change feed's subscribers: the caller's, then the consumers' waker when there are
// mappings (without them writes need not build change records for it).
std::vector<std::shared_ptr<ChangeSubscriber>> SubscribersOf(const Options& options,
                                                             const ConsumerSet& consumers) {
  auto out = options.change_subscribers;
  if (!options.event_source_mappings.empty()) out.push_back(consumers.waker());
  return out;
}

}  // namespace

EngineDatabase::EngineDatabase(const Options& options, std::unique_ptr<Storage> storage)
    : options_(options),
      storage_(std::move(storage)),
      catalog_(*storage_, *options_.clock),
      access_(catalog_, *options_.clock, options_.admission, options_.throttling),
      items_(*storage_, SubscribersOf(options_, consumers_), options_.old_item_source),
      streams_(*storage_, *options_.clock,
               {options_.stream_retention_ms * 1000, options_.stream_shard_rollover_ms * 1000}),
      backups_(*storage_),
      scheduler_(*options_.clock) {}

void EngineDatabase::TableChanged(const Table& table) const { items_.feed().TableChanged(table); }

EngineDatabase::~EngineDatabase() {
  consumers_.Stop();
  // The storage outlives the scheduler: a failure it hears of from now on wakes nothing.
  storage_->health().OnFault(nullptr);
  scheduler_.Stop();
}

Result<std::unique_ptr<Database>> EngineDatabase::Open(const Options& given) {
  auto mappings = ConsumerSet::Prepare(given.event_source_mappings);
  if (!mappings.ok()) return mappings.status();
  Options options = given;
  options.event_source_mappings = std::move(mappings).value();
  auto storage = Storage::Open({options.data_dir, options.in_memory, options.sync,
                                StorageBudgetFor(options.cache.size_bytes),
                                options.low_priority_background_work});
  if (!storage.ok()) return storage.status();
  std::unique_ptr<EngineDatabase> db(new EngineDatabase(options, std::move(storage).value()));
  STATOR_RETURN_IF_ERROR(db->ScheduleStorageRecovery());
  STATOR_RETURN_IF_ERROR(db->catalog_.Load());
  STATOR_RETURN_IF_ERROR(db->tokens_.Load(*db->storage_, db->options_.clock->NowMicros()));
  STATOR_RETURN_IF_ERROR(db->OpenStreams());
  STATOR_RETURN_IF_ERROR(db->OpenBackups());
  STATOR_RETURN_IF_ERROR(db->OpenPitr());
  STATOR_RETURN_IF_ERROR(db->consumers_.Start(db->options_.event_source_mappings, db->streams_,
                                              *db->storage_, db->scheduler_,
                                              *db->options_.clock));
  STATOR_RETURN_IF_ERROR(
      ScheduleTtlSweeper(db->scheduler_, {db->catalog_, db->items_, db->marks_, *db->options_.clock,
                                          db->options_.ttl_sweep_interval_ms * 1000}));
  // Backfills interrupted by a shutdown resume from their persisted cursor.
  for (const auto& table : db->catalog_.AllTables()) {
    for (const auto& index : table->indexes) {
      if (!index.backfilling) continue;
      STATOR_RETURN_IF_ERROR(
          ScheduleBackfill(db->scheduler_, *db->storage_, db->catalog_, table, index.id));
    }
  }
  return std::unique_ptr<Database>(std::move(db));
}

Status EngineDatabase::ScheduleStorageRecovery() {
  Storage& storage = *storage_;
  STATOR_RETURN_IF_ERROR(scheduler_.Schedule(
      std::string(kStorageRecoveryTaskName),
      NewStorageRecoveryTask(storage.health(), [&storage] { return storage.Resume(); })));
  storage.health().OnFault([this] { scheduler_.Wake(kStorageRecoveryTaskName); });
  return Status::OK();
}

Result<std::shared_ptr<Table>> EngineDatabase::AnyTable(const CallOptions& call,
                                                        std::string_view name_or_arn,
                                                        bool deleting_ok) {
  STATOR_RETURN_IF_ERROR(CheckTableName(name_or_arn));
  (void)deleting_ok;
  auto table = catalog_.Find(call.tenant, TableNameOf(name_or_arn));
  if (table == nullptr) return NotFoundTable(TableNameOf(name_or_arn));
  return table;
}

Result<TableDescription> EngineDatabase::Describe(const Table& table) {
  TableMeta meta;
  if (!catalog_.Describe(table, &meta)) return Status::NotFound("Requested resource not found");
  TableDescription d = std::move(meta.description);
  StartDecreaseDay(d.provisioned_throughput, options_.clock->NowMicros());
  STATOR_RETURN_IF_ERROR(storage_->GetStats(StatsKey(table.id), &d.item_count,
                                            &d.table_size_bytes));
  STATOR_RETURN_IF_ERROR(DescribeIndexes(meta.indexes, *storage_, options_.clock->NowMicros(), &d));
  AddDeletingIndexes(meta, options_.clock->NowMicros(), &d);
  return d;
}

Status EngineDatabase::CheckCreateQuotas(const CallOptions& call,
                                         const CreateTableRequest& r) const {
  const ThroughputQuotas* quotas = options_.throttling ? &options_.quotas : nullptr;
  const BillingMode mode = r.billing_mode.value_or(BillingMode::kProvisioned);
  if (r.on_demand_throughput) {
    STATOR_RETURN_IF_ERROR(
        CheckOnDemandThroughput(*r.on_demand_throughput, mode, true, quotas, call.region));
  }
  for (const GlobalSecondaryIndex& gsi : r.global_secondary_indexes) {
    if (!gsi.on_demand_throughput) continue;
    STATOR_RETURN_IF_ERROR(CheckOnDemandThroughput(*gsi.on_demand_throughput, mode, true, quotas,
                                                   call.region, gsi.index_name));
  }
  if (quotas == nullptr) return Status::OK();
  if (r.provisioned_throughput) {
    STATOR_RETURN_IF_ERROR(CheckTableMaximum(*r.provisioned_throughput, *quotas, call.region, ""));
  }
  for (const GlobalSecondaryIndex& gsi : r.global_secondary_indexes) {
    if (!gsi.provisioned_throughput) continue;
    STATOR_RETURN_IF_ERROR(
        CheckTableMaximum(*gsi.provisioned_throughput, *quotas, call.region, gsi.index_name));
  }
  return Status::OK();
}

Result<TableResponse> EngineDatabase::CreateTable(const CallOptions& call,
                                                  const CreateTableRequest& r) {
  KeySchema key;
  std::vector<IndexDef> indexes;
  STATOR_RETURN_IF_ERROR(CheckCreateTable(r, &key, &indexes));
  STATOR_RETURN_IF_ERROR(CheckCreateQuotas(call, r));
  if (r.tags.size() > kMaxTagsPerResource) {
    return Status::Validation(
        "Number of Tags exceed the current limit for the provided ResourceArn");
  }
  STATOR_RETURN_IF_ERROR(CheckEachTag(r.tags));
  const int64_t now = options_.clock->NowMicros();
  TableMeta meta;
  meta.tenant = call.tenant;
  meta.description = NewDescription(call, r, now);
  meta.tags = r.tags;
  meta.indexes = std::move(indexes);
  if (r.resource_policy) {
    meta.resource_policy = r.resource_policy;
    meta.policy_revision_id = std::to_string(now);
  }
  // The service reports CREATING at first; with -delayTransientStatuses that lasts a while.
  meta.transient_status = TableStatus::kCreating;
  meta.transient_until_micros = now + options_.transient_status_delay_ms * 1000;
  std::vector<std::shared_ptr<const WriteHook>> hooks;
  if (r.stream_specification && r.stream_specification->stream_enabled) {
    meta.description.stream_specification = r.stream_specification;
    auto hook = NewStream(call.tenant, key, &meta.description);
    if (!hook.ok()) return hook.status();
    hooks.push_back(*hook);
  }
  auto table = catalog_.Create(std::move(key), meta, hooks);
  if (!table.ok()) {
    if (!hooks.empty()) (void)streams_.Drop(static_cast<const StreamHook&>(*hooks[0]).log());
    return table.status();
  }
  TableResponse response{std::move(meta.description)};
  response.table.table_status = TableStatus::kCreating;
  STATOR_RETURN_IF_ERROR(
      DescribeIndexes((*table)->indexes, *storage_, options_.clock->NowMicros(), &response.table));
  return response;
}

Result<TableResponse> EngineDatabase::DescribeTable(const CallOptions& call,
                                                    const DescribeTableRequest& r) {
  STATOR_RETURN_IF_ERROR(CheckTableName(r.table_name));
  const std::string_view name = TableNameOf(r.table_name);
  auto table = catalog_.Find(call.tenant, name);
  if (table == nullptr) {
    TableMeta deleting;
    if (catalog_.DescribeDeleting(call.tenant, name, &deleting)) {
      return TableResponse{std::move(deleting.description)};
    }
    return NotFoundTable(name);
  }
  auto d = Describe(*table);
  if (!d.ok()) return d.status();
  return TableResponse{std::move(d).value()};
}

Result<TableResponse> EngineDatabase::DeleteTable(const CallOptions& call,
                                                  const DeleteTableRequest& r) {
  auto table = AnyTable(call, r.table_name, false);
  if (!table.ok()) return table.status();
  auto d = Describe(**table);
  if (!d.ok()) return d.status();
  if (d->table_status == TableStatus::kCreating || d->table_status == TableStatus::kUpdating) {
    return Status::InUse("Attempt to change a resource which is still in use: Table is being " +
                         std::string(d->table_status == TableStatus::kCreating ? "created"
                                                                                : "updated") +
                         ": " + d->table_name);
  }
  // The service refuses while a global index is still being built (or changed).
  for (const auto& gsi : d->global_secondary_indexes) {
    if (gsi.index_status && *gsi.index_status != IndexStatus::kActive) {
      return Status::InUse(
          "Attempt to change a resource which is still in use: Cannot delete table while indexes "
          "are being created, updated, or deleted.");
    }
  }
  if (d->deletion_protection_enabled) {
    return Status::Validation(
        "Resource cannot be deleted as it is currently protected against deletion. "
        "Disable deletion protection first.");
  }
  STATOR_RETURN_IF_ERROR(BackUpDeletedTable(call, **table));
  const int64_t until = options_.clock->NowMicros() + options_.transient_status_delay_ms * 1000;
  STATOR_RETURN_IF_ERROR(catalog_.Drop(*table, until));
  ForgetPitr(**table);
  // Its stream is disabled, readable for the retention period (DeleteTable's reference).
  if (d->stream_specification && d->stream_specification->stream_enabled) {
    std::lock_guard lock(stream_changes_);
    STATOR_RETURN_IF_ERROR(DisableStream(**table, *d));
  }
  TableChanged(**table);
  TableResponse response{std::move(d).value()};
  response.table.table_status = TableStatus::kDeleting;
  return response;
}

Result<ListTablesResponse> EngineDatabase::ListTables(const CallOptions& call,
                                                      const ListTablesRequest& r) {
  ValidationErrors errors;
  if (r.limit) errors.AddIfOutOfRange(*r.limit, "limit", 1, 100);
  STATOR_RETURN_IF_ERROR(errors.ToStatus());
  if (r.exclusive_start_table_name) {
    STATOR_RETURN_IF_ERROR(CheckTableName(*r.exclusive_start_table_name));
  }
  const size_t limit = static_cast<size_t>(r.limit.value_or(100));
  const auto names = catalog_.Names(call.tenant);
  auto it = names.begin();
  if (r.exclusive_start_table_name) {
    it = std::upper_bound(names.begin(), names.end(),
                          std::string(TableNameOf(*r.exclusive_start_table_name)));
  }
  ListTablesResponse response;
  for (; it != names.end() && response.table_names.size() < limit; ++it) {
    response.table_names.push_back(*it);
  }
  if (it != names.end()) response.last_evaluated_table_name = response.table_names.back();
  return response;
}

}  // namespace stator::engine
