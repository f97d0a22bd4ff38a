// Splits for heat, throughput enforcement and the partition layout together, on a clock the
// test moves: a well-spread write load at a table's provisioned rate is admitted at that rate
// once its hot partitions have split, even from a single partition; one hot key is held at the
// partition's 1,000 WCU and its partition never splits. No sleeps.
#include <gtest/gtest.h>

#include <functional>
#include <memory>

#include "engine/access/partition_layout.h"
#include "engine/throughput/throttling_admission.h"
#include "stator/requests.h"
#include "tests/engine/database_test_util.h"

namespace stator::engine {
namespace {

constexpr int64_t kSecond = 1'000'000;
constexpr uint32_t kTable = 7;
constexpr uint64_t kHotKey = 0x1234567890abcdef;

// A well-spread sequence of partition-key hashes (splitmix64), as a hash function spreads many
// distinct keys.
class SpreadKeys {
 public:
  uint64_t operator()() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
    z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
    return z ^ (z >> 31);
  }

 private:
  uint64_t state_ = 0;
};

class PartitionSplitTest : public ::testing::Test {
 protected:
  // Offers `rate` one-unit writes evenly over the next second of the clock, to the keys
  // `next_hash` gives, as the table-access step asks admission; returns how many were admitted.
  int OfferOneSecond(int rate, const std::function<uint64_t()>& next_hash) {
    int admitted = 0;
    for (int i = 0; i < rate; ++i) {
      Access a;
      a.op = Operation::kPutItem;
      a.table = {"", "t", kTable};
      a.table_arn = "arn:aws:dynamodb:ddblocal:000000000000:table/t";
      a.provisioned_read = 5;
      a.provisioned_write = 5000;
      a.key_hash = next_hash();
      a.partition = layout_.Find(kTable, a.key_hash);
      if (admission_.Admit(a).ok()) {
        admission_.Charge(a, 0, 1);
        ++admitted;
        if (a.key_hash == kHotKey) ++hot_admitted_;
      }
      clock_.Advance(kSecond / rate);
    }
    return admitted;
  }

  stator::testing::ManualClock clock_;
  int hot_admitted_ = 0;  // writes of kHotKey admitted
  PartitionLayout layout_{kTable};
  std::shared_ptr<CapacityLedger> ledger_ = std::make_shared<CapacityLedger>();
  ThrottlingAdmission admission_{
      clock_, ledger_, [this](const Access& a) { return layout_.SplitInHalf(a.partition); }};
};

TEST_F(PartitionSplitTest, AWellSpreadLoadIsServedAtTheTablesRateOnceItsPartitionsSplit) {
  // The hardest start: one partition for a 5,000 WCU table (the catalog would give it 6).
  SpreadKeys keys;
  const int first = OfferOneSecond(5000, keys);
  EXPECT_LT(first, 2100);  // one partition: its second of tokens, then its refill
  for (int second = 1; second < 12; ++second) OfferOneSecond(5000, keys);
  for (int second = 12; second < 30; ++second) {
    EXPECT_EQ(OfferOneSecond(5000, keys), 5000) << "second " << second;
  }
  // Split until no partition is near its ceiling: 5,000 WCU over at least 7 partitions, and
  // not far past what the load needs.
  EXPECT_GE(layout_.Count(kTable), 7u);
  EXPECT_LE(layout_.Count(kTable), 16u);
}

TEST_F(PartitionSplitTest, AStartSizedForTheThroughputServesAWellSpreadLoadAtOnce) {
  layout_.EnsureAtLeast(kTable, PartitionsFor(5, 5000));
  SpreadKeys keys;
  for (int second = 0; second < 20; ++second) {
    EXPECT_EQ(OfferOneSecond(5000, keys), 5000) << "second " << second;
  }
}

TEST_F(PartitionSplitTest, OneHotKeyIsHeldAtThePartitionCeilingAndNeverSplits) {
  layout_.EnsureAtLeast(kTable, PartitionsFor(5, 5000));
  const size_t partitions = layout_.Count(kTable);
  const auto hot_key = [] { return kHotKey; };
  OfferOneSecond(5000, hot_key);  // the partition's second of tokens goes first
  for (int second = 1; second < 60; ++second) {
    const int admitted = OfferOneSecond(5000, hot_key);
    EXPECT_GE(admitted, 999) << "second " << second;
    EXPECT_LE(admitted, 1001) << "second " << second;
  }
  EXPECT_EQ(layout_.Count(kTable), partitions);
  EXPECT_GT(ledger_->TotalOf(kTable, "").write_throttles[ThrottleLimit::kPartition], 0u);
}

TEST_F(PartitionSplitTest, AHotKeyAmongColdOnesIsIsolatedButStillHeldAtTheCeiling) {
  // 1,500 WCU for one key and 500 WCU spread over many others, in one partition: it is hot with
  // many keys, so it splits (the service's adaptive capacity isolates frequently accessed
  // items), but no split lifts the hot key above its partition's 1,000 WCU.
  SpreadKeys cold;
  int i = 0;
  const auto mixed = [&] { return i++ % 4 == 3 ? cold() : kHotKey; };
  OfferOneSecond(2000, mixed);  // the partition's second of tokens goes first
  int admitted = 0;
  for (int second = 1; second < 60; ++second) {
    hot_admitted_ = 0;
    admitted = OfferOneSecond(2000, mixed);
    EXPECT_LE(hot_admitted_, 1001) << "second " << second;
  }
  EXPECT_GT(layout_.Count(kTable), 1u);
  // Isolated: the cold keys' 500 WCU are served, all or nearly, beside the hot key's 1,000.
  EXPECT_GE(hot_admitted_, 999);
  EXPECT_GE(admitted - hot_admitted_, 490);
}

}  // namespace
}  // namespace stator::engine
