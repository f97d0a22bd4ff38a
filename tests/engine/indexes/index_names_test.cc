// Index names as the service checks them (CreateTable, UpdateTable, Query and Scan), the
// service's answer to an UpdateTable on an unknown index, and DeleteTable refused while a global
// index is still being built.
#include <gtest/gtest.h>

#include "engine/indexes/index_backfill.h"
#include "tests/engine/database_test_util.h"

namespace stator {
namespace {

using engine::BackfillHooks;
using testing::OpenInMemory;

const CallOptions kCall;

constexpr std::string_view kPattern =
    "failed to satisfy constraint: Member must satisfy regular expression pattern: "
    "[a-zA-Z0-9_.-]+";
constexpr std::string_view kTooShort =
    "failed to satisfy constraint: Member must have length greater than or equal to 3";

CreateTableRequest TableWithGsi(const std::string& index_name) {
  CreateTableRequest r;
  r.table_name = "tbl";
  r.attribute_definitions = {{"pk", ScalarType::kS}, {"g", ScalarType::kS}};
  r.key_schema = {{"pk", KeyType::kHash}};
  r.billing_mode = BillingMode::kPayPerRequest;
  r.global_secondary_indexes.push_back(
      {index_name, {{"g", KeyType::kHash}}, {ProjectionType::kAll, {}}, {}, {}});
  return r;
}

UpdateTableRequest IndexUpdate(GlobalSecondaryIndexUpdate u) {
  UpdateTableRequest r;
  r.table_name = "tbl";
  r.attribute_definitions = {{"h", ScalarType::kS}};
  r.has_global_secondary_index_updates = true;
  r.global_secondary_index_updates.push_back(std::move(u));
  return r;
}

class IndexNamesTest : public ::testing::Test {
 protected:
  void SetUp() override { db_ = OpenInMemory(); }
  void TearDown() override { BackfillHooks::chunks_allowed = -1; }
  std::unique_ptr<Database> db_;
};

TEST_F(IndexNamesTest, CreateTableChecksEveryIndexName) {
  EXPECT_STATUS(db_->CreateTable(kCall, TableWithGsi("ab")), ErrorCode::kValidation,
                "1 validation error detected: Value 'ab' at "
                "'globalSecondaryIndexes.1.member.indexName' " + std::string(kTooShort));
  CreateTableRequest lsi = TableWithGsi("fine");
  lsi.attribute_definitions.push_back({"sk", ScalarType::kS});
  lsi.attribute_definitions.push_back({"l", ScalarType::kS});
  lsi.key_schema.push_back({"sk", KeyType::kRange});
  lsi.local_secondary_indexes.push_back(
      {"bad name", {{"pk", KeyType::kHash}, {"l", KeyType::kRange}}, {ProjectionType::kAll, {}}});
  EXPECT_STATUS(db_->CreateTable(kCall, lsi), ErrorCode::kValidation,
                "1 validation error detected: Value 'bad name' at "
                "'localSecondaryIndexes.1.member.indexName' " + std::string(kPattern));
  EXPECT_STATUS(db_->CreateTable(kCall, TableWithGsi(std::string(256, 'i'))),
                ErrorCode::kValidation,
                "1 validation error detected: Value '" + std::string(256, 'i') +
                    "' at 'globalSecondaryIndexes.1.member.indexName' failed to satisfy "
                    "constraint: Member must have length less than or equal to 255");
  EXPECT_TRUE(db_->CreateTable(kCall, TableWithGsi("a.b-c_1")).ok());
}

TEST_F(IndexNamesTest, QueryAndScanCheckTheIndexNameBeforeTheTable) {
  QueryRequest q;
  q.table_name = "missing";
  q.index_name = "x;";
  q.key_condition_expression = "g = :g";
  q.expression_attribute_values = {{":g", AttributeValue::S("v")}};
  EXPECT_STATUS(db_->Query(kCall, q), ErrorCode::kValidation,
                "2 validation errors detected: Value 'x;' at 'indexName' " +
                    std::string(kPattern) + "; Value 'x;' at 'indexName' " +
                    std::string(kTooShort));
  ScanRequest s;
  s.table_name = "missing";
  s.index_name = "no";
  EXPECT_STATUS(db_->Scan(kCall, s), ErrorCode::kValidation,
                "1 validation error detected: Value 'no' at 'indexName' " +
                    std::string(kTooShort));
}

TEST_F(IndexNamesTest, UpdateTableChecksNamesAndUnknownIndexes) {
  ASSERT_TRUE(db_->CreateTable(kCall, TableWithGsi("byG")).ok());
  GlobalSecondaryIndexUpdate create;
  create.create =
      GlobalSecondaryIndex{"h!", {{"h", KeyType::kHash}}, {ProjectionType::kAll, {}}, {}, {}};
  EXPECT_STATUS(db_->UpdateTable(kCall, IndexUpdate(create)), ErrorCode::kValidation,
                "2 validation errors detected: Value 'h!' at "
                "'globalSecondaryIndexUpdates.1.member.create.indexName' " +
                    std::string(kPattern) + "; Value 'h!' at "
                    "'globalSecondaryIndexUpdates.1.member.create.indexName' " +
                    std::string(kTooShort));
  GlobalSecondaryIndexUpdate del;
  del.delete_index_name = "ghost";
  EXPECT_STATUS(db_->UpdateTable(kCall, IndexUpdate(del)), ErrorCode::kResourceNotFound,
                "Requested resource not found: Index ghost for table tbl");
  GlobalSecondaryIndexUpdate update;
  update.update = GlobalSecondaryIndex{"ghost", {}, {}, ProvisionedThroughput{1, 1}, {}};
  EXPECT_STATUS(db_->UpdateTable(kCall, IndexUpdate(update)), ErrorCode::kResourceNotFound,
                "Requested resource not found: Index ghost for table tbl");
  del.delete_index_name = "zz";
  EXPECT_STATUS(db_->UpdateTable(kCall, IndexUpdate(del)), ErrorCode::kValidation,
                "1 validation error detected: Value 'zz' at "
                "'globalSecondaryIndexUpdates.1.member.delete.indexName' " +
                    std::string(kTooShort));
}

TEST_F(IndexNamesTest, DeleteTableIsRefusedWhileAGlobalIndexIsBuilt) {
  CreateTableRequest plain = TableWithGsi("byG");
  plain.global_secondary_indexes.clear();
  plain.attribute_definitions.pop_back();
  ASSERT_TRUE(db_->CreateTable(kCall, plain).ok());
  BackfillHooks::chunks_allowed = 0;  // the backfill never finishes until released
  GlobalSecondaryIndexUpdate create;
  create.create =
      GlobalSecondaryIndex{"byH", {{"h", KeyType::kHash}}, {ProjectionType::kAll, {}}, {}, {}};
  ASSERT_TRUE(db_->UpdateTable(kCall, IndexUpdate(create)).ok());
  EXPECT_STATUS(db_->DeleteTable(kCall, {"tbl"}), ErrorCode::kResourceInUse,
                "Attempt to change a resource which is still in use: Cannot delete table while "
                "indexes are being created, updated, or deleted.");
}

TEST(IndexDeleteTest, ADeletedGsiIsReportedDeletingForTheTransientDelay) {
  auto clock = std::make_shared<testing::ManualClock>();
  auto db = OpenInMemory(clock, /*delay_ms=*/1000);
  ASSERT_TRUE(db->CreateTable(kCall, TableWithGsi("byG")).ok());
  clock->Advance(2'000'000);
  PutItemRequest put;
  put.table_name = "tbl";
  put.item = {{"pk", AttributeValue::S("a")}, {"g", AttributeValue::S("x")}};
  ASSERT_TRUE(db->PutItem(kCall, put).ok());

  GlobalSecondaryIndexUpdate del;
  del.delete_index_name = "byG";
  UpdateTableRequest r = IndexUpdate(del);
  r.attribute_definitions.clear();
  auto updated = db->UpdateTable(kCall, r);
  ASSERT_TRUE(updated.ok()) << updated.status().message();
  ASSERT_EQ(updated->table.global_secondary_indexes.size(), 1u);
  EXPECT_EQ(updated->table.global_secondary_indexes[0].index_status, IndexStatus::kDeleting);

  auto described = db->DescribeTable(kCall, {"tbl"});
  ASSERT_TRUE(described.ok());
  ASSERT_EQ(described->table.global_secondary_indexes.size(), 1u);
  EXPECT_EQ(described->table.global_secondary_indexes[0].index_name, "byG");
  EXPECT_EQ(described->table.global_secondary_indexes[0].index_status, IndexStatus::kDeleting);
  QueryRequest q;
  q.table_name = "tbl";
  q.index_name = "byG";
  q.key_condition_expression = "g = :g";
  q.expression_attribute_values = {{":g", AttributeValue::S("x")}};
  EXPECT_STATUS(db->Query(kCall, q), ErrorCode::kValidation,
                "The table does not have the specified index: byG");

  clock->Advance(2'000'000);
  described = db->DescribeTable(kCall, {"tbl"});
  ASSERT_TRUE(described.ok());
  EXPECT_TRUE(described->table.global_secondary_indexes.empty());
}

}  // namespace
}  // namespace stator
