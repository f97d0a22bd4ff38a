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
//    (kAllPartitions), meet only the table's and index's buckets. A partition that stays hot
//    with more than one key (PartitionHeat) is split by the `split` the owner gives, and its
//    halves start with buckets of their own, as the service's adaptive capacity does.
//  - An on-demand table, and each of its GSIs, takes at most twice its previous peak a second
//    for reads and for writes, the peak rising as traffic is sustained (OnDemandPeak, which
//    cites the service's rules). A table switched from provisioned mode starts from half the
//    provisioned throughput seen here, if that is higher, as the service does.
//  - An on-demand table or GSI with an OnDemandThroughput maximum takes at most that many units a
//    second, refused with the MaxOnDemandThroughputExceeded reason ("additional requests that
//    would exceed the limit receive quick throttle responses", Developer Guide, "On-demand maximum
//    throughput exceeded").
//  - A write to a table is refused while one of its GSIs' write buckets (or on-demand peaks) is
//    exhausted, with that GSI's reason and ARN: the service's GSI back-pressure. An index
//    still being built holds no write back.
//  - A bucket admits while it holds anything; the units the work consumed are taken afterwards
//    and may leave a debt that refills pay before the next request is admitted.
//
// Cost: a request reads the clock once (Admit; Charge spends at the admission's time) and takes
// one lock in each phase: everything of one table (its buckets, its GSIs', its partitions')
// lives in one of 16 stripes by table id, found by integer keys.
//
// Refusals are counted by the ledger, in the refused access's partition (CapacityLedger::Refused),
// for the metrics page: under the table's stripe, then the ledger's stripe of the partition.
//
// Thread safety: safe for concurrent use. A request locks only its own table's stripe, never
// all of them; `split` is called with no lock held.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "engine/access/capacity_ledger.h"
#include "engine/throughput/on_demand_peak.h"
#include "engine/throughput/partition_count.h"
#include "engine/throughput/partition_heat.h"
#include "engine/throughput/token_bucket.h"
#include "stator/admission.h"
#include "stator/capacity_stats.h"
#include "stator/clock.h"
#include "stator/requests.h"

namespace stator::engine {

// The service's figures (the partitions' ceilings are in partition_count.h).
inline constexpr double kBurstSeconds = 300;

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

// The ThrottlingReason of a refusal: of the table or the GSI the access spends, for a read or
// a write, by the limit it met.
ThrottlingReason ReasonFor(const Access& access, bool write, ThrottleLimit limit);

class ThrottlingAdmission final : public Admission {
 public:
  // Splits the partition `access` admitted to in halves and returns their ids; nothing when it
  // did not split. Called when the partition stays hot with many keys.
  using SplitPartition =
      std::function<std::optional<std::pair<uint64_t, uint64_t>>(const Access& access)>;

  // Reads time from `clock` (the database's: it outlives this). `ledger` records what is admitted.
  // `split` null: partitions never split.
  ThrottlingAdmission(const Clock& clock, std::shared_ptr<CapacityLedger> ledger,
                      SplitPartition split = nullptr);

  Status Admit(const Access& access) override;
  void Charge(const Access& access, double read_units, double write_units) override;

 private:
  // The limits of one direction (reads or writes) of a table's or GSI's throughput: a bucket
  // while provisioned, a peak while on demand (both once it switched).
  struct Limits {
    std::optional<TokenBucket> provisioned;
    std::optional<OnDemandPeak> on_demand;
  };
  // The throughput a table ("" index, its LSIs too) or a GSI spends.
  struct Owner {
    std::string index;
    Limits read;
    Limits write;
    Limits& Of(bool write_units) { return write_units ? write : read; }
  };
  // A partition's ceiling and heat, for reads and for writes.
  struct Partition {
    explicit Partition(int64_t now)
        : read(kPartitionReadCeiling, kPartitionReadCeiling, now),
          write(kPartitionWriteCeiling, kPartitionWriteCeiling, now),
          read_heat(kPartitionReadCeiling, now),
          write_heat(kPartitionWriteCeiling, now) {}
    TokenBucket read;
    TokenBucket write;
    PartitionHeat read_heat;
    PartitionHeat write_heat;
  };
  // Everything of one table, under its stripe's lock.
  struct TableState {
    Owner table;
    std::vector<Owner> gsis;
    std::unordered_map<uint64_t, Partition> partitions;  // by partition id
  };
  struct Stripe {
    mutable std::mutex mu;
    std::unordered_map<uint32_t, TableState> tables;  // by table id; guarded by mu
  };
  Stripe& StripeOf(uint32_t table_id) const { return stripes_[table_id % stripes_.size()]; }

  // Whose throughput the access spends: a GSI's, or the table's.
  static Owner& OwnerOf(TableState& state, const Access& access);
  // The admission's steps, with the table's stripe locked. A refusal names what refused.
  Status AdmitLocked(TableState& state, const Access& access, bool write, int64_t now,
                     bool* split_due);
  // Asks the write bucket (or on-demand peak) of each GSI a table write feeds; a refusal names
  // the GSI.
  Status AdmitFedIndexes(TableState& state, const Access& access, int64_t now);
  // Refreshes or creates the provisioned bucket of `access` and asks it; false: refused.
  bool AdmitProvisioned(TableState& state, const Access& access, bool write, int64_t now);
  // Asks the on-demand peak and maximum of `access`; nullopt admits (always for a provisioned
  // one), otherwise the limit it met.
  std::optional<ThrottleLimit> AdmitOnDemand(TableState& state, const Access& access, bool write,
                                             int64_t now);
  // Asks the partition's ceiling; `split_due` tells whether the partition stayed hot.
  bool AdmitPartition(TableState& state, const Access& access, bool write, int64_t now,
                      bool* split_due);
  void Spend(TableState& state, const Access& access, bool write, double units);
  // The on-demand peak of the owner's direction, made on its first use.
  static OnDemandPeak& PeakOf(Owner& owner, bool write, int64_t now);
  Status Refuse(const Access& access, bool write, ThrottleLimit limit) const;
  // Splits the access's partition; its halves take over its buckets.
  void SplitHot(const Access& access, int64_t now);

  const Clock& clock_;
  std::shared_ptr<CapacityLedger> ledger_;
  SplitPartition split_;
  mutable std::array<Stripe, 16> stripes_;
};

}  // namespace stator::engine
