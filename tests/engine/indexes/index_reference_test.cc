// ALL-projection index entries are references to their items (index_codec.h): reads through them
// return the base items as they were at the read's snapshot, and the statistics, units and pages
// are those of entries that copy the whole item. Each ALL index here has a twin that copies every
// attribute (INCLUDE of all non-key attributes, so its entries are the whole item), against which
// results, sizes and units are compared. Also: concurrent moves never show an item under a key
// it does not have, restarts keep the references readable, and the storage format is enforced.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "engine/model/coding.h"
#include "engine/storage/storage.h"
#include "engine/tables/catalog.h"
#include "tests/engine/database_test_util.h"

namespace stator {
namespace {

using testing::N;
using testing::S;

const CallOptions kCall;
const std::vector<std::string> kNonKey = {"a", "b", "l", "g"};

// pk (S) + sk (N). GSI byG (g) and LSI byL (pk + l), ALL; their twins byGCopy and byLCopy
// INCLUDE every other attribute the items have; GSI byGKeys KEYS_ONLY and LSI byLKeys KEYS_ONLY.
CreateTableRequest TwinTable(const std::string& name) {
  CreateTableRequest r;
  r.table_name = name;
  r.attribute_definitions = {
      {"pk", ScalarType::kS}, {"sk", ScalarType::kN}, {"g", ScalarType::kS}, {"l", ScalarType::kS}};
  r.key_schema = {{"pk", KeyType::kHash}, {"sk", KeyType::kRange}};
  r.billing_mode = BillingMode::kPayPerRequest;
  const Projection all{ProjectionType::kAll, {}};
  const Projection copy{ProjectionType::kInclude, kNonKey};
  const Projection keys{ProjectionType::kKeysOnly, {}};
  r.global_secondary_indexes = {
      {"byG", {{"g", KeyType::kHash}, {"sk", KeyType::kRange}}, all, {}, {}},
      {"byGCopy", {{"g", KeyType::kHash}, {"sk", KeyType::kRange}}, copy, {}, {}},
      {"byGKeys", {{"g", KeyType::kHash}}, keys, {}, {}}};
  r.local_secondary_indexes = {{"byL", {{"pk", KeyType::kHash}, {"l", KeyType::kRange}}, all},
                               {"byLCopy", {{"pk", KeyType::kHash}, {"l", KeyType::kRange}}, copy},
                               {"byLKeys", {{"pk", KeyType::kHash}, {"l", KeyType::kRange}}, keys}};
  return r;
}

Item MakeItem(const std::string& pk, int sk, const std::string& g, const std::string& l,
              const std::string& a) {
  Item item{{"pk", S(pk)}, {"sk", N(std::to_string(sk))}, {"a", S(a)}};
  if (!g.empty()) item["g"] = S(g);
  if (!l.empty()) item["l"] = S(l);
  return item;
}

Status Put(Database& db, const std::string& table, Item item) {
  PutItemRequest r;
  r.table_name = table;
  r.item = std::move(item);
  auto result = db.PutItem(kCall, r);
  return result.ok() ? Status::OK() : result.status();
}

// Every page of a Query, with its consumed capacity summed.
struct Pages {
  std::vector<Item> items;
  int64_t count = 0, scanned = 0;
  double units = 0;
  int pages = 0;
};

Pages QueryAll(Database& db, QueryRequest r) {
  Pages out;
  r.return_consumed_capacity = ReturnConsumedCapacity::kTotal;
  for (;;) {
    auto q = db.Query(kCall, r);
    EXPECT_TRUE(q.ok()) << q.status().message();
    if (!q.ok()) return out;
    ++out.pages;
    if (q->items) out.items.insert(out.items.end(), q->items->begin(), q->items->end());
    out.count += q->count;
    out.scanned += q->scanned_count;
    if (q->consumed_capacity) out.units += q->consumed_capacity->capacity_units;
    if (!q->last_evaluated_key) return out;
    r.exclusive_start_key = q->last_evaluated_key;
  }
}

QueryRequest IndexQuery(const std::string& table, const std::string& index,
                        const std::string& condition, ExpressionAttributeValues values) {
  QueryRequest r;
  r.table_name = table;
  r.index_name = index;
  r.key_condition_expression = condition;
  r.expression_attribute_values = std::move(values);
  return r;
}

Item GetBase(Database& db, const Item& item) {
  GetItemRequest g;
  g.table_name = "tbl";
  g.key = {{"pk", item.at("pk")}, {"sk", item.at("sk")}};
  g.consistent_read = true;
  auto got = db.GetItem(kCall, g);
  EXPECT_TRUE(got.ok() && got->item) << item.at("pk").s();
  return got.ok() && got->item ? *got->item : Item{};
}

class IndexReferenceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = testing::OpenInMemory();
    auto created = db_->CreateTable(kCall, TwinTable("tbl"));
    ASSERT_TRUE(created.ok()) << created.status().message();
  }

  // The ALL index and its copying twin report the same statistics.
  void ExpectTwinStats() {
    auto d = db_->DescribeTable(kCall, {"tbl"});
    ASSERT_TRUE(d.ok());
    const auto& g = d->table.global_secondary_indexes;
    const auto& l = d->table.local_secondary_indexes;
    ASSERT_EQ(g[0].index_name, "byG");
    ASSERT_EQ(g[1].index_name, "byGCopy");
    EXPECT_EQ(g[0].item_count, g[1].item_count);
    EXPECT_EQ(g[0].index_size_bytes, g[1].index_size_bytes);
    ASSERT_EQ(l[0].index_name, "byL");
    ASSERT_EQ(l[1].index_name, "byLCopy");
    EXPECT_EQ(l[0].item_count, l[1].item_count);
    EXPECT_EQ(l[0].index_size_bytes, l[1].index_size_bytes);
  }

  // A query of the ALL index returns what its twin returns, page for page, unit for unit, and
  // every item is its base item.
  void ExpectTwinQuery(const std::string& index, const std::string& condition,
                       ExpressionAttributeValues values, std::optional<int64_t> limit,
                       bool forward = true) {
    QueryRequest r = IndexQuery("tbl", index, condition, values);
    r.limit = limit;
    r.scan_index_forward = forward;
    QueryRequest twin = IndexQuery("tbl", index + "Copy", condition, values);
    twin.limit = limit;
    twin.scan_index_forward = forward;
    const Pages got = QueryAll(*db_, r), want = QueryAll(*db_, twin);
    EXPECT_EQ(got.items, want.items);
    EXPECT_EQ(got.count, want.count);
    EXPECT_EQ(got.scanned, want.scanned);
    EXPECT_EQ(got.pages, want.pages);
    EXPECT_DOUBLE_EQ(got.units, want.units);
    for (const Item& item : got.items) EXPECT_EQ(item, GetBase(*db_, item));
  }

  std::unique_ptr<Database> db_;
};

TEST_F(IndexReferenceTest, UpdatesThatKeepOrMoveTheKeyReadAsCopies) {
  for (int i = 0; i < 12; ++i) {
    ASSERT_TRUE(
        Put(*db_, "tbl", MakeItem("p", i, i % 2 ? "odd" : "even", "l" + std::to_string(i), "v0"))
            .ok());
  }
  ExpectTwinStats();
  // Keep every key, change (and grow) a non-key attribute: the references stay, the sizes grow.
  for (int i = 0; i < 12; i += 3) {
    ASSERT_TRUE(Put(*db_, "tbl",
                    MakeItem("p", i, i % 2 ? "odd" : "even", "l" + std::to_string(i),
                             std::string(100 + i, 'x')))
                    .ok());
  }
  ExpectTwinStats();
  // Move some to another GSI partition and LSI sort key; take others out of both (sparse).
  ASSERT_TRUE(Put(*db_, "tbl", MakeItem("p", 1, "even", "m1", "moved")).ok());
  ASSERT_TRUE(Put(*db_, "tbl", MakeItem("p", 2, "odd", "a2", "moved")).ok());
  ASSERT_TRUE(Put(*db_, "tbl", MakeItem("p", 5, "", "", "out")).ok());
  UpdateItemRequest u;
  u.table_name = "tbl";
  u.key = {{"pk", S("p")}, {"sk", N("7")}};
  u.update_expression = "SET b = :b REMOVE l";
  u.expression_attribute_values = {{":b", N("42")}};
  ASSERT_TRUE(db_->UpdateItem(kCall, u).ok());
  DeleteItemRequest del;
  del.table_name = "tbl";
  del.key = {{"pk", S("p")}, {"sk", N("8")}};
  ASSERT_TRUE(db_->DeleteItem(kCall, del).ok());
  ExpectTwinStats();

  for (const char* g : {"even", "odd"}) {
    for (std::optional<int64_t> limit : {std::optional<int64_t>(), std::optional<int64_t>(4)}) {
      ExpectTwinQuery("byG", "g = :g", {{":g", S(g)}}, limit);
    }
  }
  ExpectTwinQuery("byL", "pk = :p", {{":p", S("p")}}, std::nullopt);
  ExpectTwinQuery("byL", "pk = :p", {{":p", S("p")}}, 5, /*forward=*/false);
  ExpectTwinQuery("byG", "g = :g", {{":g", S("odd")}}, 2, /*forward=*/false);
  ExpectTwinQuery("byL", "pk = :p AND l > :l", {{":p", S("p")}, {":l", S("l3")}}, 2);
  auto odd = QueryAll(*db_, IndexQuery("tbl", "byG", "g = :g", {{":g", S("odd")}}));
  ASSERT_EQ(odd.items.size(), 5u);  // 3, 7, 9, 11 and the moved 2 (1 moved out, 5 left)
  auto moved = QueryAll(
      *db_, IndexQuery("tbl", "byL", "pk = :p AND l = :l", {{":p", S("p")}, {":l", S("m1")}}));
  ASSERT_EQ(moved.items.size(), 1u);
  EXPECT_EQ(moved.items[0].at("a").s(), "moved");
}

// Pages end after 1 MB of items read: a reference counts as its item, so pages end where they
// end with copies, forward and backward.
TEST_F(IndexReferenceTest, LargeItemsFillPagesAsCopiesDo) {
  for (int i = 0; i < 30; ++i) {
    ASSERT_TRUE(
        Put(*db_, "tbl", MakeItem("p", i, "G", "l" + std::to_string(i), std::string(90000, 'x')))
            .ok());
  }
  const Pages pages = QueryAll(*db_, IndexQuery("tbl", "byG", "g = :g", {{":g", S("G")}}));
  EXPECT_EQ(pages.pages, 3);  // 2.7 MB in pages of 12 items (the 12th passes 1 MB)
  EXPECT_EQ(pages.count, 30);
  for (bool forward : {true, false}) {
    ExpectTwinQuery("byG", "g = :g", {{":g", S("G")}}, std::nullopt, forward);
    ExpectTwinQuery("byL", "pk = :p", {{":p", S("p")}}, 20, forward);
  }
}

TEST_F(IndexReferenceTest, ScanSelectCountFilterAndProjectionReadTheItems) {
  for (int i = 0; i < 30; ++i) {
    ASSERT_TRUE(Put(*db_, "tbl",
                    MakeItem("p" + std::to_string(i % 4), i, "g" + std::to_string(i % 3), "l",
                             std::to_string(i)))
                    .ok());
  }
  auto scan = [&](const std::string& index, std::optional<Select> select, bool filter) {
    ScanRequest r;
    r.table_name = "tbl";
    r.index_name = index;
    r.select = select;
    r.limit = 7;
    if (filter) {
      r.filter_expression = "a < :a";
      r.expression_attribute_values = {{":a", S("2")}};
    } else if (!select) {
      r.projection_expression = "a, sk";
    }
    std::vector<Item> items;
    int64_t count = 0;
    for (;;) {
      auto s = db_->Scan(kCall, r);
      EXPECT_TRUE(s.ok()) << s.status().message();
      if (!s.ok()) break;
      if (s->items) items.insert(items.end(), s->items->begin(), s->items->end());
      count += s->count;
      if (!s->last_evaluated_key) break;
      r.exclusive_start_key = s->last_evaluated_key;
    }
    return std::make_pair(items, count);
  };
  for (const char* index : {"byG", "byL"}) {
    const std::string twin = std::string(index) + "Copy";
    for (bool filter : {false, true}) {
      EXPECT_EQ(scan(index, std::nullopt, filter), scan(twin, std::nullopt, filter)) << index;
      EXPECT_EQ(scan(index, Select::kCount, filter), scan(twin, Select::kCount, filter)) << index;
    }
    EXPECT_EQ(scan(index, std::nullopt, false).second, 30);
  }
}

// A writer moves items between two GSI partitions (and two LSI sort-key ranges) while readers
// query one of them: an entry is read with its item at one snapshot, so a reader never sees an
// item under a key it does not have, through a reference (ALL) or a fetch (an LSI read of
// attributes a KEYS_ONLY index does not project).
TEST_F(IndexReferenceTest, ConcurrentMovesNeverShowAnItemUnderAnotherKey) {
  constexpr int kItems = 20;
  for (int i = 0; i < kItems; ++i) {
    ASSERT_TRUE(Put(*db_, "tbl", MakeItem("p", i, "A", "a" + std::to_string(i), "0")).ok());
  }
  std::atomic<bool> done{false};
  std::thread writer([&] {
    for (int round = 1; round <= 150; ++round) {
      for (int i = 0; i < kItems; ++i) {
        const bool a = (round + i) % 2 == 0;
        Status s = Put(
            *db_, "tbl",
            MakeItem("p", i, a ? "A" : "B", std::string(a ? "a" : "b").append(std::to_string(i)),
                     std::to_string(round)));
        if (!s.ok()) ADD_FAILURE() << s.message();
      }
    }
    done = true;
  });
  int reads = 0;
  int64_t seen = 0;
  // EXPECT, not ASSERT, while the writer runs: it must be joined; the first failure ends the loop.
  while ((!done || reads < 3) && !HasFailure()) {
    ++reads;
    const QueryRequest gsi = IndexQuery("tbl", "byG", "g = :g", {{":g", S("A")}});
    for (const Item& item : QueryAll(*db_, gsi).items) {
      EXPECT_EQ(item.at("g").s(), "A");
      EXPECT_EQ(item.at("l").s()[0], 'a');  // written together with g
      ++seen;
    }
    QueryRequest lsi = IndexQuery("tbl", "byLKeys", "pk = :p AND begins_with(l, :l)",
                                  {{":p", S("p")}, {":l", S("b")}});
    lsi.select = Select::kAllAttributes;
    for (const Item& item : QueryAll(*db_, lsi).items) {
      EXPECT_EQ(item.at("l").s()[0], 'b');
      EXPECT_EQ(item.at("g").s(), "B");
      ++seen;
    }
  }
  writer.join();
  EXPECT_GT(seen, 0);
}

TEST(IndexReferenceRestartTest, ReferencesStayReadableAfterReopen) {
  testing::TempDir dir;
  Options options;
  options.data_dir = dir.path();
  std::vector<Item> expected;
  {
    auto db = std::move(Database::Open(options)).value();
    ASSERT_TRUE(db->CreateTable(kCall, TwinTable("tbl")).ok());
    for (int i = 0; i < 10; ++i) {
      ASSERT_TRUE(Put(*db, "tbl", MakeItem("p", i, "G", "l" + std::to_string(i), "v")).ok());
    }
    ASSERT_TRUE(Put(*db, "tbl", MakeItem("p", 3, "G", "z", "changed")).ok());
    expected = QueryAll(*db, IndexQuery("tbl", "byGCopy", "g = :g", {{":g", S("G")}})).items;
  }
  auto reopened = Database::Open(options);
  ASSERT_TRUE(reopened.ok()) << reopened.status().message();
  Database& db = **reopened;
  EXPECT_EQ(QueryAll(db, IndexQuery("tbl", "byG", "g = :g", {{":g", S("G")}})).items, expected);
  const auto lsi = QueryAll(
      db, IndexQuery("tbl", "byL", "pk = :p AND l = :l", {{":p", S("p")}, {":l", S("z")}}));
  ASSERT_EQ(lsi.items.size(), 1u);
  EXPECT_EQ(lsi.items[0].at("a").s(), "changed");
}

// The format key of a closed store, read or rewritten through Storage directly.
void SetFormat(const std::string& dir, std::optional<uint32_t> format) {
  engine::StorageConfig config;
  config.dir = dir;
  auto storage = engine::Storage::Open(config);
  ASSERT_TRUE(storage.ok()) << storage.status().message();
  engine::WriteBatch batch(**storage);
  if (format) {
    std::string value;
    PutFixed32BE(&value, *format);
    batch.Put(engine::Space::kMeta, engine::kFormatKey, value);
  } else {
    batch.Delete(engine::Space::kMeta, engine::kFormatKey);
  }
  ASSERT_TRUE((*storage)->Write(batch).ok());
}

std::optional<uint32_t> GetFormat(const std::string& dir) {
  engine::StorageConfig config;
  config.dir = dir;
  auto storage = std::move(engine::Storage::Open(config)).value();
  std::string value;
  bool found = false;
  EXPECT_TRUE(storage->Get(engine::Space::kMeta, engine::kFormatKey, &value, &found).ok());
  if (!found || value.size() != 4) return std::nullopt;
  return DecodeFixed32BE(value.data());
}

TEST(StorageFormatTest, NewStoresAreStampedAndOtherFormatsRefused) {
  testing::TempDir dir;
  Options options;
  options.data_dir = dir.path();
  { ASSERT_TRUE(Database::Open(options).ok()); }
  EXPECT_EQ(GetFormat(dir.path()), engine::kStorageFormat);
  {
    auto db = std::move(Database::Open(options)).value();
    ASSERT_TRUE(db->CreateTable(kCall, testing::HashTable("kept")).ok());
  }
  // A store of format 1 had no format key; its ALL entries are copies this version would misread.
  SetFormat(dir.path(), std::nullopt);
  auto old = Database::Open(options);
  ASSERT_FALSE(old.ok());
  EXPECT_EQ(old.status().code(), ErrorCode::kIOError);
  EXPECT_EQ(old.status().message(),
            "the data directory was written by an older Stator (storage format 1; this version "
            "reads storage format 2): export its tables with that version and import them into a "
            "new data directory");
  SetFormat(dir.path(), 3);
  auto newer = Database::Open(options);
  ASSERT_FALSE(newer.ok());
  EXPECT_EQ(newer.status().message(),
            "the data directory was written by a newer Stator (storage format 3; this version "
            "reads storage format 2)");
  SetFormat(dir.path(), 2);
  auto current = Database::Open(options);
  ASSERT_TRUE(current.ok()) << current.status().message();
  EXPECT_TRUE((*current)->DescribeTable(kCall, {"kept"}).ok());
}

TEST(StorageFormatTest, AStoreWithoutTablesIsStampedWhateverItsAge) {
  testing::TempDir dir;
  Options options;
  options.data_dir = dir.path();
  {
    auto db = std::move(Database::Open(options)).value();
    ASSERT_TRUE(db->CreateTable(kCall, testing::HashTable("gone")).ok());
    ASSERT_TRUE(db->DeleteTable(kCall, {"gone"}).ok());
  }
  SetFormat(dir.path(), std::nullopt);
  auto db = Database::Open(options);
  ASSERT_TRUE(db.ok()) << db.status().message();
  db->reset();
  EXPECT_EQ(GetFormat(dir.path()), engine::kStorageFormat);
}

}  // namespace
}  // namespace stator
