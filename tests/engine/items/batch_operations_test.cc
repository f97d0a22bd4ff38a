// Database-level tests of BatchGetItem and BatchWriteItem.
#include <gtest/gtest.h>

#include "tests/engine/database_test_util.h"

namespace stator {
namespace {

using testing::HashTable;
using testing::OpenInMemory;

const CallOptions kCall;

Item Key(int i) { return Item{{"id", AttributeValue::S("k" + std::to_string(i))}}; }

class BatchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = OpenInMemory();
    ASSERT_TRUE(db_->CreateTable(kCall, HashTable("tta")).ok());
    ASSERT_TRUE(db_->CreateTable(kCall, HashTable("ttb")).ok());
  }
  std::unique_ptr<Database> db_;
};

TEST_F(BatchTest, WritesThenReadsAcrossTables) {
  BatchWriteItemRequest w;
  for (int i = 0; i < 10; ++i) w.request_items["tta"].push_back({Key(i), std::nullopt});
  w.request_items["ttb"].push_back({Key(1), std::nullopt});
  w.return_consumed_capacity = ReturnConsumedCapacity::kTotal;
  auto written = db_->BatchWriteItem(kCall, w);
  ASSERT_TRUE(written.ok()) << written.status().message();
  EXPECT_TRUE(written->unprocessed_items.empty());
  ASSERT_EQ(written->consumed_capacity.size(), 2u);
  EXPECT_EQ(written->consumed_capacity[0].capacity_units, 10.0);

  BatchWriteItemRequest del;
  del.request_items["tta"].push_back({std::nullopt, Key(0)});
  ASSERT_TRUE(db_->BatchWriteItem(kCall, del).ok());

  BatchGetItemRequest g;
  for (int i = 0; i < 12; ++i) g.request_items["tta"].keys.push_back(Key(i));
  g.request_items["ttb"].keys.push_back(Key(1));
  g.request_items["ttb"].projection_expression = "id";
  auto read = db_->BatchGetItem(kCall, g);
  ASSERT_TRUE(read.ok()) << read.status().message();
  EXPECT_EQ(read->responses["tta"].size(), 9u);  // k1..k9
  EXPECT_EQ(read->responses["ttb"].size(), 1u);
  EXPECT_TRUE(read->unprocessed_keys.empty());
}

TEST_F(BatchTest, RefusesDuplicatesAndOverLimits) {
  BatchWriteItemRequest w;
  w.request_items["tta"].push_back({Key(1), std::nullopt});
  w.request_items["tta"].push_back({std::nullopt, Key(1)});
  auto dup = db_->BatchWriteItem(kCall, w);
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.status().message(), "Provided list of item keys contains duplicates");

  BatchWriteItemRequest many;
  for (int i = 0; i < 20; ++i) many.request_items["tta"].push_back({Key(i), std::nullopt});
  for (int i = 0; i < 6; ++i) many.request_items["ttb"].push_back({Key(i), std::nullopt});
  auto too_many = db_->BatchWriteItem(kCall, many);
  ASSERT_FALSE(too_many.ok());
  EXPECT_EQ(too_many.status().message(), "Too many items requested for the BatchWriteItem call");

  BatchGetItemRequest g;
  g.request_items["tta"].keys = {Key(1), Key(1)};
  auto get_dup = db_->BatchGetItem(kCall, g);
  ASSERT_FALSE(get_dup.ok());
  EXPECT_EQ(get_dup.status().message(), "Provided list of item keys contains duplicates");

  EXPECT_EQ(db_->BatchGetItem(kCall, BatchGetItemRequest{}).status().message(),
            "The requestItems parameter is required for BatchGetItem");
}

// ProjectionExpression and AttributesToGet are not mixed, in one table's entry or across two.
TEST_F(BatchTest, RefusesMixedProjections) {
  const std::string kMixed =
      "Can not use both expression and non-expression parameters in the same request: "
      "Non-expression parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}";
  BatchGetItemRequest one;
  one.request_items["tta"].keys = {Key(1)};
  one.request_items["tta"].attributes_to_get = std::vector<std::string>{"id"};
  one.request_items["tta"].projection_expression = "id";
  EXPECT_STATUS(db_->BatchGetItem(kCall, one), ErrorCode::kValidation, kMixed);

  BatchGetItemRequest two;
  two.request_items["tta"].keys = {Key(1)};
  two.request_items["tta"].projection_expression = "id";
  two.request_items["ttb"].keys = {Key(1)};
  two.request_items["ttb"].attributes_to_get = std::vector<std::string>{"id"};
  EXPECT_STATUS(db_->BatchGetItem(kCall, two), ErrorCode::kValidation, kMixed);

  // Each kind alone, in each table, is fine.
  two.request_items["ttb"].attributes_to_get.reset();
  two.request_items["ttb"].projection_expression = "id";
  EXPECT_TRUE(db_->BatchGetItem(kCall, two).ok());
}

TEST_F(BatchTest, ValidatesEverythingBeforeWritingAnything) {
  BatchWriteItemRequest w;
  w.request_items["tta"].push_back({Key(1), std::nullopt});
  w.request_items["ttb"].push_back({Item{{"id", AttributeValue::N("1")}}, std::nullopt});
  auto result = db_->BatchWriteItem(kCall, w);
  ASSERT_FALSE(result.ok());
  GetItemRequest g;
  g.table_name = "tta";
  g.key = Key(1);
  EXPECT_FALSE(db_->GetItem(kCall, g)->item);
}

TEST_F(BatchTest, LeavesKeysUnprocessedPastSixteenMegabytes) {
  // 50 items of ~390 KB: about 19 MB, more than one response may carry.
  for (int i = 0; i < 50; ++i) {
    PutItemRequest p;
    p.table_name = "tta";
    p.item = Key(i);
    p.item["big"] = AttributeValue::S(std::string(390 * 1024, 'x'));
    ASSERT_TRUE(db_->PutItem(kCall, p).ok());
  }
  BatchGetItemRequest g;
  for (int i = 0; i < 50; ++i) g.request_items["tta"].keys.push_back(Key(i));
  auto read = db_->BatchGetItem(kCall, g);
  ASSERT_TRUE(read.ok()) << read.status().message();
  const size_t got = read->responses["tta"].size();
  ASSERT_LT(got, 50u);
  EXPECT_EQ(got + read->unprocessed_keys["tta"].keys.size(), 50u);
}

}  // namespace
}  // namespace stator
