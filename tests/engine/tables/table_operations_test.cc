#include <gtest/gtest.h>

#include "tests/engine/database_test_util.h"

namespace stator {
namespace {

using testing::HashRangeTable;
using testing::HashTable;
using testing::OpenInMemory;

const CallOptions kCall;

TEST(TableOperationsTest, CreateDescribeListDelete) {
  auto db = OpenInMemory();
  auto created = db->CreateTable(kCall, HashRangeTable("Music"));
  ASSERT_TRUE(created.ok()) << created.status().message();
  EXPECT_EQ(created->table.table_status, TableStatus::kCreating);
  EXPECT_EQ(created->table.table_arn, "arn:aws:dynamodb:ddblocal:000000000000:table/Music");
  EXPECT_EQ(created->table.table_id.size(), 36u);

  auto described = db->DescribeTable(kCall, {"Music"});
  ASSERT_TRUE(described.ok());
  EXPECT_EQ(described->table.table_status, TableStatus::kActive);
  EXPECT_EQ(described->table.key_schema.size(), 2u);
  EXPECT_EQ(described->table.provisioned_throughput.read_capacity_units, 5);
  EXPECT_EQ(described->table.billing_mode, BillingMode::kProvisioned);
  EXPECT_EQ(described->table.item_count, 0);

  auto listed = db->ListTables(kCall, {});
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(listed->table_names, std::vector<std::string>{"Music"});

  auto deleted = db->DeleteTable(kCall, {"Music"});
  ASSERT_TRUE(deleted.ok());
  EXPECT_EQ(deleted->table.table_status, TableStatus::kDeleting);
  EXPECT_STATUS(db->DescribeTable(kCall, {"Music"}), ErrorCode::kResourceNotFound,
                "Requested resource not found: Table: Music not found");
}

TEST(TableOperationsTest, RefusesDuplicateAndInvalidTables) {
  auto db = OpenInMemory();
  ASSERT_TRUE(db->CreateTable(kCall, HashTable("dup")).ok());
  EXPECT_STATUS(db->CreateTable(kCall, HashTable("dup")), ErrorCode::kResourceInUse,
                "Table already exists: dup");
  EXPECT_STATUS(db->CreateTable(kCall, HashTable("ab")), ErrorCode::kValidation,
                "1 validation error detected: Value 'ab' at 'tableName' failed to satisfy "
                "constraint: Member must have length greater than or equal to 3");

  auto no_throughput = HashTable("nothroughput");
  no_throughput.billing_mode.reset();
  EXPECT_STATUS(db->CreateTable(kCall, no_throughput), ErrorCode::kValidation,
                "One or more parameter values were invalid: ReadCapacityUnits and "
                "WriteCapacityUnits must both be specified when BillingMode is PROVISIONED");

  auto extra_definition = HashTable("extradef");
  extra_definition.attribute_definitions.push_back({"other", ScalarType::kS});
  EXPECT_STATUS(db->CreateTable(kCall, extra_definition), ErrorCode::kValidation,
                "One or more parameter values were invalid: Number of attributes in KeySchema "
                "does not exactly match number of attributes defined in AttributeDefinitions");

  auto undefined_key = HashTable("undefined");
  undefined_key.attribute_definitions = {{"other", ScalarType::kS}};
  EXPECT_STATUS(db->CreateTable(kCall, undefined_key), ErrorCode::kValidation,
                "One or more parameter values were invalid: Some index key attributes are not "
                "defined in AttributeDefinitions. Keys: [id], AttributeDefinitions: [other]");

  auto range_first = HashRangeTable("rangefirst");
  std::swap(range_first.key_schema[0], range_first.key_schema[1]);
  EXPECT_STATUS(db->CreateTable(kCall, range_first), ErrorCode::kValidation,
                "Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
}

TEST(TableOperationsTest, ListTablesPagesInNameOrder) {
  auto db = OpenInMemory();
  for (const char* name : {"ccc", "aaa", "bbb", "ddd"}) {
    ASSERT_TRUE(db->CreateTable(kCall, HashTable(name)).ok());
  }
  ListTablesRequest first;
  first.limit = 2;
  auto page1 = db->ListTables(kCall, first);
  ASSERT_TRUE(page1.ok());
  EXPECT_EQ(page1->table_names, (std::vector<std::string>{"aaa", "bbb"}));
  ASSERT_TRUE(page1->last_evaluated_table_name.has_value());

  ListTablesRequest second;
  second.exclusive_start_table_name = *page1->last_evaluated_table_name;
  second.limit = 2;
  auto page2 = db->ListTables(kCall, second);
  ASSERT_TRUE(page2.ok());
  EXPECT_EQ(page2->table_names, (std::vector<std::string>{"ccc", "ddd"}));
  EXPECT_FALSE(page2->last_evaluated_table_name.has_value());

  ListTablesRequest bad;
  bad.limit = 0;
  EXPECT_STATUS(db->ListTables(kCall, bad), ErrorCode::kValidation,
                "1 validation error detected: Value '0' at 'limit' failed to satisfy "
                "constraint: Member must have value greater than or equal to 1");
}

TEST(TableOperationsTest, TenantsSeeOnlyTheirOwnTables) {
  auto db = OpenInMemory();
  CallOptions alice;
  alice.tenant = "alice_us-east-1";
  ASSERT_TRUE(db->CreateTable(alice, HashTable("shared_name")).ok());
  ASSERT_TRUE(db->CreateTable(kCall, HashTable("shared_name")).ok());
  auto listed = db->ListTables(alice, {});
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(listed->table_names.size(), 1u);
  CallOptions bob;
  bob.tenant = "bob_us-east-1";
  EXPECT_FALSE(db->DescribeTable(bob, {"shared_name"}).ok());
}

TEST(TableOperationsTest, UpdateTableSwitchesBillingAndThroughput) {
  auto db = OpenInMemory();
  ASSERT_TRUE(db->CreateTable(kCall, HashRangeTable("upd")).ok());
  UpdateTableRequest same;
  same.table_name = "upd";
  same.provisioned_throughput = ProvisionedThroughput{5, 5};
  auto refused = db->UpdateTable(kCall, same);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("will not change"), std::string::npos);

  UpdateTableRequest more;
  more.table_name = "upd";
  more.provisioned_throughput = ProvisionedThroughput{10, 20};
  auto updated = db->UpdateTable(kCall, more);
  ASSERT_TRUE(updated.ok()) << updated.status().message();
  EXPECT_EQ(updated->table.table_status, TableStatus::kUpdating);
  EXPECT_EQ(updated->table.provisioned_throughput.write_capacity_units, 20);

  UpdateTableRequest on_demand;
  on_demand.table_name = "upd";
  on_demand.billing_mode = BillingMode::kPayPerRequest;
  auto switched = db->UpdateTable(kCall, on_demand);
  ASSERT_TRUE(switched.ok()) << switched.status().message();
  EXPECT_EQ(switched->table.billing_mode, BillingMode::kPayPerRequest);
  EXPECT_EQ(switched->table.provisioned_throughput.read_capacity_units, 0);
  EXPECT_TRUE(switched->table.last_update_to_pay_per_request_date_time.has_value());
}

TEST(TableOperationsTest, DeletionProtectionRefusesDelete) {
  auto db = OpenInMemory();
  auto request = HashTable("protected");
  request.deletion_protection_enabled = true;
  ASSERT_TRUE(db->CreateTable(kCall, request).ok());
  EXPECT_STATUS(db->DeleteTable(kCall, {"protected"}), ErrorCode::kValidation,
                "Resource cannot be deleted as it is currently protected against deletion. "
                "Disable deletion protection first.");
  UpdateTableRequest off;
  off.table_name = "protected";
  off.deletion_protection_enabled = false;
  ASSERT_TRUE(db->UpdateTable(kCall, off).ok());
  EXPECT_TRUE(db->DeleteTable(kCall, {"protected"}).ok());
}

TEST(TableOperationsTest, DelayedTransientStatusesFollowTheClock) {
  auto clock = std::make_shared<testing::ManualClock>();
  auto db = OpenInMemory(clock, /*delay_ms=*/500);
  ASSERT_TRUE(db->CreateTable(kCall, HashTable("slow")).ok());
  EXPECT_EQ(db->DescribeTable(kCall, {"slow"})->table.table_status, TableStatus::kCreating);
  PutItemRequest put;
  put.table_name = "slow";
  put.item = {{"id", AttributeValue::S("a")}};
  EXPECT_STATUS(db->PutItem(kCall, put), ErrorCode::kResourceNotFound,
                "Requested resource not found");
  EXPECT_STATUS(db->DeleteTable(kCall, {"slow"}), ErrorCode::kResourceInUse,
                "Attempt to change a resource which is still in use: Table is being created: "
                "slow");
  clock->Advance(500'000);
  EXPECT_EQ(db->DescribeTable(kCall, {"slow"})->table.table_status, TableStatus::kActive);
  ASSERT_TRUE(db->PutItem(kCall, put).ok());
  ASSERT_TRUE(db->DeleteTable(kCall, {"slow"}).ok());
  EXPECT_EQ(db->DescribeTable(kCall, {"slow"})->table.table_status, TableStatus::kDeleting);
  clock->Advance(500'000);
  EXPECT_FALSE(db->DescribeTable(kCall, {"slow"}).ok());
}

TEST(TableOperationsTest, TagsByArn) {
  auto db = OpenInMemory();
  auto created = db->CreateTable(kCall, HashTable("tagged"));
  ASSERT_TRUE(created.ok());
  const std::string arn = created->table.table_arn;
  ASSERT_TRUE(db->TagResource(kCall, {arn, {{"k1", "v1"}, {"k2", "v2"}}}).ok());
  ASSERT_TRUE(db->UntagResource(kCall, {arn, {"k1"}}).ok());
  auto tags = db->ListTagsOfResource(kCall, {arn, std::nullopt});
  ASSERT_TRUE(tags.ok());
  ASSERT_EQ(tags->tags.size(), 1u);
  EXPECT_EQ(tags->tags[0].key, "k2");
  EXPECT_EQ(db->TagResource(kCall, {"not-an-arn", {{"a", "b"}}}).message(),
            "One or more parameter values were invalid: ARNs must start with 'arn:': not-an-arn");
  EXPECT_EQ(db->TagResource(kCall, {arn, {}}).message(),
            "Atleast one Tag needs to be provided as Input.");
}

TEST(TableOperationsTest, ResourcePolicyLifecycle) {
  auto db = OpenInMemory();
  auto created = db->CreateTable(kCall, HashTable("policied"));
  ASSERT_TRUE(created.ok());
  const std::string arn = created->table.table_arn;
  EXPECT_EQ(db->GetResourcePolicy(kCall, {arn, std::nullopt}).status().code(),
            ErrorCode::kPolicyNotFound);
  auto put = db->PutResourcePolicy(kCall, {arn, "{\"Version\":\"2012-10-17\"}", std::nullopt});
  ASSERT_TRUE(put.ok());
  auto got = db->GetResourcePolicy(kCall, {arn, std::nullopt});
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(*got->policy, "{\"Version\":\"2012-10-17\"}");
  EXPECT_EQ(got->revision_id, put->revision_id);
  ASSERT_TRUE(db->DeleteResourcePolicy(kCall, {arn, std::nullopt}).ok());
  EXPECT_FALSE(db->GetResourcePolicy(kCall, {arn, std::nullopt}).ok());
}

}  // namespace
}  // namespace stator
