// UpdateTable GlobalSecondaryIndexUpdates: an index added to a table with data is backfilled in
// the background (CREATING + Backfilling, reads refused, then ACTIVE), raced by writers without
// losing or doubling an entry, resumed after a restart half-way, and deleted with its entries.
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <random>
#include <thread>

#include "engine/indexes/index_backfill.h"
#include "tests/engine/database_test_util.h"

namespace stator {
namespace {

using engine::BackfillHooks;
using testing::OpenInMemory;

const CallOptions kCall;

using testing::S;

CreateTableRequest PlainTable() {
  CreateTableRequest r;
  r.table_name = "tbl";
  r.attribute_definitions = {{"pk", ScalarType::kS}};
  r.key_schema = {{"pk", KeyType::kHash}};
  r.billing_mode = BillingMode::kPayPerRequest;
  return r;
}

UpdateTableRequest CreateIndex() {
  UpdateTableRequest r;
  r.table_name = "tbl";
  r.attribute_definitions = {{"g", ScalarType::kS}};
  r.has_global_secondary_index_updates = true;
  GlobalSecondaryIndexUpdate u;
  u.create =
      GlobalSecondaryIndex{"byG", {{"g", KeyType::kHash}}, {ProjectionType::kAll, {}}, {}, {}};
  r.global_secondary_index_updates.push_back(u);
  return r;
}

class IndexBackfillTest : public ::testing::Test {
 protected:
  void TearDown() override {
    BackfillHooks::chunk_items = 256;
    BackfillHooks::chunks_allowed = -1;
  }

  static void Put(Database& db, const std::string& pk, std::optional<std::string> g) {
    PutItemRequest r;
    r.table_name = "tbl";
    r.item = {{"pk", S(pk)}, {"v", AttributeValue::N("1")}};
    if (g) r.item.emplace("g", S(*g));
    auto result = db.PutItem(kCall, r);
    ASSERT_TRUE(result.ok()) << result.status().message();
  }

  static const SecondaryIndexDescription& Gsi(const TableResponse& d) {
    return d.table.global_secondary_indexes.at(0);
  }

  static bool WaitActive(Database& db) {
    for (int i = 0; i < 2000; ++i) {
      auto d = db.DescribeTable(kCall, {"tbl"});
      if (d.ok() && Gsi(*d).index_status == IndexStatus::kActive) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return false;
  }

  // pk -> g of every item with g, read from the table.
  static std::map<std::string, std::string> TableView(Database& db) {
    std::map<std::string, std::string> out;
    ScanRequest r;
    r.table_name = "tbl";
    for (;;) {
      auto page = db.Scan(kCall, r);
      EXPECT_TRUE(page.ok());
      if (!page.ok()) return out;
      for (const Item& item : *page->items) {
        if (item.count("g")) out[item.at("pk").s()] = item.at("g").s();
      }
      if (!page->last_evaluated_key) return out;
      r.exclusive_start_key = page->last_evaluated_key;
    }
  }

  // Every entry of the index: checks no item appears twice, returns pk -> g.
  static std::map<std::string, std::string> IndexView(Database& db) {
    std::map<std::string, std::string> out;
    ScanRequest r;
    r.table_name = "tbl";
    r.index_name = "byG";
    r.limit = 37;
    for (;;) {
      auto page = db.Scan(kCall, r);
      EXPECT_TRUE(page.ok()) << page.status().message();
      if (!page.ok()) return out;
      for (const Item& item : *page->items) {
        EXPECT_TRUE(out.emplace(item.at("pk").s(), item.at("g").s()).second)
            << "twice in the index: " << item.at("pk").s();
      }
      if (!page->last_evaluated_key) return out;
      r.exclusive_start_key = page->last_evaluated_key;
    }
  }
};

TEST_F(IndexBackfillTest, ExistingItemsAreBackfilledWhileReadsAreRefused) {
  auto db = OpenInMemory();
  ASSERT_TRUE(db->CreateTable(kCall, PlainTable()).ok());
  for (int i = 0; i < 100; ++i) {
    std::optional<std::string> g;
    if (i % 3 != 0) g = "g" + std::to_string(i % 5);  // every third item is not in the index
    Put(*db, "p" + std::to_string(i), g);
  }
  BackfillHooks::chunks_allowed = 0;  // hold the backfill at its start
  auto updated = db->UpdateTable(kCall, CreateIndex());
  ASSERT_TRUE(updated.ok()) << updated.status().message();
  auto d = db->DescribeTable(kCall, {"tbl"});
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(Gsi(*d).index_status, IndexStatus::kCreating);
  EXPECT_EQ(Gsi(*d).backfilling, true);
  QueryRequest q;
  q.table_name = "tbl";
  q.index_name = "byG";
  q.key_condition_expression = "g = :g";
  q.expression_attribute_values = {{":g", S("g1")}};
  EXPECT_STATUS(db->Query(kCall, q), ErrorCode::kValidation,
                "Cannot read from backfilling global secondary index: byG");
  EXPECT_EQ(db->UpdateTable(kCall, CreateIndex()).status().code(), ErrorCode::kLimitExceeded);
  BackfillHooks::chunk_items = 16;
  BackfillHooks::chunks_allowed = -1;
  ASSERT_TRUE(WaitActive(*db));
  EXPECT_EQ(IndexView(*db), TableView(*db));
  d = db->DescribeTable(kCall, {"tbl"});
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(Gsi(*d).item_count, static_cast<int64_t>(TableView(*db).size()));
  EXPECT_FALSE(Gsi(*d).backfilling.has_value());
  auto page = db->Query(kCall, q);
  ASSERT_TRUE(page.ok());
  EXPECT_GT(page->count, 0);
}

TEST_F(IndexBackfillTest, ConcurrentWritersLoseNothingAndDoubleNothing) {
  auto db = OpenInMemory();
  ASSERT_TRUE(db->CreateTable(kCall, PlainTable()).ok());
  for (int i = 0; i < 400; ++i) Put(*db, "p" + std::to_string(i), "g" + std::to_string(i % 9));
  BackfillHooks::chunk_items = 7;
  std::atomic<bool> stop{false};
  std::vector<std::thread> writers;
  for (int w = 0; w < 3; ++w) {
    writers.emplace_back([&, w] {
      std::mt19937 rng(w);
      while (!stop) {
        const std::string pk = "p" + std::to_string(rng() % 500);
        const unsigned action = rng() % 4;
        if (action == 0) {
          DeleteItemRequest d;
          d.table_name = "tbl";
          d.key = {{"pk", S(pk)}};
          ASSERT_TRUE(db->DeleteItem(kCall, d).ok());
        } else if (action == 1) {
          Put(*db, pk, std::nullopt);
        } else {
          Put(*db, pk, "g" + std::to_string(rng() % 9));
        }
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  ASSERT_TRUE(db->UpdateTable(kCall, CreateIndex()).ok());
  const bool active = WaitActive(*db);
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  stop = true;
  for (auto& t : writers) t.join();
  ASSERT_TRUE(active);
  const auto table = TableView(*db);
  EXPECT_EQ(IndexView(*db), table);
  auto d = db->DescribeTable(kCall, {"tbl"});
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(Gsi(*d).item_count, static_cast<int64_t>(table.size()));
}

TEST_F(IndexBackfillTest, RestartHalfWayResumesFromTheCursor) {
  testing::TempDir dir;
  Options options;
  options.data_dir = dir.path();
  options.transient_status_delay_ms = 0;
  {
    auto db = Database::Open(options);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE((*db)->CreateTable(kCall, PlainTable()).ok());
    for (int i = 0; i < 60; ++i) Put(**db, "p" + std::to_string(i), "g" + std::to_string(i % 4));
    BackfillHooks::chunk_items = 10;
    BackfillHooks::chunks_allowed = 2;
    ASSERT_TRUE((*db)->UpdateTable(kCall, CreateIndex()).ok());
    for (int i = 0; i < 400 && BackfillHooks::chunks_allowed.load() != 0; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    auto d = (*db)->DescribeTable(kCall, {"tbl"});
    ASSERT_TRUE(d.ok());
    EXPECT_EQ(Gsi(*d).index_status, IndexStatus::kCreating);
    EXPECT_EQ(Gsi(*d).item_count, 20);  // two chunks of ten
    // Writes on both sides of the cursor while the backfill is stopped.
    Put(**db, "p1", "moved");
    Put(**db, "p59", "moved");
    Put(**db, "new", "g0");
  }
  BackfillHooks::chunks_allowed = -1;
  auto db = Database::Open(options);
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE(WaitActive(**db));
  const auto table = TableView(**db);
  EXPECT_EQ(table.size(), 61u);
  EXPECT_EQ(IndexView(**db), table);
  auto d = (*db)->DescribeTable(kCall, {"tbl"});
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(Gsi(*d).item_count, 61);
}

TEST_F(IndexBackfillTest, DeleteRemovesTheIndexAndItsEntries) {
  auto db = OpenInMemory();
  ASSERT_TRUE(db->CreateTable(kCall, PlainTable()).ok());
  for (int i = 0; i < 10; ++i) Put(*db, "p" + std::to_string(i), "g");
  ASSERT_TRUE(db->UpdateTable(kCall, CreateIndex()).ok());
  ASSERT_TRUE(WaitActive(*db));
  UpdateTableRequest r;
  r.table_name = "tbl";
  r.has_global_secondary_index_updates = true;
  r.global_secondary_index_updates.push_back({});
  EXPECT_STATUS(db->UpdateTable(kCall, r), ErrorCode::kValidation,
                "One or more parameter values were invalid: One of "
                "GlobalSecondaryIndexUpdate.Update, GlobalSecondaryIndexUpdate.Create, "
                "GlobalSecondaryIndexUpdate.Delete must not be null");
  r.global_secondary_index_updates[0].delete_index_name = "byG";
  r.global_secondary_index_updates.push_back(r.global_secondary_index_updates[0]);
  EXPECT_STATUS(db->UpdateTable(kCall, r), ErrorCode::kValidation,
                "One or more parameter values were invalid: Only one global secondary index "
                "update per index is allowed simultaneously. Index: byG");
  r.global_secondary_index_updates.pop_back();
  ASSERT_TRUE(db->UpdateTable(kCall, r).ok());
  auto d = db->DescribeTable(kCall, {"tbl"});
  ASSERT_TRUE(d.ok());
  EXPECT_TRUE(d->table.global_secondary_indexes.empty());
  ASSERT_TRUE(db->UpdateTable(kCall, CreateIndex()).ok());
  ASSERT_TRUE(WaitActive(*db));
  EXPECT_STATUS(db->UpdateTable(kCall, CreateIndex()), ErrorCode::kValidation,
                "Attempting to create an index which already exists");
  ASSERT_TRUE(WaitActive(*db));
  // Re-created under a new id: the old entries are gone, the new ones backfilled once.
  EXPECT_EQ(IndexView(*db).size(), 10u);
}

}  // namespace
}  // namespace stator
