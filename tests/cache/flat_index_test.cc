// FlatIndex against std::unordered_map as the model: random inserts, replacements and erasures,
// with hashes that share a few home slots, one of them the last (so probe runs wrap around the
// array and erasures shift their neighbours back), across growth.
#include "cache/flat_index.h"

#include <gtest/gtest.h>

#include <random>
#include <unordered_map>
#include <vector>

namespace stator::cache {
namespace {

TEST(FlatIndexTest, FindsWhatWasInsertedAndNothingElse) {
  FlatIndex<int> index;
  int a = 1, b = 2;
  EXPECT_EQ(index.Find(7), nullptr);
  index.Insert(7, &a);
  index.Insert(8, &b);
  EXPECT_EQ(index.Find(7), &a);
  EXPECT_EQ(index.Find(8), &b);
  index.Insert(7, &b);  // replaces
  EXPECT_EQ(index.Find(7), &b);
  EXPECT_EQ(index.size(), 2u);
  EXPECT_TRUE(index.Erase(7));
  EXPECT_FALSE(index.Erase(7));
  EXPECT_EQ(index.Find(7), nullptr);
  EXPECT_EQ(index.Find(8), &b);
}

// Hashes from a few home slots only (their top bits), each with many distinct low bits, and a
// few at the top of the range so that runs wrap past the array's end.
uint64_t CollidingHash(std::mt19937_64& rng) {
  const uint64_t low = rng() & 0x1FF;
  if (rng() % 4 == 0) return (~uint64_t{0} << 9) | low;  // home: the last slot
  return ((rng() % 3) << 61) | low;
}

TEST(FlatIndexTest, AgreesWithAModelThroughRandomOperations) {
  std::mt19937_64 rng(5);
  FlatIndex<int> index;
  std::unordered_map<uint64_t, int*> model;
  std::vector<int> values(64);
  for (int step = 0; step < 100'000; ++step) {
    const uint64_t hash = CollidingHash(rng);
    switch (rng() % 3) {
      case 0:
      case 1: {
        int* v = &values[rng() % values.size()];
        index.Insert(hash, v);
        model[hash] = v;
        break;
      }
      default:
        EXPECT_EQ(index.Erase(hash), model.erase(hash) == 1);
    }
    if (step % 997 == 0) {
      ASSERT_EQ(index.size(), model.size());
      for (const auto& [h, v] : model) ASSERT_EQ(index.Find(h), v) << "step " << step;
      size_t seen = 0;
      index.ForEach([&](int*) { ++seen; });
      ASSERT_EQ(seen, model.size());
    }
  }
  for (uint64_t probe = 0; probe < 1000; ++probe) {
    const uint64_t hash = CollidingHash(rng);
    auto it = model.find(hash);
    EXPECT_EQ(index.Find(hash), it == model.end() ? nullptr : it->second);
  }
  index.Clear();
  EXPECT_TRUE(index.empty());
  EXPECT_EQ(index.Find(model.begin()->first), nullptr);
}

}  // namespace
}  // namespace stator::cache
