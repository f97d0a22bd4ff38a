// Writes take the old item (its size, or the whole item) from the cache when it is cached
// (ChangeListener::LookupItem) instead of reading storage. The table's statistics are built from
// those sizes and updates from those items, so both stay exact only if every cached entry a
// writer finds is the item's current version: writers and readers race on a few keys (readers
// filling the cache, positive and negative entries; a small cache evicting them; dax entries
// expiring), and at the end
// DescribeTable's ItemCount and TableSizeBytes must equal a recount of the table by Scan, and a
// counter every writer increments must hold every increment.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <thread>
#include <vector>

#include "engine/model/item_validation.h"
#include "tests/cache/cache_test_util.h"

namespace stator {
namespace {

using testing::HashTable;
using testing::KeyOf;

const CallOptions kCall;
constexpr int kKeys = 12;
constexpr int kWriters = 3;
constexpr int kWritesPerWriter = 2000;

Item ItemOf(int key, size_t padding) {
  Item item = KeyOf(std::string("k").append(std::to_string(key)));
  item["pad"] = AttributeValue::S(std::string(padding + 1, 'x'));
  return item;
}

// Adds one to the item "counter": an update that starts from the old item, which it takes from
// the cache when cached, so a stale entry would lose increments.
void Increment(Database& db) {
  UpdateItemRequest u;
  u.table_name = "stats";
  u.key = KeyOf("counter");
  u.update_expression = "ADD n :one";
  u.expression_attribute_values = Item{{":one", AttributeValue::N("1")}};
  ASSERT_TRUE(db.UpdateItem(kCall, u).ok());
}

// One write of a random kind: put, delete, batch put or delete, update, conditional put.
void WriteOnce(Database& db, std::mt19937& rng) {
  const int key = static_cast<int>(rng() % kKeys);
  const size_t padding = rng() % 3000;
  const Item id = KeyOf(std::string("k").append(std::to_string(key)));
  switch (rng() % 5) {
    case 0:
      ASSERT_TRUE(db.PutItem(kCall, testing::PutOf("stats", ItemOf(key, padding))).ok());
      break;
    case 1: {
      DeleteItemRequest d;
      d.table_name = "stats";
      d.key = id;
      ASSERT_TRUE(db.DeleteItem(kCall, d).ok());
      break;
    }
    case 2: {
      BatchWriteItemRequest b;
      if (rng() % 2 == 0) {
        b.request_items["stats"].push_back({ItemOf(key, padding), std::nullopt});
      } else {
        b.request_items["stats"].push_back({std::nullopt, id});
      }
      ASSERT_TRUE(db.BatchWriteItem(kCall, b).ok());
      break;
    }
    case 3: {
      UpdateItemRequest u;
      u.table_name = "stats";
      u.key = id;
      u.update_expression = "SET #p = :p";  // PAD is a reserved word
      u.expression_attribute_names = {{"#p", "pad"}};
      u.expression_attribute_values =
          Item{{":p", AttributeValue::S(std::string(padding + 1, 'u'))}};
      auto updated = db.UpdateItem(kCall, u);
      ASSERT_TRUE(updated.ok()) << updated.status().message();
      break;
    }
    default: {
      PutItemRequest p = testing::PutOf("stats", ItemOf(key, padding));
      p.condition_expression = "attribute_exists(id)";
      auto put = db.PutItem(kCall, p);
      ASSERT_TRUE(put.ok() || put.status().code() == ErrorCode::kConditionalCheckFailed)
          << put.status().message();
      break;
    }
  }
}

std::unique_ptr<Database> OpenDax(int64_t item_ttl_ms) {
  Options options;
  options.in_memory = true;
  options.cache.size_bytes = 64 << 20;
  options.cache.mode = CacheOptions::Mode::kDax;
  options.cache.item_ttl_ms = item_ttl_ms;
  return std::move(Database::Open(options)).value();
}

void RunStatistics(std::unique_ptr<Database> db) {
  ASSERT_TRUE(db->CreateTable(kCall, HashTable("stats")).ok());
  std::atomic<bool> done{false};
  std::thread reader([&] {
    std::mt19937 rng(99);
    while (!done.load(std::memory_order_acquire)) {
      GetItemRequest g;
      g.table_name = "stats";
      const uint32_t k = rng() % (kKeys + 1);
      g.key = KeyOf(k == kKeys ? std::string("counter")
                               : std::string("k").append(std::to_string(k)));
      ASSERT_TRUE(db->GetItem(kCall, g).ok());
    }
  });
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      std::mt19937 rng(static_cast<unsigned>(w));
      for (int i = 0; i < kWritesPerWriter; ++i) {
        WriteOnce(*db, rng);
        if (i % 4 == 0) Increment(*db);
      }
    });
  }
  for (auto& t : writers) t.join();
  done.store(true, std::memory_order_release);
  reader.join();

  ScanRequest scan;
  scan.table_name = "stats";
  auto items = db->Scan(kCall, scan);
  ASSERT_TRUE(items.ok());
  int64_t count = 0, bytes = 0;
  for (const Item& item : *items->items) {
    ++count;
    bytes += ItemSize(item);
  }
  DescribeTableRequest describe;
  describe.table_name = "stats";
  auto table = db->DescribeTable(kCall, describe);
  ASSERT_TRUE(table.ok());
  EXPECT_EQ(table->table.item_count, count);
  EXPECT_EQ(table->table.table_size_bytes, bytes);
  GetItemRequest counter;
  counter.table_name = "stats";
  counter.key = KeyOf("counter");
  counter.consistent_read = true;
  auto read = db->GetItem(kCall, counter);
  ASSERT_TRUE(read.ok() && read->item);
  EXPECT_EQ(read->item->at("n").s(), std::to_string(kWriters * kWritesPerWriter / 4));
  const CacheTableStats stats = testing::StatsOf(*db, "stats");
  EXPECT_GT(stats.item_hits, 0u);  // the cache held items the writers could find
}

TEST(WriteLookupTest, StatisticsStayExactWhenWritersTakeOldSizesFromTheCache) {
  RunStatistics(testing::OpenCached(64 << 20));
}

TEST(WriteLookupTest, StatisticsStayExactUnderEviction) {
  RunStatistics(testing::OpenCached(16 << 10));
}

// In dax mode entries expire after their TTL but stay until replaced or evicted, and the feed
// replaces expired ones too: a writer may take an expired entry's size.
TEST(WriteLookupTest, StatisticsStayExactWithExpiringDaxEntries) { RunStatistics(OpenDax(1)); }

}  // namespace
}  // namespace stator
