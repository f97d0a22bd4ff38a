// CapacityLedger: the default admission (stator/admission.h). It admits every access and keeps
// the capacity units each table, index and partition consumed, the figures throughput
// enforcement and the metrics pages will read. Throttling (token buckets per partition, the
// service's on-demand rules) replaces Admit's answer later, here.
//
// Thread safety: safe for concurrent use; its map is split into stripes by partition.
#pragma once

#include <array>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

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

 private:
  // (partition, table id, index); std::less<> lets a string_view find a std::string key.
  using Key = std::tuple<uint64_t, uint32_t, std::string>;
  using KeyView = std::tuple<uint64_t, uint32_t, std::string_view>;
  struct Less {
    using is_transparent = void;
    template <class A, class B>
    bool operator()(const A& a, const B& b) const {
      return KeyView(std::get<0>(a), std::get<1>(a), std::get<2>(a)) <
             KeyView(std::get<0>(b), std::get<1>(b), std::get<2>(b));
    }
  };
  struct Stripe {
    mutable std::mutex mu;
    std::map<Key, Units, Less> units;  // guarded by mu
  };
  Units& At(Stripe& stripe, const Access& access);
  Stripe& StripeOf(uint64_t partition) const { return stripes_[partition % stripes_.size()]; }

  mutable std::array<Stripe, 16> stripes_;
};

}  // namespace stator::engine
