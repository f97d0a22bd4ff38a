// Clock: the source of time for everything time-dependent (table status transitions, TTL
// expiry, stream retention and rollover, consumers' record age, and later PITR and token
// buckets). Injected through Options so tests need not sleep.
//
// A clock may jump (MovableClock::Advance). Whoever converts a time on the clock into a
// real-time wait (the background scheduler) subscribes with OnJump, so that a jump ends the wait
// and what became due runs at once rather than when the real time catches up.
//
// Thread safety: implementations must be safe to call from any thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>

namespace stator {

// Keeps a listener registered with Clock::OnJump; destroying it removes the listener, waiting for
// a call of it in progress on another thread.
class ClockSubscription {
 public:
  virtual ~ClockSubscription() = default;
};

class Clock {
 public:
  virtual ~Clock() = default;
  // Microseconds since the Unix epoch.
  virtual int64_t NowMicros() const = 0;

  // Registers `on_jump`, called after every jump of the clock, on the thread that moved it.
  // `on_jump` must be quick and must not register or remove listeners of this clock. Returns
  // what keeps it registered, or null for a clock that never jumps (the default: the wall
  // clock, whose small steps the scheduler's bounded waits absorb).
  virtual std::unique_ptr<ClockSubscription> OnJump(std::function<void()> /*on_jump*/) const {
    return nullptr;
  }

  // The wall clock. Never null; owned by the library.
  static const std::shared_ptr<Clock>& System();
};

// A clock a test moves forward: it starts at the wall clock's reading and runs with it, and
// Advance moves it ahead of the wall clock ("now it is tomorrow"). It never goes backwards, so
// times it gave out (stream sequence times, creation times) stay in order. The server's
// --virtual-clock uses it.
class MovableClock final : public Clock {
 public:
  MovableClock() = default;
  int64_t NowMicros() const override;
  std::unique_ptr<ClockSubscription> OnJump(std::function<void()> on_jump) const override;

  // Moves the clock `micros` (>= 0; a negative value is ignored) ahead and tells the listeners,
  // once the new time is visible to every reader.
  void Advance(int64_t micros);
  // How far the clock is ahead of the wall clock, in microseconds.
  int64_t offset_micros() const { return offset_.load(std::memory_order_acquire); }

 private:
  class Subscription;
  void Remove(uint64_t id) const;

  std::atomic<int64_t> offset_{0};
  mutable std::mutex mu_;  // guards the listeners; held while they are called
  mutable std::map<uint64_t, std::function<void()>> listeners_;  // guarded by mu_
  mutable uint64_t next_id_ = 0;                                 // guarded by mu_
};

}  // namespace stator
