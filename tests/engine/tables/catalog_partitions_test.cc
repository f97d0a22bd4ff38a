// The catalog sizes a table's and each GSI's partitions for their throughput by the service's
// rule, when the table is created, updated and loaded again: provisioned ceil(RCU / 3,000 +
// WCU / 1,000), on demand the 8 its initial throughput needs; raising throughput adds
// partitions, lowering it or switching billing mode never removes any; an LSI has none of its
// own.
#include <gtest/gtest.h>

#include "engine/storage/storage.h"
#include "engine/tables/catalog.h"
#include "tests/engine/database_test_util.h"

namespace stator::engine {
namespace {

IndexDef Index(const std::string& name, bool local, std::optional<ProvisionedThroughput> units) {
  IndexDef index;
  index.name = name;
  index.local = local;
  index.key.hash = {local ? "pk" : "g", ScalarType::kS};
  index.projection.projection_type = ProjectionType::kAll;
  index.throughput = units;
  return index;
}

void SetUnits(TableMeta& meta, const ProvisionedThroughput& units) {
  meta.description.provisioned_throughput.read_capacity_units = units.read_capacity_units;
  meta.description.provisioned_throughput.write_capacity_units = units.write_capacity_units;
}

class CatalogPartitionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    StorageConfig config;
    config.in_memory = true;
    storage_ = std::move(Storage::Open(config)).value();
    catalog_ = std::make_unique<Catalog>(*storage_, clock_);
    ASSERT_TRUE(catalog_->Load().ok());
  }
  std::shared_ptr<Table> Create(const std::string& name, std::optional<ProvisionedThroughput> units,
                                std::vector<IndexDef> indexes = {}) {
    TableMeta meta;
    meta.description.table_name = name;
    meta.description.billing_mode = units ? BillingMode::kProvisioned : BillingMode::kPayPerRequest;
    if (units) SetUnits(meta, *units);
    meta.indexes = std::move(indexes);
    KeySchema key;
    key.hash = {"pk", ScalarType::kS};
    return std::move(catalog_->Create(key, meta)).value();
  }
  // UpdateTable's throughput change, as the catalog commits it.
  void SetThroughput(const Table& table, std::optional<ProvisionedThroughput> units) {
    ASSERT_TRUE(catalog_
                    ->Update(table,
                             [&](TableMeta& meta) {
                               meta.description.billing_mode = units ? BillingMode::kProvisioned
                                                                     : BillingMode::kPayPerRequest;
                               if (units) SetUnits(meta, *units);
                               return Status::OK();
                             })
                    .ok());
  }

  stator::testing::ManualClock clock_;
  std::unique_ptr<Storage> storage_;
  std::unique_ptr<Catalog> catalog_;
};

TEST_F(CatalogPartitionsTest, AProvisionedTableAndItsGsisStartWithWhatTheirThroughputNeeds) {
  auto table = Create("t", ProvisionedThroughput{6000, 2500},
                      {Index("byG", false, ProvisionedThroughput{3000, 1000}),
                       Index("local", true, std::nullopt)});
  EXPECT_EQ(table->partitions.Count(table->id), 5u);  // ceil(2 + 2.5)
  EXPECT_EQ(table->partitions.Count(table->indexes[0].id), 2u);
  EXPECT_EQ(table->partitions.Count(table->indexes[1].id), 0u);  // partitioned as its table

  auto small = Create("small", ProvisionedThroughput{1, 1});
  EXPECT_EQ(small->partitions.Count(small->id), 1u);
  auto writes = Create("writes", ProvisionedThroughput{5, 5000});
  EXPECT_EQ(writes->partitions.Count(writes->id), 6u);  // ceil(0.0017 + 5)
}

TEST_F(CatalogPartitionsTest, AnOnDemandTableAndItsGsisStartSizedForTheInitialThroughput) {
  auto table = Create("od", std::nullopt, {Index("byG", false, std::nullopt)});
  // 12,000 RRU / 3,000 + 4,000 WRU / 1,000.
  EXPECT_EQ(table->partitions.Count(table->id), 8u);
  EXPECT_EQ(table->partitions.Count(table->indexes[0].id), 8u);
}

TEST_F(CatalogPartitionsTest, RaisingThroughputAddsPartitionsAndNothingRemovesThem) {
  auto table = Create("t", ProvisionedThroughput{5, 5});
  EXPECT_EQ(table->partitions.Count(table->id), 1u);
  SetThroughput(*table, ProvisionedThroughput{6000, 10000});
  EXPECT_EQ(table->partitions.Count(table->id), 12u);
  SetThroughput(*table, ProvisionedThroughput{5, 5});
  EXPECT_EQ(table->partitions.Count(table->id), 12u);
  SetThroughput(*table, std::nullopt);  // to on demand: max(12, 8)
  EXPECT_EQ(table->partitions.Count(table->id), 12u);
  SetThroughput(*table, ProvisionedThroughput{3000, 20000});
  EXPECT_EQ(table->partitions.Count(table->id), 21u);
  // Every hash still has exactly one partition, from 0 on.
  const auto& parts = table->partitions.TableMap().partitions();
  EXPECT_EQ(parts.front().begin, 0u);
  for (size_t i = 1; i < parts.size(); ++i) EXPECT_LT(parts[i - 1].begin, parts[i].begin);
}

TEST_F(CatalogPartitionsTest, RaisingAGsisThroughputAddsItsPartitions) {
  auto table = Create("t", ProvisionedThroughput{5, 5},
                      {Index("byG", false, ProvisionedThroughput{5, 5})});
  const uint32_t gsi = table->indexes[0].id;
  EXPECT_EQ(table->partitions.Count(gsi), 1u);
  ASSERT_TRUE(catalog_
                  ->Update(*table,
                           [](TableMeta& meta) {
                             meta.indexes[0].throughput = ProvisionedThroughput{5, 4000};
                             return Status::OK();
                           })
                  .ok());
  EXPECT_EQ(table->partitions.Count(gsi), 5u);
  EXPECT_EQ(table->partitions.Count(table->id), 1u);
}

TEST_F(CatalogPartitionsTest, ALoadedTableIsSizedForItsThroughputAgain) {
  const uint32_t id = Create("t", ProvisionedThroughput{3000, 3000})->id;
  catalog_ = std::make_unique<Catalog>(*storage_, clock_);  // a restart
  ASSERT_TRUE(catalog_->Load().ok());
  auto table = catalog_->Find("", "t");
  ASSERT_NE(table, nullptr);
  EXPECT_EQ(table->id, id);
  EXPECT_EQ(table->partitions.Count(id), 4u);
}

}  // namespace
}  // namespace stator::engine
