#include "api/codec_backups.h"

#include <gtest/gtest.h>

#include "tests/api/test_util.h"

namespace stator::api {
namespace {

using testing::ParseObject;

TEST(CodecBackups, DecodesRequests) {
  CreateBackupRequest create;
  ASSERT_TRUE(
      DecodeCreateBackup(ParseObject(R"({"TableName":"t1x","BackupName":"b1x"})"), &create).ok());
  EXPECT_EQ(create.table_name, "t1x");
  EXPECT_EQ(create.backup_name, "b1x");
  CreateBackupRequest missing;
  EXPECT_EQ(DecodeCreateBackup(ParseObject(R"({"TableName":"t1x"})"), &missing).message(),
            "1 validation error detected: Value null at 'backupName' failed to satisfy "
            "constraint: Member must not be null");

  ListBackupsRequest list;
  ASSERT_TRUE(DecodeListBackups(ParseObject(R"({"TableName":"t1x","Limit":5,)"
                                            R"("TimeRangeLowerBound":1700000000,)"
                                            R"("TimeRangeUpperBound":1700000100.5,)"
                                            R"("BackupType":"ALL"})"),
                                &list)
                  .ok());
  EXPECT_EQ(list.limit, 5);
  EXPECT_EQ(list.time_range_lower_bound, 1700000000.0);
  EXPECT_EQ(list.time_range_upper_bound, 1700000100.5);
  EXPECT_EQ(list.backup_type, BackupTypeFilter::kAll);
  ListBackupsRequest bad_type;
  EXPECT_EQ(DecodeListBackups(ParseObject(R"({"BackupType":"SOME"})"), &bad_type).message(),
            "1 validation error detected: Value 'SOME' at 'backupType' failed to satisfy "
            "constraint: Member must satisfy enum value set: [USER, SYSTEM, AWS_BACKUP, ALL]");

  RestoreTableFromBackupRequest restore;
  ASSERT_TRUE(DecodeRestoreTableFromBackup(
                  ParseObject(R"({"TargetTableName":"new","BackupArn":)"
                              R"("arn:aws:dynamodb:r:1:table/t/backup/01700000000000-abcdef12",)"
                              R"("BillingModeOverride":"PROVISIONED",)"
                              R"("ProvisionedThroughputOverride":{"ReadCapacityUnits":2,)"
                              R"("WriteCapacityUnits":3},"GlobalSecondaryIndexOverride":[],)"
                              R"("SSESpecificationOverride":{"Enabled":true}})"),
                  &restore)
                  .ok());
  EXPECT_EQ(restore.target_table_name, "new");
  EXPECT_EQ(restore.billing_mode_override, BillingMode::kProvisioned);
  EXPECT_EQ(restore.provisioned_throughput_override->write_capacity_units, 3);
  ASSERT_TRUE(restore.global_secondary_index_override.has_value());
  EXPECT_TRUE(restore.global_secondary_index_override->empty());
  EXPECT_FALSE(restore.local_secondary_index_override.has_value());
  EXPECT_EQ(restore.sse_specification_override->enabled, true);
}

TEST(CodecBackups, EncodesResponses) {
  BackupDetails details{"arn:b", "name", 42, BackupStatus::kAvailable, BackupType::kUser, 1.5};
  EXPECT_EQ(EncodeCreateBackupResponse({details}),
            R"({"BackupDetails":{"BackupArn":"arn:b","BackupName":"name","BackupSizeBytes":42,)"
            R"("BackupStatus":"AVAILABLE","BackupType":"USER","BackupCreationDateTime":1.5}})");

  BackupDescriptionResponse described;
  BackupDescription& d = described.backup_description;
  d.backup_details = details;
  d.backup_details.backup_status = BackupStatus::kDeleted;
  d.source_table_details.table_name = "t";
  d.source_table_details.table_id = "id";
  d.source_table_details.table_arn = "arn:t";
  d.source_table_details.key_schema = {{"pk", KeyType::kHash}};
  d.source_table_details.billing_mode = BillingMode::kPayPerRequest;
  d.source_table_details.item_count = 3;
  d.source_table_feature_details.global_secondary_indexes.push_back(
      {"g", {{"a", KeyType::kHash}}, {ProjectionType::kKeysOnly, {}}, std::nullopt, std::nullopt});
  EXPECT_EQ(EncodeBackupDescriptionResponse(described),
            R"({"BackupDescription":{"BackupDetails":{"BackupArn":"arn:b","BackupName":"name",)"
            R"("BackupSizeBytes":42,"BackupStatus":"DELETED","BackupType":"USER",)"
            R"("BackupCreationDateTime":1.5},"SourceTableDetails":{"TableName":"t","TableId":"id",)"
            R"("TableArn":"arn:t","TableSizeBytes":0,"KeySchema":[{"AttributeName":"pk",)"
            R"("KeyType":"HASH"}],"TableCreationDateTime":0,"ProvisionedThroughput":)"
            R"({"ReadCapacityUnits":0,"WriteCapacityUnits":0},"ItemCount":3,)"
            R"("BillingMode":"PAY_PER_REQUEST"},"SourceTableFeatureDetails":)"
            R"({"GlobalSecondaryIndexes":[{"IndexName":"g","KeySchema":[{"AttributeName":"a",)"
            R"("KeyType":"HASH"}],"Projection":{"ProjectionType":"KEYS_ONLY"}}]}}})");

  ListBackupsResponse list;
  list.backup_summaries.push_back(
      {"t", "id", "arn:t", "arn:b", "name", 1.5, BackupStatus::kAvailable, BackupType::kUser, 42});
  list.last_evaluated_backup_arn = "arn:b";
  EXPECT_EQ(EncodeListBackupsResponse(list),
            R"({"BackupSummaries":[{"TableName":"t","TableId":"id","TableArn":"arn:t",)"
            R"("BackupArn":"arn:b","BackupName":"name","BackupCreationDateTime":1.5,)"
            R"("BackupStatus":"AVAILABLE","BackupType":"USER","BackupSizeBytes":42}],)"
            R"("LastEvaluatedBackupArn":"arn:b"})");
  EXPECT_EQ(EncodeListBackupsResponse({}), R"({"BackupSummaries":[]})");
}

}  // namespace
}  // namespace stator::api
