// Scan through the embedded Database: paging, segments disjoint and covering, filters and
// counts, parameter errors, and paging while another thread writes.
#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>

#include "engine/reads/read_request.h"
#include "engine/storage/key_codec.h"
#include "tests/engine/database_test_util.h"

namespace stator {
namespace {

using testing::HashTable;
using testing::OpenInMemory;

const CallOptions kCall;

class ScanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = OpenInMemory();
    ASSERT_TRUE(db_->CreateTable(kCall, HashTable("tbl")).ok());
  }

  void Put(const std::string& id, int n) {
    PutItemRequest r;
    r.table_name = "tbl";
    r.item = {{"id", AttributeValue::S(id)}, {"n", AttributeValue::N(std::to_string(n))}};
    ASSERT_TRUE(db_->PutItem(kCall, r).ok());
  }

  void Delete(const std::string& id) {
    DeleteItemRequest r;
    r.table_name = "tbl";
    r.key = {{"id", AttributeValue::S(id)}};
    ASSERT_TRUE(db_->DeleteItem(kCall, r).ok());
  }

  // Every id a paged scan of the segment returns, in order.
  std::vector<std::string> ScanAll(std::optional<int64_t> segment = std::nullopt,
                                   std::optional<int64_t> total = std::nullopt,
                                   int64_t page = 7) {
    std::vector<std::string> out;
    std::optional<Item> start;
    do {
      ScanRequest r;
      r.table_name = "tbl";
      r.limit = page;
      r.segment = segment;
      r.total_segments = total;
      r.exclusive_start_key = start;
      auto result = db_->Scan(kCall, r);
      EXPECT_TRUE(result.ok()) << result.status().message();
      if (!result.ok()) break;
      for (const Item& item : *result->items) out.push_back(item.at("id").s());
      start = result->last_evaluated_key;
    } while (start);
    return out;
  }

  std::unique_ptr<Database> db_;
};

TEST_F(ScanTest, PagedScanReturnsEveryItemOnce) {
  for (int i = 0; i < 100; ++i) Put(std::string("k").append(std::to_string(i)), i);
  auto ids = ScanAll();
  EXPECT_EQ(ids.size(), 100u);
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), 100u);
}

TEST_F(ScanTest, SegmentsAreDisjointAndCover) {
  for (int i = 0; i < 300; ++i) Put(std::string("k").append(std::to_string(i)), i);
  for (int64_t total : {1, 2, 3, 7, 64}) {
    std::multiset<std::string> seen;
    for (int64_t s = 0; s < total; ++s) {
      for (auto& id : ScanAll(s, total, 50)) seen.insert(id);
    }
    EXPECT_EQ(seen.size(), 300u) << total;
    EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), 300u) << total;
  }
}

TEST(ScanSegmentRangeTest, SlicesTileTheHashRing) {
  for (int64_t total : {2, 3, 1000, 1000000}) {
    auto [first_begin, first_end] = engine::ScanSegmentRange(7, 0, total);
    EXPECT_EQ(first_begin, engine::TablePrefix(7) + std::string(8, '\0'));
    auto previous_end = first_end;
    for (int64_t s : {int64_t{1}, total / 2, total - 1}) {
      auto [b, e] = engine::ScanSegmentRange(7, s, total);
      EXPECT_LT(b, e);
      if (s == 1) {
        EXPECT_EQ(b, previous_end);
      }
      if (s == total - 1) {
        EXPECT_EQ(e, engine::TablePrefix(8));
      }
    }
  }
}

TEST_F(ScanTest, FilterCountsAndSelectCount) {
  for (int i = 0; i < 20; ++i) Put(std::string("k").append(std::to_string(i)), i);
  ScanRequest r;
  r.table_name = "tbl";
  r.filter_expression = "n < :five";
  r.expression_attribute_values = {{":five", AttributeValue::N("5")}};
  r.select = Select::kCount;
  auto result = db_->Scan(kCall, r);
  ASSERT_TRUE(result.ok()) << result.status().message();
  EXPECT_EQ(result->count, 5);
  EXPECT_EQ(result->scanned_count, 20);
  EXPECT_FALSE(result->items.has_value());
  ScanRequest legacy;
  legacy.table_name = "tbl";
  legacy.scan_filter = ConditionMap{{"n", {ComparisonOperator::kGE, {AttributeValue::N("18")}}}};
  result = db_->Scan(kCall, legacy);
  ASSERT_TRUE(result.ok()) << result.status().message();
  EXPECT_EQ(result->count, 2);
}

TEST_F(ScanTest, ParameterErrors) {
  ScanRequest r;
  r.table_name = "tbl";
  r.segment = 0;
  EXPECT_STATUS(db_->Scan(kCall, r), ErrorCode::kValidation,
                "The TotalSegments parameter is required but was not present in the request "
                "when Segment parameter is present");
  r.segment.reset();
  r.total_segments = 4;
  EXPECT_STATUS(db_->Scan(kCall, r), ErrorCode::kValidation,
                "The Segment parameter is required but was not present in the request when "
                "parameter TotalSegments is present");
  r.segment = 5;
  r.total_segments = 5;
  EXPECT_STATUS(db_->Scan(kCall, r), ErrorCode::kValidation,
                "The Segment parameter is zero-based and must be less than parameter "
                "TotalSegments: Segment: 5 is not less than TotalSegments: 5");
  r.segment = 0;
  r.total_segments = 1000001;
  r.limit = 0;
  EXPECT_STATUS(db_->Scan(kCall, r), ErrorCode::kValidation,
                "2 validation errors detected: Value '0' at 'limit' failed to satisfy "
                "constraint: Member must have value greater than or equal to 1; Value '1000001' "
                "at 'totalSegments' failed to satisfy constraint: Member must have value less "
                "than or equal to 1000000");
  for (int i = 0; i < 20; ++i) Put(std::string("k").append(std::to_string(i)), i);
  ScanRequest first;
  first.table_name = "tbl";
  first.segment = 0;
  first.total_segments = 2;
  first.limit = 1;
  auto page = db_->Scan(kCall, first);
  ASSERT_TRUE(page.ok() && page->last_evaluated_key.has_value());
  first.segment = 1;
  first.exclusive_start_key = page->last_evaluated_key;
  EXPECT_STATUS(db_->Scan(kCall, first), ErrorCode::kValidation,
                "The provided Exclusive start key does not map to the provided Segment and "
                "TotalSegments values.");
  ScanRequest bad_start;
  bad_start.table_name = "tbl";
  bad_start.exclusive_start_key = Item{{"other", AttributeValue::S("x")}};
  EXPECT_STATUS(db_->Scan(kCall, bad_start), ErrorCode::kValidation,
                "The provided starting key is invalid");
}

// A client paging through the table while another inserts and deletes sees every item that
// existed for the whole scan exactly once.
TEST_F(ScanTest, ConcurrentWriterPagingSeesStableItemsExactlyOnce) {
  for (int i = 0; i < 500; ++i) Put("stable" + std::to_string(i), i);
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    for (int i = 0; !stop.load(); ++i) {
      Put("churn" + std::to_string(i % 200), i);
      if (i % 3 == 0) Delete("churn" + std::to_string((i / 3) % 200));
    }
  });
  for (int round = 0; round < 3; ++round) {
    std::multiset<std::string> stable;
    for (auto& id : ScanAll(std::nullopt, std::nullopt, 9)) {
      if (id.rfind("stable", 0) == 0) stable.insert(id);
    }
    EXPECT_EQ(stable.size(), 500u);
    EXPECT_EQ(std::set<std::string>(stable.begin(), stable.end()).size(), 500u);
  }
  stop = true;
  writer.join();
}

}  // namespace
}  // namespace stator
