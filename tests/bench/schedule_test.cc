#include "bench/harness/schedule.h"

#include <gtest/gtest.h>

namespace stator::bench {
namespace {

using std::chrono::milliseconds;
using std::chrono::nanoseconds;

TEST(OpenLoopScheduleTest, IntendedStartsAreEvenlySpaced) {
  const Clock::time_point t0{};
  OpenLoopSchedule s(t0, 1000);  // one request per millisecond
  EXPECT_EQ(s.IntendedStart(0), t0);
  EXPECT_EQ(s.IntendedStart(1), t0 + milliseconds(1));
  EXPECT_EQ(s.IntendedStart(2500), t0 + milliseconds(2500));
}

TEST(OpenLoopScheduleTest, FractionalIntervalsDoNotDrift) {
  const Clock::time_point t0{};
  OpenLoopSchedule s(t0, 3);  // 333.33 ms apart: computed from the index, not accumulated
  EXPECT_EQ(s.IntendedStart(3'000'000), t0 + std::chrono::seconds(1'000'000));
}

TEST(OpenLoopScheduleTest, DueByCountsRequestsAlreadyDue) {
  const Clock::time_point t0 = Clock::time_point{} + std::chrono::seconds(5);
  OpenLoopSchedule s(t0, 1000);
  EXPECT_EQ(s.DueBy(t0 - nanoseconds(1)), 0u);
  EXPECT_EQ(s.DueBy(t0), 1u);
  EXPECT_EQ(s.DueBy(t0 + nanoseconds(999'999)), 1u);
  EXPECT_EQ(s.DueBy(t0 + milliseconds(1)), 2u);
  EXPECT_EQ(s.DueBy(t0 + milliseconds(10)), 11u);
}

// A stall is charged to the requests it delayed: latency runs from the intended start.
TEST(OpenLoopScheduleTest, LatencyCountsFromTheIntendedStart) {
  const Clock::time_point t0{};
  OpenLoopSchedule s(t0, 1000);
  const auto stall_end = t0 + milliseconds(100);  // the server froze for 100 ms
  // Request 10 was due at 10 ms, sent at 100 ms, answered 50 us later: 90.05 ms of latency.
  EXPECT_EQ(LatencyNanos(s.IntendedStart(10), stall_end + std::chrono::microseconds(50)),
            90'050'000u);
  EXPECT_EQ(LatencyNanos(t0 + milliseconds(5), t0), 0u);  // never negative
}

}  // namespace
}  // namespace stator::bench
