// ThrottlingAdmission: throughput enforcement (Options::throttling; the server's --throttling on),
// the admission (stator/admission.h) that refuses what the service would throttle and hands what
// it admits and charges on to the CapacityLedger, which records the consumed capacity.
//
//  - A provisioned table, and each of its GSIs, has a read and a write bucket refilled at its
//    provisioned rate and holding up to 300 seconds of unused capacity, the service's burst
//    capacity. An LSI spends its table's throughput, as in the service.
//  - Every partition, of provisioned and on-demand tables alike, has a read and a write bucket
//    refilled at 3,000 RCU / 1,000 WCU per second holding one second's worth: the service's
//    per-partition ceiling. Scans and index writes, charged to every partition at once
//    (kAllPartitions), meet only the table's and index's buckets.
//  - An on-demand table, and each of its GSIs, takes at most twice its previous peak a second
//    for reads and for writes, the peak rising as traffic is sustained (OnDemandPeak, which
//    cites the service's rules). A table switched from provisioned mode starts from half the
//    provisioned throughput seen here, if that is higher, as the service does.
//  - An on-demand table with an OnDemandThroughput maximum takes at most that many units a
//    second, refused with the MaxOnDemandThroughputExceeded reason ("additional requests that
//    would exceed the limit receive quick throttle responses", Developer Guide, "On-demand maximum
//    throughput exceeded").
//  - A write to a table is refused while one of its GSIs' write buckets (or on-demand peaks) is
//    exhausted, with that GSI's reason and ARN: the service's GSI back-pressure. An index
//    still being built holds no write back.
//  - A bucket admits while it holds anything; the units the work consumed are taken afterwards
//    and may leave a debt that refills pay before the next request is admitted.
//
// Thread safety: safe for concurrent use. Buckets live in stripes by table or partition; a
// request locks only the stripes of its own buckets, never all of them.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>

#include "engine/access/capacity_ledger.h"
#include "engine/throughput/on_demand_peak.h"
#include "engine/throughput/token_bucket.h"
#include "stator/admission.h"
#include "stator/clock.h"
#include "stator/requests.h"

namespace stator::engine {

// The service's figures.
inline constexpr double kBurstSeconds = 300;
inline constexpr double kPartitionReadCeiling = 3000;
inline constexpr double kPartitionWriteCeiling = 1000;

// The service's messages of ProvisionedThroughputExceededException.
inline constexpr std::string_view kTableThroughputExceeded =
    "The level of configured provisioned throughput for the table was exceeded. Consider "
    "increasing your provisioning level with the UpdateTable API.";
inline constexpr std::string_view kIndexThroughputExceeded =
    "The level of configured provisioned throughput for one or more global secondary indexes of "
    "the table was exceeded. Consider increasing your provisioning level for the "
    "under-provisioned global secondary indexes with the UpdateTable API.";
inline constexpr std::string_view kOnDemandThroughputExceeded =
    "Throughput exceeds the current capacity of your table or index. DynamoDB is automatically "
    "scaling your table or index so please try again shortly. If exceptions persist, check if "
    "you have a hot key: "
    "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/"
    "bp-partition-key-design.html.";

// What a refused request met.
enum class ThrottleLimit {
  kProvisioned,  // a provisioned table's or GSI's throughput
  kPartition,    // a partition's ceiling, which the service calls a key range's
  kOnDemand,     // twice an on-demand table's or GSI's previous peak
  kMaxOnDemand,  // the maximum an on-demand table's OnDemandThroughput sets
};

// The ThrottlingReason of a refusal: of the table or the GSI the access spends, for a read or
// a write, by the limit it met.
ThrottlingReason ReasonFor(const Access& access, bool write, ThrottleLimit limit);

class ThrottlingAdmission final : public Admission {
 public:
  // Reads time from `clock` (the database's: it outlives this). `ledger` records what is admitted.
  ThrottlingAdmission(const Clock& clock, std::shared_ptr<CapacityLedger> ledger);

  Status Admit(const Access& access) override;
  void Charge(const Access& access, double read_units, double write_units) override;

  // Requests refused on the table (its GSIs included), since the start.
  struct Throttles {
    uint64_t read = 0;
    uint64_t write = 0;
  };
  Throttles ThrottledOn(uint32_t table_id) const;

 private:
  // A provisioned bucket: the table's ("" index, its LSIs too) or a GSI's, for reads or writes.
  using OwnerKey = std::tuple<uint32_t, std::string, bool>;
  // A partition's ceiling bucket, for reads or writes.
  using PartitionKey = std::pair<uint64_t, bool>;
  struct Stripe {
    mutable std::mutex mu;
    std::map<OwnerKey, TokenBucket> owners;          // guarded by mu
    std::map<OwnerKey, OnDemandPeak> on_demand;      // guarded by mu
    std::map<PartitionKey, TokenBucket> partitions;  // guarded by mu
    std::map<uint32_t, Throttles> throttles;         // by table id; guarded by mu
  };
  Stripe& StripeOf(uint64_t n) const { return stripes_[(n ^ (n >> 32)) % stripes_.size()]; }

  // Whose provisioned throughput the access spends: a GSI's name, or "" for the table.
  static std::string_view OwnerOf(const Access& access) {
    return access.global_index ? access.index : std::string_view();
  }
  // Asks the write bucket (or on-demand peak) of each GSI a table write feeds; a refusal names
  // the GSI.
  Status AdmitFedIndexes(const Access& access, int64_t now);
  // Refreshes or creates the provisioned bucket of `access` and asks it; false: refused.
  bool AdmitProvisioned(const Access& access, bool write, int64_t now);
  // Asks the on-demand peak and maximum of `access`; nullopt admits (always for a provisioned
  // one), otherwise the limit it met.
  std::optional<ThrottleLimit> AdmitOnDemand(const Access& access, bool write, int64_t now);
  bool AdmitPartition(const Access& access, bool write, int64_t now);
  void SpendProvisioned(const Access& access, bool write, double units, int64_t now);
  void SpendOnDemand(const Access& access, bool write, double units, int64_t now);
  void SpendPartition(const Access& access, bool write, double units, int64_t now);
  // The on-demand peak of `key`, made on its first use. Requires stripe.mu held.
  static OnDemandPeak& PeakOf(Stripe& stripe, OwnerKey key, bool write, int64_t now);
  Status Refuse(const Access& access, bool write, ThrottleLimit limit);

  const Clock& clock_;
  std::shared_ptr<CapacityLedger> ledger_;
  mutable std::array<Stripe, 16> stripes_;
};

}  // namespace stator::engine
