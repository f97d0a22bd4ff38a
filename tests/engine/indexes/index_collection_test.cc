// Item collections and index capacity through the embedded Database: ReturnItemCollectionMetrics
// on every write path of a table with an LSI (absent without one), the collection size limit
// (lowered by the test hook), and ReturnConsumedCapacity=INDEXES for writes and index reads.
#include "engine/indexes/index_collection.h"

#include <gtest/gtest.h>

#include "tests/engine/database_test_util.h"

namespace stator {
namespace {

using testing::OpenInMemory;

const CallOptions kCall;

using testing::N;
using testing::S;

// Table pk (S) + sk (N); GSI "byGroup" on g (S), ALL; GSI "byG2" on g2 (N), KEYS_ONLY;
// LSI "byLocal" on pk + l (S), INCLUDE a.
CreateTableRequest LsiTable(const std::string& name) {
  CreateTableRequest r;
  r.table_name = name;
  r.attribute_definitions = {{"pk", ScalarType::kS}, {"sk", ScalarType::kN},
                             {"g", ScalarType::kS},  {"g2", ScalarType::kN},
                             {"l", ScalarType::kS}};
  r.key_schema = {{"pk", KeyType::kHash}, {"sk", KeyType::kRange}};
  r.billing_mode = BillingMode::kPayPerRequest;
  r.global_secondary_indexes.push_back(
      {"byGroup", {{"g", KeyType::kHash}}, {ProjectionType::kAll, {}}, {}, {}});
  r.global_secondary_indexes.push_back(
      {"byG2", {{"g2", KeyType::kHash}}, {ProjectionType::kKeysOnly, {}}, {}, {}});
  r.local_secondary_indexes.push_back(
      {"byLocal", {{"pk", KeyType::kHash}, {"l", KeyType::kRange}},
       {ProjectionType::kInclude, {"a"}}});
  return r;
}

// The same table without its LSI.
CreateTableRequest GsiOnlyTable(const std::string& name) {
  CreateTableRequest r = LsiTable(name);
  r.local_secondary_indexes.clear();
  r.attribute_definitions.pop_back();
  return r;
}

Item Row(const std::string& pk, int sk, size_t payload = 0) {
  Item item{{"pk", S(pk)}, {"sk", N(std::to_string(sk))}, {"l", S("x")}};
  if (payload > 0) item.emplace("x", S(std::string(payload, 'p')));
  return item;
}

class IndexCollectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = OpenInMemory();
    ASSERT_TRUE(db_->CreateTable(kCall, LsiTable("lsi")).ok());
    ASSERT_TRUE(db_->CreateTable(kCall, GsiOnlyTable("gsi")).ok());
  }
  void TearDown() override { engine::SetItemCollectionLimitForTesting(0); }

  Result<PutItemResponse> Put(const std::string& table, Item item,
                              ReturnConsumedCapacity capacity = ReturnConsumedCapacity::kNone) {
    PutItemRequest r;
    r.table_name = table;
    r.item = std::move(item);
    r.return_item_collection_metrics = ReturnItemCollectionMetrics::kSize;
    r.return_consumed_capacity = capacity;
    return db_->PutItem(kCall, r);
  }

  Result<UpdateItemResponse> Update(const std::string& pk, int sk, const std::string& expression,
                                    ExpressionAttributeValues values) {
    UpdateItemRequest r;
    r.table_name = "lsi";
    r.key = {{"pk", S(pk)}, {"sk", N(std::to_string(sk))}};
    r.update_expression = expression;
    r.expression_attribute_values = std::move(values);
    r.return_item_collection_metrics = ReturnItemCollectionMetrics::kSize;
    r.return_consumed_capacity = ReturnConsumedCapacity::kIndexes;
    return db_->UpdateItem(kCall, r);
  }

  Result<DeleteItemResponse> Delete(const std::string& pk, int sk) {
    DeleteItemRequest r;
    r.table_name = "lsi";
    r.key = {{"pk", S(pk)}, {"sk", N(std::to_string(sk))}};
    r.return_item_collection_metrics = ReturnItemCollectionMetrics::kSize;
    return db_->DeleteItem(kCall, r);
  }

  std::unique_ptr<Database> db_;
};

TEST_F(IndexCollectionTest, SingleWritesReportTheCollectionOfTablesWithAnLsi) {
  auto put = Put("lsi", Row("a", 1));
  ASSERT_TRUE(put.ok()) << put.status().message();
  ASSERT_TRUE(put->item_collection_metrics);
  EXPECT_EQ(put->item_collection_metrics->item_collection_key, (Item{{"pk", S("a")}}));
  EXPECT_EQ(put->item_collection_metrics->size_estimate_range_gb, (std::vector<double>{0, 1}));

  auto update = Update("a", 1, "SET v = :v", {{":v", S("w")}});
  ASSERT_TRUE(update.ok()) << update.status().message();
  ASSERT_TRUE(update->item_collection_metrics);
  EXPECT_EQ(update->item_collection_metrics->item_collection_key, (Item{{"pk", S("a")}}));

  auto deleted = Delete("a", 1);
  ASSERT_TRUE(deleted.ok());
  ASSERT_TRUE(deleted->item_collection_metrics);
  EXPECT_EQ(deleted->item_collection_metrics->item_collection_key, (Item{{"pk", S("a")}}));

  auto no_lsi = Put("gsi", Row("a", 1));
  ASSERT_TRUE(no_lsi.ok());
  EXPECT_FALSE(no_lsi->item_collection_metrics);

  PutItemRequest none;
  none.table_name = "lsi";
  none.item = Row("a", 2);
  auto not_asked = db_->PutItem(kCall, none);
  ASSERT_TRUE(not_asked.ok());
  EXPECT_FALSE(not_asked->item_collection_metrics);
}

TEST_F(IndexCollectionTest, BatchAndTransactionReportPerTable) {
  BatchWriteItemRequest b;
  b.request_items["lsi"].push_back({Row("a", 1), std::nullopt});
  b.request_items["lsi"].push_back({Row("b", 1), std::nullopt});
  b.request_items["gsi"].push_back({Row("a", 1), std::nullopt});
  b.return_item_collection_metrics = ReturnItemCollectionMetrics::kSize;
  auto batch = db_->BatchWriteItem(kCall, b);
  ASSERT_TRUE(batch.ok()) << batch.status().message();
  ASSERT_EQ(batch->item_collection_metrics.size(), 1u);
  const auto& metrics = batch->item_collection_metrics.at("lsi");
  ASSERT_EQ(metrics.size(), 2u);
  EXPECT_EQ(metrics[0].item_collection_key, (Item{{"pk", S("a")}}));
  EXPECT_EQ(metrics[1].item_collection_key, (Item{{"pk", S("b")}}));

  TransactWriteItemsRequest t;
  PutItemRequest p;
  p.table_name = "lsi";
  p.item = Row("c", 1);
  t.transact_items.push_back(p);
  DeleteItemRequest d;
  d.table_name = "lsi";
  d.key = {{"pk", S("a")}, {"sk", N("1")}};
  t.transact_items.push_back(d);
  t.return_item_collection_metrics = ReturnItemCollectionMetrics::kSize;
  auto tx = db_->TransactWriteItems(kCall, t);
  ASSERT_TRUE(tx.ok()) << tx.status().message();
  ASSERT_EQ(tx->item_collection_metrics.at("lsi").size(), 2u);
  EXPECT_EQ(tx->item_collection_metrics.at("lsi")[1].item_collection_key,
            (Item{{"pk", S("a")}}));
}

TEST_F(IndexCollectionTest, RefusesAWriteThatGrowsACollectionPastTheLimit) {
  engine::SetItemCollectionLimitForTesting(1500);
  ASSERT_TRUE(Put("lsi", Row("a", 1, 1000)).ok());
  ASSERT_TRUE(Put("lsi", Row("a", 2, 300)).ok());
  EXPECT_STATUS(Put("lsi", Row("a", 3, 300)), ErrorCode::kItemCollectionSizeLimitExceeded,
                "Collection size exceeded.");
  // Another collection, and a table without an LSI, are not affected.
  EXPECT_TRUE(Put("lsi", Row("b", 3, 1000)).ok());
  EXPECT_TRUE(Put("gsi", Row("a", 3, 1400)).ok());
  // Growing an item in place counts too; shrinking never fails.
  EXPECT_STATUS(Update("a", 2, "SET x = :x", {{":x", S(std::string(700, 'q'))}}),
                ErrorCode::kItemCollectionSizeLimitExceeded, "Collection size exceeded.");
  EXPECT_TRUE(Update("a", 2, "REMOVE x", {}).ok());
  // The counter is exact: after a delete the room is back.
  ASSERT_TRUE(Delete("a", 1).ok());
  EXPECT_TRUE(Put("lsi", Row("a", 3, 1000)).ok());
}

TEST_F(IndexCollectionTest, BatchAndTransactionRespectTheLimit) {
  engine::SetItemCollectionLimitForTesting(1500);
  ASSERT_TRUE(Put("lsi", Row("a", 1, 1000)).ok());
  BatchWriteItemRequest b;
  b.request_items["lsi"].push_back({Row("a", 2, 800), std::nullopt});
  EXPECT_STATUS(db_->BatchWriteItem(kCall, b), ErrorCode::kItemCollectionSizeLimitExceeded,
                "Collection size exceeded.");

  // Two puts that each fit but not together: the second cancels the transaction.
  TransactWriteItemsRequest t;
  PutItemRequest p1;
  p1.table_name = "lsi";
  p1.item = Row("a", 3, 300);
  PutItemRequest p2 = p1;
  p2.item = Row("a", 4, 300);
  t.transact_items = {p1, p2};
  auto tx = db_->TransactWriteItems(kCall, t);
  ASSERT_FALSE(tx.ok());
  EXPECT_EQ(tx.status().code(), ErrorCode::kTransactionCanceled);
  const auto& reasons = tx.status().detail()->cancellation_reasons;
  ASSERT_EQ(reasons.size(), 2u);
  EXPECT_EQ(reasons[0].code, "None");
  EXPECT_EQ(reasons[1].code, "ItemCollectionSizeLimitExceeded");
  EXPECT_EQ(reasons[1].message, "Collection size exceeded.");
  GetItemRequest g;
  g.table_name = "lsi";
  g.key = {{"pk", S("a")}, {"sk", N("3")}};
  EXPECT_FALSE(db_->GetItem(kCall, g)->item);
}

TEST_F(IndexCollectionTest, IndexesCapacityBreaksDownWrites) {
  Item item = Row("a", 1);
  item.emplace("g", S("G"));
  item.emplace("g2", N("7"));
  auto put = Put("lsi", item, ReturnConsumedCapacity::kIndexes);
  ASSERT_TRUE(put.ok());
  const ConsumedCapacity& c = *put->consumed_capacity;
  ASSERT_TRUE(c.table);
  EXPECT_EQ(c.table->capacity_units, 1.0);
  EXPECT_EQ(c.global_secondary_indexes.at("byGroup").capacity_units, 1.0);
  EXPECT_EQ(c.global_secondary_indexes.at("byG2").capacity_units, 1.0);
  EXPECT_EQ(c.local_secondary_indexes.at("byLocal").capacity_units, 1.0);
  EXPECT_EQ(c.capacity_units, 4.0);
  // Outside a transaction the service reports the aggregate alone, without the write split.
  EXPECT_FALSE(c.write_capacity_units);
  EXPECT_FALSE(c.global_secondary_indexes.at("byGroup").write_capacity_units);

  // Moving byGroup's key costs a delete and a put there; byG2 (KEYS_ONLY) and byLocal (INCLUDE
  // a) do not project g, so they are not written.
  auto moved = Update("a", 1, "SET g = :g", {{":g", S("H")}});
  ASSERT_TRUE(moved.ok());
  const ConsumedCapacity& m = *moved->consumed_capacity;
  EXPECT_EQ(m.global_secondary_indexes.at("byGroup").capacity_units, 2.0);
  EXPECT_EQ(m.global_secondary_indexes.count("byG2"), 0u);
  EXPECT_EQ(m.local_secondary_indexes.count("byLocal"), 0u);
  EXPECT_EQ(m.capacity_units, 3.0);

  // TOTAL counts the index writes without breaking them down.
  Item other = Row("b", 1);
  other.emplace("g", S("G"));
  auto total = Put("lsi", other, ReturnConsumedCapacity::kTotal);
  ASSERT_TRUE(total.ok());
  EXPECT_EQ(total->consumed_capacity->capacity_units, 3.0);
  EXPECT_FALSE(total->consumed_capacity->table);
  EXPECT_TRUE(total->consumed_capacity->global_secondary_indexes.empty());
}

TEST_F(IndexCollectionTest, IndexesCapacityOfIndexReads) {
  Item item = Row("a", 1, 5000);
  item.emplace("g", S("G"));
  ASSERT_TRUE(Put("lsi", item).ok());

  QueryRequest q;
  q.table_name = "lsi";
  q.index_name = "byGroup";
  q.key_condition_expression = "g = :g";
  q.expression_attribute_values = {{":g", S("G")}};
  q.return_consumed_capacity = ReturnConsumedCapacity::kIndexes;
  auto global = db_->Query(kCall, q);
  ASSERT_TRUE(global.ok()) << global.status().message();
  const ConsumedCapacity& g = *global->consumed_capacity;
  EXPECT_EQ(g.table->capacity_units, 0.0);
  EXPECT_EQ(g.global_secondary_indexes.at("byGroup").capacity_units, 1.0);  // 8 KB / 2
  EXPECT_EQ(g.capacity_units, 1.0);

  // An LSI that does not project x: ALL_ATTRIBUTES fetches the item from the table, a strongly
  // consistent read of 2 units charged to the table.
  q.index_name = "byLocal";
  q.key_condition_expression = "pk = :p";
  q.expression_attribute_values = {{":p", S("a")}};
  q.consistent_read = true;
  q.select = Select::kAllAttributes;
  auto local = db_->Query(kCall, q);
  ASSERT_TRUE(local.ok()) << local.status().message();
  ASSERT_EQ(local->items->size(), 1u);
  EXPECT_TRUE(local->items->front().count("x"));
  const ConsumedCapacity& l = *local->consumed_capacity;
  EXPECT_EQ(l.table->capacity_units, 2.0);
  EXPECT_EQ(l.local_secondary_indexes.at("byLocal").capacity_units, 1.0);
  EXPECT_EQ(l.capacity_units, 3.0);

  ScanRequest s;
  s.table_name = "lsi";
  s.index_name = "byG2";
  s.return_consumed_capacity = ReturnConsumedCapacity::kIndexes;
  auto scan = db_->Scan(kCall, s);
  ASSERT_TRUE(scan.ok());
  EXPECT_EQ(scan->consumed_capacity->global_secondary_indexes.at("byG2").capacity_units, 0.5);
}

// CheckCollectionLimits reads a collection's counter only when a write grows it or its size is
// reported; deltas of writes that skipped the read still count once a later one reads it.
TEST(CollectionLimitsTest, ReadsTheCounterOnlyWhenGrowingOrReporting) {
  engine::StorageConfig config;
  config.in_memory = true;
  auto storage = std::move(engine::Storage::Open(config)).value();
  const std::string key = "c-collection";
  engine::WriteBatch batch(*storage);
  batch.AddStats(key, 3, 1000);
  ASSERT_TRUE(storage->Write(batch).ok());
  engine::SetItemCollectionLimitForTesting(1200);

  engine::WriteEffect shrink, same, grow;
  for (engine::WriteEffect* e : {&shrink, &same, &grow}) {
    e->collection_key = key;
    e->want_collection_size = false;
  }
  shrink.collection_delta = -100;
  same.collection_delta = 0;
  grow.collection_delta = 250;
  ASSERT_TRUE(engine::CheckCollectionLimits(*storage, {&shrink, &same}).ok());
  EXPECT_EQ(shrink.collection_size_after, 0);  // not read: nothing needed it
  EXPECT_EQ(same.collection_size_after, 0);
  // 1000 - 100 + 0 + 250 = 1150: within the limit only because the shrink before it counts.
  ASSERT_TRUE(engine::CheckCollectionLimits(*storage, {&shrink, &same, &grow}).ok());
  EXPECT_EQ(grow.collection_size_after, 1150);
  size_t failed = 9;
  EXPECT_EQ(engine::CheckCollectionLimits(*storage, {&grow}, &failed).code(),
            ErrorCode::kItemCollectionSizeLimitExceeded);
  EXPECT_EQ(failed, 0u);
  // A reported size is read even for a write that does not grow the collection.
  shrink.want_collection_size = true;
  ASSERT_TRUE(engine::CheckCollectionLimits(*storage, {&shrink}).ok());
  EXPECT_EQ(shrink.collection_size_after, 900);
  engine::SetItemCollectionLimitForTesting(0);
}

}  // namespace
}  // namespace stator
