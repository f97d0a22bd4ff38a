#include "engine/tables/catalog.h"

#include <algorithm>
#include <mutex>

#include "engine/indexes/index_collection.h"
#include "engine/model/coding.h"
#include "engine/storage/key_codec.h"
#include "engine/tables/table_meta_codec.h"
#include "engine/throughput/partition_count.h"

namespace stator::engine {
namespace {

constexpr std::string_view kNextIdKey = "n";

std::string MetaKey(uint32_t table_id) {
  std::string key = "t";
  PutFixed32BE(&key, table_id);
  return key;
}

// Gives the table and each GSI the partitions its throughput needs (partition_count.h), when
// the table is created, loaded or updated: raising the provisioned throughput adds partitions,
// lowering it or switching billing mode keeps them.
void SizePartitions(const Table& table, const TableMeta& meta) {
  const auto& d = meta.description;
  const bool provisioned = d.billing_mode == BillingMode::kProvisioned;
  table.partitions.EnsureAtLeast(
      table.id, provisioned ? PartitionsFor(d.provisioned_throughput.read_capacity_units,
                                            d.provisioned_throughput.write_capacity_units)
                            : OnDemandPartitions());
  for (const IndexDef& index : meta.indexes) {
    if (index.local) continue;  // partitioned as its table
    const bool sized = provisioned && index.throughput;
    table.partitions.EnsureAtLeast(
        index.id, sized ? PartitionsFor(index.throughput->read_capacity_units,
                                        index.throughput->write_capacity_units)
                        : OnDemandPartitions());
  }
}

// Keeps the table's provisioned rates, read on the item path, equal to its description.
void MirrorThroughput(const Table& table, const TableMeta& meta) {
  const auto& d = meta.description;
  const bool provisioned = d.billing_mode == BillingMode::kProvisioned;
  table.provisioned_read.store(provisioned ? d.provisioned_throughput.read_capacity_units : 0,
                               std::memory_order_relaxed);
  table.provisioned_write.store(provisioned ? d.provisioned_throughput.write_capacity_units : 0,
                                std::memory_order_relaxed);
  const OnDemandThroughput on_demand =
      provisioned ? OnDemandThroughput{} : d.on_demand_throughput.value_or(OnDemandThroughput{});
  table.max_on_demand_read.store(on_demand.max_read_request_units.value_or(0),
                                 std::memory_order_relaxed);
  table.max_on_demand_write.store(on_demand.max_write_request_units.value_or(0),
                                  std::memory_order_relaxed);
  // The GSIs' throughput, read by their own accesses and fed by the table's writes. An index
  // still being built does not hold the table's writes back: the service throttles
  // its backfill instead (CloudWatch OnlineIndexThrottleEvents, which "indicate that the index
  // creation will take longer to complete").
  auto gsis = std::make_shared<std::vector<IndexThroughput>>();
  for (const IndexDef& index : meta.indexes) {
    if (index.local || index.backfilling) continue;
    IndexThroughput& gsi = gsis->emplace_back();
    gsi.name = index.name;
    if (provisioned && index.throughput) {
      gsi.provisioned_read = index.throughput->read_capacity_units;
      gsi.provisioned_write = index.throughput->write_capacity_units;
    }
    if (!provisioned && index.on_demand_throughput) {
      gsi.max_on_demand_read = index.on_demand_throughput->max_read_request_units.value_or(0);
      gsi.max_on_demand_write = index.on_demand_throughput->max_write_request_units.value_or(0);
    }
  }
  const bool any = !gsis->empty();
  table.gsi_throughput.store(any ? std::move(gsis) : nullptr);
  table.has_gsis.store(any, std::memory_order_release);
  SizePartitions(table, meta);
}

}  // namespace

std::string StatsKey(uint32_t table_id) {
  std::string key = "s";
  PutFixed32BE(&key, table_id);
  return key;
}

std::string Catalog::NameKey(std::string_view tenant, std::string_view name) {
  std::string key(tenant);
  key.push_back('\0');
  key.append(name);
  return key;
}

Status Catalog::CheckFormat() {
  std::string value;
  bool found = false;
  STATOR_RETURN_IF_ERROR(storage_.Get(Space::kMeta, kFormatKey, &value, &found));
  if (found && value.size() != 4) return Status::IOError("corrupt storage format record");
  const uint32_t format = found ? DecodeFixed32BE(value.data()) : 1;
  if (format == kStorageFormat) return Status::OK();
  bool has_tables = false;
  STATOR_RETURN_IF_ERROR(
      storage_.ForEachWithPrefix(Space::kMeta, "t", [&](std::string_view, std::string_view) {
        has_tables = true;
        return false;  // one is enough
      }));
  if (format == 1 && !has_tables) {
    // A new store, or one whose tables are all gone: nothing in it has a format yet.
    WriteBatch batch(storage_);
    std::string stamp;
    PutFixed32BE(&stamp, kStorageFormat);
    batch.Put(Space::kMeta, kFormatKey, stamp);
    return storage_.Write(batch);
  }
  const std::string version = "storage format " + std::to_string(format) +
                              "; this version reads storage format " +
                              std::to_string(kStorageFormat);
  if (format < kStorageFormat) {
    return Status::IOError("the data directory was written by an older Stator (" + version +
                           "): export its tables with that version and import them into a new "
                           "data directory");
  }
  return Status::IOError("the data directory was written by a newer Stator (" + version + ")");
}

Status Catalog::Load() {
  STATOR_RETURN_IF_ERROR(CheckFormat());
  std::unique_lock lock(mu_);
  std::string next;
  bool found = false;
  STATOR_RETURN_IF_ERROR(storage_.Get(Space::kMeta, kNextIdKey, &next, &found));
  if (found && next.size() == 4) next_id_ = DecodeFixed32BE(next.data());
  Status decode_error;
  STATOR_RETURN_IF_ERROR(storage_.ForEachWithPrefix(
      Space::kMeta, "t", [&](std::string_view key, std::string_view value) {
        KeySchema schema;
        TableMeta meta;
        if (key.size() != 5 || !DecodeTableMeta(value, &schema, &meta)) {
          decode_error = Status::IOError("corrupt table metadata in the catalog");
          return false;
        }
        const uint32_t id = DecodeFixed32BE(key.data() + 1);
        auto table =
            std::make_shared<Table>(id, std::move(schema), meta.tenant, meta.description.table_name,
                                    meta.description.table_arn);
        table->indexes = meta.indexes;
        MirrorThroughput(*table, meta);
        for (const auto& index : meta.indexes) next_id_ = std::max(next_id_, index.id + 1);
        if (meta.pitr) next_id_ = std::max(next_id_, meta.pitr->history_id + 1);
        if (meta.transient_status == TableStatus::kCreating) {
          table->creating_until_micros = meta.transient_until_micros;
        }
        by_name_[NameKey(meta.tenant, meta.description.table_name)] = table;
        meta_.emplace(id, std::move(meta));
        next_id_ = std::max(next_id_, id + 1);
        return true;
      }));
  return decode_error;
}

std::shared_ptr<Table> Catalog::Find(std::string_view tenant, std::string_view name) const {
  // Every item operation looks its table up: build the key in a reused buffer.
  thread_local std::string key;
  key.assign(tenant);
  key.push_back('\0');
  key.append(name);
  std::shared_lock lock(mu_);
  auto it = by_name_.find(key);
  return it == by_name_.end() ? nullptr : it->second;
}

std::shared_ptr<Table> Catalog::FindById(uint32_t id) const {
  std::shared_lock lock(mu_);
  for (const auto& [name, table] : by_name_) {
    if (table->id == id) return table;
  }
  return nullptr;
}

TableStatus Catalog::StatusOf(const TableMeta& meta, int64_t now) const {
  return now < meta.transient_until_micros ? meta.transient_status : TableStatus::kActive;
}

bool Catalog::Describe(const Table& table, TableMeta* out) const {
  const int64_t now = clock_.NowMicros();
  std::shared_lock lock(mu_);
  auto it = meta_.find(table.id);
  if (it == meta_.end()) return false;
  *out = it->second;
  out->description.table_status = StatusOf(it->second, now);
  return true;
}

Result<std::shared_ptr<Table>> Catalog::Create(
    KeySchema key, TableMeta meta, std::vector<std::shared_ptr<const WriteHook>> hooks) {
  std::unique_lock lock(mu_);
  const std::string name_key = NameKey(meta.tenant, meta.description.table_name);
  auto deleting = deleting_.find(name_key);
  if (deleting != deleting_.end() && clock_.NowMicros() >= deleting->second.until_micros) {
    deleting_.erase(deleting);
    deleting = deleting_.end();
  }
  if (by_name_.count(name_key) != 0 || deleting != deleting_.end()) {
    return Status::InUse("Table already exists: " + meta.description.table_name);
  }
  const uint32_t id = next_id_;
  uint32_t next = id + 1;
  // Index entries live under ids of their own, taken from the same sequence.
  for (auto& index : meta.indexes) index.id = next++;
  auto table = std::make_shared<Table>(id, std::move(key), meta.tenant, meta.description.table_name,
                                       meta.description.table_arn);
  table->indexes = meta.indexes;
  table->hooks = std::move(hooks);
  MirrorThroughput(*table, meta);
  if (meta.transient_status == TableStatus::kCreating) {
    table->creating_until_micros = meta.transient_until_micros;
  }
  WriteBatch batch(storage_);
  std::string next_value;
  PutFixed32BE(&next_value, next);
  batch.Put(Space::kMeta, kNextIdKey, next_value);
  batch.Put(Space::kMeta, MetaKey(id), EncodeTableMeta(table->key, meta));
  STATOR_RETURN_IF_ERROR(storage_.Write(batch));
  next_id_ = next;
  by_name_[name_key] = table;
  meta_.emplace(id, std::move(meta));
  return table;
}

Status Catalog::Update(const Table& table, const std::function<Status(TableMeta&)>& fn) {
  WriteBatch batch(storage_);
  return Update(table, fn, batch);
}

Result<uint32_t> Catalog::AllocateId() {
  std::unique_lock lock(mu_);
  const uint32_t id = next_id_;
  WriteBatch batch(storage_);
  std::string next;
  PutFixed32BE(&next, id + 1);
  batch.Put(Space::kMeta, kNextIdKey, next);
  STATOR_RETURN_IF_ERROR(storage_.Write(batch));
  next_id_ = id + 1;
  return id;
}

std::vector<std::shared_ptr<Table>> Catalog::AllTables() const {
  std::shared_lock lock(mu_);
  std::vector<std::shared_ptr<Table>> out;
  for (const auto& [name, table] : by_name_) out.push_back(table);
  return out;
}

Status Catalog::Update(const Table& table, const std::function<Status(TableMeta&)>& fn,
                       WriteBatch& batch) {
  return Update(table, fn, batch, [] {});
}

Status Catalog::Update(const Table& table, const std::function<Status(TableMeta&)>& fn,
                       WriteBatch& batch, const std::function<void()>& committed) {
  std::unique_lock lock(mu_);
  auto it = meta_.find(table.id);
  if (it == meta_.end()) return Status::NotFound("Requested resource not found");
  TableMeta updated = it->second;
  STATOR_RETURN_IF_ERROR(fn(updated));
  batch.Put(Space::kMeta, MetaKey(table.id), EncodeTableMeta(table.key, updated));
  STATOR_RETURN_IF_ERROR(storage_.Write(batch));
  MirrorThroughput(table, updated);
  it->second = std::move(updated);
  committed();
  return Status::OK();
}

Status Catalog::Drop(const std::shared_ptr<Table>& table, int64_t deleting_until_micros) {
  // Wait out in-flight writes and keep new ones off: after this, the table's data is removed
  // and no write can land under its id again.
  auto gate = LockGateExclusive(*table);
  std::unique_lock lock(mu_);
  auto it = meta_.find(table->id);
  if (it == meta_.end() || table->dropped) {
    return Status::NotFound("Requested resource not found");
  }
  WriteBatch batch(storage_);
  batch.Delete(Space::kMeta, MetaKey(table->id));
  batch.Delete(Space::kMeta, StatsKey(table->id));
  batch.DeleteRange(Space::kItems, TablePrefix(table->id), TablePrefix(table->id + 1));
  batch.DeleteRange(Space::kMeta, CollectionStatsPrefix(table->id),
                    CollectionStatsPrefix(table->id + 1));
  for (const auto& index : it->second.indexes) {
    batch.Delete(Space::kMeta, StatsKey(index.id));
    batch.DeleteRange(Space::kItems, TablePrefix(index.id), TablePrefix(index.id + 1));
  }
  if (const auto& pitr = it->second.pitr) {  // its point-in-time history
    batch.DeleteRange(Space::kItems, TablePrefix(pitr->history_id),
                      TablePrefix(pitr->history_id + 1));
  }
  STATOR_RETURN_IF_ERROR(storage_.Write(batch));
  table->dropped = true;
  const std::string name_key = NameKey(it->second.tenant, it->second.description.table_name);
  by_name_.erase(name_key);
  if (deleting_until_micros > clock_.NowMicros()) {
    TableMeta meta = it->second;
    meta.description.table_status = TableStatus::kDeleting;
    deleting_[name_key] = Deleting{std::move(meta), deleting_until_micros};
  }
  meta_.erase(it);
  return Status::OK();
}

bool Catalog::DescribeDeleting(std::string_view tenant, std::string_view name,
                               TableMeta* out) const {
  std::shared_lock lock(mu_);
  auto it = deleting_.find(NameKey(tenant, name));
  if (it == deleting_.end() || clock_.NowMicros() >= it->second.until_micros) return false;
  *out = it->second.meta;
  return true;
}

std::vector<std::string> Catalog::Names(std::string_view tenant) const {
  std::vector<std::string> names;
  std::shared_lock lock(mu_);
  for (const auto& [id, meta] : meta_) {
    if (meta.tenant == tenant) names.push_back(meta.description.table_name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace stator::engine
