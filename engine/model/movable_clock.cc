// MovableClock (include/stator/clock.h): the wall clock plus an offset that only grows, and the
// listeners told when it grows.
#include <utility>

#include "stator/clock.h"

namespace stator {

// Removes its listener when destroyed.
class MovableClock::Subscription final : public ClockSubscription {
 public:
  Subscription(const MovableClock& clock, uint64_t id) : clock_(clock), id_(id) {}
  ~Subscription() override { clock_.Remove(id_); }

 private:
  const MovableClock& clock_;
  const uint64_t id_;
};

int64_t MovableClock::NowMicros() const {
  return System()->NowMicros() + offset_.load(std::memory_order_acquire);
}

std::unique_ptr<ClockSubscription> MovableClock::OnJump(std::function<void()> on_jump) const {
  std::lock_guard lock(mu_);
  const uint64_t id = next_id_++;
  listeners_.emplace(id, std::move(on_jump));
  return std::make_unique<Subscription>(*this, id);
}

void MovableClock::Advance(int64_t micros) {
  if (micros <= 0) return;
  offset_.fetch_add(micros, std::memory_order_acq_rel);
  // Called under the lock, so a listener being removed is never called after its removal
  // returns (Remove waits here).
  std::lock_guard lock(mu_);
  for (const auto& [id, listener] : listeners_) listener();
}

void MovableClock::Remove(uint64_t id) const {
  std::lock_guard lock(mu_);
  listeners_.erase(id);
}

}  // namespace stator
