// ForwardingDatabase (include/stator/forwarding_database.h): a layer deriving from it changes
// only what it overrides; every other call reaches the wrapped database unchanged.
#include "stator/forwarding_database.h"

#include <gtest/gtest.h>

#include "tests/cache/cache_test_util.h"

namespace stator::testing {
namespace {

const CallOptions kCall;

// A layer that counts PutItem calls and changes nothing else.
class CountingPuts final : public ForwardingDatabase {
 public:
  using ForwardingDatabase::ForwardingDatabase;
  Result<PutItemResponse> PutItem(const CallOptions& c, const PutItemRequest& r) override {
    ++puts;
    return ForwardingDatabase::PutItem(c, r);
  }
  int puts = 0;
};

TEST(ForwardingDatabaseTest, OverridesOneCallAndForwardsEveryOther) {
  CountingPuts db(OpenInMemory());
  ASSERT_TRUE(db.CreateTable(kCall, HashTable("items")).ok());
  ASSERT_TRUE(db.PutItem(kCall, PutOf("items", {{"id", S("a")}, {"v", N("1")}})).ok());
  EXPECT_EQ(db.puts, 1);

  auto got = db.GetItem(kCall, GetOf("items", KeyOf("a")));
  ASSERT_TRUE(got.ok());
  ASSERT_TRUE(got->item.has_value());
  EXPECT_EQ(got->item->at("v"), N("1"));

  ScanRequest scan;
  scan.table_name = "items";
  auto scanned = db.Scan(kCall, scan);
  ASSERT_TRUE(scanned.ok());
  EXPECT_EQ(scanned->count, 1);

  DescribeTableRequest describe;
  describe.table_name = "items";
  auto described = db.DescribeTable(kCall, describe);
  ASSERT_TRUE(described.ok());
  EXPECT_EQ(described->table.item_count, 1);

  // Errors pass through unchanged too.
  auto missing = db.GetItem(kCall, GetOf("nope", KeyOf("a")));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), ErrorCode::kResourceNotFound);
}

TEST(ForwardingDatabaseTest, ForwardsTheCacheStatisticsOfTheWrappedDatabase) {
  CountingPuts cached(OpenCached());
  EXPECT_TRUE(cached.GetCacheStats().enabled);
  CountingPuts uncached(OpenInMemory());
  EXPECT_FALSE(uncached.GetCacheStats().enabled);
}

}  // namespace
}  // namespace stator::testing
