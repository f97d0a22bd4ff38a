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
  switch (limit) {
    case ThrottleLimit::kProvisioned:
      out.reason += "ProvisionedThroughputExceeded";
      break;
    case ThrottleLimit::kPartition:
      out.reason += "KeyRangeThroughputExceeded";
      break;
    case ThrottleLimit::kMaxOnDemand:
      out.reason += "MaxOnDemandThroughputExceeded";
      break;
    case ThrottleLimit::kOnDemand:
      // The service names no limit type of its own for traffic beyond double the previous
      // peak. Of the four it documents (API Reference, ThrottlingReason; Developer Guide,
      // "Troubleshooting throttling in Amazon DynamoDB"), the one for a table-level throttle of
      // an on-demand table or GSI whose user set no maximum is AccountLimitExceeded ("account-
      // level service quotas exceeded (in on-demand mode)"): KeyRangeThroughputExceeded is a
      // partition's, ProvisionedThroughputExceeded a provisioned table's, and
      // MaxOnDemandThroughputExceeded that of a MaxRead/WriteRequestUnits the user chose.
      out.reason += "AccountLimitExceeded";
      break;
  }
  out.resource = std::string(access.table_arn);
  if (access.global_index) out.resource.append("/index/").append(access.index);
  return out;
}

ThrottlingAdmission::ThrottlingAdmission(const Clock& clock, std::shared_ptr<CapacityLedger> ledger)
    : clock_(clock), ledger_(std::move(ledger)) {}

Status ThrottlingAdmission::Admit(const Access& access) {
  const bool write = IsWrite(access.op);
  const int64_t now = clock_.NowMicros();
  using enum ThrottleLimit;
  if (write && access.fed_indexes != nullptr) STATOR_RETURN_IF_ERROR(AdmitFedIndexes(access, now));
  if (!AdmitProvisioned(access, write, now)) return Refuse(access, write, kProvisioned);
  if (auto limit = AdmitOnDemand(access, write, now)) return Refuse(access, write, *limit);
  if (!AdmitPartition(access, write, now)) return Refuse(access, write, kPartition);
  return ledger_->Admit(access);
}

void ThrottlingAdmission::Charge(const Access& access, double read_units, double write_units) {
  const int64_t now = clock_.NowMicros();
  if (read_units > 0) {
    SpendProvisioned(access, false, read_units, now);
    SpendOnDemand(access, false, read_units, now);
    SpendPartition(access, false, read_units, now);
  }
  if (write_units > 0) {
    SpendProvisioned(access, true, write_units, now);
    SpendOnDemand(access, true, write_units, now);
    SpendPartition(access, true, write_units, now);
  }
  ledger_->Charge(access, read_units, write_units);
}

Status ThrottlingAdmission::AdmitFedIndexes(const Access& access, int64_t now) {
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
  for (const IndexWriteThroughput& gsi : *access.fed_indexes) {
    Access on_index = access;
    on_index.index = gsi.name;
    on_index.global_index = true;
    on_index.provisioned_write = gsi.provisioned_write;
    on_index.max_on_demand_read = on_index.max_on_demand_write = 0;  // the table's, not the GSI's
    on_index.partition = kAllPartitions;
    on_index.fed_indexes = nullptr;
    if (!AdmitProvisioned(on_index, true, now)) return Refuse(on_index, true, kProvisioned);
    if (auto limit = AdmitOnDemand(on_index, true, now)) return Refuse(on_index, true, *limit);
  }
  return Status::OK();
}

bool ThrottlingAdmission::AdmitProvisioned(const Access& access, bool write, int64_t now) {
  const double rate =
      static_cast<double>(write ? access.provisioned_write : access.provisioned_read);
  if (rate <= 0) return true;  // on demand
  Stripe& stripe = StripeOf(access.table.id);
  std::lock_guard lock(stripe.mu);
  OwnerKey key{access.table.id, std::string(OwnerOf(access)), write};
  auto it = stripe.owners.find(key);
  if (it == stripe.owners.end()) {
    // A bucket starts full: a new table may spend its burst at once.
    it = stripe.owners.emplace(std::move(key), TokenBucket(rate, rate * kBurstSeconds, now)).first;
  } else if (it->second.rate() != rate) {
    it->second.Reconfigure(rate, rate * kBurstSeconds, now);  // UpdateTable changed it
  }
  return it->second.Admits(now);
}

std::optional<ThrottleLimit> ThrottlingAdmission::AdmitOnDemand(const Access& access, bool write,
                                                               int64_t now) {
  if (!OnDemand(access, write)) return std::nullopt;
  Stripe& stripe = StripeOf(access.table.id);
  std::lock_guard lock(stripe.mu);
  OnDemandPeak& peak =
      PeakOf(stripe, OwnerKey{access.table.id, std::string(OwnerOf(access)), write}, write, now);
  const int64_t maximum = write ? access.max_on_demand_write : access.max_on_demand_read;
  if (maximum > 0 && peak.UnitsThisSecond(now) >= static_cast<double>(maximum)) {
    return ThrottleLimit::kMaxOnDemand;
  }
  if (!peak.Admits(now)) return ThrottleLimit::kOnDemand;
  return std::nullopt;
}

OnDemandPeak& ThrottlingAdmission::PeakOf(Stripe& stripe, OwnerKey key, bool write, int64_t now) {
  auto it = stripe.on_demand.find(key);
  if (it != stripe.on_demand.end()) return it->second;
  double initial = write ? kOnDemandInitialWritePeak : kOnDemandInitialReadPeak;
  // A table switched from provisioned mode: "the previous peak is half the previous provisioned
  // throughput for the table or the settings for a newly created table with on-demand capacity
  // mode, whichever is higher" (Knowledge Center, "Why is my on-demand DynamoDB table being
  // throttled?"). The provisioned rate known is that of the bucket its traffic made here.
  auto provisioned = stripe.owners.find(key);
  if (provisioned != stripe.owners.end()) {
    initial = std::max(initial, provisioned->second.rate() / 2);
  }
  return stripe.on_demand.emplace(std::move(key), OnDemandPeak(initial, now)).first->second;
}

bool ThrottlingAdmission::AdmitPartition(const Access& access, bool write, int64_t now) {
  if (access.partition == kAllPartitions) return true;
  const double ceiling = write ? kPartitionWriteCeiling : kPartitionReadCeiling;
  Stripe& stripe = StripeOf(access.partition);
  std::lock_guard lock(stripe.mu);
  auto [it, created] =
      stripe.partitions.try_emplace(PartitionKey{access.partition, write}, ceiling, ceiling, now);
  return it->second.Admits(now);
}

void ThrottlingAdmission::SpendProvisioned(const Access& access, bool write, double units,
                                           int64_t now) {
  Stripe& stripe = StripeOf(access.table.id);
  std::lock_guard lock(stripe.mu);
  // Only a bucket an admission created: on-demand tables have none, and a GSI's write bucket is
  // made by the admission of a write to its table (AdmitFedIndexes).
  auto it = stripe.owners.find(OwnerKey{access.table.id, std::string(OwnerOf(access)), write});
  if (it != stripe.owners.end()) it->second.Spend(units, now);
}

void ThrottlingAdmission::SpendOnDemand(const Access& access, bool write, double units,
                                        int64_t now) {
  if (!OnDemand(access, write)) return;
  Stripe& stripe = StripeOf(access.table.id);
  std::lock_guard lock(stripe.mu);
  // Made here too: an on-demand GSI's writes are charged without being admitted, and they are
  // its traffic all the same.
  PeakOf(stripe, OwnerKey{access.table.id, std::string(OwnerOf(access)), write}, write, now)
      .Spend(units, now);
}

void ThrottlingAdmission::SpendPartition(const Access& access, bool write, double units,
                                         int64_t now) {
  if (access.partition == kAllPartitions) return;
  Stripe& stripe = StripeOf(access.partition);
  std::lock_guard lock(stripe.mu);
  auto it = stripe.partitions.find(PartitionKey{access.partition, write});
  if (it != stripe.partitions.end()) it->second.Spend(units, now);
}

Status ThrottlingAdmission::Refuse(const Access& access, bool write, ThrottleLimit limit) {
  {
    Stripe& stripe = StripeOf(access.table.id);
    std::lock_guard lock(stripe.mu);
    Throttles& t = stripe.throttles[access.table.id];
    ++(write ? t.write : t.read);
  }
  std::string_view message =
      access.global_index ? kIndexThroughputExceeded : kTableThroughputExceeded;
  if (OnDemand(access, write)) message = kOnDemandThroughputExceeded;
  auto detail = std::make_shared<ErrorDetail>();
  detail->throttling_reasons.push_back(ReasonFor(access, write, limit));
  return Status(ErrorCode::kProvisionedThroughputExceeded, std::string(message), std::move(detail));
}

ThrottlingAdmission::Throttles ThrottlingAdmission::ThrottledOn(uint32_t table_id) const {
  Stripe& stripe = StripeOf(table_id);
  std::lock_guard lock(stripe.mu);
  auto it = stripe.throttles.find(table_id);
  return it == stripe.throttles.end() ? Throttles() : it->second;
}

}  // namespace stator::engine
