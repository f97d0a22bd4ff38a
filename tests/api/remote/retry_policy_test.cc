#include "api/remote/retry_policy.h"

#include <gtest/gtest.h>

#include <vector>

namespace stator::remote {
namespace {

using std::chrono::milliseconds;
using std::chrono::nanoseconds;
using Attempt = RetryPolicy::Attempt;

const Status kThrottled(ErrorCode::kProvisionedThroughputExceeded, "slow down");
const Status kInvalid(ErrorCode::kValidation, "bad request");
const Status kBroken = Status::IOError("read from http://x: end of stream");

// A policy whose sleeps are recorded, not slept.
struct Fixture {
  explicit Fixture(RetrySettings settings = {})
      : policy(
            settings, [this](nanoseconds d) { sleeps.push_back(d); }, 42) {}
  // Runs the policy over `outcomes`, one per attempt; counts the attempts made.
  Status Run(std::vector<Attempt> outcomes) {
    attempts = 0;
    return policy.Run(
        [&](nanoseconds) { return outcomes[std::min<size_t>(attempts++, outcomes.size() - 1)]; });
  }
  std::vector<nanoseconds> sleeps;
  RetryPolicy policy;
  size_t attempts = 0;
};

TEST(RetryPolicyTest, ClassifiesAsTheSdksDo) {
  using client::TransportFailure;
  EXPECT_EQ(Classify(kThrottled, 400, TransportFailure::kNone), RetryClass::kThrottle);
  EXPECT_EQ(Classify(Status(ErrorCode::kThrottling, ""), 400, TransportFailure::kNone),
            RetryClass::kThrottle);
  EXPECT_EQ(Classify(Status(ErrorCode::kRequestLimitExceeded, ""), 400, TransportFailure::kNone),
            RetryClass::kThrottle);
  EXPECT_EQ(Classify(Status(ErrorCode::kInternalServerError, ""), 500, TransportFailure::kNone),
            RetryClass::kServer);
  EXPECT_EQ(Classify(Status(ErrorCode::kInternalServerError, ""), 503, TransportFailure::kNone),
            RetryClass::kServer);
  EXPECT_EQ(Classify(kInvalid, 400, TransportFailure::kNone), RetryClass::kNone);
  EXPECT_EQ(Classify(Status(ErrorCode::kConditionalCheckFailed, ""), 400, TransportFailure::kNone),
            RetryClass::kNone);
  EXPECT_EQ(Classify(kBroken, 0, TransportFailure::kIo), RetryClass::kTransport);
  EXPECT_EQ(Classify(kBroken, 0, TransportFailure::kConnect), RetryClass::kTransport);
  EXPECT_EQ(Classify(kBroken, 0, TransportFailure::kTimeout), RetryClass::kTimeout);
}

TEST(RetryPolicyTest, SuccessAtOnceNeitherSleepsNorSpends) {
  Fixture f;
  EXPECT_TRUE(f.Run({{Status::OK(), RetryClass::kNone}}).ok());
  EXPECT_EQ(f.attempts, 1u);
  EXPECT_TRUE(f.sleeps.empty());
  EXPECT_EQ(f.policy.quota().available(), 500);
}

TEST(RetryPolicyTest, ThrottlingIsRetriedUntilItPasses) {
  Fixture f;
  Status s = f.Run({{kThrottled, RetryClass::kThrottle},
                    {kThrottled, RetryClass::kThrottle},
                    {Status::OK(), RetryClass::kNone}});
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(f.attempts, 3u);
  ASSERT_EQ(f.sleeps.size(), 2u);
  EXPECT_LE(f.sleeps[0], milliseconds(50));
  EXPECT_LE(f.sleeps[1], milliseconds(100));
  // The last retry's 5 tokens came back with the success; the first's are spent.
  EXPECT_EQ(f.policy.quota().available(), 495);
}

TEST(RetryPolicyTest, ClientErrorsAreNotRetried) {
  Fixture f;
  Status s = f.Run({{kInvalid, RetryClass::kNone}});
  EXPECT_EQ(s.code(), ErrorCode::kValidation);
  EXPECT_EQ(s.message(), "bad request");
  EXPECT_EQ(f.attempts, 1u);
  EXPECT_TRUE(f.sleeps.empty());
}

TEST(RetryPolicyTest, GivesUpAfterMaxAttemptsWithTheLastError) {
  Fixture f;
  Status s = f.Run({{kThrottled, RetryClass::kThrottle}});
  EXPECT_EQ(s.code(), ErrorCode::kProvisionedThroughputExceeded);
  EXPECT_EQ(f.attempts, 10u);  // the SDKs' legacy DynamoDB default
  EXPECT_EQ(f.sleeps.size(), 9u);
  EXPECT_EQ(f.policy.quota().available(), 500 - 9 * 5);
}

TEST(RetryPolicyTest, BackoffIsFullJitterUnderADoublingCeiling) {
  RetrySettings settings;
  settings.max_backoff = milliseconds(400);
  Fixture f(settings);
  for (int retry = 1; retry <= 12; ++retry) {
    const auto ceiling =
        std::min<nanoseconds>(milliseconds(400), milliseconds(50) * (1 << (retry - 1)));
    nanoseconds largest{0};
    for (int i = 0; i < 200; ++i) {
      const nanoseconds d = f.policy.Backoff(retry);
      EXPECT_GE(d, nanoseconds(0));
      EXPECT_LE(d, ceiling);
      largest = std::max(largest, d);
    }
    EXPECT_GT(largest, ceiling / 2) << "draws spread over [0, ceiling]";
  }
}

TEST(RetryPolicyTest, AnEmptyQuotaStopsRetries) {
  RetrySettings settings;
  settings.quota = 12;  // two retries of 5, or one after a timeout (10)
  Fixture f(settings);
  Status s = f.Run({{kBroken, RetryClass::kTransport}});
  EXPECT_EQ(s.code(), ErrorCode::kIOError);
  EXPECT_EQ(f.attempts, 3u);
  EXPECT_EQ(f.policy.quota().available(), 2);

  Fixture t(settings);
  s = t.Run({{kBroken, RetryClass::kTimeout}});
  EXPECT_EQ(t.attempts, 2u);
  EXPECT_EQ(t.policy.quota().available(), 2);
}

// A call budget ends the retries once the next wait would outlast it; every try is told what
// is left. The clock is the fixture's own, moved on by the recorded sleeps and 10 ms a try.
TEST(RetryPolicyTest, ACallBudgetStopsRetriesThatCouldNotStartInTime) {
  RetrySettings settings;
  settings.max_attempts = 100;
  settings.base_delay = milliseconds(40);
  settings.max_backoff = milliseconds(40);  // each wait drawn in [0, 40 ms]
  settings.call_budget = milliseconds(100);
  auto clock = std::chrono::steady_clock::time_point();
  std::vector<nanoseconds> sleeps, lefts;
  RetryPolicy policy(
      settings,
      [&](nanoseconds d) {
        sleeps.push_back(d);
        clock += d;
      },
      42, [&] { return clock; });
  const Status s = policy.Run([&](nanoseconds left) {
    lefts.push_back(left);
    clock += milliseconds(10);
    return Attempt{kThrottled, RetryClass::kThrottle};
  });
  EXPECT_EQ(s.code(), ErrorCode::kProvisionedThroughputExceeded);
  ASSERT_GE(lefts.size(), 2u);
  EXPECT_LT(lefts.size(), 100u);
  EXPECT_EQ(lefts.front(), milliseconds(100));
  for (size_t i = 1; i < lefts.size(); ++i) {
    EXPECT_LT(lefts[i], lefts[i - 1]);
    EXPECT_GT(lefts[i], nanoseconds(0)) << "a try started after the budget ran out";
  }
  EXPECT_EQ(sleeps.size(), lefts.size() - 1);
  EXPECT_LE(clock - std::chrono::steady_clock::time_point(), milliseconds(100) + milliseconds(10));
  // The tokens of the retry that was not made are given back.
  EXPECT_EQ(policy.quota().available(), 500 - 5 * static_cast<int>(sleeps.size()));
}

TEST(RetryPolicyTest, WithoutABudgetEveryTryHasAllTheTimeThereIs) {
  Fixture f;
  std::vector<nanoseconds> lefts;
  (void)f.policy.Run([&](nanoseconds left) {
    lefts.push_back(left);
    return Attempt{kBroken, RetryClass::kTransport};
  });
  ASSERT_EQ(lefts.size(), 10u);
  for (nanoseconds left : lefts) EXPECT_EQ(left, nanoseconds::max());
}

TEST(RetryPolicyTest, SuccessesRefillTheQuota) {
  RetryQuota quota(10);
  EXPECT_TRUE(quota.Acquire(10));
  EXPECT_FALSE(quota.Acquire(1));
  quota.Release(3);
  EXPECT_EQ(quota.available(), 3);
  quota.Release(100);
  EXPECT_EQ(quota.available(), 10);
}

}  // namespace
}  // namespace stator::remote
