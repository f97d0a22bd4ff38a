// Secondary indexes through the embedded Database: creation and description, maintenance by
// every write (put, update, delete; sparse; type checks), Query and Scan by IndexName with
// paging, the refusals of the service, and deletion with the table.
#include <gtest/gtest.h>

#include <set>

#include "tests/engine/database_test_util.h"

namespace stator {
namespace {

using testing::OpenInMemory;

const CallOptions kCall;

using testing::N;
using testing::S;

// Table pk (S) + sk (N); GSI "byGroup" on g (S) + r (S), ALL; GSI "byG2" on g2 (N) KEYS_ONLY;
// LSI "byLocal" on pk + l (S), INCLUDE a.
CreateTableRequest IndexedTable(const std::string& name) {
  CreateTableRequest r;
  r.table_name = name;
  r.attribute_definitions = {{"pk", ScalarType::kS}, {"sk", ScalarType::kN},
                             {"g", ScalarType::kS},  {"r", ScalarType::kS},
                             {"g2", ScalarType::kN}, {"l", ScalarType::kS}};
  r.key_schema = {{"pk", KeyType::kHash}, {"sk", KeyType::kRange}};
  r.billing_mode = BillingMode::kPayPerRequest;
  r.global_secondary_indexes.push_back({"byGroup",
                                        {{"g", KeyType::kHash}, {"r", KeyType::kRange}},
                                        {ProjectionType::kAll, {}},
                                        {},
                                        {}});
  r.global_secondary_indexes.push_back(
      {"byG2", {{"g2", KeyType::kHash}}, {ProjectionType::kKeysOnly, {}}, {}, {}});
  r.local_secondary_indexes.push_back(
      {"byLocal", {{"pk", KeyType::kHash}, {"l", KeyType::kRange}},
       {ProjectionType::kInclude, {"a"}}});
  return r;
}

class IndexQueryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = OpenInMemory();
    auto created = db_->CreateTable(kCall, IndexedTable("tbl"));
    ASSERT_TRUE(created.ok()) << created.status().message();
  }

  Status Put(Item item) {
    PutItemRequest r;
    r.table_name = "tbl";
    r.item = std::move(item);
    auto result = db_->PutItem(kCall, r);
    return result.ok() ? Status::OK() : result.status();
  }

  Result<QueryResponse> QueryIndex(const std::string& index, const std::string& condition,
                                   ExpressionAttributeValues values) {
    QueryRequest r;
    r.table_name = "tbl";
    r.index_name = index;
    r.key_condition_expression = condition;
    r.expression_attribute_values = std::move(values);
    return db_->Query(kCall, r);
  }

  std::vector<std::string> GroupOrder(const std::string& group) {
    auto q = QueryIndex("byGroup", "g = :g", {{":g", S(group)}});
    EXPECT_TRUE(q.ok()) << q.status().message();
    std::vector<std::string> out;
    for (const Item& item : *q->items) out.push_back(item.at("r").s() + "/" + item.at("pk").s());
    return out;
  }

  std::unique_ptr<Database> db_;
};

TEST_F(IndexQueryTest, DescribeReportsEveryIndex) {
  auto d = db_->DescribeTable(kCall, {"tbl"});
  ASSERT_TRUE(d.ok());
  ASSERT_EQ(d->table.global_secondary_indexes.size(), 2u);
  ASSERT_EQ(d->table.local_secondary_indexes.size(), 1u);
  const auto& gsi = d->table.global_secondary_indexes[0];
  EXPECT_EQ(gsi.index_name, "byGroup");
  EXPECT_EQ(gsi.index_status, IndexStatus::kActive);
  EXPECT_EQ(gsi.index_arn, d->table.table_arn + "/index/byGroup");
  EXPECT_EQ(gsi.key_schema.size(), 2u);
  const auto& lsi = d->table.local_secondary_indexes[0];
  EXPECT_EQ(lsi.projection.projection_type, ProjectionType::kInclude);
  EXPECT_FALSE(lsi.index_status.has_value());
}

TEST_F(IndexQueryTest, QueryFollowsIndexSortKeyThenTableKey) {
  ASSERT_TRUE(Put({{"pk", S("b")}, {"sk", N("1")}, {"g", S("x")}, {"r", S("a")}}).ok());
  ASSERT_TRUE(Put({{"pk", S("a")}, {"sk", N("1")}, {"g", S("x")}, {"r", S("ab")}}).ok());
  ASSERT_TRUE(Put({{"pk", S("a")}, {"sk", N("2")}, {"g", S("x")}, {"r", S("a")}}).ok());
  ASSERT_TRUE(Put({{"pk", S("c")}, {"sk", N("1")}, {"g", S("y")}, {"r", S("a")}}).ok());
  const auto order = GroupOrder("x");
  ASSERT_EQ(order.size(), 3u);
  EXPECT_EQ(order[2], "ab/a");
  EXPECT_EQ(order[0].substr(0, 2), "a/");
  auto q =
      QueryIndex("byGroup", "g = :g AND begins_with(r, :p)", {{":g", S("x")}, {":p", S("ab")}});
  ASSERT_TRUE(q.ok()) << q.status().message();
  EXPECT_EQ(q->count, 1);
  q = QueryIndex("byGroup", "g = :g AND r <= :p", {{":g", S("x")}, {":p", S("a")}});
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->count, 2);
  q = QueryIndex("byGroup", "g = :g AND r > :p", {{":g", S("x")}, {":p", S("a")}});
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->count, 1);
}

TEST_F(IndexQueryTest, WritesMoveAndRemoveEntries) {
  ASSERT_TRUE(Put({{"pk", S("a")}, {"sk", N("1")}, {"g", S("x")}, {"r", S("1")}}).ok());
  ASSERT_TRUE(Put({{"pk", S("a")}, {"sk", N("1")}, {"g", S("y")}, {"r", S("1")}}).ok());
  EXPECT_TRUE(GroupOrder("x").empty());
  EXPECT_EQ(GroupOrder("y").size(), 1u);
  UpdateItemRequest u;
  u.table_name = "tbl";
  u.key = {{"pk", S("a")}, {"sk", N("1")}};
  u.update_expression = "REMOVE r";
  ASSERT_TRUE(db_->UpdateItem(kCall, u).ok());
  EXPECT_TRUE(GroupOrder("y").empty());  // sparse: no sort key, no entry
  u.update_expression = "SET r = :r";
  u.expression_attribute_values = {{":r", S("2")}};
  ASSERT_TRUE(db_->UpdateItem(kCall, u).ok());
  EXPECT_EQ(GroupOrder("y").size(), 1u);
  DeleteItemRequest d;
  d.table_name = "tbl";
  d.key = u.key;
  ASSERT_TRUE(db_->DeleteItem(kCall, d).ok());
  EXPECT_TRUE(GroupOrder("y").empty());
  auto described = db_->DescribeTable(kCall, {"tbl"});
  ASSERT_TRUE(described.ok());
  EXPECT_EQ(described->table.global_secondary_indexes[0].item_count, 0);
  EXPECT_EQ(described->table.global_secondary_indexes[0].index_size_bytes, 0);
}

TEST_F(IndexQueryTest, StatisticsCountEntries) {
  ASSERT_TRUE(Put({{"pk", S("a")}, {"sk", N("1")}, {"g", S("x")}, {"r", S("1")}}).ok());
  ASSERT_TRUE(Put({{"pk", S("a")}, {"sk", N("2")}, {"g2", N("5")}}).ok());
  auto d = db_->DescribeTable(kCall, {"tbl"});
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->table.global_secondary_indexes[0].item_count, 1);
  EXPECT_GT(d->table.global_secondary_indexes[0].index_size_bytes, 0);
  EXPECT_EQ(d->table.global_secondary_indexes[1].item_count, 1);
  EXPECT_EQ(d->table.local_secondary_indexes[0].item_count, 0);
}

TEST_F(IndexQueryTest, WrongTypedIndexKeyIsRefused) {
  Status s = Put({{"pk", S("a")}, {"sk", N("1")}, {"g2", S("five")}});
  EXPECT_EQ(s.code(), ErrorCode::kValidation);
  EXPECT_EQ(s.message(),
            "One or more parameter values were invalid: Type mismatch for Index Key g2 Expected: N "
            "Actual: S IndexName: byG2");
  UpdateItemRequest u;
  u.table_name = "tbl";
  u.key = {{"pk", S("a")}, {"sk", N("1")}};
  u.update_expression = "SET g = :v";
  u.expression_attribute_values = {{":v", N("1")}};
  auto updated = db_->UpdateItem(kCall, u);
  ASSERT_FALSE(updated.ok());
  EXPECT_NE(updated.status().message().find("IndexName: byGroup"), std::string::npos);
}

TEST_F(IndexQueryTest, KeysOnlyProjectionAndLastEvaluatedKey) {
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(
        Put({{"pk", S("p" + std::to_string(i))}, {"sk", N("1")}, {"g2", N("7")}, {"x", N("1")}})
            .ok());
  }
  QueryRequest r;
  r.table_name = "tbl";
  r.index_name = "byG2";
  r.key_condition_expression = "g2 = :v";
  r.expression_attribute_values = {{":v", N("7")}};
  r.limit = 2;
  std::set<std::string> seen;
  for (int page = 0; page < 5; ++page) {
    auto q = db_->Query(kCall, r);
    ASSERT_TRUE(q.ok()) << q.status().message();
    for (const Item& item : *q->items) {
      EXPECT_EQ(item.count("x"), 0u);  // KEYS_ONLY
      EXPECT_EQ(item.size(), 3u);
      seen.insert(item.at("pk").s());
    }
    if (!q->last_evaluated_key) break;
    EXPECT_EQ(q->last_evaluated_key->size(), 3u);  // table key + index key
    r.exclusive_start_key = q->last_evaluated_key;
  }
  EXPECT_EQ(seen.size(), 5u);
}

TEST_F(IndexQueryTest, ServiceRefusals) {
  QueryRequest r;
  r.table_name = "tbl";
  r.index_name = "nope";
  r.key_condition_expression = "g = :g";
  r.expression_attribute_values = {{":g", S("x")}};
  EXPECT_STATUS(db_->Query(kCall, r), ErrorCode::kValidation,
                "The table does not have the specified index: nope");
  r.index_name = "byGroup";
  r.consistent_read = true;
  EXPECT_STATUS(db_->Query(kCall, r), ErrorCode::kValidation,
                "Consistent reads are not supported on global secondary indexes");
  r.consistent_read = false;
  r.index_name = "byG2";
  r.select = Select::kAllAttributes;
  r.key_condition_expression = "g2 = :g";
  r.expression_attribute_values = {{":g", N("1")}};
  EXPECT_STATUS(db_->Query(kCall, r), ErrorCode::kValidation,
                "One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not "
                "supported for global secondary index byG2 because its projection type is not ALL");
  r.select.reset();
  r.index_name = "byGroup";
  r.key_condition_expression = "pk = :g";
  r.expression_attribute_values = {{":g", S("x")}};
  auto q = db_->Query(kCall, r);
  ASSERT_FALSE(q.ok());
  // The condition is checked against the index's key schema, not the table's.
  EXPECT_EQ(q.status().message().rfind("Query condition missed key schema element: ", 0), 0u);
}

TEST_F(IndexQueryTest, LocalIndexQueryAndConsistentRead) {
  ASSERT_TRUE(Put({{"pk", S("a")}, {"sk", N("1")}, {"l", S("z")}, {"a", N("1")}, {"b", N("2")}})
                  .ok());
  ASSERT_TRUE(Put({{"pk", S("a")}, {"sk", N("2")}, {"l", S("y")}}).ok());
  QueryRequest r;
  r.table_name = "tbl";
  r.index_name = "byLocal";
  r.key_condition_expression = "pk = :p";
  r.expression_attribute_values = {{":p", S("a")}};
  r.consistent_read = true;
  auto q = db_->Query(kCall, r);
  ASSERT_TRUE(q.ok()) << q.status().message();
  ASSERT_EQ(q->items->size(), 2u);
  EXPECT_EQ((*q->items)[0].at("l").s(), "y");
  EXPECT_EQ((*q->items)[1].count("a"), 1u);
  EXPECT_EQ((*q->items)[1].count("b"), 0u);
}

TEST_F(IndexQueryTest, LocalIndexAllAttributesFetchesTheBaseItem) {
  ASSERT_TRUE(Put({{"pk", S("a")}, {"sk", N("1")}, {"l", S("z")}, {"a", N("1")}, {"b", N("2")}})
                  .ok());
  QueryRequest r;
  r.table_name = "tbl";
  r.index_name = "byLocal";
  r.key_condition_expression = "pk = :p";
  r.expression_attribute_values = {{":p", S("a")}};
  r.select = Select::kAllAttributes;
  auto q = db_->Query(kCall, r);
  ASSERT_TRUE(q.ok()) << q.status().message();
  ASSERT_EQ(q->items->size(), 1u);
  EXPECT_EQ((*q->items)[0].count("b"), 1u);  // not projected, read from the table
  r.select = Select::kAllProjectedAttributes;
  q = db_->Query(kCall, r);
  ASSERT_TRUE(q.ok());
  EXPECT_EQ((*q->items)[0].count("b"), 0u);
}

TEST_F(IndexQueryTest, ParallelScanOfAnIndexSeesEveryEntryOnce) {
  for (int i = 0; i < 50; ++i) {
    ASSERT_TRUE(Put({{"pk", S("p" + std::to_string(i))}, {"sk", N("1")},
                     {"g", S("g" + std::to_string(i % 7))}, {"r", S("r")}})
                    .ok());
  }
  ASSERT_TRUE(Put({{"pk", S("nog")}, {"sk", N("1")}}).ok());
  std::multiset<std::string> seen;
  for (int segment = 0; segment < 4; ++segment) {
    ScanRequest r;
    r.table_name = "tbl";
    r.index_name = "byGroup";
    r.segment = segment;
    r.total_segments = 4;
    r.limit = 3;
    for (;;) {
      auto page = db_->Scan(kCall, r);
      ASSERT_TRUE(page.ok()) << page.status().message();
      for (const Item& item : *page->items) seen.insert(item.at("pk").s());
      if (!page->last_evaluated_key) break;
      r.exclusive_start_key = page->last_evaluated_key;
    }
  }
  EXPECT_EQ(seen.size(), 50u);
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), 50u);
}

TEST_F(IndexQueryTest, DeleteTableRemovesEntries) {
  ASSERT_TRUE(Put({{"pk", S("a")}, {"sk", N("1")}, {"g", S("x")}, {"r", S("1")}}).ok());
  ASSERT_TRUE(db_->DeleteTable(kCall, {"tbl"}).ok());
  ASSERT_TRUE(db_->CreateTable(kCall, IndexedTable("tbl")).ok());
  EXPECT_TRUE(GroupOrder("x").empty());
}

TEST(IndexValidationTest, CreateTableRefusalsInTheServicesWords) {
  auto db = OpenInMemory();
  auto expect = [&](CreateTableRequest r, const std::string& message) {
    auto created = db->CreateTable(kCall, r);
    ASSERT_FALSE(created.ok());
    EXPECT_EQ(created.status().message(), message);
  };
  CreateTableRequest r = IndexedTable("bad");
  r.global_secondary_indexes[1].index_name = "byGroup";
  expect(r, "One or more parameter values were invalid: Duplicate index name: byGroup");
  r = IndexedTable("bad");
  r.key_schema.pop_back();
  r.attribute_definitions.erase(r.attribute_definitions.begin() + 1);
  expect(r, "One or more parameter values were invalid: Table KeySchema does not have a range "
            "key, which is required when specifying a LocalSecondaryIndex");
  r = IndexedTable("bad");
  r.local_secondary_indexes[0].key_schema[0].attribute_name = "g";
  expect(r, "One or more parameter values were invalid: Index KeySchema does not have the same "
            "leading hash key as table KeySchema for index: byLocal. index hash key: g, table "
            "hash key: pk");
  r = IndexedTable("bad");
  r.global_secondary_indexes[0].provisioned_throughput = ProvisionedThroughput{1, 1};
  expect(r, "One or more parameter values were invalid: ProvisionedThroughput should not be "
            "specified for index: byGroup when BillingMode is PAY_PER_REQUEST");
  r = IndexedTable("bad");
  r.attribute_definitions.push_back({"unused", ScalarType::kS});
  expect(r, "One or more parameter values were invalid: Some AttributeDefinitions are not used. "
            "AttributeDefinitions: [pk, sk, g, r, g2, l, unused], keys used: [pk, sk, l, g, r, "
            "g2]");
  r = IndexedTable("bad");
  r.global_secondary_indexes[1].key_schema[0].attribute_name = "undefined";
  expect(r, "One or more parameter values were invalid: Some index key attributes are not defined "
            "in AttributeDefinitions. Keys: [undefined], AttributeDefinitions: [pk, sk, g, r, g2, "
            "l]");
  r = IndexedTable("bad");
  r.global_secondary_indexes[1].projection.non_key_attributes = {"a"};
  expect(r, "One or more parameter values were invalid: ProjectionType is KEYS_ONLY, but "
            "NonKeyAttributes is specified");
  r = IndexedTable("bad");
  r.global_secondary_indexes.clear();
  for (int i = 0; i < 21; ++i) {
    r.global_secondary_indexes.push_back(
        {"idx" + std::to_string(i), {{"g", KeyType::kHash}}, {ProjectionType::kAll, {}}, {}, {}});
  }
  r.attribute_definitions = {{"pk", ScalarType::kS}, {"sk", ScalarType::kN}, {"g", ScalarType::kS},
                             {"l", ScalarType::kS}};
  expect(r, "One or more parameter values were invalid: GlobalSecondaryIndex count exceeds the "
            "per-table limit of 20");
}

TEST(IndexPersistenceTest, IndexesSurviveReopen) {
  testing::TempDir dir;
  Options options;
  options.data_dir = dir.path();
  options.transient_status_delay_ms = 0;
  {
    auto db = Database::Open(options);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE((*db)->CreateTable(kCall, IndexedTable("tbl")).ok());
    PutItemRequest p;
    p.table_name = "tbl";
    p.item = {{"pk", S("a")}, {"sk", N("1")}, {"g", S("x")}, {"r", S("1")}};
    ASSERT_TRUE((*db)->PutItem(kCall, p).ok());
  }
  auto db = Database::Open(options);
  ASSERT_TRUE(db.ok());
  QueryRequest r;
  r.table_name = "tbl";
  r.index_name = "byGroup";
  r.key_condition_expression = "g = :g";
  r.expression_attribute_values = {{":g", S("x")}};
  auto q = (*db)->Query(kCall, r);
  ASSERT_TRUE(q.ok()) << q.status().message();
  EXPECT_EQ(q->count, 1);
  // A table created after reopening must not reuse the index ids.
  ASSERT_TRUE((*db)->CreateTable(kCall, IndexedTable("tbl2")).ok());
  r.table_name = "tbl2";
  q = (*db)->Query(kCall, r);
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->count, 0);
}

}  // namespace
}  // namespace stator
