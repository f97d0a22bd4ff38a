// Query through the embedded Database: sort orders per key type, key ranges, direction, paging,
// Limit before the filter, 1 MB pages, Select, starting-key errors.
#include <gtest/gtest.h>

#include "tests/engine/database_test_util.h"

namespace stator {
namespace {

using testing::HashRangeTable;
using testing::OpenInMemory;

const CallOptions kCall;

class QueryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = OpenInMemory();
    ASSERT_TRUE(db_->CreateTable(kCall, HashRangeTable("tbl")).ok());
  }

  void Put(Item item, const std::string& table = "tbl") {
    PutItemRequest r;
    r.table_name = table;
    r.item = std::move(item);
    auto result = db_->PutItem(kCall, r);
    ASSERT_TRUE(result.ok()) << result.status().message();
  }

  void PutNumbers(const std::string& pk, int from, int to) {
    for (int n = from; n <= to; ++n) {
      Put({{"pk", AttributeValue::S(pk)}, {"sk", AttributeValue::N(std::to_string(n))},
           {"odd", AttributeValue::Bool(n % 2 != 0)}});
    }
  }

  static QueryRequest Req(const std::string& key_condition, ExpressionAttributeValues values) {
    QueryRequest r;
    r.table_name = "tbl";
    r.key_condition_expression = key_condition;
    r.expression_attribute_values = std::move(values);
    return r;
  }

  static std::vector<std::string> SortKeys(const QueryResponse& r) {
    std::vector<std::string> out;
    for (const Item& item : *r.items) out.push_back(item.at("sk").s());
    return out;
  }

  std::unique_ptr<Database> db_;
};

const AttributeValue kP = AttributeValue::S("p");

TEST_F(QueryTest, NumbersSortByValueBothWays) {
  for (const char* n : {"10", "-2.5", "3", "-10", "0", "1e2", "0.001"}) {
    Put({{"pk", kP}, {"sk", AttributeValue::N(n)}});
  }
  Put({{"pk", AttributeValue::S("other")}, {"sk", AttributeValue::N("1")}});
  auto r = db_->Query(kCall, Req("pk = :p", {{":p", kP}}));
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(SortKeys(*r),
            (std::vector<std::string>{"-10", "-2.5", "0", "0.001", "3", "10", "100"}));
  EXPECT_EQ(r->count, 7);
  EXPECT_EQ(r->scanned_count, 7);
  EXPECT_FALSE(r->last_evaluated_key.has_value());
  auto req = Req("pk = :p", {{":p", kP}});
  req.scan_index_forward = false;
  r = db_->Query(kCall, req);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(SortKeys(*r),
            (std::vector<std::string>{"100", "10", "3", "0.001", "0", "-2.5", "-10"}));
}

TEST_F(QueryTest, SortKeyConditionsSelectTheirRanges) {
  PutNumbers("p", 1, 9);
  struct Case {
    std::string condition;
    std::vector<std::string> expected;
  } cases[] = {
      {"sk = :a", {"4"}},
      {"sk < :a", {"1", "2", "3"}},
      {"sk <= :a", {"1", "2", "3", "4"}},
      {"sk > :a", {"5", "6", "7", "8", "9"}},
      {"sk >= :a", {"4", "5", "6", "7", "8", "9"}},
      {":a < sk", {"5", "6", "7", "8", "9"}},
      {"sk BETWEEN :a AND :b", {"4", "5", "6"}},
  };
  for (const Case& c : cases) {
    auto r = db_->Query(kCall, Req("pk = :p AND " + c.condition,
                                   {{":p", kP}, {":a", AttributeValue::N("4")},
                                    {":b", AttributeValue::N("6")}}));
    if (c.condition.find(":b") == std::string::npos) {
      // An unused value is an error; send only what the condition uses.
      r = db_->Query(kCall, Req("pk = :p AND " + c.condition,
                                {{":p", kP}, {":a", AttributeValue::N("4")}}));
    }
    ASSERT_TRUE(r.ok()) << c.condition << ": " << r.status().message();
    EXPECT_EQ(SortKeys(*r), c.expected) << c.condition;
  }
}

TEST_F(QueryTest, StringsSortByUnsignedBytesAndBeginsWith) {
  CreateTableRequest create = HashRangeTable("str");
  create.attribute_definitions[1].attribute_type = ScalarType::kS;
  ASSERT_TRUE(db_->CreateTable(kCall, create).ok());
  for (const char* s : {"b", "a", "ab", "abc", "B", "\xc3\xa9", "ab\xff"}) {
    Put({{"pk", kP}, {"sk", AttributeValue::S(s)}}, "str");
  }
  auto req = Req("pk = :p", {{":p", kP}});
  req.table_name = "str";
  auto r = db_->Query(kCall, req);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(SortKeys(*r), (std::vector<std::string>{"B", "a", "ab", "abc", "ab\xff", "b",
                                                    "\xc3\xa9"}));
  req = Req("pk = :p AND begins_with(sk, :b)", {{":p", kP}, {":b", AttributeValue::S("ab")}});
  req.table_name = "str";
  r = db_->Query(kCall, req);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(SortKeys(*r), (std::vector<std::string>{"ab", "abc", "ab\xff"}));
}

TEST_F(QueryTest, LimitCountsItemsReadBeforeTheFilter) {
  PutNumbers("p", 1, 10);
  auto req = Req("pk = :p", {{":p", kP}, {":t", AttributeValue::Bool(true)}});
  req.filter_expression = "odd = :t";
  req.limit = 4;
  auto r = db_->Query(kCall, req);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->scanned_count, 4);
  EXPECT_EQ(r->count, 2);
  EXPECT_EQ(SortKeys(*r), (std::vector<std::string>{"1", "3"}));
  ASSERT_TRUE(r->last_evaluated_key.has_value());
  EXPECT_EQ(*r->last_evaluated_key, (Item{{"pk", kP}, {"sk", AttributeValue::N("4")}}));
}

TEST_F(QueryTest, PagingBothWaysSeesEveryItemOnce) {
  PutNumbers("p", 1, 25);
  for (bool forward : {true, false}) {
    std::vector<std::string> seen;
    std::optional<Item> start;
    int pages = 0;
    do {
      auto req = Req("pk = :p AND sk > :z", {{":p", kP}, {":z", AttributeValue::N("2")}});
      req.scan_index_forward = forward;
      req.limit = 4;
      req.exclusive_start_key = start;
      auto r = db_->Query(kCall, req);
      ASSERT_TRUE(r.ok()) << r.status().message();
      for (auto& s : SortKeys(*r)) seen.push_back(s);
      start = r->last_evaluated_key;
      ++pages;
    } while (start);
    EXPECT_EQ(pages, 6);  // 23 items, 4 a page: the sixth page reads the last 3
    ASSERT_EQ(seen.size(), 23u);
    EXPECT_EQ(seen.front(), forward ? "3" : "25");
    EXPECT_EQ(seen.back(), forward ? "25" : "3");
  }
}

TEST_F(QueryTest, PagesStopAtOneMegabyteRead) {
  const std::string big(100 * 1024, 'x');
  for (int n = 0; n < 25; ++n) {
    Put({{"pk", kP}, {"sk", AttributeValue::N(std::to_string(n))}, {"v", AttributeValue::S(big)}});
  }
  auto req = Req("pk = :p", {{":p", kP}});
  req.select = Select::kCount;
  auto r = db_->Query(kCall, req);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->scanned_count, 11);  // 11 items of just over 100 KB pass 1 MB
  EXPECT_FALSE(r->items.has_value());
  ASSERT_TRUE(r->last_evaluated_key.has_value());
  req.exclusive_start_key = r->last_evaluated_key;
  r = db_->Query(kCall, req);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->scanned_count, 11);
  req.exclusive_start_key = r->last_evaluated_key;
  r = db_->Query(kCall, req);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->scanned_count, 3);
  EXPECT_FALSE(r->last_evaluated_key.has_value());
}

TEST_F(QueryTest, ProjectionAndCapacity) {
  PutNumbers("p", 1, 3);
  auto req = Req("pk = :p AND sk = :one", {{":p", kP}, {":one", AttributeValue::N("1")}});
  req.projection_expression = "#o";
  req.expression_attribute_names = {{"#o", "odd"}};
  req.return_consumed_capacity = ReturnConsumedCapacity::kTotal;
  auto r = db_->Query(kCall, req);
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->items->size(), 1u);
  EXPECT_EQ((*r->items)[0], (Item{{"odd", AttributeValue::Bool(true)}}));
  ASSERT_TRUE(r->consumed_capacity.has_value());
  EXPECT_EQ(r->consumed_capacity->capacity_units, 0.5);
}

TEST_F(QueryTest, LegacyKeyConditionsAndQueryFilter) {
  PutNumbers("p", 1, 6);
  QueryRequest req;
  req.table_name = "tbl";
  req.key_conditions = ConditionMap{
      {"pk", {ComparisonOperator::kEQ, {kP}}},
      {"sk", {ComparisonOperator::kGE, {AttributeValue::N("3")}}}};
  req.query_filter =
      ConditionMap{{"odd", {ComparisonOperator::kEQ, {AttributeValue::Bool(false)}}}};
  auto r = db_->Query(kCall, req);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(SortKeys(*r), (std::vector<std::string>{"4", "6"}));
  EXPECT_EQ(r->scanned_count, 4);
}

TEST_F(QueryTest, StartingKeyErrors) {
  PutNumbers("p", 1, 3);
  auto req = Req("pk = :p AND sk > :z", {{":p", kP}, {":z", AttributeValue::N("1")}});
  req.exclusive_start_key = Item{{"pk", kP}};
  EXPECT_STATUS(db_->Query(kCall, req), ErrorCode::kValidation,
                "The provided starting key is invalid");
  req.exclusive_start_key = Item{{"pk", AttributeValue::S("q")}, {"sk", AttributeValue::N("2")}};
  EXPECT_STATUS(db_->Query(kCall, req), ErrorCode::kValidation,
                "The provided starting key is outside query boundaries based on provided "
                "conditions");
  req.exclusive_start_key = Item{{"pk", kP}, {"sk", AttributeValue::N("0")}};
  EXPECT_STATUS(db_->Query(kCall, req), ErrorCode::kValidation,
                "The provided starting key does not match the range key predicate");
}

TEST_F(QueryTest, ParameterErrors) {
  auto req = Req("pk = :p", {{":p", kP}});
  req.limit = 0;
  EXPECT_STATUS(db_->Query(kCall, req), ErrorCode::kValidation,
                "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: "
                "Member must have value greater than or equal to 1");
  req = Req("pk = :p", {{":p", kP}});
  req.select = Select::kAllAttributes;
  req.projection_expression = "odd";
  EXPECT_STATUS(db_->Query(kCall, req), ErrorCode::kValidation,
                "Cannot specify the ProjectionExpression when choosing to get ALL_ATTRIBUTES");
  QueryRequest none;
  none.table_name = "tbl";
  EXPECT_STATUS(db_->Query(kCall, none), ErrorCode::kValidation,
                "Either the KeyConditions or KeyConditionExpression parameter must be specified "
                "in the request.");
  req = Req("pk = :p", {{":p", kP}});
  req.key_conditions = ConditionMap{{"pk", {ComparisonOperator::kEQ, {kP}}}};
  EXPECT_STATUS(db_->Query(kCall, req), ErrorCode::kValidation,
                "Can not use both expression and non-expression parameters in the same request: "
                "Non-expression parameters: {KeyConditions} Expression parameters: "
                "{KeyConditionExpression}");
  req = Req("pk = :p", {{":p", kP}});
  req.index_name = "byOther";
  EXPECT_STATUS(db_->Query(kCall, req), ErrorCode::kValidation,
                "The table does not have the specified index: byOther");
  req = Req("pk = :p", {{":p", kP}});
  req.table_name = "missing";
  EXPECT_STATUS(db_->Query(kCall, req), ErrorCode::kResourceNotFound,
                "Requested resource not found");
}

}  // namespace
}  // namespace stator
