// The coherence promise under concurrency: writer threads write increasing values to a small
// set of keys (each key owned by one writer, so its values are serialised) and publish each
// value once its write has returned; reader threads check that what they read is at least the
// value published when their read began. Writes go through every write path (PutItem,
// UpdateItem, BatchWriteItem, TransactWriteItems); reads through GetItem, GetItemShared,
// GetItemFlat, BatchGetItem, and Query.
#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "tests/cache/cache_test_util.h"

namespace stator {
namespace {

using testing::HashRangeTable;

const CallOptions kCall;
constexpr int kKeys = 6;
constexpr int kWriters = 3;
constexpr int kReaders = 3;
constexpr int kWritesPerWriter = 1500;

Item KeyOf(int k) {
  return Item{{"pk", AttributeValue::S("p")}, {"sk", AttributeValue::N(std::to_string(k))}};
}

int64_t ValueIn(const Item& item) { return std::stoll(item.at("v").s()); }

class Coherence {
 public:
  explicit Coherence(Database& db) : db_(db) {
    for (auto& a : acked_) a.store(0);
  }

  // Writes 1, 2, ... to the writer's keys through a different path each time.
  void Write(int writer) {
    for (int64_t n = 1; n <= kWritesPerWriter; ++n) {
      for (int k = writer; k < kKeys; k += kWriters) {
        ASSERT_TRUE(WriteOnce(k, n, static_cast<int>(n % 4)).ok());
        acked_[k].store(n, std::memory_order_release);
      }
    }
  }

  // Reads until the writers are done; counts reads older than the acknowledged value.
  void Read(int reader, const std::atomic<bool>& done) {
    uint64_t i = reader;
    while (!done.load(std::memory_order_acquire)) {
      const int k = static_cast<int>(i++ % kKeys);
      switch (i % 5) {
        case 0: CheckGet(k); break;
        case 1: CheckShared(k); break;
        case 2: CheckBatch(k); break;
        case 3: CheckFlat(k); break;
        default: CheckQuery(); break;
      }
    }
  }

  std::atomic<int> stale{0};
  std::atomic<int> reads{0};

 private:
  Status WriteOnce(int k, int64_t n, int path) {
    Item item = KeyOf(k);
    item["v"] = AttributeValue::N(std::to_string(n));
    PutItemRequest put;
    put.table_name = "coh";
    put.item = item;
    switch (path) {
      case 0: return db_.PutItem(kCall, put).status();
      case 1: {
        UpdateItemRequest u;
        u.table_name = "coh";
        u.key = KeyOf(k);
        u.update_expression = "SET v = :v";
        u.expression_attribute_values = Item{{":v", AttributeValue::N(std::to_string(n))}};
        return db_.UpdateItem(kCall, u).status();
      }
      case 2: {
        BatchWriteItemRequest b;
        b.request_items["coh"].push_back({item, std::nullopt});
        return db_.BatchWriteItem(kCall, b).status();
      }
      default: {
        TransactWriteItemsRequest t;
        t.transact_items.push_back(put);
        return db_.TransactWriteItems(kCall, t).status();
      }
    }
  }

  void Check(int64_t floor, const Item* item) {
    reads.fetch_add(1, std::memory_order_relaxed);
    const int64_t seen = item ? ValueIn(*item) : 0;
    if (seen < floor) stale.fetch_add(1);
  }

  static GetItemRequest GetOf(int k, bool consistent = false) {
    GetItemRequest g;
    g.table_name = "coh";
    g.key = KeyOf(k);
    g.consistent_read = consistent;
    return g;
  }

  void CheckGet(int k) {
    const int64_t floor = acked_[k].load(std::memory_order_acquire);
    auto r = db_.GetItem(kCall, GetOf(k));
    ASSERT_TRUE(r.ok());
    Check(floor, r->item ? &*r->item : nullptr);
  }

  void CheckShared(int k) {
    const int64_t floor = acked_[k].load(std::memory_order_acquire);
    auto r = db_.GetItemShared(kCall, GetOf(k, true));
    ASSERT_TRUE(r.ok());
    Check(floor, r->item.get());
  }

  void CheckFlat(int k) {
    const int64_t floor = acked_[k].load(std::memory_order_acquire);
    auto r = db_.GetItemFlat(kCall, GetOf(k));
    ASSERT_TRUE(r.ok());
    const std::optional<Item> item =
        r->item ? std::optional<Item>(r->item->ToItem()) : std::nullopt;
    Check(floor, item ? &*item : nullptr);
  }

  void CheckBatch(int k) {
    const int other = (k + 1) % kKeys;
    const int64_t floor = acked_[k].load(std::memory_order_acquire);
    const int64_t other_floor = acked_[other].load(std::memory_order_acquire);
    BatchGetItemRequest b;
    b.request_items["coh"].keys = {KeyOf(k), KeyOf(other)};
    auto r = db_.BatchGetItem(kCall, b);
    ASSERT_TRUE(r.ok());
    const Item* mine = nullptr;
    const Item* theirs = nullptr;
    for (const Item& item : r->responses["coh"]) {
      (item.at("sk").s() == std::to_string(k) ? mine : theirs) = &item;
    }
    Check(floor, mine);
    Check(other_floor, theirs);
  }

  void CheckQuery() {
    std::array<int64_t, kKeys> floors;
    for (int k = 0; k < kKeys; ++k) floors[k] = acked_[k].load(std::memory_order_acquire);
    QueryRequest q;
    q.table_name = "coh";
    q.key_condition_expression = "pk = :p";
    q.expression_attribute_values = Item{{":p", AttributeValue::S("p")}};
    auto r = db_.Query(kCall, q);
    ASSERT_TRUE(r.ok());
    std::array<const Item*, kKeys> found{};
    for (const Item& item : *r->items) found[std::stoi(item.at("sk").s())] = &item;
    for (int k = 0; k < kKeys; ++k) Check(floors[k], found[k]);
  }

  Database& db_;
  std::array<std::atomic<int64_t>, kKeys> acked_;
};

void RunCoherence(size_t cache_bytes) {
  auto db = testing::OpenCached(cache_bytes);
  ASSERT_TRUE(db->CreateTable(kCall, HashRangeTable("coh")).ok());
  Coherence c(*db);
  std::atomic<bool> done{false};
  std::vector<std::thread> readers;
  for (int i = 0; i < kReaders; ++i) readers.emplace_back([&, i] { c.Read(i, done); });
  std::vector<std::thread> writers;
  for (int i = 0; i < kWriters; ++i) writers.emplace_back([&, i] { c.Write(i); });
  for (auto& t : writers) t.join();
  done.store(true);
  for (auto& t : readers) t.join();
  EXPECT_EQ(c.stale.load(), 0) << "of " << c.reads.load() << " reads";
  EXPECT_GT(c.reads.load(), 1000);
  const CacheTableStats stats = testing::StatsOf(*db, "coh");
  EXPECT_GT(stats.item_hits + stats.query_hits, 0u);
}

TEST(CoherenceTest, EveryReadIsAtLeastTheLastAcknowledgedWrite) { RunCoherence(64 << 20); }

// A cache too small for the keys: fills and evictions race with the feed as well.
TEST(CoherenceTest, HoldsUnderEviction) { RunCoherence(16 << 10); }

}  // namespace
}  // namespace stator
