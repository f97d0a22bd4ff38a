// Throughput enforcement on a clock the tests move by hand: burst capacity, refill at the
// provisioned rate, the per-partition ceilings, on-demand tables' peaks, and the service's
// messages. No sleeps.
#include "engine/throughput/throttling_admission.h"

#include <gtest/gtest.h>

#include <memory>

#include "engine/access/partition_map.h"
#include "stator/requests.h"
#include "tests/engine/database_test_util.h"

namespace stator::engine {
namespace {

constexpr int64_t kSecond = 1'000'000;

class ThrottlingAdmissionTest : public ::testing::Test {
 protected:
  // A write (or read) of table 7 in its one partition, provisioned at `read`/`write` units.
  Access On(Operation op, int64_t read, int64_t write) {
    Access a;
    a.op = op;
    a.table = {"", "t", 7};
    a.table_arn = "arn:aws:dynamodb:ddblocal:000000000000:table/t";
    a.partition = PartitionMap::Id(7, 0);
    a.provisioned_read = read;
    a.provisioned_write = write;
    return a;
  }
  // Admits and charges `units` per request until refused; returns the units admitted.
  double SpendUntilRefused(const Access& a, double units, bool write) {
    double spent = 0;
    for (int i = 0; i < 1'000'000 && admission_.Admit(a).ok(); ++i) {
      admission_.Charge(a, write ? 0 : units, write ? units : 0);
      spent += units;
    }
    return spent;
  }
  // The same, spread over 64 partitions of the table (or index), as a well-designed key
  // spreads it, so that only the table's (or index's) own limit is met.
  double SpreadUntilRefused(Access a, double units, bool write) {
    double spent = 0;
    for (int i = 0; i < 1'000'000; ++i) {
      a.partition = PartitionMap::Id(a.global_index ? 8 : 7, i % 64);
      if (!admission_.Admit(a).ok()) break;
      admission_.Charge(a, write ? 0 : units, write ? units : 0);
      spent += units;
    }
    return spent;
  }

  testing::ManualClock clock_;  // still unless moved: the figures are exact
  std::shared_ptr<CapacityLedger> ledger_ = std::make_shared<CapacityLedger>();
  ThrottlingAdmission admission_{clock_, ledger_};
};

TEST_F(ThrottlingAdmissionTest, AProvisionedTableSpendsItsBurstThenIsThrottled) {
  // 2 WCU: a burst of 300 seconds' worth, below the partition's 1,000 WCU ceiling.
  const Access put = On(Operation::kPutItem, 5, 2);
  EXPECT_EQ(SpendUntilRefused(put, 1, true), 600);
  const Status refused = admission_.Admit(put);
  EXPECT_EQ(refused.code(), ErrorCode::kProvisionedThroughputExceeded);
  EXPECT_EQ(refused.message(), kTableThroughputExceeded);
  // Both refusals are the table's throttle events, in its partition, at its provisioning.
  const CapacityLedger::Units in_partition = ledger_->ConsumedBy(7, "", put.partition);
  EXPECT_EQ(in_partition.write_throttles[ThrottleLimit::kProvisioned], 2u);
  EXPECT_EQ(in_partition.write_throttles.total(), 2u);
  EXPECT_EQ(in_partition.read_throttles.total(), 0u);
  // Reads have their own bucket.
  EXPECT_TRUE(admission_.Admit(On(Operation::kGetItem, 5, 2)).ok());
  // The ledger recorded what was admitted and consumed.
  EXPECT_EQ(ledger_->ConsumedBy(7, "", put.partition).write, 600);
}

TEST_F(ThrottlingAdmissionTest, RefillsAtTheProvisionedRateOnTheClock) {
  const Access put = On(Operation::kPutItem, 5, 2);
  SpendUntilRefused(put, 1, true);
  clock_.Advance(kSecond);  // 2 more units
  EXPECT_EQ(SpendUntilRefused(put, 1, true), 2);
  // A large write is admitted while anything is left, then its debt is paid first.
  clock_.Advance(kSecond / 2);  // 1 unit
  ASSERT_TRUE(admission_.Admit(put).ok());
  admission_.Charge(put, 0, 5);  // 4 units of debt: two seconds
  clock_.Advance(kSecond);
  EXPECT_FALSE(admission_.Admit(put).ok());
  clock_.Advance(kSecond + kSecond / 2);
  EXPECT_TRUE(admission_.Admit(put).ok());
  // Unused capacity accrues up to 300 seconds' worth, no more.
  clock_.Advance(3600 * kSecond);
  EXPECT_NEAR(SpendUntilRefused(put, 1, true), 600, 1);
}

TEST_F(ThrottlingAdmissionTest, APartitionTakesAtMost1000WcuAnd3000RcuASecond) {
  // A table provisioned far above the ceilings still meets them in one partition.
  const Access put = On(Operation::kPutItem, 100000, 100000);
  EXPECT_EQ(SpendUntilRefused(put, 10, true), 1000);
  const Access get = On(Operation::kGetItem, 100000, 100000);
  EXPECT_EQ(SpendUntilRefused(get, 10, false), 3000);
  // Another partition of the same table is not held back.
  Access other = put;
  other.partition = PartitionMap::Id(7, 1);
  EXPECT_TRUE(admission_.Admit(other).ok());
  clock_.Advance(kSecond);
  EXPECT_TRUE(admission_.Admit(put).ok());
}

TEST_F(ThrottlingAdmissionTest, OnDemandTablesMeetOnlyThePartitionCeiling) {
  const Access put = On(Operation::kPutItem, 0, 0);
  EXPECT_EQ(SpendUntilRefused(put, 100, true), 1000);
  EXPECT_EQ(admission_.Admit(put).message(), kOnDemandThroughputExceeded);
  // A scan is charged to every partition at once: no partition ceiling, no provisioned bucket.
  Access scan = On(Operation::kScan, 0, 0);
  scan.partition = kAllPartitions;
  EXPECT_TRUE(admission_.Admit(scan).ok());
}

TEST_F(ThrottlingAdmissionTest, AGlobalIndexHasItsOwnBucketAndMessage) {
  Access query = On(Operation::kQuery, 1, 1);
  query.index = "byG";
  query.global_index = true;
  query.partition = PartitionMap::Id(8, 0);
  EXPECT_EQ(SpendUntilRefused(query, 1, false), 300);
  EXPECT_EQ(admission_.Admit(query).message(), kIndexThroughputExceeded);
  // The table's own read bucket is untouched.
  EXPECT_TRUE(admission_.Admit(On(Operation::kGetItem, 1, 1)).ok());
}

TEST_F(ThrottlingAdmissionTest, AnOnDemandTableServesItsInitialThroughputAtOnce) {
  // 4,000 WRU and 12,000 RRU a second: twice the initial peaks of 2,000 and 6,000.
  EXPECT_EQ(SpreadUntilRefused(On(Operation::kPutItem, 0, 0), 10, true), 4000);
  const Status refused = admission_.Admit(On(Operation::kPutItem, 0, 0));
  EXPECT_EQ(refused.code(), ErrorCode::kProvisionedThroughputExceeded);
  EXPECT_EQ(refused.message(), kOnDemandThroughputExceeded);
  EXPECT_EQ(SpreadUntilRefused(On(Operation::kGetItem, 0, 0), 10, false), 12000);
  EXPECT_EQ(ledger_->TotalOf(7, "").write_throttles[ThrottleLimit::kOnDemand], 2u);
  EXPECT_EQ(ledger_->TotalOf(7, "").read_throttles[ThrottleLimit::kOnDemand], 1u);
  // The next second serves as much again.
  clock_.Advance(kSecond);
  EXPECT_EQ(SpreadUntilRefused(On(Operation::kPutItem, 0, 0), 10, true), 4000);
}

TEST_F(ThrottlingAdmissionTest, AnOnDemandTableDoublesItsPeakAfterThirtyMinutes) {
  const Access put = On(Operation::kPutItem, 0, 0);
  // Twice the initial peak each second for 30 minutes, never more.
  for (int s = 0; s < 30 * 60; ++s) {
    ASSERT_EQ(SpreadUntilRefused(put, 50, true), 4000) << "second " << s;
    clock_.Advance(kSecond);
  }
  // The first of those seconds is 30 minutes old: 8,000 at once.
  EXPECT_EQ(SpreadUntilRefused(put, 50, true), 8000);
  // Reads did not scale with the writes.
  EXPECT_EQ(SpreadUntilRefused(On(Operation::kGetItem, 0, 0), 50, false), 12000);
}

TEST_F(ThrottlingAdmissionTest, AnOnDemandTableDoesNotScaleSooner) {
  const Access put = On(Operation::kPutItem, 0, 0);
  EXPECT_EQ(SpreadUntilRefused(put, 10, true), 4000);
  clock_.Advance(30 * 60 * kSecond - kSecond);
  EXPECT_EQ(SpreadUntilRefused(put, 10, true), 4000);
  clock_.Advance(kSecond);
  EXPECT_EQ(SpreadUntilRefused(put, 10, true), 8000);
}

TEST_F(ThrottlingAdmissionTest, AnOnDemandGlobalIndexHasItsOwnPeak) {
  Access query = On(Operation::kQuery, 0, 0);
  query.index = "byG";
  query.global_index = true;
  EXPECT_EQ(SpreadUntilRefused(query, 10, false), 12000);
  EXPECT_EQ(admission_.Admit(query).message(), kOnDemandThroughputExceeded);
  // The table's reads are not held back by its index's.
  EXPECT_TRUE(admission_.Admit(On(Operation::kGetItem, 0, 0)).ok());
  // Index writes, charged without an admission of their own, are the index's traffic too.
  Access index_write = On(Operation::kPutItem, 0, 0);
  index_write.index = "byG";
  index_write.global_index = true;
  index_write.partition = kAllPartitions;
  admission_.Charge(index_write, 0, 4000);
  EXPECT_FALSE(admission_.Admit(index_write).ok());
  EXPECT_TRUE(admission_.Admit(On(Operation::kPutItem, 0, 0)).ok());
}

TEST_F(ThrottlingAdmissionTest, ATableSwitchedToOnDemandStartsFromHalfItsProvisioning) {
  // Provisioned at 20,000 WCU, then switched: the previous peak is 10,000, above the 2,000 of
  // a new table, so 20,000 a second are served at once.
  ASSERT_TRUE(admission_.Admit(On(Operation::kPutItem, 5, 20000)).ok());
  EXPECT_EQ(SpreadUntilRefused(On(Operation::kPutItem, 0, 0), 50, true), 20000);
  // A small provisioning leaves the new table's initial peak.
  ASSERT_TRUE(admission_.Admit(On(Operation::kGetItem, 100, 20000)).ok());
  EXPECT_EQ(SpreadUntilRefused(On(Operation::kGetItem, 0, 0), 50, false), 12000);
}

// The reason the refusal gives: ResourceType + OperationType + LimitType, and the ARN.
std::vector<std::pair<std::string, std::string>> ReasonsOf(const Status& s) {
  std::vector<std::pair<std::string, std::string>> out;
  if (s.detail() == nullptr) return out;
  for (const auto& r : s.detail()->throttling_reasons) out.emplace_back(r.reason, r.resource);
  return out;
}

TEST_F(ThrottlingAdmissionTest, RefusalsSayWhyAndOnWhatResource) {
  const std::string arn = "arn:aws:dynamodb:ddblocal:000000000000:table/t";
  const Access put = On(Operation::kPutItem, 5, 2);
  SpendUntilRefused(put, 1, true);
  EXPECT_EQ(ReasonsOf(admission_.Admit(put)),
            (std::vector<std::pair<std::string, std::string>>{
                {"TableWriteProvisionedThroughputExceeded", arn}}));
  Access query = On(Operation::kQuery, 1, 1);
  query.index = "byG";
  query.global_index = true;
  SpendUntilRefused(query, 1, false);
  EXPECT_EQ(ReasonsOf(admission_.Admit(query)),
            (std::vector<std::pair<std::string, std::string>>{
                {"IndexReadProvisionedThroughputExceeded", arn + "/index/byG"}}));
  const Access hot = On(Operation::kGetItem, 0, 0);  // on demand: only the key range's ceiling
  SpendUntilRefused(hot, 100, false);
  EXPECT_EQ(ReasonsOf(admission_.Admit(hot)), (std::vector<std::pair<std::string, std::string>>{
                                                  {"TableReadKeyRangeThroughputExceeded", arn}}));
  // On demand, beyond twice the previous peak: the service's reason for an on-demand table's
  // or GSI's own limit (see ReasonFor).
  clock_.Advance(kSecond);
  SpreadUntilRefused(On(Operation::kPutItem, 0, 0), 10, true);
  EXPECT_EQ(
      ReasonsOf(admission_.Admit(On(Operation::kPutItem, 0, 0))),
      (std::vector<std::pair<std::string, std::string>>{{"TableWriteAccountLimitExceeded", arn}}));
  Access index_read = On(Operation::kQuery, 0, 0);
  index_read.index = "byG";
  index_read.global_index = true;
  SpreadUntilRefused(index_read, 10, false);
  EXPECT_EQ(ReasonsOf(admission_.Admit(index_read)),
            (std::vector<std::pair<std::string, std::string>>{
                {"IndexReadAccountLimitExceeded", arn + "/index/byG"}}));
}

TEST_F(ThrottlingAdmissionTest, AGlobalIndexOutOfWriteCapacityThrottlesItsTablesWrites) {
  const std::string arn = "arn:aws:dynamodb:ddblocal:000000000000:table/t";
  // The table has 1,000 WCU; its GSI byG only 1, a burst of 300 units.
  const std::vector<IndexThroughput> gsis = {{.name = "byG", .provisioned_write = 1}};
  Access put = On(Operation::kPutItem, 5, 1000);
  put.fed_indexes = &gsis;
  // What table access hands Charge: the index write, charged to all of the index's partitions.
  Access index_write = On(Operation::kPutItem, 5, 1000);
  index_write.index = "byG";
  index_write.global_index = true;
  index_write.partition = kAllPartitions;
  int admitted = 0;
  while (admission_.Admit(put).ok() && admitted < 1000) {
    admission_.Charge(put, 0, 1);
    admission_.Charge(index_write, 0, 10);  // a large item, projected into the index
    ++admitted;
  }
  EXPECT_EQ(admitted, 30);  // 300 units of burst, 10 a write
  const Status refused = admission_.Admit(put);
  EXPECT_EQ(refused.code(), ErrorCode::kProvisionedThroughputExceeded);
  EXPECT_EQ(refused.message(), kIndexThroughputExceeded);
  EXPECT_EQ(ReasonsOf(refused),
            (std::vector<std::pair<std::string, std::string>>{
                {"IndexWriteProvisionedThroughputExceeded", arn + "/index/byG"}}));
  // The refusals are the GSI's throttle events, not the table's (CloudWatch's TableName
  // dimension counts none of a GSI's), in no single partition of the GSI.
  EXPECT_EQ(ledger_->TotalOf(7, "byG").write_throttles[ThrottleLimit::kProvisioned], 2u);
  EXPECT_EQ(ledger_->ConsumedBy(7, "byG", kAllPartitions).write_throttles.total(), 2u);
  EXPECT_EQ(ledger_->TotalOf(7, "").write_throttles.total(), 0u);
  // The table's reads, and writes to a table without that GSI, go on.
  EXPECT_TRUE(admission_.Admit(On(Operation::kGetItem, 5, 1000)).ok());
  EXPECT_TRUE(admission_.Admit(On(Operation::kPutItem, 5, 1000)).ok());
  // The debt is 0 now (300 - 30 * 10); one second's refill lets a write through again.
  clock_.Advance(kSecond);
  EXPECT_TRUE(admission_.Admit(put).ok());
}

TEST_F(ThrottlingAdmissionTest, AnOnDemandGlobalIndexBeyondItsPeakThrottlesItsTablesWrites) {
  const std::string arn = "arn:aws:dynamodb:ddblocal:000000000000:table/t";
  const std::vector<IndexThroughput> gsis = {{.name = "byG"}};
  Access put = On(Operation::kPutItem, 0, 0);
  put.fed_indexes = &gsis;
  Access index_write = On(Operation::kPutItem, 0, 0);
  index_write.index = "byG";
  index_write.global_index = true;
  index_write.partition = kAllPartitions;
  ASSERT_TRUE(admission_.Admit(put).ok());
  admission_.Charge(index_write, 0, 4000);  // twice the initial peak of 2,000
  const Status refused = admission_.Admit(put);
  EXPECT_EQ(refused.message(), kOnDemandThroughputExceeded);
  EXPECT_EQ(ReasonsOf(refused), (std::vector<std::pair<std::string, std::string>>{
                                    {"IndexWriteAccountLimitExceeded", arn + "/index/byG"}}));
  clock_.Advance(kSecond);
  EXPECT_TRUE(admission_.Admit(put).ok());
}

TEST_F(ThrottlingAdmissionTest, AnOnDemandMaximumCapsEachSecondWithItsOwnReason) {
  Access put = On(Operation::kPutItem, 0, 0);
  put.max_on_demand_write = 30;
  // Spread, so that no partition's ceiling is met: the maximum is the table's.
  EXPECT_EQ(SpreadUntilRefused(put, 1, true), 30);
  EXPECT_EQ(ReasonsOf(admission_.Admit(put)),
            (std::vector<std::pair<std::string, std::string>>{
                {"TableWriteMaxOnDemandThroughputExceeded",
                 "arn:aws:dynamodb:ddblocal:000000000000:table/t"}}));
  EXPECT_EQ(ledger_->TotalOf(7, "").write_throttles[ThrottleLimit::kMaxOnDemand], 2u);
  // Reads have their own maximum (none here), and the next second starts afresh.
  EXPECT_TRUE(admission_.Admit(On(Operation::kGetItem, 0, 0)).ok());
  clock_.Advance(kSecond);
  EXPECT_EQ(SpreadUntilRefused(put, 1, true), 30);
}

TEST_F(ThrottlingAdmissionTest, ThrottleEventsAreCountedPerIndexPartitionAndLimit) {
  // A GSI's read refused at its provisioning is the GSI's event in its partition; a partition's
  // ceiling refusing the table's writes is the table's, in that partition alone.
  Access query = On(Operation::kQuery, 1, 1);
  query.index = "byG";
  query.global_index = true;
  query.partition = PartitionMap::Id(8, 3);
  EXPECT_EQ(SpendUntilRefused(query, 1, false), 300);
  Access put = On(Operation::kPutItem, 5, 40000);
  put.partition = PartitionMap::Id(7, 1);
  EXPECT_EQ(SpendUntilRefused(put, 1, true), 1000);
  const CapacityLedger::Units gsi = ledger_->ConsumedBy(7, "byG", query.partition);
  EXPECT_EQ(gsi.read_throttles[ThrottleLimit::kProvisioned], 1u);
  EXPECT_EQ(gsi.read, 300);
  const CapacityLedger::Units hot = ledger_->ConsumedBy(7, "", put.partition);
  EXPECT_EQ(hot.write_throttles[ThrottleLimit::kPartition], 1u);
  EXPECT_EQ(hot.write, 1000);
  EXPECT_EQ(ledger_->ConsumedBy(7, "", PartitionMap::Id(7, 0)).write_throttles.total(), 0u);
  EXPECT_EQ(ledger_->TotalOf(7, "").read_throttles.total(), 0u);
  // An LSI spends its table's throughput: its refusal is the table's event.
  Access lsi = On(Operation::kQuery, 1, 1);
  lsi.index = "byL";
  EXPECT_EQ(SpendUntilRefused(lsi, 1, false), 300);
  EXPECT_EQ(ledger_->TotalOf(7, "").read_throttles[ThrottleLimit::kProvisioned], 1u);
  EXPECT_EQ(ledger_->TotalOf(7, "byL").read_throttles.total(), 0u);
}

}  // namespace
}  // namespace stator::engine
