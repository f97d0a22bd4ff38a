#include <gtest/gtest.h>

#include <thread>

#include "tests/engine/database_test_util.h"

namespace stator {
namespace {

using testing::HashRangeTable;
using testing::HashTable;
using testing::OpenInMemory;

const CallOptions kCall;

class ItemOperationsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = OpenInMemory();
    ASSERT_TRUE(db_->CreateTable(kCall, HashTable("items")).ok());
    ASSERT_TRUE(db_->CreateTable(kCall, HashRangeTable("ranged")).ok());
  }

  Status Put(Item item, const std::string& table = "items") {
    PutItemRequest r;
    r.table_name = table;
    r.item = std::move(item);
    auto result = db_->PutItem(kCall, r);
    return result.ok() ? Status::OK() : result.status();
  }

  std::optional<Item> Get(Item key, const std::string& table = "items") {
    GetItemRequest r;
    r.table_name = table;
    r.key = std::move(key);
    auto result = db_->GetItem(kCall, r);
    EXPECT_TRUE(result.ok()) << result.status().message();
    return result.ok() ? result->item : std::nullopt;
  }

  static Item Key(const std::string& id) { return {{"id", AttributeValue::S(id)}}; }

  std::unique_ptr<Database> db_;
};

TEST_F(ItemOperationsTest, PutThenGetReturnsTheItemWithNormalisedNumbers) {
  ASSERT_TRUE(Put({{"id", AttributeValue::S("a")},
                   {"n", AttributeValue::N("01.50")},
                   {"ns", AttributeValue::NS({"1E2", "-0.0"})},
                   {"empty", AttributeValue::S("")}})
                  .ok());
  auto item = Get(Key("a"));
  ASSERT_TRUE(item.has_value());
  EXPECT_EQ(item->at("n").s(), "1.5");
  EXPECT_EQ(item->at("ns"), AttributeValue::NS({"100", "0"}));
  EXPECT_EQ(item->at("empty").s(), "");
  EXPECT_FALSE(Get(Key("missing")).has_value());
}

TEST_F(ItemOperationsTest, GetWithAttributesToGetProjects) {
  ASSERT_TRUE(Put({{"id", AttributeValue::S("a")}, {"x", AttributeValue::N("1")},
                   {"y", AttributeValue::N("2")}})
                  .ok());
  GetItemRequest r;
  r.table_name = "items";
  r.key = Key("a");
  r.attributes_to_get = std::vector<std::string>{"x", "nope"};
  auto result = db_->GetItem(kCall, r);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(*result->item, (Item{{"x", AttributeValue::N("1")}}));
}

TEST_F(ItemOperationsTest, KeyValidationUsesTheServiceMessages) {
  EXPECT_EQ(Put({{"other", AttributeValue::S("a")}}).message(),
            "One or more parameter values were invalid: Missing the key id in the item");
  EXPECT_EQ(Put({{"id", AttributeValue::N("1")}}).message(),
            "One or more parameter values were invalid: Type mismatch for key id expected: S "
            "actual: N");
  EXPECT_EQ(Put({{"id", AttributeValue::S("")}}).message(),
            "One or more parameter values are not valid. The AttributeValue for a key attribute "
            "cannot contain an empty string value. Key: id");
  EXPECT_EQ(Put({{"id", AttributeValue::S(std::string(2049, 'k'))}}).message(),
            "One or more parameter values were invalid: Size of hashkey has exceeded the maximum "
            "size limit of2048 bytes");
  EXPECT_TRUE(Put({{"id", AttributeValue::S(std::string(2048, 'k'))}}).ok());
  EXPECT_EQ(Put({{"pk", AttributeValue::S("p")}, {"sk", AttributeValue::N("1")},
                 {"big", AttributeValue::S(std::string(400 * 1024, 'x'))}},
                "ranged")
                .message(),
            "Item size has exceeded the maximum allowed size");

  GetItemRequest get;
  get.table_name = "items";
  get.key = {{"id", AttributeValue::S("a")}, {"extra", AttributeValue::S("b")}};
  EXPECT_STATUS(db_->GetItem(kCall, get), ErrorCode::kValidation,
                "The provided key element does not match the schema");
  get.table_name = "nosuchtable";
  EXPECT_STATUS(db_->GetItem(kCall, get), ErrorCode::kResourceNotFound,
                "Requested resource not found");
}

TEST_F(ItemOperationsTest, ValueValidationUsesTheServiceMessages) {
  EXPECT_EQ(Put({{"id", AttributeValue::S("a")}, {"s", AttributeValue::SS({})}}).message(),
            "One or more parameter values were invalid: An string set  may not be empty");
  EXPECT_EQ(Put({{"id", AttributeValue::S("a")}, {"s", AttributeValue::SS({"x", "x"})}}).message(),
            "One or more parameter values were invalid: Input collection [x, x] contains "
            "duplicates.");
  EXPECT_EQ(Put({{"id", AttributeValue::S("a")},
                 {"n", AttributeValue::N("1234567890123456789012345678901234567890")}})
                .message(),
            "Attempting to store more than 38 significant digits in a Number");
  AttributeValue deep = AttributeValue::Null();
  for (int i = 0; i < 33; ++i) deep = AttributeValue::L({deep});
  EXPECT_EQ(Put({{"id", AttributeValue::S("a")}, {"deep", deep}}).message(),
            "Nesting Levels have exceeded supported limits: Attributes in the item have nested "
            "levels beyond supported limit");
}

TEST_F(ItemOperationsTest, NumericSortKeysAreNormalisedInKeys) {
  ASSERT_TRUE(Put({{"pk", AttributeValue::S("p")}, {"sk", AttributeValue::N("1.0")},
                   {"v", AttributeValue::S("first")}},
                  "ranged")
                  .ok());
  auto item = Get({{"pk", AttributeValue::S("p")}, {"sk", AttributeValue::N("1")}}, "ranged");
  ASSERT_TRUE(item.has_value());
  EXPECT_EQ(item->at("sk").s(), "1");
}

TEST_F(ItemOperationsTest, PutAndDeleteReturnOldValuesAndCountItems) {
  PutItemRequest put;
  put.table_name = "items";
  put.item = {{"id", AttributeValue::S("a")}, {"v", AttributeValue::N("1")}};
  put.return_values = ReturnValue::kAllOld;
  auto first = db_->PutItem(kCall, put);
  ASSERT_TRUE(first.ok());
  EXPECT_FALSE(first->attributes.has_value());
  put.item["v"] = AttributeValue::N("2");
  auto second = db_->PutItem(kCall, put);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->attributes->at("v").s(), "1");
  EXPECT_EQ(db_->DescribeTable(kCall, {"items"})->table.item_count, 1);

  put.return_values = ReturnValue::kAllNew;
  EXPECT_STATUS(db_->PutItem(kCall, put), ErrorCode::kValidation,
                "ReturnValues can only be ALL_OLD or NONE");

  DeleteItemRequest del;
  del.table_name = "items";
  del.key = Key("a");
  del.return_values = ReturnValue::kAllOld;
  auto deleted = db_->DeleteItem(kCall, del);
  ASSERT_TRUE(deleted.ok());
  EXPECT_EQ(deleted->attributes->at("v").s(), "2");
  EXPECT_EQ(db_->DescribeTable(kCall, {"items"})->table.item_count, 0);
  EXPECT_EQ(db_->DescribeTable(kCall, {"items"})->table.table_size_bytes, 0);
}

TEST_F(ItemOperationsTest, LegacyAttributeUpdates) {
  ASSERT_TRUE(Put({{"id", AttributeValue::S("a")}, {"n", AttributeValue::N("5")},
                   {"tags", AttributeValue::SS({"x", "y"})}, {"gone", AttributeValue::S("g")}})
                  .ok());
  UpdateItemRequest u;
  u.table_name = "items";
  u.key = Key("a");
  u.attribute_updates["n"] = {AttributeValue::N("2.5"), AttributeAction::kAdd};
  u.attribute_updates["tags"] = {AttributeValue::SS({"x"}), AttributeAction::kDelete};
  u.attribute_updates["gone"] = {std::nullopt, AttributeAction::kDelete};
  u.attribute_updates["new"] = {AttributeValue::S("v"), AttributeAction::kPut};
  u.return_values = ReturnValue::kUpdatedNew;
  auto result = db_->UpdateItem(kCall, u);
  ASSERT_TRUE(result.ok()) << result.status().message();
  EXPECT_EQ(*result->attributes, (Item{{"n", AttributeValue::N("7.5")},
                                       {"new", AttributeValue::S("v")},
                                       {"tags", AttributeValue::SS({"y"})}}));

  UpdateItemRequest key_update;
  key_update.table_name = "items";
  key_update.key = Key("a");
  key_update.attribute_updates["id"] = {AttributeValue::S("b"), AttributeAction::kPut};
  EXPECT_STATUS(db_->UpdateItem(kCall, key_update), ErrorCode::kValidation,
                "One or more parameter values were invalid: Cannot update attribute id. This "
                "attribute is part of the key");

  UpdateItemRequest mismatch;
  mismatch.table_name = "items";
  mismatch.key = Key("a");
  mismatch.attribute_updates["n"] = {AttributeValue::NS({"1"}), AttributeAction::kAdd};
  EXPECT_STATUS(db_->UpdateItem(kCall, mismatch), ErrorCode::kValidation,
                "Type mismatch for attribute to update");
}

TEST_F(ItemOperationsTest, UpdateOfAMissingItemCreatesIt) {
  UpdateItemRequest u;
  u.table_name = "items";
  u.key = Key("fresh");
  u.attribute_updates["count"] = {AttributeValue::N("1"), AttributeAction::kAdd};
  u.attribute_updates["nothing"] = {std::nullopt, AttributeAction::kDelete};
  u.return_values = ReturnValue::kAllOld;
  auto result = db_->UpdateItem(kCall, u);
  ASSERT_TRUE(result.ok());
  EXPECT_FALSE(result->attributes.has_value());
  EXPECT_EQ(*Get(Key("fresh")), (Item{{"id", AttributeValue::S("fresh")},
                                      {"count", AttributeValue::N("1")}}));
}

TEST_F(ItemOperationsTest, ConcurrentAddsAreNeverLost) {
  constexpr int kThreads = 4, kAdds = 250;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kAdds; ++i) {
        UpdateItemRequest u;
        u.table_name = "items";
        u.key = Key("counter");
        u.attribute_updates["n"] = {AttributeValue::N("1"), AttributeAction::kAdd};
        ASSERT_TRUE(db_->UpdateItem(kCall, u).ok());
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(Get(Key("counter"))->at("n").s(), std::to_string(kThreads * kAdds));
}

TEST_F(ItemOperationsTest, PutConditionIsEvaluatedOnTheStoredItem) {
  PutItemRequest r;
  r.table_name = "items";
  r.item = Key("a");
  r.condition_expression = "attribute_not_exists(id)";
  ASSERT_TRUE(db_->PutItem(kCall, r).ok());
  EXPECT_TRUE(Get(Key("a")).has_value());
  auto again = db_->PutItem(kCall, r);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), ErrorCode::kConditionalCheckFailed);
  EXPECT_EQ(again.status().message(), "The conditional request failed");
}

TEST_F(ItemOperationsTest, ConsumedCapacityFollowsItemSize) {
  PutItemRequest put;
  put.table_name = "items";
  put.item = {{"id", AttributeValue::S("a")}, {"blob", AttributeValue::S(std::string(3000, 'x'))}};
  put.return_consumed_capacity = ReturnConsumedCapacity::kTotal;
  auto written = db_->PutItem(kCall, put);
  ASSERT_TRUE(written.ok());
  EXPECT_EQ(written->consumed_capacity->capacity_units, 3);  // 3007 bytes -> 3 write units
  GetItemRequest get;
  get.table_name = "items";
  get.key = Key("a");
  get.return_consumed_capacity = ReturnConsumedCapacity::kTotal;
  auto eventually = db_->GetItem(kCall, get);
  EXPECT_EQ(eventually->consumed_capacity->capacity_units, 0.5);
  get.consistent_read = true;
  EXPECT_EQ(db_->GetItem(kCall, get)->consumed_capacity->capacity_units, 1);
}

// GetItemFlat hands the stored record over: the same item, size and capacity as GetItem, with
// or without a projection, and nothing for a missing key.
TEST_F(ItemOperationsTest, GetItemFlatAnswersAsGetItemDoes) {
  const Item item{{"id", AttributeValue::S("f")},
                  {"n", AttributeValue::N("7")},
                  {"m", AttributeValue::M({{"x", AttributeValue::Bool(true)}})},
                  {"big", AttributeValue::S(std::string(5000, 'b'))}};
  ASSERT_TRUE(Put(item).ok());
  GetItemRequest r;
  r.table_name = "items";
  r.key = Key("f");
  r.return_consumed_capacity = ReturnConsumedCapacity::kTotal;
  auto flat = db_->GetItemFlat(kCall, r);
  auto whole = db_->GetItem(kCall, r);
  ASSERT_TRUE(flat.ok() && whole.ok());
  ASSERT_TRUE(flat->item.has_value());
  EXPECT_EQ(flat->item->ToItem(), item);
  EXPECT_EQ(flat->item->Find("n")->text(), "7");
  ASSERT_TRUE(flat->consumed_capacity.has_value());
  EXPECT_EQ(flat->consumed_capacity->capacity_units, whole->consumed_capacity->capacity_units);
  EXPECT_EQ(flat->consumed_capacity->capacity_units, 1.0);  // 5 KB, eventually consistent

  r.projection_expression = "n, m.x";
  flat = db_->GetItemFlat(kCall, r);
  ASSERT_TRUE(flat.ok() && flat->item.has_value());
  EXPECT_EQ(flat->item->ToItem(), (Item{{"n", AttributeValue::N("7")},
                                        {"m", AttributeValue::M({{"x", AttributeValue::Bool(true)}})}}));

  r.projection_expression.reset();
  r.key = Key("missing");
  flat = db_->GetItemFlat(kCall, r);
  ASSERT_TRUE(flat.ok());
  EXPECT_FALSE(flat->item.has_value());

  r.table_name = "no-such-table";
  EXPECT_EQ(db_->GetItemFlat(kCall, r).status().code(), ErrorCode::kResourceNotFound);
}

}  // namespace
}  // namespace stator
