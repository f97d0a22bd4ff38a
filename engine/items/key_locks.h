// KeyLocks: striped mutexes that serialise read-modify-write of one item key. A write locks the
// stripe of its key, reads the old item, decides, and commits its batch before unlocking, so two
// writes to one item never interleave. Transactions will lock several stripes in ascending order.
//
// Thread safety: safe for concurrent use.
#pragma once

#include <array>
#include <cstdint>
#include <mutex>
#include <functional>
#include <string_view>

namespace stator::engine {

class KeyLocks {
 public:
  static constexpr size_t kStripes = 4096;

  std::mutex& For(std::string_view encoded_key) { return stripes_[StripeOf(encoded_key)].mu; }

  // A writer that holds several keys locks their distinct stripes in ascending order, so two
  // such writers can never deadlock.
  size_t StripeOf(std::string_view encoded_key) const {
    return std::hash<std::string_view>{}(encoded_key) % kStripes;
  }
  std::mutex& StripeLock(size_t index) { return stripes_[index].mu; }

 private:
  struct alignas(64) Stripe {  // one cache line each: no false sharing between stripes
    std::mutex mu;
  };
  std::array<Stripe, kStripes> stripes_;
};

}  // namespace stator::engine
