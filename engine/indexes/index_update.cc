// UpdateTable's GlobalSecondaryIndexUpdates: Create (a new index, backfilled by a background
// task, index_backfill.h), Update (its provisioned throughput or on-demand maximum) and Delete
// (the index and all its entries, in one batch).
#include <mutex>
#include <set>
#include <shared_mutex>

#include "engine/engine_database.h"
#include "engine/indexes/index_backfill.h"
#include "engine/indexes/index_key_types.h"
#include "engine/indexes/index_status.h"
#include "engine/indexes/index_validation.h"
#include "engine/storage/key_codec.h"
#include "engine/tables/throughput_quotas.h"

namespace stator::engine {
namespace {

Status Invalid(std::string_view what) {
  return Status::Validation("One or more parameter values were invalid: " + std::string(what));
}

Status OnlineIndexLimit() {
  return Status(ErrorCode::kLimitExceeded,
                "Subscriber limit exceeded: Only 1 online index can be created or deleted "
                "simultaneously per table");
}

const std::string& NameOf(const GlobalSecondaryIndexUpdate& u) {
  if (u.create) return u.create->index_name;
  if (u.update) return u.update->index_name;
  return *u.delete_index_name;
}

// The shape of the update list, before anything about the table is looked at.
Status CheckUpdateList(const UpdateTableRequest& r) {
  std::set<std::string> names;
  int online = 0;
  for (const auto& u : r.global_secondary_index_updates) {
    const int actions = int(u.create.has_value()) + int(u.update.has_value()) +
                        int(u.delete_index_name.has_value());
    if (actions == 0) {
      return Invalid(
          "One of GlobalSecondaryIndexUpdate.Update, GlobalSecondaryIndexUpdate.Create, "
          "GlobalSecondaryIndexUpdate.Delete must not be null");
    }
    if (actions > 1) {
      return Invalid("Only one global secondary index action is allowed per "
                     "GlobalSecondaryIndexUpdate object");
    }
    if (!names.insert(NameOf(u)).second) {
      return Invalid("Only one global secondary index update per index is allowed "
                     "simultaneously. Index: " + NameOf(u));
    }
    if (!u.update) ++online;
  }
  if (online > 1) return OnlineIndexLimit();
  return Status::OK();
}

const IndexDef* Find(const std::vector<IndexDef>& indexes, const std::string& name) {
  for (const auto& index : indexes) {
    if (index.name == name) return &index;
  }
  return nullptr;
}

// Builds the IndexDef of a Create action (id unset), checking it as CreateTable checks a GSI
// against the request's AttributeDefinitions.
Result<IndexDef> NewIndex(const UpdateTableRequest& r, const TableMeta& meta,
                          const KeySchema& table_key, const GlobalSecondaryIndex& create) {
  if (Find(meta.indexes, create.index_name) != nullptr) {
    return Status::Validation("Attempting to create an index which already exists");
  }
  if (r.attribute_definitions.empty()) {
    return Invalid("AttributeDefinitions is not specified for index: " + create.index_name);
  }
  CreateTableRequest as_create;
  as_create.attribute_definitions = r.attribute_definitions;
  as_create.global_secondary_indexes = {create};
  as_create.billing_mode = meta.description.billing_mode;
  std::vector<IndexDef> out;
  // Attribute definitions may name the table's keys too: CheckCreateIndexes would count those
  // unused, so only the index's own checks are taken from it.
  Status s = CheckCreateIndexes(as_create, table_key, &out);
  if (!s.ok() && s.message().find("Some AttributeDefinitions are not used") == std::string::npos) {
    return s;
  }
  if (out.empty()) return s;
  STATOR_RETURN_IF_ERROR(CheckKeyTypesUnchanged(out[0].key, table_key, meta.indexes));
  if (meta.indexes.size() - std::count_if(meta.indexes.begin(), meta.indexes.end(),
                                          [](const IndexDef& i) { return i.local; }) >=
      kMaxGlobalIndexes) {
    return Status(ErrorCode::kLimitExceeded,
                  "Subscriber limit exceeded: GlobalSecondaryIndex count exceeds the per-table "
                  "limit of 20");
  }
  IndexDef index = std::move(out[0]);
  index.backfilling = true;
  return index;
}

// What a GSI's throughput update is held to: the table's billing mode after the request, and,
// with throughput enforcement on (quotas), the table maximum and the decrease budget.
struct GsiThroughputRules {
  int64_t now = 0;
  const ThroughputQuotas* quotas = nullptr;
  std::string_view region;
  BillingMode mode = BillingMode::kProvisioned;
};

// An Update action's throughput: provisioned units (a decrease counted against the GSI's own
// budget, which the service keeps apart from its table's: each GSI's ProvisionedThroughput
// reports its own NumberOfDecreasesToday) or an on-demand maximum, merged member by member.
Status UpdateGsiThroughput(const GlobalSecondaryIndex& want, const GsiThroughputRules& rules,
                           IndexDef& index) {
  if (want.provisioned_throughput && rules.mode == BillingMode::kPayPerRequest) {
    // Recorded against the live service.
    return Status::Validation("The only Updates for index: " + index.name +
                              " when TableThroughputMode is PAY_PER_REQUEST can be to "
                              "OnDemandThroughput, WarmThroughput");
  }
  if (want.on_demand_throughput) {
    STATOR_RETURN_IF_ERROR(CheckOnDemandThroughput(*want.on_demand_throughput, rules.mode, false,
                                                   rules.quotas, rules.region, index.name));
  }
  if (want.provisioned_throughput) {
    const ProvisionedThroughput& units = *want.provisioned_throughput;
    ProvisionedThroughputDescription pt = ThroughputOf(index);
    StartDecreaseDay(pt, rules.now);
    const bool decrease = units.read_capacity_units < pt.read_capacity_units ||
                          units.write_capacity_units < pt.write_capacity_units;
    if (rules.quotas != nullptr && decrease) {
      STATOR_RETURN_IF_ERROR(CheckDecreaseBudget(pt, rules.now));
    }
    ApplyProvisionedChange(units, rules.now, pt);
    SetThroughput(pt, &index);
  }
  if (want.on_demand_throughput) {
    index.on_demand_throughput =
        MergeOnDemandThroughput(index.on_demand_throughput, *want.on_demand_throughput);
  }
  return Status::OK();
}

void MergeDefinitions(const UpdateTableRequest& r, TableDescription& d) {
  for (const auto& def : r.attribute_definitions) {
    bool known = false;
    for (const auto& existing : d.attribute_definitions) {
      known = known || existing.attribute_name == def.attribute_name;
    }
    if (!known) d.attribute_definitions.push_back(def);
  }
}

}  // namespace

Status EngineDatabase::UpdateIndexes(const CallOptions& call, const std::shared_ptr<Table>& table,
                                     const UpdateTableRequest& r) {
  STATOR_RETURN_IF_ERROR(CheckUpdateList(r));
  TableMeta meta;
  if (!catalog_.Describe(*table, &meta)) return Status::NotFound("Requested resource not found");
  const int64_t now = options_.clock->NowMicros();
  const bool building =
      std::any_of(meta.indexes.begin(), meta.indexes.end(),
                  [](const IndexDef& i) { return i.backfilling; }) ||
      std::any_of(meta.deleting_indexes.begin(), meta.deleting_indexes.end(),
                  [&](const TableMeta::DeletingIndex& d) { return d.deleting_until_micros > now; });
  for (const auto& u : r.global_secondary_index_updates) {
    if (building && !u.update) return OnlineIndexLimit();
    if (u.create) {
      if (u.create->on_demand_throughput) {
        STATOR_RETURN_IF_ERROR(CheckOnDemandThroughput(
            *u.create->on_demand_throughput, r.billing_mode.value_or(meta.description.billing_mode),
            true, options_.throttling ? &options_.quotas : nullptr, call.region,
            u.create->index_name));
      }
      auto index = NewIndex(r, meta, table->key, *u.create);
      if (!index.ok()) return index.status();
      auto id = catalog_.AllocateId();
      if (!id.ok()) return id.status();
      index->id = *id;
      auto gate = LockGateExclusive(*table);
      STATOR_RETURN_IF_ERROR(catalog_.Update(*table, [&](TableMeta& m) {
        m.indexes.push_back(*index);
        MergeDefinitions(r, m.description);
        return Status::OK();
      }));
      table->indexes.push_back(*std::move(index));
      gate.unlock();
      STATOR_RETURN_IF_ERROR(ScheduleBackfill(scheduler_, *storage_, catalog_, table, *id));
      continue;
    }
    const std::string& name = NameOf(u);
    const IndexDef* existing = Find(meta.indexes, name);
    if (existing == nullptr) {
      return Status::NotFound("Requested resource not found: Index " + name + " for table " +
                              table->name);
    }
    if (existing->local) {
      return Status::Validation(std::string(u.update ? "Cannot update" : "Cannot delete") +
                                " an index that is not a GlobalSecondaryIndex: " + name);
    }
    if (u.update) {
      const GsiThroughputRules rules{now, options_.throttling ? &options_.quotas : nullptr,
                                     call.region,
                                     r.billing_mode.value_or(meta.description.billing_mode)};
      STATOR_RETURN_IF_ERROR(catalog_.Update(*table, [&](TableMeta& m) {
        for (auto& index : m.indexes) {
          if (index.name == name) return UpdateGsiThroughput(*u.update, rules, index);
        }
        return Status::OK();
      }));
      continue;
    }
    // Delete: the index, its entries and its statistics go in one batch.
    auto gate = LockGateExclusive(*table);
    WriteBatch batch(*storage_);
    batch.DeleteRange(Space::kItems, TablePrefix(existing->id), TablePrefix(existing->id + 1));
    batch.Delete(Space::kMeta, StatsKey(existing->id));
    auto drop = [&](std::vector<IndexDef>& indexes) {
      std::erase_if(indexes, [&](const IndexDef& i) { return i.name == name; });
    };
    const int64_t until = now + options_.transient_status_delay_ms * 1000;
    const IndexDef gone = *existing;
    STATOR_RETURN_IF_ERROR(catalog_.Update(
        *table,
        [&](TableMeta& m) {
          drop(m.indexes);
          // DescribeTable reports the index DELETING for the transient delay (index_status.h).
          std::erase_if(m.deleting_indexes,
                        [&](const TableMeta::DeletingIndex& d) {
                          return d.deleting_until_micros <= now;
                        });
          if (until > now) m.deleting_indexes.push_back({gone, until});
          return Status::OK();
        },
        batch));
    drop(table->indexes);
  }
  return Status::OK();
}

}  // namespace stator::engine
