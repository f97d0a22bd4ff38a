// The change feed: every write path tells its subscribers what it committed, before returning;
// and the old-item source: writers ask it before reading storage.
#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <mutex>
#include <thread>
#include <optional>
#include <vector>

#include "engine/model/item_validation.h"
#include "tests/engine/database_test_util.h"

namespace stator {
namespace {

using testing::HashTable;

const CallOptions kCall;

Item Key(const std::string& id) { return Item{{"id", AttributeValue::S(id)}}; }

// Records what it is told, as text: "table id=value" for puts, "table id-" for deletions,
// "committed table" when a write's locks were released.
class Recorder final : public ChangeSubscriber {
 public:
  void OnItemsChanged(const TableRef& table, std::span<const ItemChange> changes) override {
    std::lock_guard lock(mu_);
    std::string line(table.name);
    for (const ItemChange& c : changes) {
      // The engine counts the size the cache charges reads with; a deletion has none.
      EXPECT_EQ(c.new_size, c.new_item != nullptr ? ItemSize(*c.new_item) : 0);
      line += " " + c.key->at("id").s();
      if (c.new_item == nullptr) {
        line += "-";
      } else if (auto v = c.new_item->find("v"); v != c.new_item->end()) {
        line += "=" + v->second.s();
      }
    }
    events.push_back(line);
  }
  void OnCommitted(const TableRef& table) override {
    std::lock_guard lock(mu_);
    committed.push_back(std::string(table.name));
  }
  void OnTableChanged(const TableRef& table) override {
    std::lock_guard lock(mu_);
    events.push_back("dropped " + std::string(table.name));
  }
  std::vector<std::string> events;
  std::vector<std::string> committed;

 private:
  std::mutex mu_;
};

class ChangeFeedTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Options options;
    options.in_memory = true;
    options.change_subscribers = {recorder_, second_};
    auto db = Database::Open(options);
    ASSERT_TRUE(db.ok()) << db.status().message();
    db_ = std::move(db).value();
    ASSERT_TRUE(db_->CreateTable(kCall, HashTable("tta")).ok());
    ASSERT_TRUE(db_->CreateTable(kCall, HashTable("ttb")).ok());
  }
  PutItemRequest Put(const std::string& table, const std::string& id, int v) {
    PutItemRequest r;
    r.table_name = table;
    r.item = Key(id);
    r.item["v"] = AttributeValue::N(std::to_string(v));
    return r;
  }
  std::shared_ptr<Recorder> recorder_ = std::make_shared<Recorder>();
  std::shared_ptr<Recorder> second_ = std::make_shared<Recorder>();
  std::unique_ptr<Database> db_;
};

TEST_F(ChangeFeedTest, SingleItemWritesAreToldInOrder) {
  ASSERT_TRUE(db_->PutItem(kCall, Put("tta", "a", 1)).ok());
  UpdateItemRequest u;
  u.table_name = "tta";
  u.key = Key("a");
  u.update_expression = "SET v = v + :one";
  u.expression_attribute_values = Item{{":one", AttributeValue::N("1")}};
  ASSERT_TRUE(db_->UpdateItem(kCall, u).ok());
  DeleteItemRequest d;
  d.table_name = "tta";
  d.key = Key("a");
  ASSERT_TRUE(db_->DeleteItem(kCall, d).ok());
  ASSERT_TRUE(db_->DeleteItem(kCall, d).ok());  // nothing to delete: nothing told
  EXPECT_EQ(recorder_->events, (std::vector<std::string>{"tta a=1", "tta a=2", "tta a-"}));
  EXPECT_EQ(second_->events, recorder_->events);  // every subscriber, the same order
  EXPECT_EQ(recorder_->committed, (std::vector<std::string>{"tta", "tta", "tta"}));
}

TEST_F(ChangeFeedTest, FailedConditionTellsNothing) {
  PutItemRequest p = Put("tta", "a", 1);
  p.condition_expression = "attribute_exists(id)";
  EXPECT_FALSE(db_->PutItem(kCall, p).ok());
  EXPECT_TRUE(recorder_->events.empty());
  EXPECT_TRUE(recorder_->committed.empty());
}

TEST_F(ChangeFeedTest, BatchesAndTransactionsAreTold) {
  BatchWriteItemRequest b;
  b.request_items["ttb"].push_back({Put("ttb", "x", 5).item, std::nullopt});
  ASSERT_TRUE(db_->BatchWriteItem(kCall, b).ok());
  TransactWriteItemsRequest t;
  t.transact_items.push_back(Put("tta", "p", 1));
  t.transact_items.push_back(Put("tta", "q", 2));
  DeleteItemRequest d;
  d.table_name = "ttb";
  d.key = Key("x");
  t.transact_items.push_back(d);
  ASSERT_TRUE(db_->TransactWriteItems(kCall, t).ok());
  EXPECT_EQ(recorder_->events, (std::vector<std::string>{"ttb x=5", "tta p=1 q=2", "ttb x-"}));
  EXPECT_EQ(second_->events, recorder_->events);
  // Once per table a write changed: the batch's, then the transaction's two.
  EXPECT_EQ(recorder_->committed, (std::vector<std::string>{"ttb", "tta", "ttb"}));
}

// OnCommitted comes after the write's key locks are released: a subscriber may wait there for
// another write of the same item, which would never finish were the locks still held.
class WaitsForAnotherWrite final : public ChangeSubscriber {
 public:
  void OnCommitted(const TableRef&) override {
    if (!armed.exchange(false)) return;
    std::promise<void> done;
    auto written = done.get_future();
    other = std::thread([&, done = std::move(done)]() mutable {
      write();
      done.set_value();
    });
    finished = written.wait_for(std::chrono::seconds(10)) == std::future_status::ready;
  }
  // The other write, which the test joins once its own write returned (it finishes then even
  // if it had to wait for the locks).
  std::thread other;
  std::function<void()> write;
  std::atomic<bool> armed{false};
  std::atomic<bool> finished{false};
};

TEST(ChangeFeedTiming, CommittedIsToldOutsideTheWritersLocks) {
  auto waiter = std::make_shared<WaitsForAnotherWrite>();
  Options options;
  options.in_memory = true;
  options.change_subscribers = {waiter};
  auto db = std::move(Database::Open(options)).value();
  ASSERT_TRUE(db->CreateTable(kCall, HashTable("tta")).ok());
  PutItemRequest put;
  put.table_name = "tta";
  put.item = Key("a");
  waiter->write = [&] { EXPECT_TRUE(db->PutItem(kCall, put).ok()); };
  waiter->armed = true;
  ASSERT_TRUE(db->PutItem(kCall, put).ok());
  waiter->other.join();
  EXPECT_TRUE(waiter->finished.load());
  // The same through a transaction's locks.
  TransactWriteItemsRequest t;
  t.transact_items.push_back(put);
  waiter->armed = true;
  ASSERT_TRUE(db->TransactWriteItems(kCall, t).ok());
  waiter->other.join();
  EXPECT_TRUE(waiter->finished.load());
}

TEST_F(ChangeFeedTest, DeletedTableIsTold) {
  DeleteTableRequest r;
  r.table_name = "ttb";
  ASSERT_TRUE(db_->DeleteTable(kCall, r).ok());
  EXPECT_EQ(recorder_->events, (std::vector<std::string>{"dropped ttb"}));
}

// Claims that item "ghost" exists with 3,000 bytes (and, once `with_item` is set, what it holds),
// which storage does not hold: a write that believes it shows that it asked the source instead
// of reading storage.
class Claimer final : public OldItemSource {
 public:
  bool Lookup(const TableRef& table, const Item& key, KnownItem* out) override {
    asked.fetch_add(1);
    if (table.name != "tta" || key.at("id").s() != "ghost") return false;
    out->exists = true;
    out->size = 3000;
    if (with_item) {
      out->item = std::make_shared<const Item>(
          Item{{"id", AttributeValue::S("ghost")}, {"claimed", AttributeValue::S("yes")}});
    }
    return true;
  }
  std::atomic<int> asked{0};
  std::atomic<bool> with_item{false};
};

TEST(OldItemSourceTest, WritesTakeTheOldItemFromTheSourceWhenItKnowsEnough) {
  auto claimer = std::make_shared<Claimer>();
  Options options;
  options.in_memory = true;
  options.old_item_source = claimer;
  auto db = std::move(Database::Open(options)).value();
  ASSERT_TRUE(db->CreateTable(kCall, HashTable("tta")).ok());
  auto put = [&](const std::string& id, std::optional<std::string> condition) {
    PutItemRequest r;
    r.table_name = "tta";
    r.item = Key(id);
    r.condition_expression = std::move(condition);
    r.return_consumed_capacity = ReturnConsumedCapacity::kTotal;
    auto out = db->PutItem(kCall, r);
    EXPECT_TRUE(out.ok()) << out.status().message();
    return out.ok() ? out->consumed_capacity->capacity_units : -1.0;
  };
  // A put is charged for the larger of the old and new item: the claimed 3,000 bytes.
  EXPECT_EQ(put("ghost", std::nullopt), 3.0);
  EXPECT_EQ(claimer->asked.load(), 1);
  // An unknown item is read from storage.
  EXPECT_EQ(put("real", std::nullopt), 1.0);
  EXPECT_EQ(claimer->asked.load(), 2);
  DeleteItemRequest d;
  d.table_name = "tta";
  d.key = Key("ghost");
  ASSERT_TRUE(db->DeleteItem(kCall, d).ok());  // the claim says there is one to delete
  EXPECT_EQ(claimer->asked.load(), 3);
  // A condition needs the whole old item, which the claim does not include: storage is read
  // (it holds no "ghost", so the condition holds and the put is charged for its own size).
  EXPECT_EQ(put("ghost", "attribute_not_exists(id)"), 1.0);
  EXPECT_EQ(claimer->asked.load(), 4);
  // With the item in the claim, an update starts from the claimed item, not storage's.
  claimer->with_item = true;
  UpdateItemRequest u;
  u.table_name = "tta";
  u.key = Key("ghost");
  u.update_expression = "SET touched = :t";
  u.expression_attribute_values = Item{{":t", AttributeValue::S("now")}};
  u.return_values = ReturnValue::kAllNew;
  auto updated = db->UpdateItem(kCall, u);
  ASSERT_TRUE(updated.ok()) << updated.status().message();
  ASSERT_TRUE(updated->attributes.has_value());
  EXPECT_EQ(updated->attributes->at("claimed").s(), "yes");
  EXPECT_EQ(claimer->asked.load(), 5);
}

}  // namespace
}  // namespace stator
