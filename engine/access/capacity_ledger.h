// CapacityLedger: the default admission (stator/admission.h). It admits every access and keeps
// the capacity units each table, index and partition consumed, the figures throughput
// enforcement and the metrics pages will read. Throttling (token buckets per partition, the
// service's on-demand rules) replaces Admit's answer later, here.
//
// Thread safety: safe for concurrent use; its map is split into stripes by partition.
#pragma once

#include <array>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "stator/admission.h"

namespace stator::engine {

class CapacityLedger final : public Admission {
 public:
  struct Units {
    double read = 0;
    double write = 0;
    uint64_t accesses = 0;  // admitted accesses
  };

  Status Admit(const Access& access) override;
  void Charge(const Access& access, double read_units, double write_units) override;

  // What the table (index "" ) or index consumed in one partition (kAllPartitions: its scans).
  Units ConsumedBy(uint32_t table_id, std::string_view index, uint64_t partition) const;
  // Calls `fn` with every table's and index's figures in every partition, a stripe at a time.
  void ForEach(
      const std::function<void(uint32_t table_id, std::string_view index, const Units&)>& fn) const;

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
  Stripe& StripeOf(uint64_t partition) const {
    return stripes_[(partition ^ (partition >> 32)) % stripes_.size()];
  }

  mutable std::array<Stripe, 16> stripes_;
};

}  // namespace stator::engine
