// Distribution shapes, with sample sizes and tolerances wide enough that a correct generator
// cannot fail them (the seeds are fixed as well, so the results are deterministic).
#include "bench/harness/key_distribution.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

namespace stator::bench {
namespace {

TEST(ZipfianTest, FirstItemFrequencyIsOneOverZeta) {
  constexpr uint64_t kN = 1000;
  ZipfianGenerator z(kN);
  const double zeta = ZipfianGenerator::Zeta(0, kN, ZipfianGenerator::kTheta, 0);
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> u(0, 1);
  constexpr int kSamples = 200000;
  std::vector<int> counts(kN);
  for (int i = 0; i < kSamples; ++i) {
    const uint64_t v = z.Next(u(rng));
    ASSERT_LT(v, kN);
    ++counts[v];
  }
  const double p0 = static_cast<double>(counts[0]) / kSamples;
  EXPECT_NEAR(p0, 1.0 / zeta, 0.02);
  // Popularity falls with rank: item 0 beats item 9 beats item 99, by wide margins.
  EXPECT_GT(counts[0], 5 * counts[9]);
  EXPECT_GT(counts[9], 3 * counts[99]);
}

TEST(ZipfianTest, GrowKeepsZetaEqualToTheFullSum) {
  ZipfianGenerator grown(100);
  grown.Grow(5000);
  ZipfianGenerator direct(5000);
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> u(0, 1);
  for (int i = 0; i < 1000; ++i) {
    const double x = u(rng);
    EXPECT_EQ(grown.Next(x), direct.Next(x));
  }
}

TEST(KeyChooserTest, UniformCoversTheRangeEvenly) {
  KeyChooser c(Distribution::kUniform, 10, nullptr, 1);
  std::vector<int> counts(10);
  for (int i = 0; i < 100000; ++i) ++counts[c.Next()];
  for (int n : counts) EXPECT_NEAR(n, 10000, 1000);
}

TEST(KeyChooserTest, SequentialReadsEveryKeyOnceThenStartsOver) {
  KeyChooser c(Distribution::kSequential, 5, nullptr, 1);
  std::vector<uint64_t> keys;
  for (int i = 0; i < 7; ++i) keys.push_back(c.Next());
  EXPECT_EQ(keys, (std::vector<uint64_t>{0, 1, 2, 3, 4, 0, 1}));
  Distribution d;
  ASSERT_TRUE(ParseDistribution("sequential", &d));
  EXPECT_EQ(d, Distribution::kSequential);
  EXPECT_EQ(ToString(d), "sequential");
}

TEST(KeyChooserTest, ScrambledZipfianIsSkewedButScattered) {
  constexpr uint64_t kKeys = 10000;
  KeyChooser c(Distribution::kZipfian, kKeys, nullptr, 2);
  std::vector<int> counts(kKeys);
  constexpr int kSamples = 200000;
  for (int i = 0; i < kSamples; ++i) {
    const uint64_t k = c.Next();
    ASSERT_LT(k, kKeys);
    ++counts[k];
  }
  std::vector<int> sorted = counts;
  std::sort(sorted.rbegin(), sorted.rend());
  int top = 0;
  for (int i = 0; i < 100; ++i) top += sorted[i];  // the hottest 1% of keys
  EXPECT_GT(top, kSamples / 10);  // ~18% expected; uniform would give 1%
  // Scattered: the hottest key is not key 0 (YCSB hashes the zipfian rank).
  const auto hottest = std::max_element(counts.begin(), counts.end()) - counts.begin();
  EXPECT_NE(hottest, 0);
}

TEST(KeyChooserTest, LatestFavoursTheNewestKeys) {
  std::atomic<uint64_t> inserted{10000};
  KeyChooser c(Distribution::kLatest, 10000, &inserted, 3);
  int newest_tenth = 0;
  constexpr int kSamples = 100000;
  for (int i = 0; i < kSamples; ++i) {
    const uint64_t k = c.Next();
    ASSERT_LT(k, 10000u);
    if (k >= 9000) ++newest_tenth;
  }
  EXPECT_GT(newest_tenth, kSamples / 2);  // uniform would give 10%
  // New inserts move the hot spot with them.
  inserted = 20000;
  int beyond = 0;
  for (int i = 0; i < 10000; ++i) beyond += c.Next() >= 10000;
  EXPECT_GT(beyond, 8500);  // ~93% expected
}

}  // namespace
}  // namespace stator::bench
