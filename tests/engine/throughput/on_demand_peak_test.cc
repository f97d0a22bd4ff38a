// The on-demand scaling rules on a clock the tests move by hand: the initial throughput, twice
// the previous peak at once, the peak rising only with traffic 30 minutes old. No sleeps.
#include "engine/throughput/on_demand_peak.h"

#include <gtest/gtest.h>

namespace stator::engine {
namespace {

constexpr int64_t kSecond = 1'000'000;
constexpr int64_t kMinute = 60 * kSecond;

// Spends `units` per request in the second of `now` until refused; returns the units admitted.
double SpendUntilRefused(OnDemandPeak& peak, double units, int64_t now) {
  double spent = 0;
  while (peak.Admits(now)) {
    peak.Spend(units, now);
    spent += units;
  }
  return spent;
}

TEST(OnDemandPeakTest, ANewTableServesTwiceItsInitialPeakASecond) {
  OnDemandPeak writes(kOnDemandInitialWritePeak, 0);
  EXPECT_EQ(SpendUntilRefused(writes, 1, 0), 4000);
  OnDemandPeak reads(kOnDemandInitialReadPeak, 0);
  EXPECT_EQ(SpendUntilRefused(reads, 1, 0), 12000);
  // The next second starts afresh.
  EXPECT_EQ(SpendUntilRefused(writes, 1, kSecond), 4000);
  // A request is admitted below the limit and charged what it consumed afterwards.
  OnDemandPeak large(kOnDemandInitialWritePeak, 0);
  large.Spend(3999, 0);
  ASSERT_TRUE(large.Admits(0));
  large.Spend(400, 0);
  EXPECT_FALSE(large.Admits(kSecond - 1));
}

TEST(OnDemandPeakTest, SustainedTrafficDoublesThePeakAfterThirtyMinutes) {
  OnDemandPeak peak(kOnDemandInitialWritePeak, 0);
  // Twice the initial peak every second for 30 minutes: no second is 30 minutes old until the
  // last, so the limit holds.
  for (int64_t s = 0; s < 30 * 60; ++s) {
    ASSERT_EQ(SpendUntilRefused(peak, 10, s * kSecond), 4000) << "second " << s;
  }
  // The first of those seconds comes of age: 4,000 is the previous peak, 8,000 the limit.
  EXPECT_EQ(peak.PreviousPeak(30 * kMinute), 4000);
  EXPECT_EQ(SpendUntilRefused(peak, 10, 30 * kMinute), 8000);
  // Sustained for 30 more minutes, it doubles again.
  for (int64_t s = 30 * 60 + 1; s < 60 * 60; ++s) SpendUntilRefused(peak, 10, s * kSecond);
  EXPECT_EQ(peak.PreviousPeak(60 * kMinute), 8000);
  EXPECT_EQ(SpendUntilRefused(peak, 10, 60 * kMinute), 16000);
}

TEST(OnDemandPeakTest, ThePeakDoesNotRiseSooner) {
  OnDemandPeak peak(kOnDemandInitialWritePeak, 0);
  EXPECT_EQ(SpendUntilRefused(peak, 1, 0), 4000);  // one busy second
  // 29 minutes 59 seconds later the limit is still twice the initial peak.
  EXPECT_EQ(peak.PreviousPeak(30 * kMinute - kSecond), 2000);
  EXPECT_EQ(SpendUntilRefused(peak, 1, 30 * kMinute - kSecond), 4000);
  // At 30 minutes that second counts.
  EXPECT_EQ(peak.PreviousPeak(30 * kMinute), 4000);
}

TEST(OnDemandPeakTest, ThePeakIsKeptAndQuietTrafficDoesNotLowerIt) {
  OnDemandPeak peak(kOnDemandInitialWritePeak, 0);
  SpendUntilRefused(peak, 1, 0);
  for (int64_t s = 1; s < 40 * 60; ++s) peak.Spend(100, s * kSecond);  // quiet since
  EXPECT_EQ(peak.PreviousPeak(40 * kMinute), 4000);
  // Days later the table still serves twice its peak at once.
  EXPECT_EQ(SpendUntilRefused(peak, 1, 72 * 60 * kMinute), 8000);
}

TEST(OnDemandPeakTest, TheBusiestSecondOfThePastSetsThePeak) {
  OnDemandPeak peak(kOnDemandInitialWritePeak, 0);
  peak.Spend(3000, 0);
  peak.Spend(2500, kSecond);  // less busy than the second before it
  peak.Spend(3500, 2 * kSecond);
  EXPECT_EQ(peak.PreviousPeak(30 * kMinute), 3000);
  EXPECT_EQ(peak.PreviousPeak(30 * kMinute + kSecond), 3000);
  EXPECT_EQ(peak.PreviousPeak(30 * kMinute + 2 * kSecond), 3500);
}

}  // namespace
}  // namespace stator::engine
