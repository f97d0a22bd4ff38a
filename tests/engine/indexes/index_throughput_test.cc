// A GSI's own throughput settings through the Database API: OnDemandThroughput given by
// CreateTable and UpdateTable (validated, merged, described, kept across a reopen, enforced with
// throttling on) and provisioned decreases counted against the GSI's own daily budget.
#include <gtest/gtest.h>

#include "tests/engine/database_test_util.h"
#include "tests/engine/throttled_database.h"

namespace stator {
namespace {

using testing::HashTable;
using testing::ManualClock;
using testing::S;

const CallOptions kCall;

CreateTableRequest WithGsi(const std::string& name, BillingMode mode) {
  CreateTableRequest r = HashTable(name);
  r.billing_mode = mode;
  r.attribute_definitions.push_back({"g", ScalarType::kS});
  GlobalSecondaryIndex gsi;
  gsi.index_name = "byG";
  gsi.key_schema = {{"g", KeyType::kHash}};
  if (mode == BillingMode::kProvisioned) {
    r.provisioned_throughput = ProvisionedThroughput{10, 10};
    gsi.provisioned_throughput = ProvisionedThroughput{10, 10};
  }
  r.global_secondary_indexes.push_back(gsi);
  return r;
}

UpdateTableRequest UpdateGsi(const std::string& table, std::optional<ProvisionedThroughput> pt,
                             std::optional<OnDemandThroughput> odt) {
  UpdateTableRequest r;
  r.table_name = table;
  GlobalSecondaryIndex& update = r.global_secondary_index_updates.emplace_back().update.emplace();
  update.index_name = "byG";
  update.provisioned_throughput = pt;
  update.on_demand_throughput = odt;
  return r;
}

const SecondaryIndexDescription& Gsi(const Result<TableResponse>& described) {
  return described->table.global_secondary_indexes.at(0);
}

TEST(IndexThroughputTest, AnOnDemandMaximumIsDescribedMergedAndKeptAcrossAReopen) {
  testing::TempDir dir;
  Options options;
  options.data_dir = dir.path();
  {
    auto db = std::move(Database::Open(options)).value();
    CreateTableRequest create = WithGsi("odt", BillingMode::kPayPerRequest);
    create.global_secondary_indexes[0].on_demand_throughput = OnDemandThroughput{100, {}};
    auto created = db->CreateTable(kCall, create);
    ASSERT_TRUE(created.ok()) << created.status().message();
    ASSERT_TRUE(Gsi(created).on_demand_throughput);
    EXPECT_EQ(Gsi(created).on_demand_throughput->max_read_request_units, 100);
    auto updated = db->UpdateTable(kCall, UpdateGsi("odt", {}, OnDemandThroughput{{}, 50}));
    ASSERT_TRUE(updated.ok()) << updated.status().message();
  }
  auto db = std::move(Database::Open(options)).value();
  auto described = db->DescribeTable(kCall, {"odt"});
  ASSERT_TRUE(Gsi(described).on_demand_throughput);
  EXPECT_EQ(Gsi(described).on_demand_throughput->max_read_request_units, 100);
  EXPECT_EQ(Gsi(described).on_demand_throughput->max_write_request_units, 50);
  // -1 removes a maximum; with none left, none is described.
  ASSERT_TRUE(db->UpdateTable(kCall, UpdateGsi("odt", {}, OnDemandThroughput{-1, -1})).ok());
  EXPECT_FALSE(Gsi(db->DescribeTable(kCall, {"odt"})).on_demand_throughput);
}

TEST(IndexThroughputTest, AnOnDemandMaximumIsCheckedAsTheServiceChecksIt) {
  auto db = testing::OpenInMemory();
  CreateTableRequest provisioned = WithGsi("prov", BillingMode::kProvisioned);
  provisioned.global_secondary_indexes[0].on_demand_throughput = OnDemandThroughput{100, {}};
  EXPECT_STATUS(db->CreateTable(kCall, provisioned), ErrorCode::kValidation,
                "One or more parameter values were invalid: MaxReadRequestUnits for "
                "OnDemandThroughput for index: byG cannot be specified when table BillingMode is "
                "PROVISIONED.");
  CreateTableRequest zero = WithGsi("zero", BillingMode::kPayPerRequest);
  zero.global_secondary_indexes[0].on_demand_throughput = OnDemandThroughput{0, {}};
  EXPECT_STATUS(db->CreateTable(kCall, zero), ErrorCode::kValidation,
                "One or more parameter values were invalid: Requested MaxReadRequestUnits for "
                "OnDemandThroughput for index : byG is outside of valid range");
  ASSERT_TRUE(db->CreateTable(kCall, WithGsi("ppr", BillingMode::kPayPerRequest)).ok());
  EXPECT_STATUS(db->UpdateTable(kCall, UpdateGsi("ppr", ProvisionedThroughput{5, 5}, {})),
                ErrorCode::kValidation,
                "The only Updates for index: byG when TableThroughputMode is PAY_PER_REQUEST can "
                "be to OnDemandThroughput, WarmThroughput");
  ASSERT_TRUE(db->CreateTable(kCall, WithGsi("prov", BillingMode::kProvisioned)).ok());
  EXPECT_STATUS(db->UpdateTable(kCall, UpdateGsi("prov", {}, OnDemandThroughput{{}, 7})),
                ErrorCode::kValidation,
                "One or more parameter values were invalid: MaxWriteRequestUnits for "
                "OnDemandThroughput for index: byG cannot be specified when the table BillingMode "
                "is PROVISIONED");
}

TEST(IndexThroughputTest, SwitchingToProvisionedDropsTheGsisMaximum) {
  auto db = testing::OpenInMemory();
  CreateTableRequest create = WithGsi("switch", BillingMode::kPayPerRequest);
  create.global_secondary_indexes[0].on_demand_throughput = OnDemandThroughput{100, 100};
  ASSERT_TRUE(db->CreateTable(kCall, create).ok());
  UpdateTableRequest to_provisioned = UpdateGsi("switch", ProvisionedThroughput{5, 5}, {});
  to_provisioned.billing_mode = BillingMode::kProvisioned;
  to_provisioned.provisioned_throughput = ProvisionedThroughput{5, 5};
  ASSERT_TRUE(db->UpdateTable(kCall, to_provisioned).ok());
  auto described = db->DescribeTable(kCall, {"switch"});
  EXPECT_FALSE(Gsi(described).on_demand_throughput);
  EXPECT_EQ(Gsi(described).provisioned_throughput->write_capacity_units, 5);
}

TEST(IndexThroughputTest, AGsisDecreasesHaveABudgetOfTheirOwn) {
  auto clock = std::make_shared<ManualClock>();
  auto db = testing::OpenThrottled(clock);
  ASSERT_TRUE(db->CreateTable(kCall, WithGsi("dec", BillingMode::kProvisioned)).ok());
  // The table's four decreases of the day leave the GSI's budget untouched.
  UpdateTableRequest table_down;
  table_down.table_name = "dec";
  for (int64_t units = 9; units >= 6; --units) {
    table_down.provisioned_throughput = ProvisionedThroughput{units, units};
    ASSERT_TRUE(db->UpdateTable(kCall, table_down).ok());
  }
  for (int64_t units = 9; units >= 6; --units) {
    auto done = db->UpdateTable(kCall, UpdateGsi("dec", ProvisionedThroughput{units, 10}, {}));
    ASSERT_TRUE(done.ok()) << done.status().message();
  }
  auto described = db->DescribeTable(kCall, {"dec"});
  EXPECT_EQ(described->table.provisioned_throughput.number_of_decreases_today, 4);
  EXPECT_EQ(Gsi(described).provisioned_throughput->number_of_decreases_today, 4);
  EXPECT_EQ(Gsi(described).provisioned_throughput->read_capacity_units, 6);
  // The GSI's fifth is refused until an hour after its fourth; an increase is always allowed.
  EXPECT_EQ(
      db->UpdateTable(kCall, UpdateGsi("dec", ProvisionedThroughput{5, 10}, {})).status().code(),
      ErrorCode::kLimitExceeded);
  EXPECT_TRUE(db->UpdateTable(kCall, UpdateGsi("dec", ProvisionedThroughput{7, 10}, {})).ok());
  clock->Advance(int64_t{3600} * 1'000'000);
  EXPECT_TRUE(db->UpdateTable(kCall, UpdateGsi("dec", ProvisionedThroughput{5, 10}, {})).ok());
}

std::string ReasonOf(const Status& s) {
  return s.detail() == nullptr || s.detail()->throttling_reasons.empty()
             ? ""
             : s.detail()->throttling_reasons[0].reason;
}

TEST(IndexThroughputTest, AnOnDemandGsisMaximumThrottlesItsReadsAndItsTablesWrites) {
  auto clock = std::make_shared<ManualClock>();
  auto db = testing::OpenThrottled(clock);
  CreateTableRequest create = WithGsi("max", BillingMode::kPayPerRequest);
  create.global_secondary_indexes[0].on_demand_throughput = OnDemandThroughput{2, 3};
  ASSERT_TRUE(db->CreateTable(kCall, create).ok());
  clock->Advance(int64_t{3600} * 1'000'000);  // past any CREATING delay

  // Each write feeds the GSI one unit: the fourth in a second is refused for the GSI.
  PutItemRequest put;
  put.table_name = "max";
  for (int i = 0; i < 3; ++i) {
    put.item = Item{{"id", S("k" + std::to_string(i))}, {"g", S("x")}};
    ASSERT_TRUE(db->PutItem(kCall, put).ok());
  }
  put.item = Item{{"id", S("k3")}, {"g", S("x")}};
  auto refused = db->PutItem(kCall, put);
  EXPECT_EQ(refused.status().code(), ErrorCode::kProvisionedThroughputExceeded);
  EXPECT_EQ(ReasonOf(refused.status()), "IndexWriteMaxOnDemandThroughputExceeded");
  // Queries of 0.5 units each: the fifth meets the read maximum of 2.
  QueryRequest query;
  query.table_name = "max";
  query.index_name = "byG";
  query.key_condition_expression = "g = :g";
  query.expression_attribute_values = {{":g", S("none")}};
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(db->Query(kCall, query).ok());
  auto read_refused = db->Query(kCall, query);
  EXPECT_EQ(ReasonOf(read_refused.status()), "IndexReadMaxOnDemandThroughputExceeded");
  // The next second serves again.
  clock->Advance(1'000'000);
  EXPECT_TRUE(db->PutItem(kCall, put).ok());
  EXPECT_TRUE(db->Query(kCall, query).ok());
}

}  // namespace
}  // namespace stator
