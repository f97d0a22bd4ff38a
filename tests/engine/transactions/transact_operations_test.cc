// Database-level tests of TransactWriteItems and TransactGetItems: atomicity, cancellation
// reasons, idempotency with the injected clock, conflicts with an in-flight transaction,
// conflicting transfers from 8 threads, and readers that never see half a transaction.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
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

TEST_F(TransactTest, RefusesMoreThanFourMegabytes) {
  // 11 items of 390,000 bytes: each under 400 KB, together over 4 MB.
  TransactWriteItemsRequest r;
  for (int i = 0; i < 11; ++i) {
    Item item{{"id", AttributeValue::S(std::to_string(i))},
              {"p", AttributeValue::S(std::string(390000, 'x'))}};
    r.transact_items.push_back(PutOf("tta", std::move(item)));
  }
  EXPECT_STATUS(db_->TransactWriteItems(kCall, r), ErrorCode::kValidation,
                "Transaction request cannot include more than 4 MB of data");
  EXPECT_FALSE(Get("tta", "0").has_value());
  r.transact_items.pop_back();  // 10 x 390,000 bytes is under 4 MB
  EXPECT_TRUE(db_->TransactWriteItems(kCall, r).ok());
}

// A change subscriber that holds the first commit it is told of until released: the committing
// transaction stays in flight, its keys marked and locked, while the test sends other requests.
class HoldingListener : public ChangeSubscriber {
 public:
  void OnItemsChanged(const TableRef&, std::span<const ItemChange>) override {
    std::unique_lock lock(mu_);
    if (!armed_) return;
    armed_ = false;
    held_ = true;
    cv_.notify_all();
    cv_.wait(lock, [&] { return released_; });
  }
  void OnTableChanged(const TableRef&) override {}
  void Arm() {
    std::lock_guard lock(mu_);
    armed_ = true;
  }
  void WaitHeld() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return held_; });
  }
  void Release() {
    std::lock_guard lock(mu_);
    released_ = true;
    cv_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool armed_ = false, held_ = false, released_ = false;
};

std::vector<std::string> ReasonCodes(const Status& s) {
  std::vector<std::string> codes;
  if (!s.detail()) return codes;
  for (const auto& r : s.detail()->cancellation_reasons) {
    codes.push_back(r.code);
    if (r.code == "TransactionConflict") {
      EXPECT_EQ(r.message.value_or(""), "Transaction is ongoing for the item");
    }
  }
  return codes;
}

// The service does not queue requests behind a transaction: single writes on its items fail
// with TransactionConflictException, transactions that meet it are cancelled with
// TransactionConflict; requests on other items go ahead.
TEST(TransactConflict, RequestsOnAnInFlightTransactionsItemsFailFast) {
  auto listener = std::make_shared<HoldingListener>();
  Options options;
  options.in_memory = true;
  options.change_subscribers = {listener};
  auto opened = Database::Open(options);
  ASSERT_TRUE(opened.ok());
  auto db = std::move(opened).value();
  ASSERT_TRUE(db->CreateTable(kCall, HashTable("tta")).ok());
  for (const char* id : {"a", "b"}) {
    ASSERT_TRUE(db->PutItem(kCall, PutOf("tta", Item{{"id", AttributeValue::S(id)},
                                                    {"balance", AttributeValue::N("10")}}))
                    .ok());
  }
  listener->Arm();
  std::thread transfer([&] {
    TransactWriteItemsRequest r;
    r.transact_items.push_back(AddTo("a", -5, true));
    r.transact_items.push_back(AddTo("b", 5, false));
    EXPECT_TRUE(db->TransactWriteItems(kCall, r).ok());
  });
  listener->WaitHeld();

  const std::string kOngoing = "Transaction is ongoing for the item";
  EXPECT_STATUS(db->PutItem(kCall, PutOf("tta", Key("a"))), ErrorCode::kTransactionConflict,
                kOngoing);
  EXPECT_STATUS(db->UpdateItem(kCall, AddTo("b", 1, false)), ErrorCode::kTransactionConflict,
                kOngoing);
  DeleteItemRequest d;
  d.table_name = "tta";
  d.key = Key("a");
  EXPECT_STATUS(db->DeleteItem(kCall, d), ErrorCode::kTransactionConflict, kOngoing);
  BatchWriteItemRequest batch;
  batch.request_items["tta"].push_back(WriteRequest{Key("c"), std::nullopt});
  batch.request_items["tta"].push_back(WriteRequest{Key("b"), std::nullopt});
  EXPECT_STATUS(db->BatchWriteItem(kCall, batch), ErrorCode::kTransactionConflict, kOngoing);

  TransactWriteItemsRequest other;
  other.transact_items.push_back(PutOf("tta", Key("c")));
  other.transact_items.push_back(AddTo("a", 1, false));
  auto cancelled = db->TransactWriteItems(kCall, other);
  ASSERT_EQ(cancelled.status().code(), ErrorCode::kTransactionCanceled);
  EXPECT_EQ(ReasonCodes(cancelled.status()),
            (std::vector<std::string>{"None", "TransactionConflict"}));
  EXPECT_EQ(cancelled.status().message(),
            "Transaction cancelled, please refer cancellation reasons for specific reasons "
            "[None, TransactionConflict]");

  TransactGetItemsRequest read;
  for (const char* id : {"c", "b"}) {
    GetItemRequest g;
    g.table_name = "tta";
    g.key = Key(id);
    read.transact_items.push_back(g);
  }
  auto read_cancelled = db->TransactGetItems(kCall, read);
  ASSERT_EQ(read_cancelled.status().code(), ErrorCode::kTransactionCanceled);
  EXPECT_EQ(ReasonCodes(read_cancelled.status()),
            (std::vector<std::string>{"None", "TransactionConflict"}));

  // Nothing of the refused requests was written; another item is free.
  GetItemRequest c;
  c.table_name = "tta";
  c.key = Key("c");
  auto none = db->GetItem(kCall, c);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->item.has_value());
  EXPECT_TRUE(db->PutItem(kCall, PutOf("tta", Key("d"))).ok());

  listener->Release();
  transfer.join();
  // Once the transaction is done its items take writes again.
  EXPECT_TRUE(db->UpdateItem(kCall, AddTo("b", 1, false)).ok());
  GetItemRequest b;
  b.table_name = "tta";
  b.key = Key("b");
  auto after = db->GetItem(kCall, b);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->item->at("balance").s(), "16");
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

// An SDK retries a transaction whose answer it lost, often across a restart of the server: the
// token is kept with the transaction's own write, so the retry is still a replay.
TEST(TransactTokenTest, ATokenOutlivesARestartForItsTenMinutes) {
  stator::testing::TempDir dir;
  auto clock = std::make_shared<ManualClock>();
  auto open = [&] {
    Options options;
    options.data_dir = dir.path();
    options.clock = clock;
    return std::move(Database::Open(options)).value();
  };
  auto db = open();
  ASSERT_TRUE(db->CreateTable(kCall, HashTable("tta")).ok());
  TransactWriteItemsRequest r;
  r.client_request_token = "token-1";
  r.transact_items.push_back(AddTo("c", 1, false));
  ASSERT_TRUE(db->TransactWriteItems(kCall, r).ok());
  auto balance = [&] {
    GetItemRequest g;
    g.table_name = "tta";
    g.key = Key("c");
    return db->GetItem(kCall, g)->item->at("balance");
  };

  db.reset();
  db = open();
  ASSERT_TRUE(db->TransactWriteItems(kCall, r).ok());  // replayed, not applied
  EXPECT_EQ(balance(), AttributeValue::N("1"));
  TransactWriteItemsRequest other = r;
  other.transact_items[0] = AddTo("c", 2, false);
  auto mismatch = db->TransactWriteItems(kCall, other);
  ASSERT_FALSE(mismatch.ok());
  EXPECT_EQ(mismatch.status().code(), ErrorCode::kIdempotentParameterMismatch);
  // Another namespace's token of the same name is another token.
  CallOptions elsewhere;
  elsewhere.tenant = "other";
  ASSERT_TRUE(db->CreateTable(elsewhere, HashTable("tta")).ok());
  ASSERT_TRUE(db->TransactWriteItems(elsewhere, r).ok());

  clock->Advance(10LL * 60 * 1000 * 1000 + 1);
  db.reset();
  db = open();  // the expired token is dropped at open: the request applies again
  ASSERT_TRUE(db->TransactWriteItems(kCall, r).ok());
  EXPECT_EQ(balance(), AttributeValue::N("2"));
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

// Whether a failed transaction was cancelled only because it met another in flight (a client
// retries those).
bool ConflictOnly(const Status& s) {
  if (s.code() != ErrorCode::kTransactionCanceled || !s.detail()) return false;
  bool conflict = false;
  for (const auto& r : s.detail()->cancellation_reasons) {
    if (r.code == "TransactionConflict") conflict = true;
    else if (r.code != "None") return false;
  }
  return conflict;
}

// The concurrency test: 8 clients run conflicting transfers between 100 accounts,
// retrying those cancelled for a TransactionConflict. Each transfer also writes its own ledger
// entry (once only: attribute_not_exists), so at the end every committed transfer is visible
// exactly once, the balances are exactly what the ledger says, and the total is unchanged.
// TransactGetItems snapshots of the two accounts never fail but for a conflict.
TEST(TransactConcurrency, ConflictingTransfersKeepTheTotal) {
  auto db = OpenInMemory();
  ASSERT_TRUE(db->CreateTable(kCall, HashTable("tta")).ok());
  ASSERT_TRUE(db->CreateTable(kCall, HashTable("ttb")).ok());
  constexpr int kAccounts = 100;
  constexpr int64_t kStart = 1000;
  for (int i = 0; i < kAccounts; ++i) {
    ASSERT_TRUE(db->PutItem(kCall, PutOf("tta", Item{{"id", AttributeValue::S(std::to_string(i))},
                                                    {"balance", AttributeValue::N("1000")}}))
                    .ok());
  }
  std::atomic<int64_t> committed{0}, conflicts{0};
  std::atomic<bool> unexpected{false};
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  std::vector<std::thread> threads;
  for (int w = 0; w < 8; ++w) {
    threads.emplace_back([&, w] {
      std::mt19937 rng(w);
      for (int seq = 0; std::chrono::steady_clock::now() < deadline; ++seq) {
        const int src = rng() % kAccounts;
        const int dst = (src + 1 + rng() % (kAccounts - 1)) % kAccounts;
        const int64_t amount = 1 + rng() % 9;
        TransactWriteItemsRequest r;
        r.transact_items.push_back(AddTo(std::to_string(src), -amount, true));
        r.transact_items.push_back(AddTo(std::to_string(dst), amount, false));
        PutItemRequest entry = PutOf(
            "ttb", Item{{"id", AttributeValue::S(std::to_string(w) + "-" + std::to_string(seq))},
                        {"src", AttributeValue::N(std::to_string(src))},
                        {"dst", AttributeValue::N(std::to_string(dst))},
                        {"amount", AttributeValue::N(std::to_string(amount))}});
        entry.condition_expression = "attribute_not_exists(id)";
        r.transact_items.push_back(std::move(entry));
        for (;;) {
          auto result = db->TransactWriteItems(kCall, r);
          if (result.ok()) {
            ++committed;
          } else if (ConflictOnly(result.status())) {
            ++conflicts;
            std::this_thread::yield();  // a client backs off before it retries
            continue;
          } else if (result.status().code() != ErrorCode::kTransactionCanceled) {
            unexpected = true;  // a balance too low is the one other expected cancellation
          }
          break;
        }
        TransactGetItemsRequest g;
        for (int id : {src, dst}) {
          GetItemRequest one;
          one.table_name = "tta";
          one.key = Key(std::to_string(id));
          g.transact_items.push_back(one);
        }
        auto read = db->TransactGetItems(kCall, g);
        if (!read.ok() && !ConflictOnly(read.status())) unexpected = true;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_FALSE(unexpected);
  EXPECT_GT(committed.load(), 0);
  ::testing::Test::RecordProperty("committed", std::to_string(committed.load()));
  ::testing::Test::RecordProperty("conflicts", std::to_string(conflicts.load()));

  std::vector<int64_t> expected(kAccounts, kStart);
  ScanRequest scan;
  scan.table_name = "ttb";
  int64_t entries = 0;
  do {
    auto page = db->Scan(kCall, scan);
    ASSERT_TRUE(page.ok()) << page.status().message();
    for (const Item& e : *page->items) {
      const int64_t amount = std::stoll(e.at("amount").s());
      expected[std::stoi(e.at("src").s())] -= amount;
      expected[std::stoi(e.at("dst").s())] += amount;
      ++entries;
    }
    scan.exclusive_start_key = page->last_evaluated_key;
  } while (scan.exclusive_start_key);
  EXPECT_EQ(entries, committed.load());
  int64_t total = 0;
  for (int i = 0; i < kAccounts; ++i) {
    GetItemRequest g;
    g.table_name = "tta";
    g.key = Key(std::to_string(i));
    auto r = db->GetItem(kCall, g);
    ASSERT_TRUE(r.ok());
    const int64_t balance = std::stoll(r->item->at("balance").s());
    EXPECT_EQ(balance, expected[i]) << "account " << i;
    EXPECT_GE(balance, 0);
    total += balance;
  }
  EXPECT_EQ(total, kAccounts * kStart);
}

// Isolation: while transactions move value between two items of one partition and between two
// tables, readers check the invariant (the pair sums to kTotal and carries one sequence number)
// on every read. A Query or Scan page is read from one view, and TransactGetItems is one
// snapshot: each sees a transaction whole or not at all. BatchGetItem is read-committed per item,
// as the service documents it: each item it returns is one a transaction committed.
constexpr int64_t kTotal = 1000;
int64_t Share(int64_t seq) { return seq * 7919 % kTotal; }

Item Pair(Item key, int64_t seq, bool first) {
  key["bal"] = AttributeValue::N(std::to_string(first ? Share(seq) : kTotal - Share(seq)));
  key["seq"] = AttributeValue::N(std::to_string(seq));
  return key;
}
Item PartKey(int sk) {
  return Item{{"pk", AttributeValue::S("p")}, {"sk", AttributeValue::N(std::to_string(sk))}};
}
int64_t Num(const Item& item, const char* name) { return std::stoll(item.at(name).s()); }

// Whether two items are one committed state of a pair.
bool Whole(const Item& first, const Item& second) {
  return Num(first, "seq") == Num(second, "seq") &&
         Num(first, "bal") + Num(second, "bal") == kTotal;
}
// Whether an item is a value some transaction committed.
bool Committed(const Item& item, bool first) {
  const int64_t share = Share(Num(item, "seq"));
  return Num(item, "bal") == (first ? share : kTotal - share);
}

TransactWriteItemsRequest MovePair(const std::string& t1, Item k1, const std::string& t2, Item k2,
                               int64_t seq) {
  TransactWriteItemsRequest r;
  r.transact_items.push_back(PutOf(t1, Pair(std::move(k1), seq, true)));
  r.transact_items.push_back(PutOf(t2, Pair(std::move(k2), seq, false)));
  return r;
}

TEST(TransactIsolation, ReadersNeverSeeHalfATransaction) {
  auto db = OpenInMemory();
  ASSERT_TRUE(db->CreateTable(kCall, testing::HashRangeTable("iso")).ok());
  ASSERT_TRUE(db->CreateTable(kCall, HashTable("tta")).ok());
  ASSERT_TRUE(db->CreateTable(kCall, HashTable("ttb")).ok());
  ASSERT_TRUE(
      db->TransactWriteItems(kCall, MovePair("iso", PartKey(1), "iso", PartKey(2), 0)).ok());
  ASSERT_TRUE(db->TransactWriteItems(kCall, MovePair("tta", Key("x"), "ttb", Key("x"), 0)).ok());

  std::atomic<bool> stop{false}, broken{false};
  std::atomic<int64_t> writes{0};
  auto writer = [&](bool same_partition) {
    for (int64_t seq = 1; !stop; ++seq) {
      auto r = same_partition ? MovePair("iso", PartKey(1), "iso", PartKey(2), seq)
                              : MovePair("tta", Key("x"), "ttb", Key("x"), seq);
      auto result = db->TransactWriteItems(kCall, r);
      if (!result.ok()) broken = true;
      ++writes;
    }
  };
  std::thread w1(writer, true), w2(writer, false);

  std::map<std::string, int64_t> reads;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
  while (std::chrono::steady_clock::now() < deadline && !broken) {
    QueryRequest q;
    q.table_name = "iso";
    q.key_condition_expression = "pk = :p";
    q.expression_attribute_values[":p"] = AttributeValue::S("p");
    auto page = db->Query(kCall, q);
    ASSERT_TRUE(page.ok()) << page.status().message();
    ASSERT_EQ(page->items->size(), 2u);
    EXPECT_TRUE(Whole((*page->items)[0], (*page->items)[1])) << "Query saw half a transaction";
    ++reads["query"];

    ScanRequest s;
    s.table_name = "iso";
    auto scanned = db->Scan(kCall, s);
    ASSERT_TRUE(scanned.ok()) << scanned.status().message();
    ASSERT_EQ(scanned->items->size(), 2u);
    EXPECT_TRUE(Whole((*scanned->items)[0], (*scanned->items)[1])) << "Scan saw half";
    ++reads["scan"];

    TransactGetItemsRequest g;
    const std::vector<std::pair<std::string, Item>> keys = {
        {"iso", PartKey(1)}, {"iso", PartKey(2)}, {"tta", Key("x")}, {"ttb", Key("x")}};
    for (const auto& [table, key] : keys) {
      GetItemRequest one;
      one.table_name = table;
      one.key = key;
      g.transact_items.push_back(one);
    }
    auto snapshot = db->TransactGetItems(kCall, g);
    if (snapshot.ok()) {
      const auto& items = snapshot->responses;
      EXPECT_TRUE(Whole(*items[0], *items[1])) << "TransactGetItems saw half (one partition)";
      EXPECT_TRUE(Whole(*items[2], *items[3])) << "TransactGetItems saw half (two tables)";
      ++reads["transact_get"];
    } else {
      EXPECT_TRUE(ConflictOnly(snapshot.status())) << snapshot.status().message();
      ++reads["transact_get_conflict"];
    }

    BatchGetItemRequest b;
    b.request_items["iso"].keys = {PartKey(1), PartKey(2)};
    b.request_items["tta"].keys = {Key("x")};
    b.request_items["ttb"].keys = {Key("x")};
    auto batch = db->BatchGetItem(kCall, b);
    ASSERT_TRUE(batch.ok()) << batch.status().message();
    for (const Item& item : batch->responses["iso"]) {
      EXPECT_TRUE(Committed(item, item.at("sk").s() == "1"));
    }
    EXPECT_TRUE(Committed(batch->responses["tta"].at(0), true));
    EXPECT_TRUE(Committed(batch->responses["ttb"].at(0), false));
    ++reads["batch_get"];
    if (::testing::Test::HasFailure()) break;
  }
  stop = true;
  w1.join();
  w2.join();
  EXPECT_FALSE(broken);
  EXPECT_GT(writes.load(), 10);
  for (const char* kind : {"query", "scan", "transact_get", "batch_get"}) {
    EXPECT_GT(reads[kind], 0) << kind;
    ::testing::Test::RecordProperty(kind, std::to_string(reads[kind]));
  }
}

}  // namespace
}  // namespace stator
