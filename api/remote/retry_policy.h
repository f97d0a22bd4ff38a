// RetryPolicy: when and after how long the remote Database tries a call again, as the AWS SDKs
// do for DynamoDB (RemoteOptions states the numbers): throttling errors
// (ProvisionedThroughputExceededException, ThrottlingException, RequestLimitExceeded), 5xx
// answers and transport failures are retried with exponential backoff and full jitter; other 4xx
// errors never are. A RetryQuota, the SDKs' standard-mode token bucket, bounds the retries all
// calls together make, so that a failing service is not met with ten times its load.
//
// Sleeping and randomness are injected, so tests check the policy without waiting.
//
// Thread safety: RetryQuota and RetryPolicy are safe for concurrent use.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <random>

#include "api/client/http_connection.h"
#include "stator/status.h"

namespace stator::remote {

struct RetrySettings {
  int max_attempts = 10;
  std::chrono::milliseconds base_delay{50};
  std::chrono::milliseconds max_backoff{20000};
  int quota = 500;
  // The standard mode's costs: a retry, a retry after a timeout, and what a call that succeeds
  // at the first try gives back.
  int retry_cost = 5;
  int timeout_retry_cost = 10;
  int no_retry_increment = 1;
  // How long one call may take in all, its tries and the waits between them (the SDKs' API call
  // timeout); zero: no bound beyond max_attempts.
  std::chrono::nanoseconds call_budget{0};
};

// Why an attempt failed, as far as retrying is concerned.
enum class RetryClass : unsigned char {
  kNone,       // succeeded, or failed for good (a 4xx other than throttling)
  kThrottle,   // a throttling error
  kServer,     // a 5xx answer
  kTransport,  // no answer: the connection could not be opened or broke
  kTimeout,    // no answer within the request timeout
};

// The class of a failed attempt: its answer's status and error (http_status 0: none came, and
// `transport` says why).
RetryClass Classify(const Status& status, int http_status, client::TransportFailure transport);

class RetryQuota {
 public:
  explicit RetryQuota(int capacity) : capacity_(capacity), available_(capacity) {}
  // Takes `cost` tokens for a retry; false (nothing taken) when fewer are left.
  bool Acquire(int cost);
  // Gives back `amount` tokens, up to the capacity.
  void Release(int amount);
  int available() const;

 private:
  const int capacity_;
  mutable std::mutex mu_;
  int available_;  // GUARDED_BY(mu_)
};

class RetryPolicy {
 public:
  using Sleep = std::function<void(std::chrono::nanoseconds)>;
  using Now = std::function<std::chrono::steady_clock::time_point()>;
  struct Attempt {
    Status status;
    RetryClass retry = RetryClass::kNone;
  };

  // sleep: waits the given delay (default: the calling thread sleeps); seed: of the jitter;
  // now: the clock the call budget is kept by (default: steady_clock; tests pass one that their
  // sleep moves on).
  explicit RetryPolicy(RetrySettings settings, Sleep sleep = nullptr,
                       uint64_t seed = std::random_device{}(), Now now = nullptr);

  // Runs `attempt` until it succeeds, fails with an error that is not retried, has been tried
  // max_attempts times, the quota has no tokens for another retry, or the call budget would run
  // out before the next try could start; returns the last status. `attempt` is given the time
  // left in the budget (nanoseconds::max() without one) to bound its own waits by.
  Status Run(const std::function<Attempt(std::chrono::nanoseconds left)>& attempt);

  // The delay before retry number `retry` (1 for the first): uniform in
  // [0, min(max_backoff, base_delay x 2^(retry - 1))].
  std::chrono::nanoseconds Backoff(int retry);

  const RetrySettings& settings() const { return settings_; }
  const RetryQuota& quota() const { return quota_; }

 private:
  const RetrySettings settings_;
  const Sleep sleep_;
  const Now now_;
  RetryQuota quota_;
  std::mutex rng_mu_;
  std::mt19937_64 rng_;  // GUARDED_BY(rng_mu_)
};

}  // namespace stator::remote
