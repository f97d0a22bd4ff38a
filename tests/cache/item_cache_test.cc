// The item cache through the public Database: hits, misses, negative entries, normalisation,
// projections, invalidation by every write path and by table changes, the byte budget, dax TTLs.
#include <gtest/gtest.h>

#include "tests/cache/cache_test_util.h"

namespace stator {
namespace {

using testing::GetOf;
using testing::HashTable;
using testing::KeyOf;
using testing::PutOf;
using testing::StatsOf;

const CallOptions kCall;

Item ItemOf(const std::string& id, const std::string& v) {
  Item item = KeyOf(id);
  item["v"] = AttributeValue::S(v);
  return item;
}

std::string ValueOf(Database& db, const std::string& table, const std::string& id) {
  auto r = db.GetItem(kCall, GetOf(table, KeyOf(id)));
  EXPECT_TRUE(r.ok()) << r.status().message();
  if (!r.ok() || !r->item) return "<none>";
  return r->item->at("v").s();
}

class ItemCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = testing::OpenCached();
    ASSERT_TRUE(db_->CreateTable(kCall, HashTable("tbl")).ok());
  }
  std::unique_ptr<Database> db_;
};

TEST_F(ItemCacheTest, SecondReadHits) {
  ASSERT_TRUE(db_->PutItem(kCall, PutOf("tbl", ItemOf("a", "1"))).ok());
  EXPECT_EQ(ValueOf(*db_, "tbl", "a"), "1");
  EXPECT_EQ(ValueOf(*db_, "tbl", "a"), "1");
  const CacheTableStats s = StatsOf(*db_, "tbl");
  EXPECT_EQ(s.item_misses, 1u);
  EXPECT_EQ(s.item_hits, 1u);
  EXPECT_GT(s.bytes, 0);
  EXPECT_TRUE(db_->GetCacheStats().enabled);
}

// Reads naming tables that do not exist (any string a client sends) leave nothing behind: a
// client could otherwise grow the server's memory without bound.
TEST_F(ItemCacheTest, ReadsOfMissingTablesKeepNoCounters) {
  for (int i = 0; i < 100; ++i) {
    const std::string name = "missing" + std::to_string(i);
    EXPECT_FALSE(db_->GetItem(kCall, GetOf(name, KeyOf("a"))).ok());
    QueryRequest q;
    q.table_name = name;
    q.key_condition_expression = "id = :id";
    q.expression_attribute_values = Item{{":id", AttributeValue::S("a")}};
    EXPECT_FALSE(db_->Query(kCall, q).ok());
    ScanRequest scan;
    scan.table_name = name;
    EXPECT_FALSE(db_->Scan(kCall, scan).ok());
  }
  EXPECT_EQ(ValueOf(*db_, "tbl", "a"), "<none>");
  const CacheStats stats = db_->GetCacheStats();
  ASSERT_EQ(stats.tables.size(), 1u);
  EXPECT_EQ(stats.tables[0].table, "tbl");
}

TEST_F(ItemCacheTest, NegativeEntryThenPutIsSeen) {
  EXPECT_EQ(ValueOf(*db_, "tbl", "a"), "<none>");
  EXPECT_EQ(ValueOf(*db_, "tbl", "a"), "<none>");
  EXPECT_EQ(StatsOf(*db_, "tbl").item_hits, 1u);
  ASSERT_TRUE(db_->PutItem(kCall, PutOf("tbl", ItemOf("a", "1"))).ok());
  EXPECT_EQ(ValueOf(*db_, "tbl", "a"), "1");
  EXPECT_EQ(StatsOf(*db_, "tbl").item_hits, 2u);  // the feed updated the entry in place
}

TEST_F(ItemCacheTest, UpdateAndDeleteAreSeen) {
  ASSERT_TRUE(db_->PutItem(kCall, PutOf("tbl", ItemOf("a", "1"))).ok());
  EXPECT_EQ(ValueOf(*db_, "tbl", "a"), "1");
  UpdateItemRequest u;
  u.table_name = "tbl";
  u.key = KeyOf("a");
  u.update_expression = "SET v = :v";
  u.expression_attribute_values = Item{{":v", AttributeValue::S("2")}};
  ASSERT_TRUE(db_->UpdateItem(kCall, u).ok());
  EXPECT_EQ(ValueOf(*db_, "tbl", "a"), "2");
  DeleteItemRequest d;
  d.table_name = "tbl";
  d.key = KeyOf("a");
  ASSERT_TRUE(db_->DeleteItem(kCall, d).ok());
  EXPECT_EQ(ValueOf(*db_, "tbl", "a"), "<none>");
}

// A deletion reaches the cache with the key decoded from the engine's encoded key (the engine
// does not read the deleted item whole): a numeric sort key spelt otherwise must still match.
TEST_F(ItemCacheTest, DeleteOfANumericSortKeyIsSeen) {
  ASSERT_TRUE(db_->CreateTable(kCall, testing::HashRangeTable("ranged")).ok());
  const Item key{{"pk", AttributeValue::S("p")}, {"sk", AttributeValue::N("1.50")}};
  Item item = key;
  item["v"] = AttributeValue::S("x");
  ASSERT_TRUE(db_->PutItem(kCall, PutOf("ranged", item)).ok());
  auto cached = db_->GetItem(kCall, GetOf("ranged", key));
  ASSERT_TRUE(cached.ok() && cached->item);
  DeleteItemRequest d;
  d.table_name = "ranged";
  d.key = Item{{"pk", AttributeValue::S("p")}, {"sk", AttributeValue::N("15E-1")}};
  ASSERT_TRUE(db_->DeleteItem(kCall, d).ok());
  auto gone = db_->GetItem(kCall, GetOf("ranged", key));
  ASSERT_TRUE(gone.ok());
  EXPECT_FALSE(gone->item.has_value());
  BatchWriteItemRequest b;
  b.request_items["ranged"].push_back({item, std::nullopt});
  ASSERT_TRUE(db_->BatchWriteItem(kCall, b).ok());
  ASSERT_TRUE(db_->GetItem(kCall, GetOf("ranged", key))->item.has_value());
  b.request_items["ranged"] = {{std::nullopt, d.key}};
  ASSERT_TRUE(db_->BatchWriteItem(kCall, b).ok());
  EXPECT_FALSE(db_->GetItem(kCall, GetOf("ranged", key))->item.has_value());
}

TEST_F(ItemCacheTest, BatchAndTransactionWritesAreSeen) {
  EXPECT_EQ(ValueOf(*db_, "tbl", "a"), "<none>");
  EXPECT_EQ(ValueOf(*db_, "tbl", "b"), "<none>");
  BatchWriteItemRequest b;
  b.request_items["tbl"].push_back({ItemOf("a", "1"), std::nullopt});
  ASSERT_TRUE(db_->BatchWriteItem(kCall, b).ok());
  EXPECT_EQ(ValueOf(*db_, "tbl", "a"), "1");
  TransactWriteItemsRequest tx;
  tx.transact_items.push_back(PutOf("tbl", ItemOf("b", "2")));
  DeleteItemRequest d;
  d.table_name = "tbl";
  d.key = KeyOf("a");
  tx.transact_items.push_back(d);
  ASSERT_TRUE(db_->TransactWriteItems(kCall, tx).ok());
  EXPECT_EQ(ValueOf(*db_, "tbl", "a"), "<none>");
  EXPECT_EQ(ValueOf(*db_, "tbl", "b"), "2");
}

TEST_F(ItemCacheTest, NumbersAreOneEntryWhateverTheirSpelling) {
  ASSERT_TRUE(db_->CreateTable(kCall, HashTable("num", ScalarType::kN)).ok());
  Item item{{"id", AttributeValue::N("1")}, {"v", AttributeValue::S("x")}};
  ASSERT_TRUE(db_->PutItem(kCall, PutOf("num", item)).ok());
  auto first = db_->GetItem(kCall, GetOf("num", Item{{"id", AttributeValue::N("1.0")}}));
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(first->item);
  auto second = db_->GetItem(kCall, GetOf("num", Item{{"id", AttributeValue::N("10E-1")}}));
  ASSERT_TRUE(second.ok());
  ASSERT_TRUE(second->item);
  EXPECT_EQ(second->item->at("id").s(), "1");
  EXPECT_EQ(StatsOf(*db_, "num").item_hits, 1u);
  EXPECT_EQ(StatsOf(*db_, "num").item_misses, 1u);
}

TEST_F(ItemCacheTest, ProjectionIsAppliedToTheCachedItem) {
  Item item = ItemOf("a", "1");
  item["w"] = AttributeValue::S("2");
  ASSERT_TRUE(db_->PutItem(kCall, PutOf("tbl", item)).ok());
  GetItemRequest g = GetOf("tbl", KeyOf("a"));
  g.projection_expression = "w";
  auto r = db_->GetItem(kCall, g);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r->item, (Item{{"w", AttributeValue::S("2")}}));
  EXPECT_EQ(ValueOf(*db_, "tbl", "a"), "1");  // the miss cached the whole item
  EXPECT_EQ(StatsOf(*db_, "tbl").item_hits, 1u);
  g.projection_expression = "#nope";  // an unused name: the engine's error, from the cache too
  EXPECT_FALSE(db_->GetItem(kCall, g).ok());
}

TEST_F(ItemCacheTest, ErrorsAreTheEngines) {
  EXPECT_EQ(ValueOf(*db_, "tbl", "a"), "<none>");
  GetItemRequest g = GetOf("tbl", Item{{"id", AttributeValue::N("1")}});
  auto wrong_type = db_->GetItem(kCall, g);
  ASSERT_FALSE(wrong_type.ok());
  EXPECT_EQ(wrong_type.status().message(), "The provided key element does not match the schema");
  auto missing = db_->GetItem(kCall, GetOf("nosuch", KeyOf("a")));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), ErrorCode::kResourceNotFound);
}

TEST_F(ItemCacheTest, ConsumedCapacityOnAHitIsTheEngines) {
  Item item = ItemOf("a", std::string(5000, 'x'));
  ASSERT_TRUE(db_->PutItem(kCall, PutOf("tbl", item)).ok());
  GetItemRequest g = GetOf("tbl", KeyOf("a"));
  g.return_consumed_capacity = ReturnConsumedCapacity::kTotal;
  g.consistent_read = true;
  auto miss = db_->GetItem(kCall, g);
  auto hit = db_->GetItem(kCall, g);
  ASSERT_TRUE(miss.ok() && hit.ok());
  ASSERT_TRUE(hit->consumed_capacity);
  EXPECT_EQ(hit->consumed_capacity->capacity_units, 2);  // 5 KB strongly consistent
  EXPECT_EQ(hit->consumed_capacity->capacity_units, miss->consumed_capacity->capacity_units);
  EXPECT_EQ(StatsOf(*db_, "tbl").item_hits, 1u);
}

TEST_F(ItemCacheTest, DeletedAndRecreatedTableStartsEmpty) {
  ASSERT_TRUE(db_->PutItem(kCall, PutOf("tbl", ItemOf("a", "1"))).ok());
  EXPECT_EQ(ValueOf(*db_, "tbl", "a"), "1");
  DeleteTableRequest d;
  d.table_name = "tbl";
  ASSERT_TRUE(db_->DeleteTable(kCall, d).ok());
  EXPECT_FALSE(db_->GetItem(kCall, GetOf("tbl", KeyOf("a"))).ok());
  ASSERT_TRUE(db_->CreateTable(kCall, HashTable("tbl")).ok());
  EXPECT_EQ(ValueOf(*db_, "tbl", "a"), "<none>");
}

TEST_F(ItemCacheTest, SharedResponseCarriesTheEncodingSlot) {
  ASSERT_TRUE(db_->PutItem(kCall, PutOf("tbl", ItemOf("a", "1"))).ok());
  auto first = db_->GetItemShared(kCall, GetOf("tbl", KeyOf("a")));
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(first->item && first->encoded);
  EXPECT_EQ(first->encoded->Get(), nullptr);
  first->encoded->Fill("{\"id\":{\"S\":\"a\"}}");
  auto second = db_->GetItemShared(kCall, GetOf("tbl", KeyOf("a")));
  ASSERT_TRUE(second.ok() && second->encoded);
  ASSERT_NE(second->encoded->Get(), nullptr);
  EXPECT_EQ(*second->encoded->Get(), "{\"id\":{\"S\":\"a\"}}");
  EXPECT_EQ(second->item.get(), first->item.get());  // the same cached item, not a copy
  ASSERT_TRUE(db_->PutItem(kCall, PutOf("tbl", ItemOf("a", "2"))).ok());
  auto third = db_->GetItemShared(kCall, GetOf("tbl", KeyOf("a")));
  ASSERT_TRUE(third.ok() && third->encoded);
  EXPECT_EQ(third->encoded->Get(), nullptr);  // a new version: a new slot
  EXPECT_EQ(third->item->at("v").s(), "2");
}

TEST_F(ItemCacheTest, BatchGetItemHitsWhenEveryKeyIsCached) {
  ASSERT_TRUE(db_->PutItem(kCall, PutOf("tbl", ItemOf("a", "1"))).ok());
  BatchGetItemRequest b;
  b.request_items["tbl"].keys = {KeyOf("a"), KeyOf("b")};
  auto first = db_->BatchGetItem(kCall, b);  // misses: read through and filled
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->responses["tbl"].size(), 1u);
  auto second = db_->BatchGetItem(kCall, b);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->responses["tbl"].size(), 1u);
  EXPECT_EQ(StatsOf(*db_, "tbl").item_hits, 2u);
  ASSERT_TRUE(db_->PutItem(kCall, PutOf("tbl", ItemOf("b", "2"))).ok());
  auto third = db_->BatchGetItem(kCall, b);
  ASSERT_TRUE(third.ok());
  EXPECT_EQ(third->responses["tbl"].size(), 2u);
  b.request_items["tbl"].keys.push_back(KeyOf("a"));
  auto duplicates = db_->BatchGetItem(kCall, b);
  ASSERT_FALSE(duplicates.ok());
  EXPECT_EQ(duplicates.status().message(), "Provided list of item keys contains duplicates");
}

TEST(ItemCacheBudgetTest, StaysWithinItsBudget) {
  constexpr size_t kBudget = 256 << 10;
  auto db = testing::OpenCached(kBudget);
  ASSERT_TRUE(db->CreateTable(kCall, HashTable("tbl")).ok());
  for (int i = 0; i < 400; ++i) {
    ASSERT_TRUE(db->PutItem(kCall, PutOf("tbl", ItemOf(std::to_string(i), std::string(1000, 'x'))))
                    .ok());
  }
  for (int round = 0; round < 2; ++round) {
    for (int i = 0; i < 400; ++i) EXPECT_EQ(ValueOf(*db, "tbl", std::to_string(i)).size(), 1000u);
  }
  const CacheStats stats = db->GetCacheStats();
  EXPECT_LE(stats.bytes, static_cast<int64_t>(kBudget));
  EXPECT_GT(stats.bytes, 0);
  EXPECT_GT(StatsOf(*db, "tbl").evictions, 0u);
}

TEST(DaxModeTest, ItemsExpireAndWritesUpdateThem) {
  auto clock = std::make_shared<testing::ManualClock>();
  auto db = testing::OpenCached(64 << 20, CacheOptions::Mode::kDax, clock);
  ASSERT_TRUE(db->CreateTable(kCall, HashTable("tbl")).ok());
  ASSERT_TRUE(db->PutItem(kCall, PutOf("tbl", ItemOf("a", "1"))).ok());
  EXPECT_EQ(ValueOf(*db, "tbl", "a"), "1");
  ASSERT_TRUE(db->PutItem(kCall, PutOf("tbl", ItemOf("a", "2"))).ok());
  EXPECT_EQ(ValueOf(*db, "tbl", "a"), "2");  // write-through
  EXPECT_EQ(StatsOf(*db, "tbl").item_hits, 1u);
  clock->Advance(5 * 60 * 1'000'000LL);
  EXPECT_EQ(ValueOf(*db, "tbl", "a"), "2");
  EXPECT_EQ(StatsOf(*db, "tbl").item_misses, 2u);  // expired: read again
  GetItemRequest strong = GetOf("tbl", KeyOf("a"));
  strong.consistent_read = true;
  ASSERT_TRUE(db->GetItem(kCall, strong).ok());
  EXPECT_EQ(StatsOf(*db, "tbl").item_hits, 1u);  // passed through
  EXPECT_EQ(StatsOf(*db, "tbl").item_misses, 2u);
}

TEST(NoCacheTest, DefaultOptionsHaveNoCache) {
  auto db = testing::OpenInMemory();
  EXPECT_FALSE(db->GetCacheStats().enabled);
}

}  // namespace
}  // namespace stator
