// CallOptions::may_block false on a remote Database, bare and with the DAX-mode cache in front: a
// call that would reach the service answers kWouldBlock having sent nothing, and a cache hit
// answers as usual.
#include <gtest/gtest.h>

#include "tests/api/remote/remote_server.h"

namespace stator::remote {
namespace {

class RemoteMayBlockTest : public RemoteServerTest {
 protected:
  RemoteMayBlockTest() { at_once_.may_block = false; }
  CallOptions at_once_;
};

TEST_F(RemoteMayBlockTest, ACallThatMayNotWaitSendsNothing) {
  ASSERT_TRUE(remote_->CreateTable(call_, OrdersTable("quiet")).ok());
  PutItemRequest put;
  put.table_name = "quiet";
  put.item = {{"pk", S("k")}, {"sk", N("1")}};
  auto refused = remote_->PutItem(at_once_, put);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), ErrorCode::kWouldBlock);
  EXPECT_EQ(remote_->DescribeTable(at_once_, {"quiet"}).status().code(), ErrorCode::kWouldBlock);

  GetItemRequest get;
  get.table_name = "quiet";
  get.key = put.item;
  auto read = remote_->GetItem(call_, get);
  ASSERT_TRUE(read.ok()) << read.status().message();
  EXPECT_FALSE(read->item.has_value()) << "the refused PutItem reached the service";
  ASSERT_TRUE(remote_->DeleteTable(call_, {"quiet"}).ok());
}

TEST_F(RemoteMayBlockTest, TheCacheAnswersItsHitsAndCountsAMissOnce) {
  std::unique_ptr<Database> cached = OpenDaxCached();
  ASSERT_NE(cached, nullptr);
  ASSERT_TRUE(remote_->CreateTable(call_, OrdersTable("hits")).ok());
  PutItemRequest put;  // written past the cache, so the cache has not seen it
  put.table_name = "hits";
  put.item = {{"pk", S("k")}, {"sk", N("1")}, {"v", N("7")}};
  ASSERT_TRUE(remote_->PutItem(call_, put).ok());
  GetItemRequest get;
  get.table_name = "hits";
  get.key = {{"pk", S("k")}, {"sk", N("1")}};

  auto missed = cached->GetItem(at_once_, get);
  ASSERT_FALSE(missed.ok());
  EXPECT_EQ(missed.status().code(), ErrorCode::kWouldBlock);
  auto filled = cached->GetItem(call_, get);  // the same read, where it may wait
  ASSERT_TRUE(filled.ok() && filled->item) << filled.status().message();
  EXPECT_EQ(filled->cache, CacheOutcome::kMiss);
  auto hit = cached->GetItem(at_once_, get);
  ASSERT_TRUE(hit.ok() && hit->item) << hit.status().message();
  EXPECT_EQ(hit->cache, CacheOutcome::kHit);
  EXPECT_EQ(hit->item->at("v"), N("7"));

  QueryRequest query;
  query.table_name = "hits";
  query.key_condition_expression = "pk = :k";
  query.expression_attribute_values = {{":k", S("k")}};
  EXPECT_EQ(cached->Query(at_once_, query).status().code(), ErrorCode::kWouldBlock);
  ASSERT_TRUE(cached->Query(call_, query).ok());
  auto page = cached->Query(at_once_, query);
  ASSERT_TRUE(page.ok()) << page.status().message();
  EXPECT_EQ(page->cache, CacheOutcome::kHit);
  EXPECT_EQ(page->count, 1);

  // Writes go to the service: one that may not wait is refused and leaves the cache as it was.
  put.item["v"] = N("8");
  EXPECT_EQ(cached->PutItem(at_once_, put).status().code(), ErrorCode::kWouldBlock);
  auto unchanged = cached->GetItem(at_once_, get);
  ASSERT_TRUE(unchanged.ok() && unchanged->item);
  EXPECT_EQ(unchanged->item->at("v"), N("7"));

  const CacheStats stats = cached->GetCacheStats();
  ASSERT_EQ(stats.tables.size(), 1u);
  EXPECT_EQ(stats.tables[0].item_misses, 1u) << "the refused try is not a second miss";
  EXPECT_EQ(stats.tables[0].item_hits, 2u);
  EXPECT_EQ(stats.tables[0].query_misses, 1u);
  ASSERT_TRUE(remote_->DeleteTable(call_, {"hits"}).ok());
}

}  // namespace
}  // namespace stator::remote
