// Schedules of a run: closed loop (the next request leaves when the previous answer arrives) or
// open loop at a target rate. In the open loop the i-th request of a driver thread is due at
// start + i / rate, whether or not the system kept up; its latency is measured from that
// intended start, so a stall is charged to every request it delayed (no coordinated omission,
// as in wrk2).
//
// Thread safety: an OpenLoopSchedule is immutable; each driver thread keeps its own counter.
#pragma once

#include <chrono>
#include <cstdint>

namespace stator::bench {

using Clock = std::chrono::steady_clock;

class OpenLoopSchedule {
 public:
  // rate: requests per second for this schedule (> 0).
  OpenLoopSchedule(Clock::time_point start, double rate)
      : start_(start), interval_ns_(1e9 / rate) {}

  // When request number index (0-based) is due.
  Clock::time_point IntendedStart(uint64_t index) const {
    return start_ + std::chrono::nanoseconds(
                        static_cast<int64_t>(static_cast<double>(index) * interval_ns_));
  }
  // How many requests are due by now (those with IntendedStart <= now).
  uint64_t DueBy(Clock::time_point now) const {
    if (now < start_) return 0;
    const double elapsed = static_cast<double>((now - start_).count());
    return static_cast<uint64_t>(elapsed / interval_ns_) + 1;
  }
  double interval_ns() const { return interval_ns_; }

 private:
  Clock::time_point start_;
  double interval_ns_;
};

// Latency of a request in nanoseconds: from its intended start when open loop, else from when
// it was sent.
inline uint64_t LatencyNanos(Clock::time_point from, Clock::time_point done) {
  return done > from ? static_cast<uint64_t>((done - from).count()) : 0;
}

}  // namespace stator::bench
