// UpdateTable: billing mode, provisioned throughput, deletion protection, table class and SSE.
// Index updates are in index_update.cc, stream changes in engine/streams/table_streams.cc.
#include "engine/engine_database.h"
#include "engine/tables/table_validation.h"
#include "engine/tables/throughput_quotas.h"

namespace stator::engine {
namespace {

double Seconds(int64_t micros) { return static_cast<double>(micros / 1000) / 1000.0; }

bool NothingToUpdate(const UpdateTableRequest& r) {
  return !r.billing_mode && !r.provisioned_throughput && !r.on_demand_throughput &&
         !r.deletion_protection_enabled &&
         !r.table_class && !r.sse_specification && !r.stream_specification &&
         r.global_secondary_index_updates.empty();
}

Status SameThroughput(const ProvisionedThroughputDescription& now,
                      const ProvisionedThroughput& wanted) {
  auto n = [](int64_t v) { return std::to_string(v); };
  return Status::Validation(
      "The provisioned throughput for the table will not change. The requested value equals the "
      "current value. Current ReadCapacityUnits provisioned for the table: " +
      n(now.read_capacity_units) + ". Requested ReadCapacityUnits: " +
      n(wanted.read_capacity_units) +
      ". Current WriteCapacityUnits provisioned for the table: " + n(now.write_capacity_units) +
      ". Requested WriteCapacityUnits: " + n(wanted.write_capacity_units) +
      ". Refer to the Amazon DynamoDB Developer Guide for current limits and how to request "
      "higher limits.");
}

// What UpdateTable's throughput changes are held to.
struct ThroughputRules {
  int64_t now = 0;
  const ThroughputQuotas* quotas = nullptr;  // null: throughput enforcement is off
  std::string_view region;
};

// Checks a provisioned-throughput change against the description's current figures and, with
// enforcement on, the table maximum and the day's decrease budget.
Status CheckProvisionedChange(const UpdateTableRequest& r, const ThroughputRules& rules,
                              const TableDescription& d) {
  const auto& want = *r.provisioned_throughput;
  const auto& pt = d.provisioned_throughput;
  if (want.read_capacity_units < 1 || want.write_capacity_units < 1) {
    return Status::Validation(
        "One or more parameter values were invalid: Provisioned throughput must be greater "
        "than or equal to 1");
  }
  if (d.billing_mode == BillingMode::kProvisioned && !r.billing_mode &&
      want.read_capacity_units == pt.read_capacity_units &&
      want.write_capacity_units == pt.write_capacity_units) {
    return SameThroughput(pt, want);
  }
  if (rules.quotas == nullptr) return Status::OK();
  STATOR_RETURN_IF_ERROR(CheckTableMaximum(want, *rules.quotas, rules.region, ""));
  const bool decrease = want.read_capacity_units < pt.read_capacity_units ||
                        want.write_capacity_units < pt.write_capacity_units;
  return decrease ? CheckDecreaseBudget(pt, rules.now) : Status::OK();
}

// Applies billing mode, provisioned and on-demand throughput changes to the table's meta.
Status ApplyThroughput(const UpdateTableRequest& r, const ThroughputRules& rules, TableMeta& meta) {
  TableDescription& d = meta.description;
  const BillingMode mode = r.billing_mode.value_or(d.billing_mode);
  if (mode == BillingMode::kPayPerRequest && r.provisioned_throughput) {
    return Status::Validation(
        r.billing_mode ? "One or more parameter values were invalid: ProvisionedThroughput cannot "
                         "be specified when BillingMode is PAY_PER_REQUEST"
                       : "One or more parameter values were invalid: Neither ReadCapacityUnits "
                         "nor WriteCapacityUnits can be specified when BillingMode is "
                         "PAY_PER_REQUEST");
  }
  if (mode == BillingMode::kProvisioned && d.billing_mode == BillingMode::kPayPerRequest &&
      !r.provisioned_throughput) {
    return Status::Validation(
        "One or more parameter values were invalid: ProvisionedThroughput must be specified when "
        "BillingMode is PROVISIONED");
  }
  if (r.on_demand_throughput) {
    STATOR_RETURN_IF_ERROR(CheckOnDemandThroughput(*r.on_demand_throughput, mode, false,
                                                   rules.quotas, rules.region));
  }
  auto& pt = d.provisioned_throughput;
  StartDecreaseDay(pt, rules.now);
  if (r.provisioned_throughput) STATOR_RETURN_IF_ERROR(CheckProvisionedChange(r, rules, d));
  const bool to_on_demand =
      mode == BillingMode::kPayPerRequest && d.billing_mode == BillingMode::kProvisioned;
  if (to_on_demand && rules.quotas != nullptr) {
    STATOR_RETURN_IF_ERROR(CheckOnDemandSwitchBudget(meta.on_demand_switches, rules.now));
  }
  // Every check has passed: apply.
  if (r.provisioned_throughput) ApplyProvisionedChange(*r.provisioned_throughput, rules.now, pt);
  if (to_on_demand) {
    d.last_update_to_pay_per_request_date_time = Seconds(rules.now);
    pt.read_capacity_units = pt.write_capacity_units = 0;
    RecordOnDemandSwitch(meta.on_demand_switches, rules.now);
  }
  d.billing_mode = mode;
  if (mode == BillingMode::kProvisioned) {
    // A maximum applies to on-demand mode only, the table's and its GSIs'.
    d.on_demand_throughput.reset();
    for (IndexDef& index : meta.indexes) index.on_demand_throughput.reset();
  } else if (r.on_demand_throughput) {
    d.on_demand_throughput = MergeOnDemandThroughput(d.on_demand_throughput, *r.on_demand_throughput);
  }
  return Status::OK();
}

}  // namespace

Result<TableResponse> EngineDatabase::UpdateTable(const CallOptions& call,
                                                  const UpdateTableRequest& r) {
  STATOR_RETURN_IF_ERROR(CheckUpdateTableNames(r));
  auto table = AnyTable(call, r.table_name, false);
  if (!table.ok()) return table.status();
  if (NothingToUpdate(r)) {
    return Status::Validation(
        "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, "
        "GlobalSecondaryIndexUpdates, SSESpecification, ReplicaUpdates, "
        "MultiAccountReplicaReady, ReplicaTransitRoleArn, MultiRegionConsistency, "
        "DeletionProtectionEnabled, OnDemandThroughput, WarmThroughput or TableClass is required");
  }
  if (options_.throttling) {
    for (const GlobalSecondaryIndexUpdate& u : r.global_secondary_index_updates) {
      const auto& gsi = u.create ? u.create : u.update;
      if (!gsi || !gsi->provisioned_throughput) continue;
      STATOR_RETURN_IF_ERROR(CheckTableMaximum(*gsi->provisioned_throughput, options_.quotas,
                                               call.region, gsi->index_name));
    }
  }
  if (r.stream_specification) STATOR_RETURN_IF_ERROR(UpdateStream(*table, r));
  if (!r.global_secondary_index_updates.empty()) {
    TableMeta current;
    if (catalog_.Describe(**table, &current) &&
        current.description.table_status != TableStatus::kActive) {
      return Status::InUse("Attempt to change a resource which is still in use: Table is being " +
                           std::string(current.description.table_status == TableStatus::kCreating
                                           ? "created"
                                           : "updated") +
                           ": " + current.description.table_name);
    }
    STATOR_RETURN_IF_ERROR(UpdateIndexes(call, *table, r));
    TableChanged(**table);
  }
  const int64_t now = options_.clock->NowMicros();
  const int64_t delay = options_.transient_status_delay_ms * 1000;
  STATOR_RETURN_IF_ERROR(catalog_.Update(**table, [&](TableMeta& meta) -> Status {
    auto& d = meta.description;
    if (now < meta.transient_until_micros) {
      return Status::InUse("Attempt to change a resource which is still in use: Table is being " +
                           std::string(meta.transient_status == TableStatus::kCreating
                                           ? "created"
                                           : "updated") +
                           ": " + d.table_name);
    }
    const ThroughputRules rules{now, options_.throttling ? &options_.quotas : nullptr,
                                call.region};
    STATOR_RETURN_IF_ERROR(ApplyThroughput(r, rules, meta));
    if (r.deletion_protection_enabled) {
      d.deletion_protection_enabled = *r.deletion_protection_enabled;
    }
    if (r.table_class) {
      d.table_class = *r.table_class;
      d.table_class_reported = true;
    }
    if (r.sse_specification && r.sse_specification->enabled) {
      if (*r.sse_specification->enabled) {
        d.sse_description = SSEDescription{
            "ENABLED", "KMS",
            r.sse_specification->kms_master_key_id.value_or(
                "arn:aws:kms:" + call.region + ":" + call.account_id + ":key/stator-managed")};
      } else {
        d.sse_description.reset();
      }
    }
    meta.transient_status = TableStatus::kUpdating;
    meta.transient_until_micros = now + delay;
    return Status::OK();
  }));
  auto d = Describe(**table);
  if (!d.ok()) return d.status();
  TableResponse response{std::move(d).value()};
  response.table.table_status = TableStatus::kUpdating;
  return response;
}

}  // namespace stator::engine
