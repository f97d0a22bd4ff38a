// MovableClock: starts at the wall clock, only moves forward, and tells its listeners of each
// jump until their subscription is dropped.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>

#include "stator/clock.h"

namespace stator {
namespace {

constexpr int64_t kHour = 3600LL * 1'000'000;

TEST(MovableClockTest, StartsAtTheWallClockAndAdvancesAheadOfIt) {
  MovableClock clock;
  const int64_t wall = Clock::System()->NowMicros();
  EXPECT_LT(std::abs(clock.NowMicros() - wall), 60LL * 1'000'000);
  clock.Advance(kHour);
  EXPECT_GE(clock.NowMicros(), wall + kHour);
  EXPECT_EQ(clock.offset_micros(), kHour);
  clock.Advance(-kHour);  // never backwards
  EXPECT_EQ(clock.offset_micros(), kHour);
}

TEST(MovableClockTest, ListenersHearOfJumpsUntilUnsubscribed) {
  MovableClock clock;
  std::atomic<int> calls{0};
  auto subscription = clock.OnJump([&] { ++calls; });
  ASSERT_NE(subscription, nullptr);
  clock.Advance(1);
  clock.Advance(0);  // no jump
  EXPECT_EQ(calls.load(), 1);
  subscription.reset();
  clock.Advance(1);
  EXPECT_EQ(calls.load(), 1);
}

TEST(MovableClockTest, TheWallClockNeverJumps) {
  EXPECT_EQ(Clock::System()->OnJump([] {}), nullptr);
}

}  // namespace
}  // namespace stator
