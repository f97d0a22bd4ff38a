#include "engine/throughput/throttling_admission.h"

#include <algorithm>

#include "stator/requests.h"

namespace stator::engine {

namespace {

// Whether the access spends an on-demand table's or GSI's throughput for reads or writes.
bool OnDemand(const Access& access, bool write) {
  return (write ? access.provisioned_write : access.provisioned_read) <= 0;
}

}  // namespace

ThrottlingReason ReasonFor(const Access& access, bool write, ThrottleLimit limit) {
  ThrottlingReason out;
  out.reason = access.global_index ? "Index" : "Table";
  out.reason += write ? "Write" : "Read";
  out.reason += LimitTypeOf(limit);
  out.resource = std::string(access.table_arn);
  if (access.global_index) out.resource.append("/index/").append(access.index);
  return out;
}

ThrottlingAdmission::ThrottlingAdmission(const Clock& clock, std::shared_ptr<CapacityLedger> ledger,
                                         SplitPartition split)
    : clock_(clock), ledger_(std::move(ledger)), split_(std::move(split)) {}

Status ThrottlingAdmission::Admit(const Access& access) {
  const bool write = IsWrite(access.op);
  const int64_t now = clock_.NowMicros();
  bool split_due = false;
  Status admitted;
  {
    Stripe& stripe = StripeOf(access.table.id);
    std::lock_guard lock(stripe.mu);
    admitted = AdmitLocked(stripe.tables[access.table.id], access, write, now, &split_due);
  }
  // A hot partition is most often found due by a request it refuses.
  if (split_due) SplitHot(access, now);
  if (!admitted.ok()) return admitted;
  return ledger_->Admit(access);
}

Status ThrottlingAdmission::AdmitLocked(TableState& state, const Access& access, bool write,
                                        int64_t now, bool* split_due) {
  using enum ThrottleLimit;
  if (write && access.fed_indexes != nullptr) {
    STATOR_RETURN_IF_ERROR(AdmitFedIndexes(state, access, now));
  }
  if (!AdmitProvisioned(state, access, write, now)) return Refuse(access, write, kProvisioned);
  if (auto limit = AdmitOnDemand(state, access, write, now)) {
    return Refuse(access, write, *limit);
  }
  if (!AdmitPartition(state, access, write, now, split_due)) {
    return Refuse(access, write, kPartition);
  }
  return Status::OK();
}

void ThrottlingAdmission::Charge(const Access& access, double read_units, double write_units) {
  {
    Stripe& stripe = StripeOf(access.table.id);
    std::lock_guard lock(stripe.mu);
    TableState& state = stripe.tables[access.table.id];
    if (read_units > 0) Spend(state, access, false, read_units);
    if (write_units > 0) Spend(state, access, true, write_units);
  }
  ledger_->Charge(access, read_units, write_units);
}

ThrottlingAdmission::Owner& ThrottlingAdmission::OwnerOf(TableState& state, const Access& access) {
  if (!access.global_index) return state.table;
  for (Owner& gsi : state.gsis) {
    if (gsi.index == access.index) return gsi;
  }
  state.gsis.push_back(Owner{std::string(access.index), {}, {}});
  return state.gsis.back();
}

Status ThrottlingAdmission::AdmitFedIndexes(TableState& state, const Access& access, int64_t now) {
  // GSI back-pressure: "For a table write to succeed, the provisioned throughput settings for
  // the table and global secondary indexes must have enough write capacity to accommodate the
  // write; otherwise, the write will be throttled" (whitepaper "Comparing the Use of Amazon
  // DynamoDB and Apache HBase for NoSQL", Global Secondary Index Considerations); "when a GSI
  // has insufficient write capacity, throttling results in write operations that fail on the
  // base table" (Knowledge Center, "Why is my DynamoDB GSI throttled?"), and the refusal names
  // the GSI in its ResourceArn (Developer Guide, "Understanding GSI write throttling and back
  // pressure"). Whether a write touches an index is known only after the work, and the service
  // documents no exception for writes that do not, so a GSI in debt refuses every write to its
  // table until its refills have paid the debt.
  using enum ThrottleLimit;
  for (const IndexThroughput& gsi : *access.fed_indexes) {
    Access on_index = access;
    on_index.index = gsi.name;
    on_index.global_index = true;
    on_index.provisioned_read = gsi.provisioned_read;
    on_index.provisioned_write = gsi.provisioned_write;
    on_index.max_on_demand_read = gsi.max_on_demand_read;
    on_index.max_on_demand_write = gsi.max_on_demand_write;
    on_index.partition = kAllPartitions;
    on_index.fed_indexes = nullptr;
    if (!AdmitProvisioned(state, on_index, true, now)) {
      return Refuse(on_index, true, kProvisioned);
    }
    if (auto limit = AdmitOnDemand(state, on_index, true, now)) {
      return Refuse(on_index, true, *limit);
    }
  }
  return Status::OK();
}

bool ThrottlingAdmission::AdmitProvisioned(TableState& state, const Access& access, bool write,
                                           int64_t now) {
  const double rate =
      static_cast<double>(write ? access.provisioned_write : access.provisioned_read);
  if (rate <= 0) return true;  // on demand
  std::optional<TokenBucket>& bucket = OwnerOf(state, access).Of(write).provisioned;
  if (!bucket) {
    // A bucket starts full: a new table may spend its burst at once.
    bucket.emplace(rate, rate * kBurstSeconds, now);
  } else if (bucket->rate() != rate) {
    bucket->Reconfigure(rate, rate * kBurstSeconds, now);  // UpdateTable changed it
  }
  return bucket->Admits(now);
}

std::optional<ThrottleLimit> ThrottlingAdmission::AdmitOnDemand(TableState& state,
                                                               const Access& access, bool write,
                                                               int64_t now) {
  if (!OnDemand(access, write)) return std::nullopt;
  OnDemandPeak& peak = PeakOf(OwnerOf(state, access), write, now);
  const int64_t maximum = write ? access.max_on_demand_write : access.max_on_demand_read;
  if (maximum > 0 && peak.UnitsThisSecond(now) >= static_cast<double>(maximum)) {
    return ThrottleLimit::kMaxOnDemand;
  }
  if (!peak.Admits(now)) return ThrottleLimit::kOnDemand;
  return std::nullopt;
}

OnDemandPeak& ThrottlingAdmission::PeakOf(Owner& owner, bool write, int64_t now) {
  Limits& limits = owner.Of(write);
  if (limits.on_demand) return *limits.on_demand;
  double initial = write ? kOnDemandInitialWritePeak : kOnDemandInitialReadPeak;
  // A table switched from provisioned mode: "the previous peak is half the previous provisioned
  // throughput for the table or the settings for a newly created table with on-demand capacity
  // mode, whichever is higher" (Knowledge Center, "Why is my on-demand DynamoDB table being
  // throttled?"). The provisioned rate known is that of the bucket its traffic made here.
  if (limits.provisioned) initial = std::max(initial, limits.provisioned->rate() / 2);
  return limits.on_demand.emplace(initial, now);
}

bool ThrottlingAdmission::AdmitPartition(TableState& state, const Access& access, bool write,
                                         int64_t now, bool* split_due) {
  if (access.partition == kAllPartitions) return true;
  Partition& partition = state.partitions.try_emplace(access.partition, now).first->second;
  PartitionHeat& heat = write ? partition.write_heat : partition.read_heat;
  *split_due = heat.Saw(access.key_hash, now) && split_ != nullptr;
  if ((write ? partition.write : partition.read).Admits(now)) return true;
  heat.Refused();
  return false;
}

void ThrottlingAdmission::Spend(TableState& state, const Access& access, bool write,
                                double units) {
  // Spent at the time of the request's admission (TokenBucket::Spend): no clock read.
  Owner& owner = OwnerOf(state, access);
  Limits& limits = owner.Of(write);
  // Only a bucket an admission created: on-demand tables have none, and a GSI's write bucket is
  // made by the admission of a write to its table (AdmitFedIndexes).
  if (limits.provisioned) limits.provisioned->Spend(units);
  if (OnDemand(access, write)) {
    // Made here too: an on-demand GSI's writes are charged without being admitted, and they are
    // its traffic all the same.
    if (limits.on_demand) {
      limits.on_demand->Spend(units);
    } else {
      PeakOf(owner, write, clock_.NowMicros()).Spend(units);
    }
  }
  if (access.partition == kAllPartitions) return;
  auto it = state.partitions.find(access.partition);
  if (it == state.partitions.end()) return;
  (write ? it->second.write : it->second.read).Spend(units);
  (write ? it->second.write_heat : it->second.read_heat).Spent(units);
}

void ThrottlingAdmission::SplitHot(const Access& access, int64_t now) {
  const auto halves = split_(access);
  if (!halves) return;
  // Each half starts from its parent's tokens, not full ones: a split adds capacity for what
  // comes, it does not refund what the parent spent (else every split of a partition with a
  // hot key would let that key past the ceiling for a second). Each half judges its own heat.
  Stripe& stripe = StripeOf(access.table.id);
  std::lock_guard lock(stripe.mu);
  auto& partitions = stripe.tables[access.table.id].partitions;
  auto parent = partitions.find(access.partition);
  if (parent == partitions.end()) return;
  for (const uint64_t half : {halves->first, halves->second}) {
    Partition& child = partitions.try_emplace(half, now).first->second;
    child.read = parent->second.read;
    child.write = parent->second.write;
  }
  partitions.erase(parent);
}

Status ThrottlingAdmission::Refuse(const Access& access, bool write, ThrottleLimit limit) const {
  ledger_->Refused(access, write, limit);
  std::string_view message =
      access.global_index ? kIndexThroughputExceeded : kTableThroughputExceeded;
  if (OnDemand(access, write)) message = kOnDemandThroughputExceeded;
  auto detail = std::make_shared<ErrorDetail>();
  detail->throttling_reasons.push_back(ReasonFor(access, write, limit));
  return Status(ErrorCode::kProvisionedThroughputExceeded, std::string(message), std::move(detail));
}

}  // namespace stator::engine
