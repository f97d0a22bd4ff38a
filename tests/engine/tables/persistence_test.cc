#include <gtest/gtest.h>

#include "tests/engine/database_test_util.h"

namespace stator {
namespace {

const CallOptions kCall;

std::unique_ptr<Database> OpenAt(const std::string& dir) {
  Options options;
  options.data_dir = dir;
  auto db = Database::Open(options);
  EXPECT_TRUE(db.ok()) << db.status().message();
  return std::move(db).value();
}

TEST(PersistenceTest, TablesItemsTagsAndCountsSurviveReopen) {
  testing::TempDir dir;
  std::string arn;
  {
    auto db = OpenAt(dir.path());
    auto request = testing::HashTable("durable");
    request.tags = {{"team", "storage"}};
    auto created = db->CreateTable(kCall, request);
    ASSERT_TRUE(created.ok());
    arn = created->table.table_arn;
    for (int i = 0; i < 100; ++i) {
      PutItemRequest put;
      put.table_name = "durable";
      put.item = {{"id", AttributeValue::S(std::string("k").append(std::to_string(i)))},
                  {"v", AttributeValue::N(std::to_string(i))}};
      ASSERT_TRUE(db->PutItem(kCall, put).ok());
    }
    ASSERT_TRUE(db->CreateTable(kCall, testing::HashTable("dropped")).ok());
    ASSERT_TRUE(db->DeleteTable(kCall, {"dropped"}).ok());
  }
  auto db = OpenAt(dir.path());
  auto described = db->DescribeTable(kCall, {"durable"});
  ASSERT_TRUE(described.ok());
  EXPECT_EQ(described->table.item_count, 100);
  EXPECT_EQ(described->table.table_arn, arn);
  EXPECT_EQ(described->table.billing_mode, BillingMode::kPayPerRequest);
  GetItemRequest get;
  get.table_name = "durable";
  get.key = {{"id", AttributeValue::S("k42")}};
  auto item = db->GetItem(kCall, get);
  ASSERT_TRUE(item.ok());
  EXPECT_EQ(item->item->at("v").s(), "42");
  auto tags = db->ListTagsOfResource(kCall, {arn, std::nullopt});
  ASSERT_EQ(tags->tags.size(), 1u);
  EXPECT_EQ(tags->tags[0].value, "storage");
  EXPECT_FALSE(db->DescribeTable(kCall, {"dropped"}).ok());

  // A new table after reopening never reuses an id, so it starts empty.
  ASSERT_TRUE(db->CreateTable(kCall, testing::HashTable("dropped")).ok());
  EXPECT_EQ(db->DescribeTable(kCall, {"dropped"})->table.item_count, 0);
}

}  // namespace
}  // namespace stator
