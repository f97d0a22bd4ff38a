// Backups and point-in-time recovery through the remote Database against the real server: each
// typed result, encoded again with the server's own encoder, is the answer the server gives to the
// same request sent directly, so the remote Database reads back exactly what the engine returned;
// and what it restores is what was written.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "api/codec_backups.h"
#include "api/codec_backups_client.h"
#include "api/codec_misc.h"
#include "api/codec_misc_client.h"
#include "api/codec_table_client.h"
#include "tests/api/remote/remote_server.h"

namespace stator::remote {
namespace {

using RemoteBackupsTest = RemoteServerTest;

// A table with a GSI, an LSI and a stream, so that a backup's feature details carry each.
CreateTableRequest ShelfTable(const std::string& name) {
  CreateTableRequest r = OrdersTable(name);
  r.attribute_definitions.push_back({"g", ScalarType::kS});
  r.global_secondary_indexes = {
      GlobalSecondaryIndex{"by_g",
                           {{"g", KeyType::kHash}},
                           Projection{ProjectionType::kKeysOnly, {}, true},
                           std::nullopt,
                           std::nullopt}};
  r.local_secondary_indexes = {
      LocalSecondaryIndex{"by_g_local",
                          {{"pk", KeyType::kHash}, {"g", KeyType::kRange}},
                          Projection{ProjectionType::kInclude, {"v"}, true}}};
  r.stream_specification = StreamSpecification{true, StreamViewType::kNewImage};
  return r;
}

std::vector<Item> ScanAll(Database& db, const std::string& table) {
  ScanRequest scan;
  scan.table_name = table;
  scan.consistent_read = true;
  auto page = db.Scan({}, scan);
  EXPECT_TRUE(page.ok()) << page.status().message();
  if (!page.ok() || !page->items) return {};
  return *page->items;
}

TEST_F(RemoteBackupsTest, CreateDescribeListRestoreAndDelete) {
  ASSERT_TRUE(remote_->CreateTable(call_, ShelfTable("shelf")).ok());
  for (int i = 1; i <= 3; ++i) {
    PutItemRequest put;
    put.table_name = "shelf";
    put.item = {{"pk", S("p")}, {"sk", N(std::to_string(i))}, {"g", S("g")}, {"v", N("7")}};
    ASSERT_TRUE(remote_->PutItem(call_, put).ok());
  }

  auto created = remote_->CreateBackup(call_, {"shelf", "shelf-nightly"});
  ASSERT_TRUE(created.ok()) << created.status().message();
  const BackupDetails& details = created->backup_details;
  EXPECT_EQ(details.backup_name, "shelf-nightly");
  EXPECT_EQ(details.backup_status, BackupStatus::kAvailable);
  EXPECT_EQ(details.backup_type, BackupType::kUser);
  EXPECT_GT(details.backup_creation_date_time, 0);
  const std::string arn = details.backup_arn;
  ASSERT_NE(arn.find(":table/shelf/backup/"), std::string::npos) << arn;

  auto described = remote_->DescribeBackup(call_, {arn});
  ASSERT_TRUE(described.ok()) << described.status().message();
  auto held = Raw("DescribeBackup", api::EncodeBackupArnRequest({arn}));
  ASSERT_TRUE(held.ok()) << held.status().message();
  EXPECT_EQ(api::EncodeBackupDescriptionResponse(*described), *held);
  const BackupDescription& d = described->backup_description;
  EXPECT_EQ(d.backup_details.backup_creation_date_time, details.backup_creation_date_time);
  EXPECT_EQ(d.source_table_details.table_name, "shelf");
  EXPECT_EQ(d.source_table_details.item_count, 3);
  EXPECT_EQ(d.source_table_details.billing_mode, BillingMode::kPayPerRequest);
  ASSERT_EQ(d.source_table_feature_details.global_secondary_indexes.size(), 1u);
  EXPECT_EQ(d.source_table_feature_details.global_secondary_indexes[0].index_name, "by_g");
  ASSERT_EQ(d.source_table_feature_details.local_secondary_indexes.size(), 1u);
  EXPECT_EQ(d.source_table_feature_details.local_secondary_indexes[0].projection.projection_type,
            ProjectionType::kInclude);
  ASSERT_TRUE(d.source_table_feature_details.stream_description.has_value());
  EXPECT_EQ(d.source_table_feature_details.stream_description->stream_view_type,
            StreamViewType::kNewImage);

  ListBackupsRequest list;
  list.table_name = "shelf";
  auto listed = remote_->ListBackups(call_, list);
  ASSERT_TRUE(listed.ok()) << listed.status().message();
  held = Raw("ListBackups", api::EncodeListBackupsRequest(list));
  ASSERT_TRUE(held.ok()) << held.status().message();
  EXPECT_EQ(api::EncodeListBackupsResponse(*listed), *held);
  ASSERT_EQ(listed->backup_summaries.size(), 1u);
  EXPECT_EQ(listed->backup_summaries[0].backup_arn, arn);

  PutItemRequest later;  // after the backup: not in the restored table
  later.table_name = "shelf";
  later.item = {{"pk", S("p")}, {"sk", N("4")}};
  ASSERT_TRUE(remote_->PutItem(call_, later).ok());

  RestoreTableFromBackupRequest restore;
  restore.target_table_name = "shelf_restored";
  restore.backup_arn = arn;
  restore.global_secondary_index_override = std::vector<GlobalSecondaryIndex>{};
  auto restored = remote_->RestoreTableFromBackup(call_, restore);
  ASSERT_TRUE(restored.ok()) << restored.status().message();
  EXPECT_EQ(restored->table.table_name, "shelf_restored");
  ASSERT_TRUE(restored->table.restore_summary.has_value());
  EXPECT_EQ(restored->table.restore_summary->source_backup_arn, arn);
  EXPECT_TRUE(restored->table.global_secondary_indexes.empty()) << "the override dropped it";
  EXPECT_EQ(restored->table.local_secondary_indexes.size(), 1u);
  ASSERT_TRUE(WaitActive(*remote_, "shelf_restored"));
  const std::vector<Item> items = ScanAll(*remote_, "shelf_restored");
  EXPECT_EQ(items.size(), 3u);
  for (const Item& item : items) EXPECT_EQ(item.at("v"), N("7"));

  auto deleted = remote_->DeleteBackup(call_, {arn});
  ASSERT_TRUE(deleted.ok()) << deleted.status().message();
  EXPECT_EQ(deleted->backup_description.backup_details.backup_arn, arn);
  EXPECT_EQ(deleted->backup_description.backup_details.backup_status, BackupStatus::kDeleted);
  Status gone = remote_->DescribeBackup(call_, {arn}).status();
  EXPECT_EQ(gone.code(), ErrorCode::kBackupNotFound);
  EXPECT_EQ(gone.message(),
            Raw("DescribeBackup", api::EncodeBackupArnRequest({arn})).status().message());
  EXPECT_NE(gone.message().find(arn), std::string::npos) << gone.message();

  ASSERT_TRUE(remote_->DeleteTable(call_, {"shelf_restored"}).ok());
  ASSERT_TRUE(remote_->DeleteTable(call_, {"shelf"}).ok());
}

// Enable PITR, write v1, note the latest restorable time, write v2: a restore to the noted time
// has v1, a restore to the latest time v2.
TEST_F(RemoteBackupsTest, PointInTimeRecovery) {
  ASSERT_TRUE(remote_->CreateTable(call_, OrdersTable("ledger")).ok());
  auto off = remote_->DescribeContinuousBackups(call_, {"ledger"});
  ASSERT_TRUE(off.ok()) << off.status().message();
  EXPECT_EQ(off->point_in_time_recovery_status, "DISABLED");
  auto held = Raw("DescribeContinuousBackups", api::EncodeTableNameRequest("ledger"));
  ASSERT_TRUE(held.ok()) << held.status().message();
  EXPECT_EQ(api::EncodeDescribeContinuousBackupsResponse(*off), *held);

  auto on = remote_->UpdateContinuousBackups(call_, {"ledger", true, 7});
  ASSERT_TRUE(on.ok()) << on.status().message();
  EXPECT_EQ(on->continuous_backups_status, "ENABLED");
  EXPECT_EQ(on->point_in_time_recovery_status, "ENABLED");
  EXPECT_EQ(on->recovery_period_in_days, 7);
  ASSERT_TRUE(on->earliest_restorable_date_time.has_value());

  // The restorable times are reported in whole milliseconds, rounded down: a few milliseconds
  // between enabling, writing and noting the time keep the noted time after both.
  const auto pause = [] { std::this_thread::sleep_for(std::chrono::milliseconds(3)); };
  pause();
  PutItemRequest put;
  put.table_name = "ledger";
  put.item = {{"pk", S("acct")}, {"sk", N("1")}, {"balance", N("1")}};
  ASSERT_TRUE(remote_->PutItem(call_, put).ok());
  pause();
  auto before = Raw("DescribeContinuousBackups", api::EncodeTableNameRequest("ledger"));
  auto noted = remote_->DescribeContinuousBackups(call_, {"ledger"});
  auto after = Raw("DescribeContinuousBackups", api::EncodeTableNameRequest("ledger"));
  ASSERT_TRUE(noted.ok() && before.ok() && after.ok()) << noted.status().message();
  // The latest restorable time moves with the clock: the remote one lies between the server's
  // answers just before and just after, and the rest is the same.
  ContinuousBackupsDescription first, last;
  ASSERT_TRUE(api::DecodeContinuousBackupsResponse(*before, &first).ok());
  ASSERT_TRUE(api::DecodeContinuousBackupsResponse(*after, &last).ok());
  ASSERT_TRUE(noted->latest_restorable_date_time.has_value());
  EXPECT_LE(*first.latest_restorable_date_time, *noted->latest_restorable_date_time);
  EXPECT_LE(*noted->latest_restorable_date_time, *last.latest_restorable_date_time);
  first.latest_restorable_date_time = noted->latest_restorable_date_time;
  EXPECT_EQ(api::EncodeDescribeContinuousBackupsResponse(*noted),
            api::EncodeDescribeContinuousBackupsResponse(first));
  const double noted_time = *noted->latest_restorable_date_time;

  put.item["balance"] = N("2");
  ASSERT_TRUE(remote_->PutItem(call_, put).ok());

  RestoreTableToPointInTimeRequest then;
  then.source_table_name = "ledger";
  then.target_table_name = "ledger_then";
  then.restore_date_time = noted_time;
  auto restored = remote_->RestoreTableToPointInTime(call_, then);
  ASSERT_TRUE(restored.ok()) << restored.status().message();
  ASSERT_TRUE(restored->table.restore_summary.has_value());
  EXPECT_EQ(restored->table.restore_summary->restore_date_time, noted_time);
  EXPECT_NE(restored->table.restore_summary->source_table_arn.find(":table/ledger"),
            std::string::npos);

  RestoreTableToPointInTimeRequest latest;
  latest.source_table_name = "ledger";
  latest.target_table_name = "ledger_now";
  latest.use_latest_restorable_time = true;
  ASSERT_TRUE(remote_->RestoreTableToPointInTime(call_, latest).ok());

  ASSERT_TRUE(WaitActive(*remote_, "ledger_then"));
  ASSERT_TRUE(WaitActive(*remote_, "ledger_now"));
  const std::vector<Item> then_items = ScanAll(*remote_, "ledger_then");
  ASSERT_EQ(then_items.size(), 1u);
  EXPECT_EQ(then_items[0].at("balance"), N("1"));
  const std::vector<Item> now_items = ScanAll(*remote_, "ledger_now");
  ASSERT_EQ(now_items.size(), 1u);
  EXPECT_EQ(now_items[0].at("balance"), N("2"));

  // Before the history began: the engine's error, come back through the remote Database.
  RestoreTableToPointInTimeRequest too_early = then;
  too_early.target_table_name = "ledger_early";
  too_early.restore_date_time = *on->earliest_restorable_date_time - 3600;
  Status refused = remote_->RestoreTableToPointInTime(call_, too_early).status();
  EXPECT_EQ(refused.code(), ErrorCode::kInvalidRestoreTime) << refused.message();
  EXPECT_EQ(refused.message(),
            Raw("RestoreTableToPointInTime", api::EncodeRestoreTableToPointInTimeRequest(too_early))
                .status()
                .message());

  for (const char* table : {"ledger_then", "ledger_now", "ledger"}) {
    ASSERT_TRUE(remote_->DeleteTable(call_, {table}).ok()) << table;
  }
}

}  // namespace
}  // namespace stator::remote
