// The no-stale-fill rule, step by step: a reader that missed and was overtaken by a write (or a
// table change) told through the feed must not cache what it read.
#include <gtest/gtest.h>

#include "cache/item_cache.h"
#include "cache/query_cache.h"

namespace stator::cache {
namespace {

const Item kKey{{"id", AttributeValue::S("a")}};
const TableRef kTable{"", "tbl", 1};

std::shared_ptr<const CachedItem> Version(const std::string& v) {
  auto out = std::make_shared<CachedItem>();
  out->exists = true;
  out->item = Item{{"id", AttributeValue::S("a")}, {"v", AttributeValue::S(v)}};
  out->size = 10;
  return out;
}

class FillRaceTest : public ::testing::Test {
 protected:
  TableCountersRegistry registry_;
  ItemCache items_{ItemCache::Config{1 << 20}};
  QueryCache queries_{QueryCache::Config{1 << 20}};
  TableCounters* counters_ = registry_.For("", "tbl");
};

TEST_F(FillRaceTest, UnchangedKeyIsFilled) {
  ItemKey key;
  ItemCache::MakeKey("", "tbl", kKey, &key);
  FillTicket ticket;
  ASSERT_EQ(items_.Get(key, &ticket), nullptr);
  items_.Fill(key, ticket, Version("1"), counters_);
  auto hit = items_.Get(key, &ticket);
  ASSERT_NE(hit, nullptr);
  EXPECT_EQ(hit->item.at("v").s(), "1");
}

TEST_F(FillRaceTest, WriteBetweenReadAndFillWins) {
  ItemKey key;
  ItemCache::MakeKey("", "tbl", kKey, &key);
  FillTicket ticket;
  ASSERT_EQ(items_.Get(key, &ticket), nullptr);
  // The reader has read v1 from the engine; now v2 is written and told.
  const Item v2{{"id", AttributeValue::S("a")}, {"v", AttributeValue::S("2")}};
  const ItemChange change{&kKey, &v2};
  items_.Apply(kTable, {&change, 1});
  items_.Fill(key, ticket, Version("1"), counters_);
  FillTicket again;
  EXPECT_EQ(items_.Get(key, &again), nullptr);  // v1 was not cached
}

TEST_F(FillRaceTest, WriteAfterFillReplacesTheEntry) {
  ItemKey key;
  ItemCache::MakeKey("", "tbl", kKey, &key);
  FillTicket ticket;
  ASSERT_EQ(items_.Get(key, &ticket), nullptr);
  items_.Fill(key, ticket, Version("1"), counters_);
  const ItemChange deleted{&kKey, nullptr};
  items_.Apply(kTable, {&deleted, 1});
  auto hit = items_.Get(key, &ticket);
  ASSERT_NE(hit, nullptr);
  EXPECT_FALSE(hit->exists);
}

TEST_F(FillRaceTest, TableDropBetweenReadAndFillWins) {
  ItemKey key;
  ItemCache::MakeKey("", "tbl", kKey, &key);
  FillTicket ticket;
  ASSERT_EQ(items_.Get(key, &ticket), nullptr);
  items_.DropTable("", "tbl");
  items_.Fill(key, ticket, Version("1"), counters_);
  EXPECT_EQ(items_.Get(key, &ticket), nullptr);
}

TEST_F(FillRaceTest, PageOvertakenByAWriteToItsPartitionIsDeadOnArrival) {
  const AttributeValue partition = AttributeValue::S("a");
  PageDependency d = queries_.Depend("", "tbl", "id", &partition);
  const ItemChange change{&kKey, &kKey};
  queries_.Apply(kTable, {&change, 1});
  queries_.Fill("page", d, std::make_shared<const ReadResponse>(), counters_);
  EXPECT_EQ(queries_.Get("page"), nullptr);

  d = queries_.Depend("", "tbl", "id", &partition);
  queries_.Fill("page", d, std::make_shared<const ReadResponse>(), counters_);
  EXPECT_NE(queries_.Get("page"), nullptr);
  const Item other{{"id", AttributeValue::S("b")}};
  const ItemChange elsewhere{&other, &other};
  queries_.Apply(kTable, {&elsewhere, 1});
  EXPECT_NE(queries_.Get("page"), nullptr);  // another partition: still valid
  queries_.Apply(kTable, {&change, 1});
  EXPECT_EQ(queries_.Get("page"), nullptr);
}

TEST_F(FillRaceTest, ScanPageDependsOnTheWholeTable) {
  const PageDependency d = queries_.Depend("", "tbl", {}, nullptr);
  queries_.Fill("scan", d, std::make_shared<const ReadResponse>(), counters_);
  EXPECT_NE(queries_.Get("scan"), nullptr);
  const Item other{{"id", AttributeValue::S("b")}};
  const ItemChange change{&other, nullptr};
  queries_.Apply(kTable, {&change, 1});
  EXPECT_EQ(queries_.Get("scan"), nullptr);
}

}  // namespace
}  // namespace stator::cache
