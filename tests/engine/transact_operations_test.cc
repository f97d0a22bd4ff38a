// Database-level tests of TransactWriteItems and TransactGetItems: atomicity, cancellation
// reasons, idempotency with the injected clock, and conflicting transfers from 8 threads.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <random>
#include <thread>

#include "tests/engine/database_test_util.h"

namespace stator {
namespace {

using testing::HashTable;
using testing::ManualClock;
using testing::OpenInMemory;

const CallOptions kCall;

Item Key(const std::string& id) { return Item{{"id", AttributeValue::S(id)}}; }

PutItemRequest PutOf(const std::string& table, Item item) {
  PutItemRequest p;
  p.table_name = table;
  p.item = std::move(item);
  return p;
}

UpdateItemRequest AddTo(const std::string& id, int64_t amount, bool guard) {
  UpdateItemRequest u;
  u.table_name = "tta";
  u.key = Key(id);
  u.update_expression = "ADD balance :x";
  u.expression_attribute_values[":x"] = AttributeValue::N(std::to_string(amount));
  if (guard) {
    u.condition_expression = "balance >= :min";
    u.expression_attribute_values[":min"] = AttributeValue::N(std::to_string(-amount));
  }
  return u;
}

class TransactTest : public ::testing::Test {
 protected:
  void SetUp() override {
    clock_ = std::make_shared<ManualClock>();
    db_ = OpenInMemory(clock_);
    ASSERT_TRUE(db_->CreateTable(kCall, HashTable("tta")).ok());
    ASSERT_TRUE(db_->CreateTable(kCall, HashTable("ttb")).ok());
  }

  std::optional<Item> Get(const std::string& table, const std::string& id) {
    GetItemRequest g;
    g.table_name = table;
    g.key = Key(id);
    auto r = db_->GetItem(kCall, g);
    EXPECT_TRUE(r.ok()) << r.status().message();
    return r.ok() ? r->item : std::nullopt;
  }

  std::shared_ptr<ManualClock> clock_;
  std::unique_ptr<Database> db_;
};

TEST_F(TransactTest, AppliesEveryActionAcrossTables) {
  ASSERT_TRUE(db_->PutItem(kCall, PutOf("tta", Key("gone"))).ok());
  TransactWriteItemsRequest r;
  r.transact_items.push_back(PutOf("tta", Key("a")));
  r.transact_items.push_back(PutOf("ttb", Key("b")));
  DeleteItemRequest d;
  d.table_name = "tta";
  d.key = Key("gone");
  r.transact_items.push_back(d);
  r.return_consumed_capacity = ReturnConsumedCapacity::kTotal;
  auto result = db_->TransactWriteItems(kCall, r);
  ASSERT_TRUE(result.ok()) << result.status().message();
  ASSERT_EQ(result->consumed_capacity.size(), 2u);
  EXPECT_EQ(result->consumed_capacity[0].capacity_units, 4.0);  // two writes, twice the units
  EXPECT_TRUE(Get("tta", "a"));
  EXPECT_TRUE(Get("ttb", "b"));
  EXPECT_FALSE(Get("tta", "gone"));
}

TEST_F(TransactTest, CancelsEverythingWithReasonsInRequestOrder) {
  ASSERT_TRUE(db_->PutItem(kCall, PutOf("tta", Item{{"id", AttributeValue::S("x")},
                                                  {"balance", AttributeValue::N("1")}}))
                  .ok());
  TransactWriteItemsRequest r;
  r.transact_items.push_back(PutOf("tta", Key("new")));
  UpdateItemRequest u = AddTo("x", -5, true);
  u.return_old_item_on_condition_check_failure = true;
  r.transact_items.push_back(u);
  auto result = db_->TransactWriteItems(kCall, r);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), ErrorCode::kTransactionCanceled);
  EXPECT_EQ(result.status().message(),
            "Transaction cancelled, please refer cancellation reasons for specific reasons "
            "[None, ConditionalCheckFailed]");
  const auto& reasons = result.status().detail()->cancellation_reasons;
  ASSERT_EQ(reasons.size(), 2u);
  EXPECT_EQ(reasons[0].code, "None");
  EXPECT_FALSE(reasons[0].message);
  EXPECT_EQ(reasons[1].code, "ConditionalCheckFailed");
  EXPECT_EQ(reasons[1].item->at("balance"), AttributeValue::N("1"));
  EXPECT_FALSE(Get("tta", "new"));
}

TEST_F(TransactTest, RefusesTwoActionsOnOneItem) {
  TransactWriteItemsRequest r;
  r.transact_items.push_back(PutOf("tta", Key("a")));
  r.transact_items.push_back(PutOf("tta", Key("a")));
  auto result = db_->TransactWriteItems(kCall, r);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().message(),
            "Transaction request cannot include multiple operations on one item");
  // The same key in two tables is two items.
  r.transact_items[1] = PutOf("ttb", Key("a"));
  EXPECT_TRUE(db_->TransactWriteItems(kCall, r).ok());
}

TEST_F(TransactTest, ClientRequestTokenAppliesOnceForTenMinutes) {
  ASSERT_TRUE(db_->PutItem(kCall, PutOf("tta", Item{{"id", AttributeValue::S("c")},
                                                  {"balance", AttributeValue::N("0")}}))
                  .ok());
  TransactWriteItemsRequest r;
  r.client_request_token = "token-1";
  r.transact_items.push_back(AddTo("c", 1, false));
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(db_->TransactWriteItems(kCall, r).ok());
  EXPECT_EQ(Get("tta", "c")->at("balance"), AttributeValue::N("1"));

  TransactWriteItemsRequest other = r;
  other.transact_items[0] = AddTo("c", 2, false);
  auto mismatch = db_->TransactWriteItems(kCall, other);
  ASSERT_FALSE(mismatch.ok());
  EXPECT_EQ(mismatch.status().code(), ErrorCode::kIdempotentParameterMismatch);

  clock_->Advance(10LL * 60 * 1000 * 1000 + 1);  // the token has expired: it applies again
  ASSERT_TRUE(db_->TransactWriteItems(kCall, r).ok());
  EXPECT_EQ(Get("tta", "c")->at("balance"), AttributeValue::N("2"));
}

TEST_F(TransactTest, TransactGetItemsReadsInRequestOrder) {
  ASSERT_TRUE(db_->PutItem(kCall, PutOf("ttb", Item{{"id", AttributeValue::S("b")},
                                                  {"v", AttributeValue::S("1")}}))
                  .ok());
  TransactGetItemsRequest r;
  GetItemRequest g;
  g.table_name = "tta";
  g.key = Key("missing");
  r.transact_items.push_back(g);
  g.table_name = "ttb";
  g.key = Key("b");
  g.projection_expression = "v";
  r.transact_items.push_back(g);
  auto result = db_->TransactGetItems(kCall, r);
  ASSERT_TRUE(result.ok()) << result.status().message();
  ASSERT_EQ(result->responses.size(), 2u);
  EXPECT_FALSE(result->responses[0]);
  EXPECT_EQ(*result->responses[1], (Item{{"v", AttributeValue::S("1")}}));
}

// The concurrency test: 8 threads run conflicting transfers between 100 accounts; the
// total never changes, and readers (TransactGetItems) never see half a transfer.
TEST(TransactConcurrency, ConflictingTransfersKeepTheTotal) {
  auto db = OpenInMemory();
  ASSERT_TRUE(db->CreateTable(kCall, HashTable("tta")).ok());
  constexpr int kAccounts = 100;
  constexpr int64_t kStart = 1000;
  for (int i = 0; i < kAccounts; ++i) {
    ASSERT_TRUE(db->PutItem(kCall, PutOf("tta", Item{{"id", AttributeValue::S(std::to_string(i))},
                                                    {"balance", AttributeValue::N("1000")}}))
                    .ok());
  }
  std::atomic<int64_t> committed{0};
  std::atomic<bool> torn{false};
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  std::vector<std::thread> threads;
  for (int w = 0; w < 8; ++w) {
    threads.emplace_back([&, w] {
      std::mt19937 rng(w);
      while (std::chrono::steady_clock::now() < deadline) {
        const int src = rng() % kAccounts;
        const int dst = (src + 1 + rng() % (kAccounts - 1)) % kAccounts;
        TransactWriteItemsRequest r;
        r.transact_items.push_back(AddTo(std::to_string(src), -7, true));
        r.transact_items.push_back(AddTo(std::to_string(dst), 7, false));
        auto result = db->TransactWriteItems(kCall, r);
        if (result.ok()) {
          ++committed;
        } else if (result.status().code() != ErrorCode::kTransactionCanceled) {
          torn = true;
        }
        // A snapshot of two accounts never shows a transfer between them half done.
        TransactGetItemsRequest g;
        for (int id : {src, dst}) {
          GetItemRequest one;
          one.table_name = "tta";
          one.key = Key(std::to_string(id));
          g.transact_items.push_back(one);
        }
        auto read = db->TransactGetItems(kCall, g);
        if (!read.ok()) torn = true;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_FALSE(torn);
  EXPECT_GT(committed.load(), 0);
  int64_t total = 0;
  for (int i = 0; i < kAccounts; ++i) {
    GetItemRequest g;
    g.table_name = "tta";
    g.key = Key(std::to_string(i));
    auto r = db->GetItem(kCall, g);
    ASSERT_TRUE(r.ok());
    total += std::stoll(r->item->at("balance").s());
  }
  EXPECT_EQ(total, kAccounts * kStart);
}

}  // namespace
}  // namespace stator
