// Clock: the source of time for everything time-dependent (table status transitions, and later
// TTL, stream retention, PITR, token buckets). Injected through Options so tests need not sleep.
//
// Thread safety: implementations must be safe to call from any thread.
#pragma once

#include <cstdint>
#include <memory>

namespace stator {

class Clock {
 public:
  virtual ~Clock() = default;
  // Microseconds since the Unix epoch.
  virtual int64_t NowMicros() const = 0;

  // The wall clock. Never null; owned by the library.
  static const std::shared_ptr<Clock>& System();
};

}  // namespace stator
