#include "api/remote/retry_policy.h"

#include <algorithm>
#include <thread>

namespace stator::remote {

RetryClass Classify(const Status& status, int http_status, client::TransportFailure transport) {
  if (status.ok()) return RetryClass::kNone;
  switch (status.code()) {
    case ErrorCode::kProvisionedThroughputExceeded:
    case ErrorCode::kThrottling:
    case ErrorCode::kRequestLimitExceeded:
      return RetryClass::kThrottle;
    default:
      break;
  }
  if (http_status >= 500) return RetryClass::kServer;
  if (http_status == 0) {
    switch (transport) {
      case client::TransportFailure::kTimeout:
        return RetryClass::kTimeout;
      case client::TransportFailure::kConnect:
      case client::TransportFailure::kIo:
        return RetryClass::kTransport;
      case client::TransportFailure::kNone:
        break;
    }
  }
  return RetryClass::kNone;
}

bool RetryQuota::Acquire(int cost) {
  std::lock_guard lock(mu_);
  if (available_ < cost) return false;
  available_ -= cost;
  return true;
}

void RetryQuota::Release(int amount) {
  std::lock_guard lock(mu_);
  available_ = std::min(capacity_, available_ + amount);
}

int RetryQuota::available() const {
  std::lock_guard lock(mu_);
  return available_;
}

RetryPolicy::RetryPolicy(RetrySettings settings, Sleep sleep, uint64_t seed, Now now)
    : settings_(settings),
      sleep_(sleep ? std::move(sleep)
                   : Sleep([](std::chrono::nanoseconds d) { std::this_thread::sleep_for(d); })),
      now_(now ? std::move(now) : Now([] { return std::chrono::steady_clock::now(); })),
      quota_(settings.quota),
      rng_(seed) {}

std::chrono::nanoseconds RetryPolicy::Backoff(int retry) {
  const int doublings = std::clamp(retry - 1, 0, 30);
  const std::chrono::nanoseconds ceiling = std::min<std::chrono::nanoseconds>(
      settings_.max_backoff, settings_.base_delay * (int64_t{1} << doublings));
  std::uniform_int_distribution<int64_t> draw(0, ceiling.count());
  std::lock_guard lock(rng_mu_);
  return std::chrono::nanoseconds(draw(rng_));
}

Status RetryPolicy::Run(const std::function<Attempt(std::chrono::nanoseconds left)>& attempt) {
  const auto start = now_();
  const bool bounded = settings_.call_budget > std::chrono::nanoseconds::zero();
  auto left = [&] {
    return bounded ? settings_.call_budget - (now_() - start) : std::chrono::nanoseconds::max();
  };
  int spent = 0;  // tokens the last retry took, given back if the call then succeeds
  for (int tries = 1;; ++tries) {
    Attempt a = attempt(left());
    if (a.status.ok()) {
      quota_.Release(spent > 0 ? spent : settings_.no_retry_increment);
      return a.status;
    }
    if (a.retry == RetryClass::kNone || tries >= settings_.max_attempts) return a.status;
    spent = a.retry == RetryClass::kTimeout ? settings_.timeout_retry_cost : settings_.retry_cost;
    if (!quota_.Acquire(spent)) return a.status;
    const std::chrono::nanoseconds wait = Backoff(tries);
    if (wait >= left()) {  // the next try could not start within the budget: not made
      quota_.Release(spent);
      return a.status;
    }
    sleep_(wait);
  }
}

}  // namespace stator::remote
