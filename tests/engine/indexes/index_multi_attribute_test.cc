// Multi-attribute GSI keys (up to 4 HASH and 4 RANGE attributes, the service's since November
// 2025): creation and description, KeySchema refusals, sparseness, Query by every partition
// attribute and a left-to-right prefix of the sort attributes, paging with LastEvaluatedKey,
// persistence across a reopen, and UpdateTable Create with backfill.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "tests/engine/database_test_util.h"

namespace stator {
namespace {

using testing::OpenInMemory;

const CallOptions kCall;

using testing::N;
using testing::S;

// Table pk (S); GSI "byMatch" on HASH (t S, reg S), RANGE (round S, seq N).
CreateTableRequest MatchTable() {
  CreateTableRequest r;
  r.table_name = "tbl";
  r.attribute_definitions = {{"pk", ScalarType::kS},
                             {"t", ScalarType::kS},
                             {"reg", ScalarType::kS},
                             {"round", ScalarType::kS},
                             {"seq", ScalarType::kN}};
  r.key_schema = {{"pk", KeyType::kHash}};
  r.billing_mode = BillingMode::kPayPerRequest;
  r.global_secondary_indexes.push_back({"byMatch",
                                        {{"t", KeyType::kHash},
                                         {"reg", KeyType::kHash},
                                         {"round", KeyType::kRange},
                                         {"seq", KeyType::kRange}},
                                        {ProjectionType::kAll, {}},
                                        {},
                                        {}});
  return r;
}

Item Match(const std::string& pk, const std::string& t, const std::string& reg,
           const std::string& round, const std::string& seq) {
  return {{"pk", S(pk)}, {"t", S(t)}, {"reg", S(reg)}, {"round", S(round)}, {"seq", N(seq)}};
}

class MultiAttributeIndexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = OpenInMemory();
    auto created = db_->CreateTable(kCall, MatchTable());
    ASSERT_TRUE(created.ok()) << created.status().message();
  }

  void Put(Item item) {
    PutItemRequest r;
    r.table_name = "tbl";
    r.item = std::move(item);
    auto result = db_->PutItem(kCall, r);
    ASSERT_TRUE(result.ok()) << result.status().message();
  }

  void PutSample() {
    Put(Match("1", "w24", "eu", "final", "1"));
    Put(Match("2", "w24", "eu", "semi", "10"));
    Put(Match("3", "w24", "eu", "semi", "9"));
    Put(Match("4", "w24", "eu", "semi", "2"));
    Put(Match("5", "w24", "na", "semi", "1"));  // another partition (reg)
    Put(Match("6", "s25", "eu", "semi", "1"));  // another partition (t)
  }

  Result<QueryResponse> Query(const std::string& condition, ExpressionAttributeValues values,
                              std::optional<int64_t> limit = std::nullopt,
                              std::optional<Item> start = std::nullopt) {
    QueryRequest r;
    r.table_name = "tbl";
    r.index_name = "byMatch";
    r.key_condition_expression = condition;
    r.expression_attribute_values = std::move(values);
    r.limit = limit;
    r.exclusive_start_key = std::move(start);
    return db_->Query(kCall, r);
  }

  // The pks of a query's items, in order.
  static std::string Pks(const QueryResponse& q) {
    std::string out;
    for (const Item& item : *q.items) out += item.at("pk").s();
    return out;
  }

  std::unique_ptr<Database> db_;
};

const ExpressionAttributeValues kEuW24 = {{":t", S("w24")}, {":r", S("eu")}};

ExpressionAttributeValues With(ExpressionAttributeValues values,
                               const std::string& name, AttributeValue v) {
  values.emplace(name, std::move(v));
  return values;
}

TEST_F(MultiAttributeIndexTest, DescribeListsHashAttributesThenRangeAttributes) {
  auto d = db_->DescribeTable(kCall, {"tbl"});
  ASSERT_TRUE(d.ok());
  const auto& ks = d->table.global_secondary_indexes.at(0).key_schema;
  ASSERT_EQ(ks.size(), 4u);
  EXPECT_EQ(ks[0].attribute_name, "t");
  EXPECT_EQ(ks[0].key_type, KeyType::kHash);
  EXPECT_EQ(ks[1].attribute_name, "reg");
  EXPECT_EQ(ks[1].key_type, KeyType::kHash);
  EXPECT_EQ(ks[2].attribute_name, "round");
  EXPECT_EQ(ks[2].key_type, KeyType::kRange);
  EXPECT_EQ(ks[3].attribute_name, "seq");
  EXPECT_EQ(ks[3].key_type, KeyType::kRange);
}

TEST_F(MultiAttributeIndexTest, QueryNeedsEveryPartitionAttribute) {
  PutSample();
  auto q = Query("t = :t AND reg = :r", kEuW24);
  ASSERT_TRUE(q.ok()) << q.status().message();
  // Ordered by (round, seq) with seq numeric: final/1, semi/2, semi/9, semi/10.
  EXPECT_EQ(Pks(*q), "1432");
  EXPECT_STATUS(Query("t = :t", {{":t", S("w24")}}), ErrorCode::kValidation,
                "Query condition missed key schema element: reg");
  EXPECT_STATUS(Query("t = :t AND reg > :r", kEuW24), ErrorCode::kValidation,
                "Query key condition not supported");
}

TEST_F(MultiAttributeIndexTest, SortAttributesAreUsedLeftToRight) {
  PutSample();
  auto eq = Query("t = :t AND reg = :r AND round = :s", With(kEuW24, ":s", S("semi")));
  ASSERT_TRUE(eq.ok()) << eq.status().message();
  EXPECT_EQ(Pks(*eq), "432");
  auto last = Query("t = :t AND reg = :r AND round = :s AND seq > :n",
                    With(With(kEuW24, ":s", S("semi")), ":n", N("2")));
  ASSERT_TRUE(last.ok()) << last.status().message();
  EXPECT_EQ(Pks(*last), "32");
  auto between = Query("t = :t AND reg = :r AND round = :s AND seq BETWEEN :a AND :b",
                       With(With(With(kEuW24, ":s", S("semi")), ":a", N("2")), ":b", N("9")));
  ASSERT_TRUE(between.ok());
  EXPECT_EQ(Pks(*between), "43");
  auto first_range = Query("t = :t AND reg = :r AND round < :s", With(kEuW24, ":s", S("semi")));
  ASSERT_TRUE(first_range.ok());
  EXPECT_EQ(Pks(*first_range), "1");
  auto prefix = Query("t = :t AND reg = :r AND begins_with(round, :s)",
                      With(kEuW24, ":s", S("se")));
  ASSERT_TRUE(prefix.ok());
  EXPECT_EQ(Pks(*prefix), "432");
}

TEST_F(MultiAttributeIndexTest, SkippedOrNonLastRangeSortAttributesAreRefused) {
  EXPECT_STATUS(Query("t = :t AND reg = :r AND seq > :n", With(kEuW24, ":n", N("1"))),
                ErrorCode::kValidation, "Query condition missed key schema element: round");
  EXPECT_STATUS(Query("t = :t AND reg = :r AND round > :s AND seq = :n",
                      With(With(kEuW24, ":s", S("a")), ":n", N("1"))),
                ErrorCode::kValidation, "Query key condition not supported");
  EXPECT_STATUS(Query("t = :t AND reg = :r AND round = :s", With(kEuW24, ":s", N("1"))),
                ErrorCode::kValidation,
                "One or more parameter values were invalid: Condition parameter type does not "
                "match schema type");
}

TEST_F(MultiAttributeIndexTest, LegacyKeyConditionsTakeOneConditionPerAttribute) {
  PutSample();
  QueryRequest r;
  r.table_name = "tbl";
  r.index_name = "byMatch";
  r.key_conditions = ConditionMap{{"t", {ComparisonOperator::kEQ, {S("w24")}}},
                                  {"reg", {ComparisonOperator::kEQ, {S("eu")}}},
                                  {"round", {ComparisonOperator::kEQ, {S("semi")}}},
                                  {"seq", {ComparisonOperator::kGE, {N("9")}}}};
  auto q = db_->Query(kCall, r);
  ASSERT_TRUE(q.ok()) << q.status().message();
  EXPECT_EQ(Pks(*q), "32");
}

TEST_F(MultiAttributeIndexTest, ItemsMissingAnyKeyAttributeAreNotIndexed) {
  Put(Match("1", "w24", "eu", "semi", "1"));
  Put({{"pk", S("2")}, {"t", S("w24")}, {"reg", S("eu")}, {"round", S("semi")}});
  Put({{"pk", S("3")}, {"t", S("w24")}, {"round", S("semi")}, {"seq", N("3")}});
  auto q = Query("t = :t AND reg = :r", kEuW24);
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(Pks(*q), "1");
  // Completing an item's key puts it in the index.
  Put(Match("2", "w24", "eu", "semi", "0"));
  q = Query("t = :t AND reg = :r", kEuW24);
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(Pks(*q), "21");
}

TEST_F(MultiAttributeIndexTest, WrongTypeForAnyKeyAttributeIsRefused) {
  PutItemRequest r;
  r.table_name = "tbl";
  r.item = {{"pk", S("1")}, {"t", S("w24")}, {"reg", N("5")}};
  auto put = db_->PutItem(kCall, r);
  ASSERT_FALSE(put.ok());
  EXPECT_EQ(put.status().message(),
            "One or more parameter values were invalid: Type mismatch for Index Key reg Expected: "
            "S Actual: N IndexName: byMatch");
}

TEST_F(MultiAttributeIndexTest, PagesCarryEveryKeyAttributeAndResume) {
  PutSample();
  auto first = Query("t = :t AND reg = :r", kEuW24, 2);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(Pks(*first), "14");
  ASSERT_TRUE(first->last_evaluated_key.has_value());
  const Item& lek = *first->last_evaluated_key;
  EXPECT_EQ(lek.size(), 5u);
  for (const char* name : {"pk", "t", "reg", "round", "seq"}) EXPECT_EQ(lek.count(name), 1u);
  auto rest = Query("t = :t AND reg = :r", kEuW24, std::nullopt, lek);
  ASSERT_TRUE(rest.ok()) << rest.status().message();
  EXPECT_EQ(Pks(*rest), "32");
  Item partial = lek;
  partial.erase("seq");
  EXPECT_FALSE(Query("t = :t AND reg = :r", kEuW24, std::nullopt, partial).ok());
}

TEST_F(MultiAttributeIndexTest, ScanOfTheIndexSkipsSparseItems) {
  PutSample();
  Put({{"pk", S("7")}, {"t", S("w24")}});
  ScanRequest r;
  r.table_name = "tbl";
  r.index_name = "byMatch";
  auto scan = db_->Scan(kCall, r);
  ASSERT_TRUE(scan.ok());
  EXPECT_EQ(scan->count, 6);
}

CreateTableRequest WithGsiKey(std::vector<KeySchemaElement> ks) {
  CreateTableRequest r = MatchTable();
  r.table_name = "other";
  r.attribute_definitions.push_back({"a", ScalarType::kS});
  r.attribute_definitions.push_back({"b", ScalarType::kS});
  r.attribute_definitions.push_back({"c", ScalarType::kS});
  r.attribute_definitions.push_back({"d", ScalarType::kS});
  r.global_secondary_indexes.at(0).key_schema = std::move(ks);
  return r;
}

TEST(MultiAttributeIndexShapeTest, KeySchemaRulesAreEnforced) {
  auto db = OpenInMemory();
  const KeySchemaElement h[] = {{"t", KeyType::kHash}, {"reg", KeyType::kHash},
                                {"a", KeyType::kHash}, {"b", KeyType::kHash},
                                {"c", KeyType::kHash}};
  // Five HASH attributes; five RANGE attributes.
  EXPECT_STATUS(db->CreateTable(kCall, WithGsiKey({h[0], h[1], h[2], h[3], h[4]})),
                ErrorCode::kValidation,
                "Invalid KeySchema: The KeySchema exceeds the maximum allowed number of HASH key "
                "attributes");
  EXPECT_STATUS(db->CreateTable(kCall, WithGsiKey({{"t", KeyType::kHash},
                                                   {"reg", KeyType::kRange},
                                                   {"a", KeyType::kRange},
                                                   {"b", KeyType::kRange},
                                                   {"c", KeyType::kRange},
                                                   {"d", KeyType::kRange}})),
                ErrorCode::kValidation,
                "Invalid KeySchema: The KeySchema exceeds the maximum allowed number of RANGE key "
                "attributes");
  // A HASH attribute after a RANGE one.
  EXPECT_STATUS(db->CreateTable(kCall, WithGsiKey({h[0], {"round", KeyType::kRange}, h[1]})),
                ErrorCode::kValidation,
                "Invalid KeySchema: All HASH key attributes must precede RANGE key attributes in "
                "the KeySchema");
  // The same attribute twice.
  auto twice = db->CreateTable(kCall, WithGsiKey({h[0], h[1], {"t", KeyType::kRange}}));
  ASSERT_FALSE(twice.ok());
  // A RANGE attribute first.
  EXPECT_STATUS(db->CreateTable(kCall, WithGsiKey({{"round", KeyType::kRange}, h[0], h[1]})),
                ErrorCode::kValidation,
                "Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
  // Four of each is the limit, and allowed.
  auto full = WithGsiKey({h[0], h[1], h[2], h[3], {"round", KeyType::kRange},
                          {"seq", KeyType::kRange}, {"c", KeyType::kRange},
                          {"d", KeyType::kRange}});
  auto created = db->CreateTable(kCall, full);
  EXPECT_TRUE(created.ok()) << created.status().message();
}

TEST(MultiAttributeIndexShapeTest, LocalIndexesKeepSingleAttributes) {
  auto db = OpenInMemory();
  CreateTableRequest r;
  r.table_name = "lsi";
  r.attribute_definitions = {{"pk", ScalarType::kS}, {"sk", ScalarType::kS},
                             {"a", ScalarType::kS}, {"b", ScalarType::kS}};
  r.key_schema = {{"pk", KeyType::kHash}, {"sk", KeyType::kRange}};
  r.billing_mode = BillingMode::kPayPerRequest;
  r.local_secondary_indexes.push_back(
      {"byAB", {{"pk", KeyType::kHash}, {"a", KeyType::kRange}, {"b", KeyType::kRange}},
       {ProjectionType::kAll, {}}});
  // The LSI checks look at the first two elements, then the length (the LSI length message).
  EXPECT_STATUS(db->CreateTable(kCall, r), ErrorCode::kValidation,
                "One or more parameter values were invalid: Index KeySchema does not have a "
                "range key for index: byAB");
}

std::unique_ptr<Database> OpenAt(const std::string& dir) {
  Options options;
  options.data_dir = dir;
  auto db = Database::Open(options);
  EXPECT_TRUE(db.ok()) << db.status().message();
  return std::move(db).value();
}

TEST(MultiAttributeIndexPersistenceTest, KeySchemaAndEntriesSurviveReopen) {
  testing::TempDir dir;
  {
    auto db = OpenAt(dir.path());
    ASSERT_TRUE(db->CreateTable(kCall, MatchTable()).ok());
    PutItemRequest r;
    r.table_name = "tbl";
    r.item = Match("1", "w24", "eu", "semi", "3");
    ASSERT_TRUE(db->PutItem(kCall, r).ok());
  }
  auto db = OpenAt(dir.path());
  auto d = db->DescribeTable(kCall, {"tbl"});
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->table.global_secondary_indexes.at(0).key_schema.size(), 4u);
  QueryRequest q;
  q.table_name = "tbl";
  q.index_name = "byMatch";
  q.key_condition_expression = "t = :t AND reg = :r AND round = :s AND seq = :n";
  q.expression_attribute_values = {
      {":t", S("w24")}, {":r", S("eu")}, {":s", S("semi")}, {":n", N("3.0")}};
  auto found = db->Query(kCall, q);
  ASSERT_TRUE(found.ok()) << found.status().message();
  EXPECT_EQ(found->count, 1);
  // Writes after the reopen maintain the index under the persisted key.
  PutItemRequest r;
  r.table_name = "tbl";
  r.item = Match("2", "w24", "eu", "semi", "4");
  ASSERT_TRUE(db->PutItem(kCall, r).ok());
  q.key_condition_expression = "t = :t AND reg = :r AND round = :s AND seq >= :n";
  found = db->Query(kCall, q);
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->count, 2);
}

TEST(MultiAttributeIndexBackfillTest, UpdateTableCreatesAndBackfillsTheIndex) {
  auto db = OpenInMemory();
  CreateTableRequest plain = MatchTable();
  plain.global_secondary_indexes.clear();
  plain.attribute_definitions = {{"pk", ScalarType::kS}};
  ASSERT_TRUE(db->CreateTable(kCall, plain).ok());
  for (int i = 0; i < 50; ++i) {
    PutItemRequest r;
    r.table_name = "tbl";
    r.item = Match(std::to_string(i), "w24", i % 2 ? "eu" : "na", "semi", std::to_string(i));
    if (i % 5 == 0) r.item.erase("seq");  // sparse: not in the index
    ASSERT_TRUE(db->PutItem(kCall, r).ok());
  }
  UpdateTableRequest u;
  u.table_name = "tbl";
  u.attribute_definitions = MatchTable().attribute_definitions;
  u.has_global_secondary_index_updates = true;
  GlobalSecondaryIndexUpdate create;
  create.create = MatchTable().global_secondary_indexes.at(0);
  u.global_secondary_index_updates.push_back(create);
  auto updated = db->UpdateTable(kCall, u);
  ASSERT_TRUE(updated.ok()) << updated.status().message();
  bool active = false;
  for (int i = 0; i < 2000 && !active; ++i) {
    auto d = db->DescribeTable(kCall, {"tbl"});
    active = d.ok() && d->table.global_secondary_indexes.at(0).index_status == IndexStatus::kActive;
    if (!active) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ASSERT_TRUE(active);
  QueryRequest q;
  q.table_name = "tbl";
  q.index_name = "byMatch";
  q.key_condition_expression = "t = :t AND reg = :r AND round = :s AND seq < :n";
  q.expression_attribute_values = {
      {":t", S("w24")}, {":r", S("eu")}, {":s", S("semi")}, {":n", N("20")}};
  auto found = db->Query(kCall, q);
  ASSERT_TRUE(found.ok()) << found.status().message();
  // Odd i below 20, without the multiples of 5: 1 3 7 9 11 13 17 19.
  ASSERT_EQ(found->count, 8);
  EXPECT_EQ(found->items->front().at("seq").s(), "1");
  EXPECT_EQ(found->items->back().at("seq").s(), "19");
}

}  // namespace
}  // namespace stator
