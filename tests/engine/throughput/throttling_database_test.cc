// The embedded API's Options::throttling: a provisioned table opened through Database spends its
// burst, is refused with the service's exception, refills on the database's clock, and the
// figures come back through GetCapacityStats.
#include <gtest/gtest.h>

#include "engine/throughput/throttling_admission.h"
#include "tests/engine/database_test_util.h"
#include "tests/engine/throttled_database.h"

namespace stator {
namespace {

using testing::HashTable;
using testing::ManualClock;
using testing::S;

const CallOptions kCall;

TEST(ThrottlingDatabaseTest, AProvisionedTableIsThrottledAndRefilledOnTheDatabaseClock) {
  auto clock = std::make_shared<ManualClock>();
  auto db = testing::OpenThrottled(clock);
  CreateTableRequest create = HashTable("prov");
  create.billing_mode = BillingMode::kProvisioned;
  create.provisioned_throughput = ProvisionedThroughput{1, 1};
  ASSERT_TRUE(db->CreateTable(kCall, create).ok());
  clock->Advance(3'600'000'000);  // past any CREATING delay

  PutItemRequest put;
  put.table_name = "prov";
  put.item = Item{{"id", S("a")}, {"pad", S(std::string(350 * 1024, 'x'))}};  // 351 units
  ASSERT_TRUE(db->PutItem(kCall, put).ok());
  put.item = Item{{"id", S("b")}};
  auto refused = db->PutItem(kCall, put);
  EXPECT_EQ(refused.status().code(), ErrorCode::kProvisionedThroughputExceeded);
  EXPECT_EQ(refused.status().message(), engine::kTableThroughputExceeded);
  clock->Advance(60'000'000);  // pays the debt of 51 units
  EXPECT_TRUE(db->PutItem(kCall, put).ok());

  const CapacityStats stats = db->GetCapacityStats();
  ASSERT_EQ(stats.tables.size(), 1u);
  EXPECT_EQ(stats.tables[0].table, "prov");
  EXPECT_EQ(stats.tables[0].write_units, 352);
  EXPECT_EQ(stats.tables[0].write_throttles.total(), 1u);
}

TEST(ThrottlingDatabaseTest, AWellSpreadLoadAtAProvisionedTablesRateIsNeverThrottled) {
  // 5,000 WCU is five partitions' ceilings: the table starts with the six its throughput needs
  // (and splits any that stays near its ceiling), so writes over many keys at the provisioned
  // rate are all admitted, where one partition would have held them at 1,000 a second.
  auto clock = std::make_shared<ManualClock>();
  auto db = testing::OpenThrottled(clock);
  CreateTableRequest create = HashTable("wide");
  create.billing_mode = BillingMode::kProvisioned;
  create.provisioned_throughput = ProvisionedThroughput{5, 5000};
  ASSERT_TRUE(db->CreateTable(kCall, create).ok());
  clock->Advance(3'600'000'000);  // past any CREATING delay

  PutItemRequest put;
  put.table_name = "wide";
  int refused = 0;
  for (int i = 0; i < 8 * 5000; ++i) {
    put.item = Item{{"id", S("k" + std::to_string(i))}};  // one write unit each
    auto done = db->PutItem(kCall, put);
    if (!done.ok()) {
      ASSERT_EQ(done.status().code(), ErrorCode::kProvisionedThroughputExceeded);
      ++refused;
    }
    clock->Advance(200);  // 5,000 a second
  }
  EXPECT_EQ(refused, 0);
  const CapacityStats stats = db->GetCapacityStats();
  ASSERT_EQ(stats.tables.size(), 1u);
  EXPECT_EQ(stats.tables[0].write_units, 8 * 5000);
  EXPECT_EQ(stats.tables[0].write_throttles.total(), 0u);
}

TEST(ThrottlingDatabaseTest, ThrottleEventsAndUnitsAreReportedPerIndexAndPartition) {
  auto clock = std::make_shared<ManualClock>();
  auto db = testing::OpenThrottled(clock);
  CreateTableRequest create = HashTable("gsi");
  create.billing_mode = BillingMode::kProvisioned;
  create.provisioned_throughput = ProvisionedThroughput{1, 2000};  // three partitions
  create.attribute_definitions.push_back({"g", ScalarType::kS});
  GlobalSecondaryIndex gsi;
  gsi.index_name = "byG";
  gsi.key_schema = {{"g", KeyType::kHash}};
  gsi.provisioned_throughput = ProvisionedThroughput{1, 1};
  create.global_secondary_indexes.push_back(gsi);
  ASSERT_TRUE(db->CreateTable(kCall, create).ok());
  clock->Advance(3'600'000'000);  // past any CREATING delay

  // 351 units into the 1-WCU index spend its burst: the next write is held back by it.
  PutItemRequest put;
  put.table_name = "gsi";
  put.item = Item{{"id", S("a")}, {"g", S("x")}, {"pad", S(std::string(350 * 1024, 'x'))}};
  ASSERT_TRUE(db->PutItem(kCall, put).ok());
  put.item = Item{{"id", S("b")}};
  EXPECT_EQ(db->PutItem(kCall, put).status().code(), ErrorCode::kProvisionedThroughputExceeded);

  const CapacityStats stats = db->GetCapacityStats();
  ASSERT_EQ(stats.tables.size(), 2u);
  const TableCapacityFigures& table = stats.tables[0];
  const TableCapacityFigures& index = stats.tables[1];
  EXPECT_EQ(table.index, "");
  EXPECT_EQ(table.write_units, 351);
  EXPECT_EQ(table.write_throttles.total(), 0u);  // the GSI's event, not the table's
  EXPECT_EQ(table.partition_count, 3u);
  EXPECT_EQ(index.index, "byG");
  EXPECT_EQ(index.write_units, 351);
  EXPECT_EQ(index.write_throttles[ThrottleLimit::kProvisioned], 1u);
  EXPECT_EQ(index.partition_count, 1u);
  // The table's write is charged to the partition of its key; the index's to none in
  // particular, so only the table's partition is listed.
  ASSERT_EQ(stats.partitions.size(), 1u);
  EXPECT_EQ(stats.partitions[0].table, "gsi");
  EXPECT_EQ(stats.partitions[0].index, "");
  EXPECT_EQ(stats.partitions[0].write_units, 351);
}

TEST(ThrottlingDatabaseTest, OffByDefault) {
  Options options;
  options.in_memory = true;
  auto db = std::move(Database::Open(options)).value();
  CreateTableRequest create = HashTable("prov");
  create.billing_mode = BillingMode::kProvisioned;
  create.provisioned_throughput = ProvisionedThroughput{1, 1};
  ASSERT_TRUE(db->CreateTable(kCall, create).ok());
  PutItemRequest put;
  put.table_name = "prov";
  put.item = Item{{"id", S("a")}, {"pad", S(std::string(350 * 1024, 'x'))}};
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(db->PutItem(kCall, put).ok());
}

}  // namespace
}  // namespace stator
