// PartiQL statements run on an in-memory database: each form reads and writes what the
// equivalent API call would, with the service's errors.
#include <gtest/gtest.h>

#include <algorithm>

#include "stator/partiql.h"
#include "tests/engine/database_test_util.h"

namespace stator {
namespace {

using testing::HashRangeTable;
using testing::HashTable;
using testing::N;
using testing::OpenInMemory;
using testing::S;

class PartiqlTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = OpenInMemory();
    ASSERT_TRUE(db_->CreateTable(call_, HashTable("tbl")).ok());
    ASSERT_TRUE(db_->CreateTable(call_, HashRangeTable("rng")).ok());
    partiql_ = std::make_unique<Partiql>(*db_);
  }

  Result<ExecuteStatementResponse> Run(std::string statement,
                                       std::vector<AttributeValue> parameters = {},
                                       std::optional<int64_t> limit = std::nullopt,
                                       std::optional<std::string> next_token = std::nullopt) {
    ExecuteStatementRequest r;
    r.statement = std::move(statement);
    r.parameters = std::move(parameters);
    r.limit = limit;
    r.next_token = std::move(next_token);
    return partiql_->ExecuteStatement(call_, r);
  }

  std::vector<Item> Items(std::string statement, std::vector<AttributeValue> parameters = {}) {
    auto r = Run(statement, std::move(parameters));
    EXPECT_TRUE(r.ok()) << statement << ": " << r.status().message();
    return r.ok() ? r->items : std::vector<Item>{};
  }

  void Fill(int n) {
    for (int i = 0; i < n; ++i) {
      auto r = Run("INSERT INTO rng VALUE {'pk': 'p', 'sk': ?, 'v': ?}",
                   {N(std::to_string(i)), N(std::to_string(i * 10))});
      ASSERT_TRUE(r.ok()) << r.status().message();
    }
  }

  CallOptions call_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<Partiql> partiql_;
};

TEST_F(PartiqlTest, InsertThenSelectByKeyReadsTheItem) {
  ASSERT_TRUE(Run("INSERT INTO tbl VALUE {'id': 'a', 'n': 1, 'tags': <<'x', 'y'>>}").ok());
  GetItemRequest get;
  get.table_name = "tbl";
  get.key = {{"id", S("a")}};
  auto got = db_->GetItem(call_, get);
  ASSERT_TRUE(got.ok());
  ASSERT_TRUE(got->item);
  EXPECT_EQ(got->item->at("tags"), AttributeValue::SS({"x", "y"}));
  auto items = Items(R"(SELECT * FROM "tbl" WHERE id = ?)", {S("a")});
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].at("n"), N("1"));
}

TEST_F(PartiqlTest, InsertOfAnExistingKeyIsADuplicate) {
  ASSERT_TRUE(Run("INSERT INTO tbl VALUE {'id': 'a'}").ok());
  auto again = Run("INSERT INTO tbl VALUE {'id': 'a', 'x': 1}");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), ErrorCode::kDuplicateItem);
  EXPECT_EQ(again.status().message(), "Duplicate primary key exists in table");
}

TEST_F(PartiqlTest, InsertWithoutTheKeySaysWhichKey) {
  auto r = Run("INSERT INTO tbl VALUE {'x': 1}");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "Key attribute should be present in the item: Key id");
}

TEST_F(PartiqlTest, QueryBySortKeyRangeWithFilterAndOrder) {
  Fill(6);
  auto items = Items(
      "SELECT sk, v FROM rng WHERE pk = 'p' AND sk BETWEEN 1 AND 4 AND v > 10 "
      "ORDER BY sk DESC");
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0].at("sk"), N("4"));
  EXPECT_EQ(items[2].at("sk"), N("2"));
  EXPECT_FALSE(items[0].contains("pk"));
}

TEST_F(PartiqlTest, ScanWithLimitPagesWithNextToken) {
  Fill(5);
  std::vector<Item> all;
  std::optional<std::string> token;
  int pages = 0;
  do {
    auto r = Run("SELECT * FROM rng WHERE v >= 0", {}, 2, token);
    ASSERT_TRUE(r.ok()) << r.status().message();
    all.insert(all.end(), r->items.begin(), r->items.end());
    token = r->next_token;
    ++pages;
  } while (token && pages < 10);
  EXPECT_EQ(all.size(), 5u);
  EXPECT_GE(pages, 3);
}

TEST_F(PartiqlTest, NextTokenOfAnotherStatementIsRefused) {
  Fill(3);
  auto first = Run("SELECT * FROM rng", {}, 1);
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(first->next_token);
  auto other = Run("SELECT * FROM rng WHERE v > 0", {}, 1, first->next_token);
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.status().message(), "The provided starting key is invalid");
  auto junk = Run("SELECT * FROM rng", {}, 1, std::string("not-a-token"));
  ASSERT_FALSE(junk.ok());
  EXPECT_EQ(junk.status().message(), "Invalid NextToken");
}

TEST_F(PartiqlTest, IsTypesSizeAndNotInFilter) {
  ASSERT_TRUE(
      Run("INSERT INTO tbl VALUE {'id': 'a', 's': 'text', 'l': [1, 2, 3], 'z': null}").ok());
  ASSERT_TRUE(Run("INSERT INTO tbl VALUE {'id': 'b', 's': 5, 'l': [1]}").ok());
  auto ids = [&](const std::string& where) {
    std::vector<std::string> out;
    for (const Item& item : Items("SELECT id FROM tbl WHERE " + where)) {
      out.push_back(item.at("id").s());
    }
    std::sort(out.begin(), out.end());
    return out;
  };
  EXPECT_EQ(ids("s IS STRING"), std::vector<std::string>{"a"});
  EXPECT_EQ(ids("s IS NOT STRING"), std::vector<std::string>{"b"});
  EXPECT_EQ(ids("s IS NUMERIC AND l IS LIST"), std::vector<std::string>{"b"});
  EXPECT_EQ(ids("z IS NULL"), std::vector<std::string>{"a"});
  EXPECT_EQ(ids("z IS MISSING"), std::vector<std::string>{"b"});
  EXPECT_EQ(ids("size(l) > 2"), std::vector<std::string>{"a"});
  EXPECT_EQ(ids("id NOT IN ['a', 'c']"), std::vector<std::string>{"b"});
}

TEST_F(PartiqlTest, PartitionKeyInListReadsEachKey) {
  ASSERT_TRUE(Run("INSERT INTO tbl VALUE {'id': 'a'}").ok());
  ASSERT_TRUE(Run("INSERT INTO tbl VALUE {'id': 'b'}").ok());
  ASSERT_TRUE(Run("INSERT INTO tbl VALUE {'id': 'c'}").ok());
  EXPECT_EQ(Items("SELECT * FROM tbl WHERE id IN ['a', 'c', 'z']").size(), 2u);
  EXPECT_EQ(Items("SELECT * FROM tbl WHERE id = 'a' OR id = 'b'").size(), 2u);
}

TEST_F(PartiqlTest, UpdateSetsRemovesAndReturns) {
  ASSERT_TRUE(Run("INSERT INTO tbl VALUE {'id': 'a', 'n': 1, 'l': [1], 'gone': 'x'}").ok());
  auto r =
      Run("UPDATE tbl SET n = n + 2 SET l = list_append(l, [2]) SET s = set_add(s, <<'q'>>) "
          "REMOVE gone WHERE id = 'a' RETURNING ALL NEW *");
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->items.size(), 1u);
  const Item& item = r->items[0];
  EXPECT_EQ(item.at("n"), N("3"));
  EXPECT_EQ(item.at("l"), AttributeValue::L({N("1"), N("2")}));
  EXPECT_EQ(item.at("s"), AttributeValue::SS({"q"}));
  EXPECT_FALSE(item.contains("gone"));
}

TEST_F(PartiqlTest, UpdateOfAMissingItemFailsItsCondition) {
  auto r = Run("UPDATE tbl SET n = 1 WHERE id = 'nobody'");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kConditionalCheckFailed);
}

TEST_F(PartiqlTest, WritesNeedTheWholeKey) {
  for (const char* s : {"UPDATE rng SET v = 1 WHERE pk = 'p'", "DELETE FROM rng WHERE sk = 1",
                        "DELETE FROM rng WHERE pk = 'p' OR sk = 1"}) {
    auto r = Run(s);
    ASSERT_FALSE(r.ok()) << s;
    EXPECT_EQ(r.status().message(),
              "Where clause does not contain a mandatory equality on all key attributes");
  }
}

TEST_F(PartiqlTest, KeyValueOfTheWrongTypeIsRefused) {
  auto r = Run("DELETE FROM rng WHERE pk = 'p' AND sk = 'one'");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "Key attribute's data type should match its data type in table's schema: Key sk");
}

TEST_F(PartiqlTest, DeleteWithConditionAndReturningOld) {
  ASSERT_TRUE(Run("INSERT INTO tbl VALUE {'id': 'a', 'n': 5}").ok());
  auto refused = Run("DELETE FROM tbl WHERE id = 'a' AND n > 10");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), ErrorCode::kConditionalCheckFailed);
  auto r = Run("DELETE FROM tbl WHERE id = 'a' AND n = 5 RETURNING ALL OLD *");
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->items.size(), 1u);
  EXPECT_EQ(r->items[0].at("n"), N("5"));
  EXPECT_TRUE(Items("SELECT * FROM tbl WHERE id = 'a'").empty());
}

TEST_F(PartiqlTest, AFailedConditionCanAnswerTheOldItem) {
  ASSERT_TRUE(Run("INSERT INTO tbl VALUE {'id': 'a', 'n': 5}").ok());
  ExecuteStatementRequest r;
  r.statement = "UPDATE tbl SET n = 6 WHERE id = 'a' AND n > 10";
  r.return_old_item_on_condition_check_failure = true;
  auto refused = partiql_->ExecuteStatement(call_, r);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), ErrorCode::kConditionalCheckFailed);
  ASSERT_TRUE(refused.status().detail() && refused.status().detail()->item);
  EXPECT_EQ(refused.status().detail()->item->at("n"), N("5"));
}

TEST_F(PartiqlTest, BatchesAndTransactionsAreBounded) {
  BatchExecuteStatementRequest b;
  b.statements.resize(26, {"SELECT * FROM tbl WHERE id = 'a'", {}, false, false});
  auto batch = partiql_->BatchExecuteStatement(call_, b);
  ASSERT_FALSE(batch.ok());
  EXPECT_EQ(batch.status().message(),
            "1 validation error detected: Value '[...]' at 'statements' failed to satisfy "
            "constraint: Member must have length less than or equal to 25");
  ExecuteTransactionRequest t;
  t.transact_statements.resize(101, {"SELECT * FROM tbl WHERE id = 'a'", {}});
  auto transaction = partiql_->ExecuteTransaction(call_, t);
  ASSERT_FALSE(transaction.ok());
  EXPECT_EQ(transaction.status().message(),
            "1 validation error detected: Value '[...]' at 'transactStatements' failed to "
            "satisfy constraint: Member must have length less than or equal to 100");
}

TEST_F(PartiqlTest, AReadByKeyCostsWhatItsGetItemCosts) {
  ASSERT_TRUE(Run("INSERT INTO tbl VALUE {'id': 'a', 'n': 5}").ok());
  ExecuteStatementRequest r;
  r.statement = "SELECT * FROM tbl WHERE id = 'a'";
  r.return_consumed_capacity = ReturnConsumedCapacity::kTotal;
  auto read = partiql_->ExecuteStatement(call_, r);
  ASSERT_TRUE(read.ok());
  ASSERT_TRUE(read->consumed_capacity);
  EXPECT_EQ(read->consumed_capacity->capacity_units, 0.5);  // eventually consistent, under 4 KB
  r.consistent_read = true;
  read = partiql_->ExecuteStatement(call_, r);
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->consumed_capacity->capacity_units, 1.0);
}

TEST_F(PartiqlTest, TooFewParametersAreRefused) {
  auto r = Run("SELECT * FROM tbl WHERE id = ? AND n = ?", {S("a")});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "Number of parameters in request and statement don't match.");
}

TEST_F(PartiqlTest, UnknownTableIsNotFound) {
  auto r = Run("SELECT * FROM nosuch WHERE id = 'a'");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kResourceNotFound);
}

TEST_F(PartiqlTest, ATableMadeAgainWithAnotherKeyIsPlannedAgain) {
  ASSERT_TRUE(Run("INSERT INTO tbl VALUE {'id': 'a'}").ok());  // caches h's key: id
  ASSERT_TRUE(db_->DeleteTable(call_, DeleteTableRequest{"tbl"}).ok());
  CreateTableRequest other = HashTable("tbl");
  other.attribute_definitions = {{"other", ScalarType::kS}};
  other.key_schema = {{"other", KeyType::kHash}};
  ASSERT_TRUE(db_->CreateTable(call_, other).ok());
  auto r = Run("INSERT INTO tbl VALUE {'other': 'b'}");
  EXPECT_TRUE(r.ok()) << r.status().message();
}

TEST_F(PartiqlTest, NestedProjectionAnswersUnderTheLastName) {
  ASSERT_TRUE(
      Run("INSERT INTO tbl VALUE {'id': 'a', 'm': {'k': [10, 20, 30]}, 'l': [1, 2, 3]}").ok());
  auto items = Items("SELECT m.k[2], l[0], l[2] FROM tbl WHERE id = 'a'");
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].at("k[2]"), N("30"));
  EXPECT_EQ(items[0].at("l[0]"), N("1"));
  EXPECT_EQ(items[0].at("l[2]"), N("3"));
}

TEST_F(PartiqlTest, BatchRunsEachStatementAndReportsEachError) {
  BatchExecuteStatementRequest b;
  b.statements.push_back({"INSERT INTO tbl VALUE {'id': 'a'}", {}, false, false});
  b.statements.push_back({"INSERT INTO tbl VALUE {'id': 'a'}", {}, false, false});
  b.statements.push_back({"UPDATE tbl SET x = 1 WHERE id = 'zz'", {}, false, false});
  b.statements.push_back({"BAD", {}, false, false});
  auto r = partiql_->BatchExecuteStatement(call_, b);
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->responses.size(), 4u);
  EXPECT_FALSE(r->responses[0].error);
  EXPECT_EQ(r->responses[0].table_name, "tbl");
  ASSERT_TRUE(r->responses[1].error);
  EXPECT_EQ(r->responses[1].error->code, "DuplicateItem");
  EXPECT_EQ(r->responses[2].error->code, "ConditionalCheckFailed");
  EXPECT_EQ(r->responses[3].error->code, "ValidationError");

  BatchExecuteStatementRequest reads;
  reads.statements.push_back({"SELECT * FROM tbl WHERE id = ?", {S("a")}, true, false});
  reads.statements.push_back({"SELECT * FROM tbl WHERE id = 'none'", {}, false, false});
  auto got = partiql_->BatchExecuteStatement(call_, reads);
  ASSERT_TRUE(got.ok());
  ASSERT_TRUE(got->responses[0].item);
  EXPECT_FALSE(got->responses[1].item);
  EXPECT_FALSE(got->responses[1].error);
}

TEST_F(PartiqlTest, TransactionOfWritesCommitsOrCancelsAsAWhole) {
  ASSERT_TRUE(Run("INSERT INTO tbl VALUE {'id': 'taken', 'n': 1}").ok());
  ExecuteTransactionRequest t;
  t.transact_statements = {{"INSERT INTO tbl VALUE {'id': 'new'}", {}},
                           {"INSERT INTO tbl VALUE {'id': 'taken'}", {}}};
  auto cancelled = partiql_->ExecuteTransaction(call_, t);
  ASSERT_FALSE(cancelled.ok());
  EXPECT_EQ(cancelled.status().code(), ErrorCode::kTransactionCanceled);
  ASSERT_TRUE(cancelled.status().detail());
  const auto& reasons = cancelled.status().detail()->cancellation_reasons;
  ASSERT_EQ(reasons.size(), 2u);
  EXPECT_EQ(reasons[0].code, "None");
  EXPECT_EQ(reasons[1].code, "DuplicateItem");
  EXPECT_TRUE(Items("SELECT * FROM tbl WHERE id = 'new'").empty());

  t.transact_statements = {{"INSERT INTO tbl VALUE {'id': 'new'}", {}},
                           {"EXISTS(SELECT * FROM tbl WHERE id = 'taken' AND n = 1)", {}},
                           {"UPDATE tbl SET n = 2 WHERE id = 'other'", {}}};
  ASSERT_TRUE(Run("INSERT INTO tbl VALUE {'id': 'other'}").ok());
  auto committed = partiql_->ExecuteTransaction(call_, t);
  ASSERT_TRUE(committed.ok()) << committed.status().message();
  EXPECT_EQ(Items("SELECT * FROM tbl WHERE id = 'other'")[0].at("n"), N("2"));
  EXPECT_EQ(Items("SELECT * FROM tbl WHERE id = 'new'").size(), 1u);
}

TEST_F(PartiqlTest, TransactionOfReadsAnswersEachKey) {
  ASSERT_TRUE(Run("INSERT INTO tbl VALUE {'id': 'a', 'n': 1}").ok());
  ExecuteTransactionRequest t;
  t.transact_statements = {{"SELECT n FROM tbl WHERE id = 'a'", {}},
                           {"SELECT * FROM tbl WHERE id = 'b'", {}}};
  auto r = partiql_->ExecuteTransaction(call_, t);
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->responses.size(), 2u);
  ASSERT_TRUE(r->responses[0]);
  EXPECT_EQ(*r->responses[0], (Item{{"n", N("1")}}));
  EXPECT_FALSE(r->responses[1]);
}

TEST_F(PartiqlTest, TransactionMayNotMixReadsAndWrites) {
  ExecuteTransactionRequest t;
  t.transact_statements = {{"SELECT * FROM tbl WHERE id = 'a'", {}},
                           {"INSERT INTO tbl VALUE {'id': 'b'}", {}}};
  auto r = partiql_->ExecuteTransaction(call_, t);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "ExecuteTransaction API does not support both read and write operations in the same "
            "request.");
}

}  // namespace
}  // namespace stator
