// Resource policies and the Describe*s of per-table settings through the remote Database against
// the real server, compared with the server's own answers and with the in-process engine's; and
// the operations added to the remote Database passing through the DAX-mode cache in front of it.
#include <gtest/gtest.h>

#include <string>

#include "api/codec_misc.h"
#include "api/codec_misc_client.h"
#include "api/codec_streams_client.h"
#include "api/codec_table_client.h"
#include "tests/api/remote/remote_server.h"

namespace stator::remote {
namespace {

using RemoteMetadataTest = RemoteServerTest;

std::string PolicyFor(const std::string& arn) {
  return R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow",)"
         R"("Principal":{"AWS":"arn:aws:iam::000000000000:root"},)"
         R"("Action":["dynamodb:GetItem"],"Resource":")" +
         arn + R"("}]})";
}

TEST_F(RemoteMetadataTest, ResourcePolicyLifecycle) {
  auto created = remote_->CreateTable(call_, OrdersTable("guarded"));
  ASSERT_TRUE(created.ok()) << created.status().message();
  const std::string arn = created->table.table_arn;

  Status none = remote_->GetResourcePolicy(call_, {arn, std::nullopt}).status();
  EXPECT_EQ(none.code(), ErrorCode::kPolicyNotFound);
  EXPECT_EQ(none.message(), "Resource-based policy not found for the provided ResourceArn: " + arn);

  auto put = remote_->PutResourcePolicy(call_, {arn, PolicyFor(arn), std::nullopt, false});
  ASSERT_TRUE(put.ok()) << put.status().message();
  EXPECT_FALSE(put->revision_id.empty());
  EXPECT_FALSE(put->policy.has_value());

  const ResourcePolicyRequest get{arn, std::nullopt};
  auto got = remote_->GetResourcePolicy(call_, get);
  ASSERT_TRUE(got.ok()) << got.status().message();
  auto held = Raw("GetResourcePolicy", api::EncodeResourcePolicyRequest(get));
  ASSERT_TRUE(held.ok()) << held.status().message();
  EXPECT_EQ(api::EncodeResourcePolicyResponse(*got), *held);
  EXPECT_EQ(got->policy, PolicyFor(arn));
  EXPECT_EQ(got->revision_id, put->revision_id);

  // A stale expected revision is refused, the current one accepted.
  Status stale = remote_->DeleteResourcePolicy(call_, {arn, "1"}).status();
  EXPECT_EQ(stale.code(), ErrorCode::kPolicyNotFound) << stale.message();
  auto deleted = remote_->DeleteResourcePolicy(call_, {arn, put->revision_id});
  ASSERT_TRUE(deleted.ok()) << deleted.status().message();
  EXPECT_FALSE(deleted->revision_id.empty());
  EXPECT_EQ(remote_->GetResourcePolicy(call_, get).status().code(), ErrorCode::kPolicyNotFound);
  ASSERT_TRUE(remote_->DeleteTable(call_, {"guarded"}).ok());
}

// The Describe*s of settings Stator reports but does not run: the same values as the engine's.
TEST_F(RemoteMetadataTest, SettingsDescriptionsAreTheEnginesValues) {
  Options local_options;
  local_options.in_memory = true;
  auto local = Database::Open(local_options);
  ASSERT_TRUE(local.ok()) << local.status().message();
  for (Database* db : {remote_.get(), local->get()}) {
    ASSERT_TRUE(db->CreateTable(call_, OrdersTable("settings")).ok());
  }

  auto kinesis = remote_->DescribeKinesisStreamingDestination(call_, {"settings"});
  ASSERT_TRUE(kinesis.ok()) << kinesis.status().message();
  EXPECT_EQ(kinesis->table_name, "settings");
  auto held = Raw("DescribeKinesisStreamingDestination", api::EncodeTableNameRequest("settings"));
  ASSERT_TRUE(held.ok()) << held.status().message();
  EXPECT_EQ(api::EncodeKinesisStreamingDestinationResponse(*kinesis), *held);
  auto local_kinesis = (*local)->DescribeKinesisStreamingDestination(call_, {"settings"});
  ASSERT_TRUE(local_kinesis.ok());
  EXPECT_EQ(kinesis->table_name, local_kinesis->table_name);

  for (const std::optional<std::string>& index : {std::optional<std::string>(), {}}) {
    const ContributorInsightsRequest request{"settings", index};
    auto insights = remote_->DescribeContributorInsights(call_, request);
    ASSERT_TRUE(insights.ok()) << insights.status().message();
    held = Raw("DescribeContributorInsights", api::EncodeContributorInsightsRequest(request));
    ASSERT_TRUE(held.ok()) << held.status().message();
    EXPECT_EQ(api::EncodeContributorInsightsResponse(*insights), *held);
    auto local_insights = (*local)->DescribeContributorInsights(call_, request);
    ASSERT_TRUE(local_insights.ok());
    EXPECT_EQ(insights->contributor_insights_status, local_insights->contributor_insights_status);
    EXPECT_EQ(insights->index_name, local_insights->index_name);
  }

  auto pitr = remote_->DescribeContinuousBackups(call_, {"settings"});
  auto local_pitr = (*local)->DescribeContinuousBackups(call_, {"settings"});
  ASSERT_TRUE(pitr.ok() && local_pitr.ok()) << pitr.status().message();
  EXPECT_EQ(api::EncodeDescribeContinuousBackupsResponse(*pitr),
            api::EncodeDescribeContinuousBackupsResponse(*local_pitr));

  // A table that does not exist: the engine's error, through either.
  Status remote_missing = remote_->DescribeContributorInsights(call_, {"nope", {}}).status();
  Status local_missing = (*local)->DescribeContributorInsights(call_, {"nope", {}}).status();
  EXPECT_EQ(remote_missing.code(), local_missing.code());
  EXPECT_EQ(remote_missing.message(), local_missing.message());
  ASSERT_FALSE(remote_missing.ok());

  for (Database* db : {remote_.get(), local->get()}) {
    ASSERT_TRUE(db->DeleteTable(call_, {"settings"}).ok());
  }
}

// The DAX-mode cache forwards what it does not cache: a backup made, a table restored and a
// stream read through it are the service's.
TEST_F(RemoteMetadataTest, TheDaxCachePassesThemThrough) {
  std::unique_ptr<Database> opened = OpenDaxCached();
  ASSERT_NE(opened, nullptr);
  Database& cached = *opened;

  CreateTableRequest create = OrdersTable("cached");
  create.stream_specification = StreamSpecification{true, StreamViewType::kKeysOnly};
  ASSERT_TRUE(cached.CreateTable(call_, create).ok());
  PutItemRequest put;
  put.table_name = "cached";
  put.item = {{"pk", S("a")}, {"sk", N("1")}};
  ASSERT_TRUE(cached.PutItem(call_, put).ok());

  auto backup = cached.CreateBackup(call_, {"cached", "through-cache"});
  ASSERT_TRUE(backup.ok()) << backup.status().message();
  auto seen = remote_->DescribeBackup(call_, {backup->backup_details.backup_arn});
  ASSERT_TRUE(seen.ok()) << seen.status().message();
  EXPECT_EQ(seen->backup_description.backup_details.backup_name, "through-cache");

  RestoreTableFromBackupRequest restore;
  restore.target_table_name = "cached_copy";
  restore.backup_arn = backup->backup_details.backup_arn;
  ASSERT_TRUE(cached.RestoreTableFromBackup(call_, restore).ok());
  ASSERT_TRUE(WaitActive(cached, "cached_copy"));
  GetItemRequest get;
  get.table_name = "cached_copy";
  get.key = put.item;
  auto copy = cached.GetItem(call_, get);
  ASSERT_TRUE(copy.ok()) << copy.status().message();
  EXPECT_TRUE(copy->item.has_value());

  ListStreamsRequest streams;
  streams.table_name = "cached";
  auto via_cache = cached.ListStreams(call_, streams);
  auto direct = remote_->ListStreams(call_, streams);
  ASSERT_TRUE(via_cache.ok() && direct.ok()) << via_cache.status().message();
  ASSERT_EQ(via_cache->streams.size(), 1u);
  EXPECT_EQ(via_cache->streams[0].stream_arn, direct->streams[0].stream_arn);

  ASSERT_TRUE(cached.DeleteBackup(call_, {backup->backup_details.backup_arn}).ok());
  for (const char* table : {"cached_copy", "cached"}) {
    ASSERT_TRUE(cached.DeleteTable(call_, {table}).ok()) << table;
  }
}

// A table restored through the cache replaces what the cache held under its name, even the
// entries of a table of that name that another client deleted meanwhile.
TEST_F(RemoteMetadataTest, ARestoreThroughTheDaxCacheForgetsTheTable) {
  std::unique_ptr<Database> opened = OpenDaxCached();
  ASSERT_NE(opened, nullptr);
  Database& cached = *opened;

  ASSERT_TRUE(cached.CreateTable(call_, OrdersTable("phoenix")).ok());
  PutItemRequest put;
  put.table_name = "phoenix";
  put.item = {{"pk", S("a")}, {"sk", N("1")}, {"v", N("1")}};
  ASSERT_TRUE(cached.PutItem(call_, put).ok());
  auto backup = cached.CreateBackup(call_, {"phoenix", "phoenix-v1"});
  ASSERT_TRUE(backup.ok()) << backup.status().message();
  put.item["v"] = N("2");
  ASSERT_TRUE(cached.PutItem(call_, put).ok());  // the cache holds v2 now
  GetItemRequest get;
  get.table_name = "phoenix";
  get.key = {{"pk", S("a")}, {"sk", N("1")}};
  auto before = cached.GetItem(call_, get);
  ASSERT_TRUE(before.ok() && before->item);
  EXPECT_EQ(before->item->at("v"), N("2"));

  ASSERT_TRUE(remote_->DeleteTable(call_, {"phoenix"}).ok());  // another client: cache not told
  RestoreTableFromBackupRequest restore;
  restore.target_table_name = "phoenix";
  restore.backup_arn = backup->backup_details.backup_arn;
  ASSERT_TRUE(cached.RestoreTableFromBackup(call_, restore).ok());
  ASSERT_TRUE(WaitActive(cached, "phoenix"));
  auto after = cached.GetItem(call_, get);
  ASSERT_TRUE(after.ok() && after->item) << after.status().message();
  EXPECT_EQ(after->item->at("v"), N("1")) << "the restored item, not the cached one";

  ASSERT_TRUE(cached.DeleteBackup(call_, {backup->backup_details.backup_arn}).ok());
  ASSERT_TRUE(cached.DeleteTable(call_, {"phoenix"}).ok());
}

}  // namespace
}  // namespace stator::remote
