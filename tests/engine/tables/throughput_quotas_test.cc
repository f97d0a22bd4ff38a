// The service's quotas on setting throughput (engine/tables/throughput_quotas.h), with the
// texts recorded against the live service and times chosen around UTC day boundaries.
#include "engine/tables/throughput_quotas.h"

#include <gtest/gtest.h>

namespace stator::engine {
namespace {

constexpr int64_t kSecond = 1'000'000;
// Thursday, October 8, 2026 at 11:20:48 PM UTC.
constexpr int64_t kLateEvening = int64_t{1791501648} * kSecond;

ProvisionedThroughputDescription DecreasedTimes(int64_t count, int64_t last_micros) {
  ProvisionedThroughputDescription pt;
  pt.number_of_decreases_today = count;
  pt.last_decrease_date_time = static_cast<double>(last_micros / kSecond);
  return pt;
}

TEST(ThroughputQuotasTest, TimesArePrintedAsTheServicePrintsThem) {
  EXPECT_EQ(ServiceDateTime(kLateEvening),
            "Thursday, October 8, 2026 at 11:20:48 PM Coordinated Universal Time");
  EXPECT_EQ(ServiceDateTime(kLateEvening + 2400 * kSecond - 48 * kSecond),
            "Friday, October 9, 2026 at 12:00:00 AM Coordinated Universal Time");
}

TEST(ThroughputQuotasTest, AfterFourDecreasesTheNextComesAtMidnightOrAnHourLater) {
  EXPECT_TRUE(CheckDecreaseBudget(DecreasedTimes(3, kLateEvening), kLateEvening).ok());
  // The recorded refusal: the next is at midnight, which comes before the hour is up.
  const Status refused = CheckDecreaseBudget(DecreasedTimes(4, kLateEvening), kLateEvening);
  EXPECT_EQ(refused.code(), ErrorCode::kLimitExceeded);
  EXPECT_EQ(refused.message(),
            "Subscriber limit exceeded: Provisioned throughput decreases are limited within a "
            "given UTC day. After the first 4 decreases, each subsequent decrease in the same UTC "
            "day can be performed at most once every 3600 seconds. Number of decreases today: 4. "
            "Last decrease at Thursday, October 8, 2026 at 11:20:48 PM Coordinated Universal "
            "Time. Next decrease can be made at Friday, October 9, 2026 at 12:00:00 AM "
            "Coordinated Universal Time.");
  // Earlier in the day the hour decides.
  const int64_t noon = kLateEvening - 11 * 3600 * kSecond;
  EXPECT_FALSE(CheckDecreaseBudget(DecreasedTimes(5, noon), noon + 3599 * kSecond).ok());
  EXPECT_TRUE(CheckDecreaseBudget(DecreasedTimes(5, noon), noon + 3600 * kSecond).ok());
}

TEST(ThroughputQuotasTest, TheDecreaseCountStartsAgainAtMidnight) {
  ProvisionedThroughputDescription pt = DecreasedTimes(4, kLateEvening);
  StartDecreaseDay(pt, kLateEvening + 600 * kSecond);  // 11:30:48 PM: the same day
  EXPECT_EQ(pt.number_of_decreases_today, 4);
  StartDecreaseDay(pt, kLateEvening + 2400 * kSecond);  // 12:00:48 AM
  EXPECT_EQ(pt.number_of_decreases_today, 0);
}

TEST(ThroughputQuotasTest, FourSwitchesToOnDemandInAny24Hours) {
  std::vector<int64_t> switches;
  int64_t now = kLateEvening;
  for (int i = 0; i < 4; ++i, now += 3600 * kSecond) {
    ASSERT_TRUE(CheckOnDemandSwitchBudget(switches, now).ok());
    RecordOnDemandSwitch(switches, now);
  }
  const Status refused = CheckOnDemandSwitchBudget(switches, now);
  EXPECT_EQ(refused.code(), ErrorCode::kLimitExceeded);
  EXPECT_EQ(refused.message(),
            "Subscriber limit exceeded: Update to PayPerRequest mode are limited to 4 times in 1 "
            "day(s). Last update at Fri Oct 09 02:20:48 UTC 2026. Next update can be made at Fri "
            "Oct 09 23:20:48 UTC 2026");
  // A day after the first switch, one more is allowed.
  EXPECT_TRUE(CheckOnDemandSwitchBudget(switches, kLateEvening + 86400 * kSecond).ok());
}

TEST(ThroughputQuotasTest, TheTableMaximumHoldsTablesAndIndexes) {
  ThroughputQuotas quotas;
  EXPECT_TRUE(CheckTableMaximum({40000, 40000}, quotas, "us-east-1", "").ok());
  EXPECT_EQ(CheckTableMaximum({70000, 1}, quotas, "us-east-1", "").message(),
            "The requested ReadCapacityUnits, 70000, is above the per table maximum for the "
            "account in us-east-1. Per table maximum: 40000.");
  EXPECT_EQ(CheckTableMaximum({1, 45000}, quotas, "eu-west-1", "").message(),
            "The requested WriteCapacityUnits, 45000, is above the per table maximum for the "
            "account in eu-west-1. Per table maximum: 40000.");
  EXPECT_EQ(CheckTableMaximum({50000, 1}, quotas, "us-east-1", "gsi1").code(),
            ErrorCode::kLimitExceeded);
}

TEST(ThroughputQuotasTest, OnDemandThroughputIsMergedMemberByMember) {
  auto merged = MergeOnDemandThroughput(std::nullopt, {100, std::nullopt});
  ASSERT_TRUE(merged);
  merged = MergeOnDemandThroughput(merged, {std::nullopt, 50});
  EXPECT_EQ(merged->max_read_request_units, 100);
  EXPECT_EQ(merged->max_write_request_units, 50);
  merged = MergeOnDemandThroughput(merged, {-1, std::nullopt});
  EXPECT_FALSE(merged->max_read_request_units);
  EXPECT_FALSE(MergeOnDemandThroughput(merged, {std::nullopt, -1}));
}

TEST(ThroughputQuotasTest, OnDemandThroughputRanges) {
  const ThroughputQuotas quotas;
  EXPECT_TRUE(CheckOnDemandThroughput({-1, std::nullopt}, BillingMode::kPayPerRequest, false,
                                      &quotas, "us-east-1")
                  .ok());
  EXPECT_EQ(CheckOnDemandThroughput({-1, std::nullopt}, BillingMode::kPayPerRequest, true,
                                    &quotas, "us-east-1")
                .code(),
            ErrorCode::kValidation);
  EXPECT_EQ(CheckOnDemandThroughput({std::nullopt, 0}, BillingMode::kPayPerRequest, false,
                                    &quotas, "us-east-1")
                .message(),
            "One or more parameter values were invalid: Requested MaxWriteRequestUnits for "
            "OnDemandThroughput for table is outside of valid range");
  // Without enforcement the quota does not apply.
  EXPECT_TRUE(CheckOnDemandThroughput({50000, std::nullopt}, BillingMode::kPayPerRequest, true,
                                      nullptr, "us-east-1")
                  .ok());
  EXPECT_EQ(CheckOnDemandThroughput({50000, std::nullopt}, BillingMode::kPayPerRequest, true,
                                    &quotas, "us-east-1")
                .code(),
            ErrorCode::kLimitExceeded);
}

}  // namespace
}  // namespace stator::engine
