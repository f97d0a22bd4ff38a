// CacheOutcome: each read the cache sees says whether the cache answered it (kHit) or the
// database behind it did (kMiss), in both modes; a database without a cache says nothing.
#include <gtest/gtest.h>

#include <string>

#include "tests/cache/cache_test_util.h"

namespace stator::testing {
namespace {

using Mode = CacheOptions::Mode;

const CallOptions kCall;

class CacheOutcomeTest : public ::testing::TestWithParam<Mode> {
 protected:
  void SetUp() override {
    db_ = OpenCached(16 << 20, GetParam());
    ASSERT_TRUE(db_->CreateTable(kCall, HashTable("tbl")).ok());
    ASSERT_TRUE(db_->CreateTable(kCall, HashRangeTable("rng")).ok());
    ASSERT_TRUE(db_->PutItem(kCall, PutOf("tbl", {{"id", S("a")}, {"v", N("1")}})).ok());
    ASSERT_TRUE(db_->PutItem(kCall, PutOf("tbl", {{"id", S("b")}, {"v", N("2")}})).ok());
    ASSERT_TRUE(
        db_->PutItem(kCall, PutOf("rng", {{"pk", S("p")}, {"sk", N("1")}, {"v", N("3")}})).ok());
  }

  CacheOutcome Get(const std::string& id, bool consistent = false) {
    GetItemRequest r = GetOf("tbl", KeyOf(id));
    r.consistent_read = consistent;
    auto got = db_->GetItem(kCall, r);
    EXPECT_TRUE(got.ok()) << got.status().message();
    return got.ok() ? got->cache : CacheOutcome::kNone;
  }

  CacheOutcome GetShared(const std::string& id) {
    auto got = db_->GetItemShared(kCall, GetOf("tbl", KeyOf(id)));
    EXPECT_TRUE(got.ok()) << got.status().message();
    return got.ok() ? got->cache : CacheOutcome::kNone;
  }

  CacheOutcome GetFlat(const std::string& id) {
    auto got = db_->GetItemFlat(kCall, GetOf("tbl", KeyOf(id)));
    EXPECT_TRUE(got.ok()) << got.status().message();
    return got.ok() ? got->cache : CacheOutcome::kNone;
  }

  CacheOutcome BatchGet(std::initializer_list<std::string> ids) {
    BatchGetItemRequest r;
    for (const std::string& id : ids) r.request_items["tbl"].keys.push_back(KeyOf(id));
    auto got = db_->BatchGetItem(kCall, r);
    EXPECT_TRUE(got.ok()) << got.status().message();
    return got.ok() ? got->cache : CacheOutcome::kNone;
  }

  CacheOutcome Query(bool consistent = false) {
    QueryRequest r;
    r.table_name = "rng";
    r.key_condition_expression = "pk = :p";
    r.expression_attribute_values = {{":p", S("p")}};
    r.consistent_read = consistent;
    auto got = db_->Query(kCall, r);
    EXPECT_TRUE(got.ok()) << got.status().message();
    return got.ok() ? got->cache : CacheOutcome::kNone;
  }

  CacheOutcome Scan() {
    ScanRequest r;
    r.table_name = "tbl";
    auto got = db_->Scan(kCall, r);
    EXPECT_TRUE(got.ok()) << got.status().message();
    return got.ok() ? got->cache : CacheOutcome::kNone;
  }

  std::unique_ptr<Database> db_;
};

TEST_P(CacheOutcomeTest, AGetItemMissesOnceThenHits) {
  EXPECT_EQ(Get("a"), CacheOutcome::kMiss);
  EXPECT_EQ(Get("a"), CacheOutcome::kHit);
  EXPECT_EQ(GetShared("a"), CacheOutcome::kHit);
  EXPECT_EQ(GetShared("b"), CacheOutcome::kMiss);
  EXPECT_EQ(Get("b"), CacheOutcome::kHit);
  EXPECT_EQ(GetFlat("b"), CacheOutcome::kHit);
  EXPECT_EQ(GetFlat("nobody"), CacheOutcome::kMiss);
}

TEST_P(CacheOutcomeTest, AMissingItemIsCachedToo) {
  EXPECT_EQ(Get("nobody"), CacheOutcome::kMiss);
  EXPECT_EQ(Get("nobody"), CacheOutcome::kHit);
}

TEST_P(CacheOutcomeTest, AProjectedGetItemSharedHitsTheWholeItem) {
  EXPECT_EQ(Get("a"), CacheOutcome::kMiss);
  GetItemRequest r = GetOf("tbl", KeyOf("a"));
  r.projection_expression = "v";
  auto got = db_->GetItemShared(kCall, r);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->cache, CacheOutcome::kHit);
}

TEST_P(CacheOutcomeTest, AConsistentReadHitsOnlyWhenTheCacheIsCoherent) {
  EXPECT_EQ(Get("a"), CacheOutcome::kMiss);
  const CacheOutcome expected = GetParam() == Mode::kDax ? CacheOutcome::kMiss : CacheOutcome::kHit;
  EXPECT_EQ(Get("a", true), expected);
  EXPECT_EQ(Get("a", true), expected);
  EXPECT_EQ(Query(true), CacheOutcome::kMiss);  // not cached yet, in either mode
  EXPECT_EQ(Query(true), expected);
}

TEST_P(CacheOutcomeTest, ABatchGetItemHitsOnlyWhenEveryKeyDoes) {
  EXPECT_EQ(Get("a"), CacheOutcome::kMiss);
  EXPECT_EQ(BatchGet({"a", "b"}), CacheOutcome::kMiss);  // b was not cached
  EXPECT_EQ(BatchGet({"a", "b"}), CacheOutcome::kHit);   // the miss filled it
}

TEST_P(CacheOutcomeTest, QueryAndScanPagesMissOnceThenHit) {
  EXPECT_EQ(Query(), CacheOutcome::kMiss);
  EXPECT_EQ(Query(), CacheOutcome::kHit);
  EXPECT_EQ(Scan(), CacheOutcome::kMiss);
  EXPECT_EQ(Scan(), CacheOutcome::kHit);
}

TEST_P(CacheOutcomeTest, AReadByArnPassesThroughAsAMiss) {
  auto described = db_->DescribeTable(kCall, {"tbl"});
  ASSERT_TRUE(described.ok());
  GetItemRequest r = GetOf(described->table.table_arn, KeyOf("a"));
  for (int i = 0; i < 2; ++i) {
    auto got = db_->GetItem(kCall, r);
    ASSERT_TRUE(got.ok()) << got.status().message();
    EXPECT_EQ(got->cache, CacheOutcome::kMiss);
  }
}

INSTANTIATE_TEST_SUITE_P(Modes, CacheOutcomeTest, ::testing::Values(Mode::kCoherent, Mode::kDax),
                         [](const auto& info) {
                           return info.param == Mode::kDax ? std::string("Dax")
                                                           : std::string("Coherent");
                         });

TEST(CacheOutcomeWithoutCacheTest, TheEngineAloneSaysNothing) {
  auto db = OpenInMemory();
  ASSERT_TRUE(db->CreateTable(kCall, HashTable("tbl")).ok());
  ASSERT_TRUE(db->PutItem(kCall, PutOf("tbl", {{"id", S("a")}})).ok());
  for (int i = 0; i < 2; ++i) {
    auto got = db->GetItemShared(kCall, GetOf("tbl", KeyOf("a")));
    ASSERT_TRUE(got.ok());
    EXPECT_EQ(got->cache, CacheOutcome::kNone);
  }
}

}  // namespace
}  // namespace stator::testing
