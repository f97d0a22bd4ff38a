#include "engine/access/table_access.h"

#include "engine/model/names.h"

namespace stator::engine {

thread_local MeasuredRequest* MeasuredRequest::current_ = nullptr;
namespace {

// Splits a hot partition of a table that is still the one the access named.
ThrottlingAdmission::SplitPartition SplitterOf(const Catalog& catalog) {
  return [&catalog](const Access& access) -> std::optional<std::pair<uint64_t, uint64_t>> {
    const std::shared_ptr<Table> table = catalog.Find(access.table.tenant, access.table.name);
    if (table == nullptr || table->id != access.table.id) return std::nullopt;
    return table->partitions.SplitInHalf(access.partition);
  };
}

}  // namespace

TableAccess::TableAccess(const Catalog& catalog, const Clock& clock,
                         std::shared_ptr<Admission> admission, bool throttling)
    : catalog_(catalog),
      clock_(clock),
      ledger_(admission ? nullptr : std::make_shared<CapacityLedger>()),
      throttling_(ledger_ && throttling
                      ? std::make_shared<ThrottlingAdmission>(clock, ledger_, SplitterOf(catalog))
                      : nullptr) {
  if (admission) {
    admission_ = std::move(admission);
  } else if (throttling_) {
    admission_ = throttling_;
  } else {
    admission_ = ledger_;
  }
}

Result<std::shared_ptr<Table>> TableAccess::Resolve(const CallOptions& call,
                                                    std::string_view name_or_arn) const {
  STATOR_RETURN_IF_ERROR(CheckTableName(name_or_arn));
  auto table = catalog_.Find(call.tenant, TableNameOf(name_or_arn));
  // Most tables were never CREATING (no transient-status delay): the clock is read only for one
  // that was, since a clock read costs a fifth of a cache hit here.
  if (table == nullptr) return Status::NotFound("Requested resource not found");
  const int64_t creating_until = table->creating_until_micros.load(std::memory_order_relaxed);
  if (creating_until != 0 && clock_.NowMicros() < creating_until) {
    return Status::NotFound("Requested resource not found");
  }
  MeasuredRequest::Note(table);
  return table;
}

Result<Access> TableAccess::Admit(Operation op, const Table& table, const IndexDef* index,
                                  std::optional<uint64_t> hash, bool cached) const {
  Access access;
  access.op = op;
  access.table = {table.tenant, table.name, table.id};
  access.table_arn = table.arn;
  access.cached = cached;
  if (index != nullptr) access.index = index->name;
  access.global_index = index != nullptr && !index->local;
  if (access.global_index) {
    // The mirror (kept by the catalog as UpdateTable changes it), not `index`, which is the
    // write path's copy of the index as it was created.
    const auto gsis =
        table.has_gsis.load(std::memory_order_acquire) ? table.gsi_throughput.load() : nullptr;
    for (size_t i = 0; gsis != nullptr && i < gsis->size(); ++i) {
      const IndexThroughput& gsi = (*gsis)[i];
      if (gsi.name != index->name) continue;
      access.provisioned_read = gsi.provisioned_read;
      access.provisioned_write = gsi.provisioned_write;
      access.max_on_demand_read = gsi.max_on_demand_read;
      access.max_on_demand_write = gsi.max_on_demand_write;
    }
  } else {
    access.provisioned_read = table.provisioned_read.load(std::memory_order_relaxed);
    access.provisioned_write = table.provisioned_write.load(std::memory_order_relaxed);
    access.max_on_demand_read = table.max_on_demand_read.load(std::memory_order_relaxed);
    access.max_on_demand_write = table.max_on_demand_write.load(std::memory_order_relaxed);
  }
  if (hash) {
    // A GSI is partitioned on its own key, as in the service; the table and its LSIs by the
    // table's.
    access.partition = table.partitions.Find(access.global_index ? index->id : table.id, *hash);
    access.key_hash = *hash;
  }
  // A write to the table is admitted by the GSIs it feeds too (Access::fed_indexes). The
  // snapshot is held across Admit only: Charge never needs it.
  std::shared_ptr<const std::vector<IndexThroughput>> gsis;
  if (index == nullptr && IsWrite(op) && table.has_gsis.load(std::memory_order_acquire)) {
    gsis = table.gsi_throughput.load();
    access.fed_indexes = gsis.get();
  }
  STATOR_RETURN_IF_ERROR(admission_->Admit(access));
  access.fed_indexes = nullptr;
  return access;
}

void TableAccess::ChargeRead(const Access& access, double read_units, double fetched_units) const {
  admission_->Charge(access, read_units, 0);
  if (fetched_units > 0) {
    Access on_table = access;
    on_table.index = {};
    admission_->Charge(on_table, fetched_units, 0);
  }
}

void TableAccess::ChargeWrite(const Access& access, double table_units,
                              const WriteEffect& effect) const {
  admission_->Charge(access, 0, table_units);
  for (const WriteEffect::IndexUnits& index : effect.index_units) {
    Access on_index = access;
    on_index.index = index.index_name;
    on_index.global_index = !index.local;
    on_index.partition = kAllPartitions;
    admission_->Charge(on_index, 0, index.units);
  }
}

}  // namespace stator::engine

namespace stator::engine {

OperationStats TableAccess::Stats(const Storage& storage) const {
  OperationStats out;
  out.by_operation = metrics_.Snapshot();
  for (const auto& table : catalog_.AllTables()) {
    TableOperationFigures& f = out.by_table.emplace_back();
    f.tenant = table->tenant;
    f.table = table->name;
    f.by_operation = table->requests.Snapshot();
    // The figures are for watching: a table whose statistics cannot be read shows none.
    if (!storage.GetStats(StatsKey(table->id), &f.item_count, &f.size_bytes).ok()) {
      f.item_count = f.size_bytes = 0;
    }
  }
  return out;
}

}  // namespace stator::engine
