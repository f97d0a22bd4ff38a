#include "api/codec_backups_client.h"

#include <gtest/gtest.h>

#include "api/codec_backups.h"
#include "api/codec_misc.h"
#include "api/codec_misc_client.h"
#include "tests/api/client_codec_util.h"

namespace stator::api {
namespace {

using testing::ExpectRequestRoundTrip;
using testing::ExpectResponseRoundTrip;

constexpr char kBackupArn[] =
    "arn:aws:dynamodb:us-east-1:000000000000:table/t/backup/01765000000000-abcdef12";

std::vector<KeySchemaElement> Keys() { return {{"pk", KeyType::kHash}, {"sk", KeyType::kRange}}; }

// Every override a restore takes, so that each one's encoder meets the server's decoder.
void SetAllOverrides(RestoreOverrides* r) {
  r->billing_mode_override = BillingMode::kProvisioned;
  r->provisioned_throughput_override = ProvisionedThroughput{5, 6};
  r->global_secondary_index_override =
      std::vector<GlobalSecondaryIndex>{{"gsi",
                                         {{"g", KeyType::kHash}},
                                         Projection{ProjectionType::kInclude, {"a"}, true},
                                         ProvisionedThroughput{1, 2},
                                         std::nullopt}};
  r->local_secondary_index_override = std::vector<LocalSecondaryIndex>{};  // present, empty
  r->sse_specification_override = SSESpecification{true, "KMS", "alias/key"};
}

TEST(CodecBackupsClientTest, BackupRequests) {
  ExpectRequestRoundTrip(CreateBackupRequest{"t", "nightly"}, EncodeCreateBackupRequest,
                         DecodeCreateBackup);
  ExpectRequestRoundTrip(BackupArnRequest{kBackupArn}, EncodeBackupArnRequest,
                         DecodeBackupArnRequest);
  ExpectRequestRoundTrip(ListBackupsRequest{}, EncodeListBackupsRequest, DecodeListBackups);
  ExpectRequestRoundTrip(ListBackupsRequest{"t", 10, 1765000000.25, 1765003600, kBackupArn,
                                            BackupTypeFilter::kAwsBackup},
                         EncodeListBackupsRequest, DecodeListBackups);
  EXPECT_EQ(EncodeListBackupsRequest({std::nullopt, std::nullopt, std::nullopt, std::nullopt,
                                      std::nullopt, BackupTypeFilter::kAll}),
            R"({"BackupType":"ALL"})");

  RestoreTableFromBackupRequest restore;
  restore.target_table_name = "copy";
  restore.backup_arn = kBackupArn;
  ExpectRequestRoundTrip(restore, EncodeRestoreTableFromBackupRequest,
                         DecodeRestoreTableFromBackup);
  SetAllOverrides(&restore);
  ExpectRequestRoundTrip(restore, EncodeRestoreTableFromBackupRequest,
                         DecodeRestoreTableFromBackup);
  EXPECT_NE(
      EncodeRestoreTableFromBackupRequest(restore).find(R"("LocalSecondaryIndexOverride":[])"),
      std::string::npos)
      << "an empty override is still an override: the restored table gets no LSI";
}

TEST(CodecBackupsClientTest, PointInTimeRequests) {
  ExpectRequestRoundTrip(UpdateContinuousBackupsRequest{"t", true, 7},
                         EncodeUpdateContinuousBackupsRequest, DecodeUpdateContinuousBackups);
  ExpectRequestRoundTrip(UpdateContinuousBackupsRequest{"t", false, std::nullopt},
                         EncodeUpdateContinuousBackupsRequest, DecodeUpdateContinuousBackups);

  RestoreTableToPointInTimeRequest latest;
  latest.source_table_name = "t";
  latest.target_table_name = "t_latest";
  latest.use_latest_restorable_time = true;
  ExpectRequestRoundTrip(latest, EncodeRestoreTableToPointInTimeRequest,
                         DecodeRestoreTableToPointInTime);

  RestoreTableToPointInTimeRequest at;
  at.source_table_arn = "arn:aws:dynamodb:us-east-1:000000000000:table/t";
  at.target_table_name = "t_then";
  at.restore_date_time = 1765000000.123456;  // microseconds survive
  SetAllOverrides(&at);
  ExpectRequestRoundTrip(at, EncodeRestoreTableToPointInTimeRequest,
                         DecodeRestoreTableToPointInTime);
}

BackupDetails Details() {
  return {kBackupArn, "nightly", 1234, BackupStatus::kAvailable, BackupType::kUser, 1765000000.5};
}

TEST(CodecBackupsClientTest, BackupAnswers) {
  ExpectResponseRoundTrip(CreateBackupResponse{Details()}, EncodeCreateBackupResponse,
                          DecodeCreateBackupResponse);
  ExpectResponseRoundTrip(
      CreateBackupResponse{{kBackupArn, "b", 0, BackupStatus::kCreating, BackupType::kSystem, 1}},
      EncodeCreateBackupResponse, DecodeCreateBackupResponse);

  BackupDescriptionResponse bare;  // a table without indexes, stream or SSE
  bare.backup_description.backup_details = Details();
  bare.backup_description.source_table_details = {
      "t", "id-1", "arn:t", 10, Keys(), 1764000000.75, {0, 0}, 2, BillingMode::kPayPerRequest};
  ExpectResponseRoundTrip(bare, EncodeBackupDescriptionResponse, DecodeBackupDescriptionResponse);

  BackupDescriptionResponse full = bare;
  full.backup_description.backup_details.backup_status = BackupStatus::kDeleted;
  full.backup_description.source_table_details.provisioned_throughput = {3, 4};
  full.backup_description.source_table_details.billing_mode = BillingMode::kProvisioned;
  SourceTableFeatureDetails& f = full.backup_description.source_table_feature_details;
  f.local_secondary_indexes = {{"lsi",
                                {{"pk", KeyType::kHash}, {"l", KeyType::kRange}},
                                Projection{ProjectionType::kKeysOnly, {}, true}}};
  f.global_secondary_indexes = {{"gsi",
                                 {{"g", KeyType::kHash}},
                                 Projection{ProjectionType::kInclude, {"a", "b"}, true},
                                 ProvisionedThroughput{5, 6},
                                 std::nullopt},
                                {"gsi2",
                                 {{"h", KeyType::kHash}},
                                 Projection{ProjectionType::kAll, {}, true},
                                 std::nullopt,
                                 std::nullopt}};
  f.stream_description = StreamSpecification{true, StreamViewType::kNewAndOldImages};
  f.sse_description = SSEDescription{"ENABLED", "KMS", "arn:aws:kms:us-east-1:0:key/k"};
  ExpectResponseRoundTrip(full, EncodeBackupDescriptionResponse, DecodeBackupDescriptionResponse);

  ListBackupsResponse list;
  ExpectResponseRoundTrip(list, EncodeListBackupsResponse, DecodeListBackupsResponse);
  list.backup_summaries = {{"t", "id-1", "arn:t", kBackupArn, "nightly", 1765000000.5,
                            BackupStatus::kAvailable, BackupType::kUser, 1234},
                           {"u", "id-2", "arn:u", "arn:u/backup/2", "u$DeletedTableBackup",
                            1765000001, BackupStatus::kAvailable, BackupType::kSystem, 0}};
  list.last_evaluated_backup_arn = "arn:u/backup/2";
  ExpectResponseRoundTrip(list, EncodeListBackupsResponse, DecodeListBackupsResponse);
}

TEST(CodecBackupsClientTest, ContinuousBackupsAnswers) {
  ExpectResponseRoundTrip(ContinuousBackupsDescription{}, EncodeDescribeContinuousBackupsResponse,
                          DecodeContinuousBackupsResponse);
  ExpectResponseRoundTrip(
      ContinuousBackupsDescription{"ENABLED", "ENABLED", 1765000000.5, 1765000300.25, 35},
      EncodeDescribeContinuousBackupsResponse, DecodeContinuousBackupsResponse);
}

// An answer that is not the service's shape is the service's fault: an IOError, not a
// ValidationException the caller would take for its own mistake.
TEST(CodecBackupsClientTest, MalformedAnswersAreIOErrors) {
  CreateBackupResponse created;
  Status s = DecodeCreateBackupResponse(R"({"BackupDetails":{"BackupStatus":"LOST"}})", &created);
  EXPECT_EQ(s.code(), ErrorCode::kIOError);
  EXPECT_EQ(s.message(),
            "malformed CreateBackup answer: unknown value LOST at backupDetails.backupStatus");
  EXPECT_EQ(DecodeCreateBackupResponse("{}", &created).code(), ErrorCode::kIOError);
  BackupDescriptionResponse described;
  EXPECT_EQ(DecodeBackupDescriptionResponse(R"({"BackupDescription":[]})", &described).code(),
            ErrorCode::kIOError);
}

}  // namespace
}  // namespace stator::api
