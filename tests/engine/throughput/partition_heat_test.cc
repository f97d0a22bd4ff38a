// PartitionHeat: three seconds in a row near the ceiling (or refusing), with more than one key,
// make a partition due to split; one key never does, nor a lukewarm or interrupted run.
#include "engine/throughput/partition_heat.h"

#include <gtest/gtest.h>

namespace stator::engine {
namespace {

constexpr int64_t kSecond = 1'000'000;
constexpr int64_t kStart = 1'700'000'000 * kSecond;

// Offers one second of `units` (in requests of 10 units) to `heat` from `second`, the keys
// alternating between `keys` hashes; true when a request found the partition due to split.
bool OneSecond(PartitionHeat& heat, int64_t second, double units, int keys) {
  bool due = false;
  const int requests = static_cast<int>(units / 10);
  for (int i = 0; i < requests; ++i) {
    due |= heat.Saw(static_cast<uint64_t>(i % keys), kStart + second * kSecond + i);
    heat.Spent(10);
  }
  return due;
}

TEST(PartitionHeatTest, ThreeHotSecondsWithManyKeysMakeAPartitionDue) {
  PartitionHeat heat(1000, kStart);
  EXPECT_FALSE(OneSecond(heat, 0, 850, 2));
  EXPECT_FALSE(OneSecond(heat, 1, 850, 2));
  EXPECT_FALSE(OneSecond(heat, 2, 850, 2));
  EXPECT_TRUE(OneSecond(heat, 3, 850, 2));  // on its first request, once the third closed
  // Counting starts again: the halves are new partitions, and this one is no longer asked.
  EXPECT_FALSE(OneSecond(heat, 4, 850, 2));
}

TEST(PartitionHeatTest, OneHotKeyNeverMakesAPartitionDue) {
  PartitionHeat heat(1000, kStart);
  for (int second = 0; second < 60; ++second) {
    heat.Refused();
    EXPECT_FALSE(OneSecond(heat, second, 1000, 1)) << second;
  }
}

TEST(PartitionHeatTest, RefusalsAreHeatEvenBelowTheShare) {
  PartitionHeat heat(1000, kStart);
  bool due = false;
  for (int second = 0; second < 4; ++second) {
    due |= OneSecond(heat, second, 100, 5);
    heat.Refused();
  }
  EXPECT_TRUE(due);
}

TEST(PartitionHeatTest, ALukewarmOrInterruptedRunIsNotHeat) {
  PartitionHeat lukewarm(1000, kStart);
  for (int second = 0; second < 60; ++second) {
    EXPECT_FALSE(OneSecond(lukewarm, second, 700, 10)) << second;  // 70% of the ceiling
  }
  PartitionHeat interrupted(1000, kStart);
  EXPECT_FALSE(OneSecond(interrupted, 0, 900, 10));
  EXPECT_FALSE(OneSecond(interrupted, 1, 900, 10));
  // Second 2 idle.
  EXPECT_FALSE(OneSecond(interrupted, 3, 900, 10));
  EXPECT_FALSE(OneSecond(interrupted, 4, 900, 10));
  EXPECT_FALSE(OneSecond(interrupted, 5, 900, 10));
  EXPECT_TRUE(OneSecond(interrupted, 6, 900, 10));
}

}  // namespace
}  // namespace stator::engine
