// TokenBucket: the capacity units a table, index or partition may spend, refilled at a steady
// rate up to a ceiling, on the database's clock (tests move the clock instead of sleeping).
//
// The units a request spends are known only after its work (how big the items were), so the
// bucket admits while it holds anything and is charged afterwards, possibly below zero: the debt
// is paid by refills before the next request is admitted. This is how a provisioned table lets
// one large read through and then throttles until its rate has caught up.
//
// Thread safety: none; its owner guards it.
#pragma once

#include <algorithm>
#include <cstdint>

namespace stator::engine {

class TokenBucket {
 public:
  // Full from `now_micros`: `capacity` units, refilled at `rate` units per second.
  TokenBucket(double rate, double capacity, int64_t now_micros)
      : rate_(rate), capacity_(capacity), tokens_(capacity), last_micros_(now_micros) {}

  // New rate and ceiling (UpdateTable), keeping what the bucket holds up to the new ceiling.
  void Reconfigure(double rate, double capacity, int64_t now_micros) {
    Refill(now_micros);
    rate_ = rate;
    capacity_ = capacity;
    tokens_ = std::min(tokens_, capacity_);
  }

  // Whether a request may start now: the bucket holds more than nothing.
  bool Admits(int64_t now_micros) {
    Refill(now_micros);
    return tokens_ > 0;
  }

  // Takes what a request consumed; may leave a debt.
  void Spend(double units, int64_t now_micros) {
    Refill(now_micros);
    tokens_ -= units;
  }
  // The same at the time of the last refill: that of the request's own admission, which refilled
  // the bucket microseconds before, so the next Admits refills what the request's work lasted.
  // Saves a clock read per request; it differs from Spend(units, now) only when the bucket is
  // full, by at most the refill of the request's own duration.
  void Spend(double units) { tokens_ -= units; }

  double Tokens(int64_t now_micros) {
    Refill(now_micros);
    return tokens_;
  }
  double rate() const { return rate_; }
  double capacity() const { return capacity_; }

 private:
  void Refill(int64_t now_micros) {
    // A clock never goes back; should one, the bucket simply waits for it.
    if (now_micros <= last_micros_) return;
    tokens_ =
        std::min(capacity_, tokens_ + rate_ * static_cast<double>(now_micros - last_micros_) / 1e6);
    last_micros_ = now_micros;
  }

  double rate_;
  double capacity_;
  double tokens_;
  int64_t last_micros_;
};

}  // namespace stator::engine
