// The query cache through the public Database: repeated pages hit; writes invalidate the
// partition they touch (and only it, for base-table queries) or the table (scans, index
// queries); table changes drop everything; dax pages live for their TTL.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "tests/cache/cache_test_util.h"

namespace stator {
namespace {

using testing::HashRangeTable;
using testing::PutOf;
using testing::StatsOf;

const CallOptions kCall;

Item Row(const std::string& pk, int sk, const std::string& v) {
  return Item{{"pk", AttributeValue::S(pk)},
              {"sk", AttributeValue::N(std::to_string(sk))},
              {"v", AttributeValue::S(v)}};
}

QueryRequest QueryOf(const std::string& pk) {
  QueryRequest q;
  q.table_name = "rng";
  q.key_condition_expression = "pk = :p";
  q.expression_attribute_values = Item{{":p", AttributeValue::S(pk)}};
  return q;
}

// The values of a Query's items, joined.
std::string Values(Database& db, const QueryRequest& q) {
  auto r = db.Query(kCall, q);
  EXPECT_TRUE(r.ok()) << r.status().message();
  std::string out;
  if (!r.ok()) return out;
  for (const Item& item : *r->items) out += item.at("v").s();
  return out;
}

std::string ScanValues(Database& db) {
  ScanRequest s;
  s.table_name = "rng";
  auto r = db.Scan(kCall, s);
  EXPECT_TRUE(r.ok()) << r.status().message();
  return r.ok() ? std::to_string(r->count) : "";
}

class QueryCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = testing::OpenCached();
    ASSERT_TRUE(db_->CreateTable(kCall, HashRangeTable("rng")).ok());
    ASSERT_TRUE(db_->PutItem(kCall, PutOf("rng", Row("a", 1, "x"))).ok());
    ASSERT_TRUE(db_->PutItem(kCall, PutOf("rng", Row("b", 1, "y"))).ok());
  }
  std::unique_ptr<Database> db_;
};

TEST_F(QueryCacheTest, RepeatedPageHits) {
  EXPECT_EQ(Values(*db_, QueryOf("a")), "x");
  EXPECT_EQ(Values(*db_, QueryOf("a")), "x");
  EXPECT_EQ(StatsOf(*db_, "rng").query_hits, 1u);
  EXPECT_EQ(StatsOf(*db_, "rng").query_misses, 1u);
  QueryRequest other = QueryOf("a");
  other.scan_index_forward = false;  // another request: another page
  EXPECT_EQ(Values(*db_, other), "x");
  EXPECT_EQ(StatsOf(*db_, "rng").query_misses, 2u);
}

TEST_F(QueryCacheTest, WriteInvalidatesItsPartitionOnly) {
  EXPECT_EQ(Values(*db_, QueryOf("a")), "x");
  EXPECT_EQ(Values(*db_, QueryOf("b")), "y");
  ASSERT_TRUE(db_->PutItem(kCall, PutOf("rng", Row("a", 2, "z"))).ok());
  EXPECT_EQ(Values(*db_, QueryOf("a")), "xz");
  EXPECT_EQ(Values(*db_, QueryOf("b")), "y");
  EXPECT_EQ(StatsOf(*db_, "rng").query_hits, 1u);  // b's page survived the write to a
}

TEST_F(QueryCacheTest, LegacyKeyConditionsAreInvalidatedToo) {
  QueryRequest q;
  q.table_name = "rng";
  q.key_conditions = ConditionMap{{"pk", {ComparisonOperator::kEQ, {AttributeValue::S("a")}}}};
  EXPECT_EQ(Values(*db_, q), "x");
  DeleteItemRequest d;
  d.table_name = "rng";
  d.key = Item{{"pk", AttributeValue::S("a")}, {"sk", AttributeValue::N("1")}};
  ASSERT_TRUE(db_->DeleteItem(kCall, d).ok());
  EXPECT_EQ(Values(*db_, q), "");
}

TEST_F(QueryCacheTest, ScanIsInvalidatedByAnyWrite) {
  EXPECT_EQ(ScanValues(*db_), "2");
  EXPECT_EQ(ScanValues(*db_), "2");
  EXPECT_EQ(StatsOf(*db_, "rng").query_hits, 1u);
  TransactWriteItemsRequest tx;
  tx.transact_items.push_back(PutOf("rng", Row("c", 1, "w")));
  ASSERT_TRUE(db_->TransactWriteItems(kCall, tx).ok());
  EXPECT_EQ(ScanValues(*db_), "3");
}

TEST_F(QueryCacheTest, IndexQueryIsInvalidatedByAnyWriteToTheTable) {
  UpdateTableRequest u;
  u.table_name = "rng";
  u.attribute_definitions = {{"v", ScalarType::kS}};
  u.has_global_secondary_index_updates = true;
  GlobalSecondaryIndexUpdate create;
  GlobalSecondaryIndex gsi;
  gsi.index_name = "byv";
  gsi.key_schema = {{"v", KeyType::kHash}};
  gsi.projection.projection_type = ProjectionType::kAll;
  gsi.provisioned_throughput = ProvisionedThroughput{5, 5};
  create.create = gsi;
  u.global_secondary_index_updates.push_back(create);
  auto updated = db_->UpdateTable(kCall, u);
  ASSERT_TRUE(updated.ok()) << updated.status().message();
  // Wait for the backfill: the index answers once it is ACTIVE.
  for (int i = 0; i < 500; ++i) {
    auto d = db_->DescribeTable(kCall, {"rng"});
    ASSERT_TRUE(d.ok());
    if (!d->table.global_secondary_indexes.empty() &&
        d->table.global_secondary_indexes[0].index_status == IndexStatus::kActive) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  QueryRequest q;
  q.table_name = "rng";
  q.index_name = "byv";
  q.key_condition_expression = "v = :v";
  q.expression_attribute_values = Item{{":v", AttributeValue::S("q")}};
  EXPECT_EQ(Values(*db_, q), "");
  EXPECT_EQ(Values(*db_, q), "");
  ASSERT_TRUE(db_->PutItem(kCall, PutOf("rng", Row("d", 1, "q"))).ok());
  EXPECT_EQ(Values(*db_, q), "q");
}

TEST_F(QueryCacheTest, DeletedTablePagesAreGone) {
  EXPECT_EQ(Values(*db_, QueryOf("a")), "x");
  DeleteTableRequest d;
  d.table_name = "rng";
  ASSERT_TRUE(db_->DeleteTable(kCall, d).ok());
  EXPECT_FALSE(db_->Query(kCall, QueryOf("a")).ok());
  ASSERT_TRUE(db_->CreateTable(kCall, HashRangeTable("rng")).ok());
  EXPECT_EQ(Values(*db_, QueryOf("a")), "");
}

TEST(QueryDaxTest, PagesLiveForTheirTtlDespiteWrites) {
  auto clock = std::make_shared<testing::ManualClock>();
  auto db = testing::OpenCached(64 << 20, CacheOptions::Mode::kDax, clock);
  ASSERT_TRUE(db->CreateTable(kCall, HashRangeTable("rng")).ok());
  ASSERT_TRUE(db->PutItem(kCall, PutOf("rng", Row("a", 1, "x"))).ok());
  EXPECT_EQ(Values(*db, QueryOf("a")), "x");
  ASSERT_TRUE(db->PutItem(kCall, PutOf("rng", Row("a", 2, "z"))).ok());
  EXPECT_EQ(Values(*db, QueryOf("a")), "x");  // as DAX: the query cache ignores writes
  clock->Advance(5 * 60 * 1'000'000LL);
  EXPECT_EQ(Values(*db, QueryOf("a")), "xz");
}

}  // namespace
}  // namespace stator
