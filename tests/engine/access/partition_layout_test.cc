// PartitionLayout: a table's and its GSIs' partitions are sized up, never down, split in halves
// with new ids, and found by hash; a range of one hash cannot split.
#include "engine/access/partition_layout.h"

#include <gtest/gtest.h>

#include <set>

namespace stator::engine {
namespace {

constexpr uint64_t kHalf = uint64_t{1} << 63;

TEST(PartitionMapTest, EvenDividesTheRingIntoEqualRanges) {
  const PartitionMap four = PartitionMap::Even(9, 4);
  ASSERT_EQ(four.partitions().size(), 4u);
  EXPECT_EQ(four.Find(0), PartitionMap::Id(9, 0));
  EXPECT_EQ(four.Find(kHalf - 3), PartitionMap::Id(9, 1));  // ranges of 2^62 - 1 hashes
  EXPECT_EQ(four.Find(kHalf + 1), PartitionMap::Id(9, 2));
  EXPECT_EQ(four.Find(~uint64_t{0}), PartitionMap::Id(9, 3));
  EXPECT_EQ(PartitionMap::Even(9, 0).partitions().size(), 1u);  // at least one
}

TEST(PartitionMapTest, TheMiddleHalvesARangeUnlessItHoldsOneHash) {
  EXPECT_EQ(PartitionMap::Whole(9).Middle(0), kHalf);
  const PartitionMap two = PartitionMap::Even(9, 2);
  // The last range, [2^63 - 1, 2^64), wraps to 0: its middle is a quarter ring above its begin.
  EXPECT_EQ(two.Middle(1), two.partitions()[1].begin + kHalf / 2);
  const PartitionMap narrow({{0, 1}, {10, 2}, {11, 3}});
  EXPECT_EQ(narrow.Middle(0), 5u);
  EXPECT_EQ(narrow.Middle(1), std::nullopt);  // [10, 11): the hash 10 alone
}

TEST(PartitionLayoutTest, ATableStartsWholeAndGrowsButNeverShrinks) {
  PartitionLayout layout(7);
  EXPECT_EQ(layout.Count(7), 1u);
  EXPECT_EQ(layout.Find(7, 12345), PartitionMap::Id(7, 0));
  layout.EnsureAtLeast(7, 6);
  EXPECT_EQ(layout.Count(7), 6u);
  layout.EnsureAtLeast(7, 2);  // lower throughput: partitions are never merged
  EXPECT_EQ(layout.Count(7), 6u);
  // Grown by halving the widest ranges, with ids never used before.
  std::set<uint64_t> ids;
  for (const auto& p : layout.TableMap().partitions()) {
    EXPECT_EQ(p.id >> 32, 7u);
    EXPECT_NE(p.id, PartitionMap::Id(7, 0));
    ids.insert(p.id);
  }
  EXPECT_EQ(ids.size(), 6u);
}

TEST(PartitionLayoutTest, AGsiHasAMapOfItsOwn) {
  PartitionLayout layout(7);
  EXPECT_EQ(layout.Count(8), 0u);
  EXPECT_EQ(layout.Find(8, 42), PartitionMap::Id(8, 0));  // not known yet: whole
  layout.EnsureAtLeast(8, 8);
  EXPECT_EQ(layout.Count(8), 8u);
  EXPECT_EQ(layout.Count(7), 1u);
  EXPECT_EQ(layout.Find(8, ~uint64_t{0}), PartitionMap::Id(8, 7));
}

TEST(PartitionLayoutTest, ASplitHalvesOnePartitionWithNewIds) {
  PartitionLayout layout(7);
  layout.EnsureAtLeast(7, 2);
  const PartitionMap& before = layout.TableMap();
  const uint64_t low_half = before.partitions()[0].id;
  const uint64_t high_half = before.partitions()[1].id;
  const auto halves = layout.SplitInHalf(low_half);
  ASSERT_TRUE(halves);
  EXPECT_FALSE(layout.SplitInHalf(low_half));  // already split
  EXPECT_EQ(layout.Count(7), 3u);
  const uint64_t quarter = kHalf / 2;
  EXPECT_EQ(layout.Find(7, 0), halves->first);
  EXPECT_EQ(layout.Find(7, quarter + 1), halves->second);
  EXPECT_NE(halves->first, low_half);
  EXPECT_NE(halves->second, low_half);
  EXPECT_EQ(layout.Find(7, kHalf + 1), high_half);  // the other half untouched
  // The map a reader loaded before the split is still there to read.
  EXPECT_EQ(before.Find(0), low_half);
  EXPECT_FALSE(layout.SplitInHalf(PartitionMap::Id(99, 0)));  // no such owner
}

TEST(PartitionLayoutTest, SplitsForHeatStopAtTheCap) {
  PartitionLayout layout(7);
  layout.EnsureAtLeast(7, PartitionLayout::kMaxHeatPartitions);
  EXPECT_FALSE(layout.SplitInHalf(layout.TableMap().partitions()[0].id));
  EXPECT_EQ(layout.Count(7), PartitionLayout::kMaxHeatPartitions);
}

}  // namespace
}  // namespace stator::engine
