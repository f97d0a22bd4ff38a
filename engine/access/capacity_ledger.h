// CapacityLedger: the default admission (stator/admission.h). It admits every access and keeps
// the capacity units each table, index and partition consumed, and the accesses throughput
// enforcement (ThrottlingAdmission, which hands it what it admits) refused, the figures of the
// metrics page and Database::GetCapacityStats.
//
// Thread safety: safe for concurrent use; its map is split into stripes by partition, so a
// request locks one stripe, never all of them. It calls nothing back.
#pragma once

#include <array>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "stator/admission.h"
#include "stator/capacity_stats.h"

namespace stator::engine {

class CapacityLedger final : public Admission {
 public:
  struct Units {
    double read = 0;
    double write = 0;
    uint64_t accesses = 0;  // admitted accesses
    ThrottleEvents read_throttles;  // refused accesses, by the limit they met
    ThrottleEvents write_throttles;
  };

  Status Admit(const Access& access) override;
  void Charge(const Access& access, double read_units, double write_units) override;
  // Counts an access throughput enforcement refused, a read or a `write`, at `limit`. An LSI's
  // refusal is its table's: an LSI spends its table's throughput, and CloudWatch has no
  // dimension for it.
  void Refused(const Access& access, bool write, ThrottleLimit limit);

  // What the table (index "" ) or index consumed in one partition (kAllPartitions: its scans).
  Units ConsumedBy(uint32_t table_id, std::string_view index, uint64_t partition) const;
  // The same summed over the partitions of the table or index (for tests; it visits them all).
  Units TotalOf(uint32_t table_id, std::string_view index) const;
  // Calls `fn` with every table's and index's figures in every partition (kAllPartitions: its
  // scans and index writes), a stripe at a time.
  using Visitor = std::function<void(uint32_t table_id, std::string_view index, uint64_t partition,
                                     const Units&)>;
  void ForEach(const Visitor& fn) const;

 private:
  // A partition's figures, one entry per table or index that has accesses in it: usually one,
  // since partition ids carry their table's or GSI's id (an LSI shares its table's partitions;
  // kAllPartitions gathers every scan).
  struct Entry {
    uint32_t table_id;
    std::string index;
    Units units;
  };
  struct Stripe {
    mutable std::mutex mu;
    std::unordered_map<uint64_t, std::vector<Entry>> by_partition;  // guarded by mu
  };
  static Units& At(Stripe& stripe, const Access& access);
  static Units& At(Stripe& stripe, uint32_t table_id, std::string_view index, uint64_t partition);
  Stripe& StripeOf(uint64_t partition) const {
    return stripes_[(partition ^ (partition >> 32)) % stripes_.size()];
  }

  mutable std::array<Stripe, 16> stripes_;
};

}  // namespace stator::engine
