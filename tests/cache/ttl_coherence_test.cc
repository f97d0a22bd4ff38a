// Time to live behind the coherent cache, on a movable clock the scheduler follows: a GetItem
// answered from the cache stops returning an item once the sweeper deleted it, without the test
// running the background work itself (the clock's jump wakes the scheduler's worker).
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "tests/cache/cache_test_util.h"

namespace stator::testing {
namespace {

TEST(TtlCoherenceTest, ACachedItemIsGoneOnceTheSweeperDeletedIt) {
  auto clock = std::make_shared<MovableClock>();
  Options options;
  options.in_memory = true;
  options.clock = clock;
  options.cache.size_bytes = 16 << 20;
  options.ttl_sweep_interval_ms = 60'000;  // far longer than the test, unless the clock moves
  auto opened = Database::Open(options);
  ASSERT_TRUE(opened.ok()) << opened.status().message();
  std::unique_ptr<Database> db = std::move(opened).value();
  CallOptions call;
  ASSERT_TRUE(db->CreateTable(call, HashTable("tbl")).ok());
  ASSERT_TRUE(db->UpdateTimeToLive(call, {"tbl", {true, "exp"}}).ok());
  const int64_t now_seconds = clock->NowMicros() / 1'000'000;
  ASSERT_TRUE(db->PutItem(call, PutOf("tbl", {{"id", S("a")},
                                              {"exp", N(std::to_string(now_seconds + 10))}}))
                  .ok());
  const uint64_t hits_before = StatsOf(*db, "tbl").item_hits;
  for (int i = 0; i < 2; ++i) {
    auto got = db->GetItem(call, GetOf("tbl", KeyOf("a")));
    ASSERT_TRUE(got.ok());
    ASSERT_TRUE(got->item.has_value());
  }
  EXPECT_GT(StatsOf(*db, "tbl").item_hits, hits_before);  // now answered by the cache

  clock->Advance(120LL * 1'000'000);  // past the expiry and the sweeper's rest
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  bool gone = false;
  while (!gone && std::chrono::steady_clock::now() < deadline) {
    auto got = db->GetItem(call, GetOf("tbl", KeyOf("a")));
    ASSERT_TRUE(got.ok());
    gone = !got->item.has_value();
    if (!gone) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_TRUE(gone);
}

}  // namespace
}  // namespace stator::testing
