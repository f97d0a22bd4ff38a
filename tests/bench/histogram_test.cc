#include "bench/harness/histogram.h"

#include <gtest/gtest.h>

#include <cmath>

namespace stator::bench {
namespace {

TEST(LatencyHistogramTest, EmptyReportsZero) {
  LatencyHistogram h;
  EXPECT_EQ(h.count(), 0u);
  EXPECT_EQ(h.Percentile(0.5), 0u);
  EXPECT_EQ(h.max(), 0u);
}

TEST(LatencyHistogramTest, SmallValuesAreExact) {
  LatencyHistogram h;
  for (uint64_t v = 1; v <= 100; ++v) h.Record(v);
  EXPECT_EQ(h.Percentile(0.5), 50u);
  EXPECT_EQ(h.Percentile(0.9), 90u);
  EXPECT_EQ(h.Percentile(0.99), 99u);
  EXPECT_EQ(h.Percentile(1.0), 100u);
  EXPECT_EQ(h.min(), 1u);
  EXPECT_DOUBLE_EQ(h.Mean(), 50.5);
}

TEST(LatencyHistogramTest, PercentilesOfAUniformRangeWithinOnePercent) {
  LatencyHistogram h;
  for (uint64_t v = 1; v <= 1'000'000; ++v) h.Record(v * 1000);  // 1 us .. 1 s
  for (double q : {0.5, 0.9, 0.99, 0.999}) {
    const double expected = q * 1e9;
    EXPECT_NEAR(static_cast<double>(h.Percentile(q)), expected, expected * 0.01) << q;
  }
  EXPECT_EQ(h.max(), 1'000'000'000u);
}

TEST(LatencyHistogramTest, TailSeparatedFromBody) {
  LatencyHistogram h;
  for (int i = 0; i < 990; ++i) h.Record(100'000);    // 100 us
  for (int i = 0; i < 10; ++i) h.Record(50'000'000);  // 50 ms
  EXPECT_NEAR(h.Percentile(0.99), 100'000, 1000);
  EXPECT_NEAR(h.Percentile(0.999), 50'000'000, 500'000);
  EXPECT_EQ(h.max(), 50'000'000u);
}

TEST(LatencyHistogramTest, MergeEqualsRecordingEverything) {
  LatencyHistogram a, b, all;
  for (uint64_t v = 1; v < 5000; ++v) {
    (v % 2 ? a : b).Record(v * 37);
    all.Record(v * 37);
  }
  a.Merge(b);
  EXPECT_EQ(a.count(), all.count());
  for (double q : {0.1, 0.5, 0.9, 0.99}) EXPECT_EQ(a.Percentile(q), all.Percentile(q));
  EXPECT_EQ(a.max(), all.max());
  EXPECT_EQ(a.min(), all.min());
}

TEST(LatencyHistogramTest, BucketsCoverValuesContiguously) {
  for (int i = 0; i + 1 < LatencyHistogram::kBuckets; ++i) {
    ASSERT_EQ(LatencyHistogram::BucketHigh(i) + 1, LatencyHistogram::BucketLow(i + 1)) << i;
  }
  for (uint64_t v : {0ULL, 127ULL, 128ULL, 1000ULL, 123456789ULL, 1ULL << 40}) {
    const int b = LatencyHistogram::BucketOf(v);
    EXPECT_LE(LatencyHistogram::BucketLow(b), v);
    EXPECT_GE(LatencyHistogram::BucketHigh(b), v);
  }
}

}  // namespace
}  // namespace stator::bench
