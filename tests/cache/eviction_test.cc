// EvictingShard: the byte budget, the two policies' orders, and full-key comparison.
#include "cache/eviction.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace stator::cache {
namespace {

using Shard = EvictingShard<int>;

void Put(Shard& s, uint64_t hash, int value, std::vector<int>* evicted = nullptr) {
  s.Insert(hash, std::to_string(hash), value, 100, [&](int v) {
    if (evicted) evicted->push_back(v);
  });
}

bool Has(Shard& s, uint64_t hash) { return s.Find(hash, std::to_string(hash)) != nullptr; }

TEST(EvictionTest, LruEvictsTheLeastRecentlyUsed) {
  Shard s;
  s.Configure(EvictionPolicy::kLru, 300);
  Put(s, 1, 1);
  Put(s, 2, 2);
  Put(s, 3, 3);
  EXPECT_TRUE(Has(s, 1));  // 1 is now the most recent
  std::vector<int> evicted;
  Put(s, 4, 4, &evicted);
  EXPECT_EQ(evicted, std::vector<int>{2});
  EXPECT_LE(s.bytes(), 300u);
}

TEST(EvictionTest, S3FifoKeepsWhatIsReadAgainAndDropsOneHitWonders) {
  Shard s;
  s.Configure(EvictionPolicy::kS3Fifo, 1000);
  for (uint64_t k = 1; k <= 10; ++k) Put(s, k, static_cast<int>(k));
  EXPECT_TRUE(Has(s, 1));
  EXPECT_TRUE(Has(s, 2));
  // A scan of new keys, each read once: they must not push out the keys read twice.
  for (uint64_t k = 100; k < 140; ++k) Put(s, k, static_cast<int>(k));
  EXPECT_TRUE(Has(s, 1));
  EXPECT_TRUE(Has(s, 2));
  EXPECT_FALSE(Has(s, 3));
  EXPECT_LE(s.bytes(), 1000u);
}

TEST(EvictionTest, GhostHitGoesStraightToMain) {
  Shard s;
  s.Configure(EvictionPolicy::kS3Fifo, 1000);
  for (uint64_t k = 1; k <= 20; ++k) Put(s, k, static_cast<int>(k));  // 1..10 evicted to ghost
  EXPECT_FALSE(Has(s, 1));
  Put(s, 1, 1);  // remembered: enters main
  for (uint64_t k = 200; k < 230; ++k) Put(s, k, static_cast<int>(k));
  EXPECT_TRUE(Has(s, 1));
}

TEST(EvictionTest, SameHashDifferentKeyIsAMiss) {
  Shard s;
  s.Configure(EvictionPolicy::kS3Fifo, 1000);
  s.Insert(7, "seven", 7, 100, [](int) {});
  EXPECT_EQ(s.Find(7, "other"), nullptr);
  ASSERT_NE(s.Find(7, "seven"), nullptr);
  s.Insert(7, "other", 8, 100, [](int) {});  // replaces the colliding entry
  EXPECT_EQ(s.Find(7, "seven"), nullptr);
  EXPECT_EQ(s.Find(7, "other")->value, 8);
  EXPECT_EQ(s.bytes(), 100u);
}

TEST(EvictionTest, ReplacingAnEntryKeepsTheBudget) {
  Shard s;
  s.Configure(EvictionPolicy::kS3Fifo, 250);
  Put(s, 1, 1);
  Put(s, 2, 2);
  s.Insert(1, "1", 10, 200, [](int) {});
  EXPECT_LE(s.bytes(), 250u);
  ASSERT_NE(s.Find(1, "1"), nullptr);
}

}  // namespace
}  // namespace stator::cache
