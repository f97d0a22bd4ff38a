// On-demand backups through the embedded Database: a backup is the table at one instant (later
// writes are not in it), a restore brings back every item and rebuilds the indexes, backups
// outlive their table and the process, restores race with writes to the source, the overrides,
// ListBackups' filters and paging, and the service's refusals.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <map>
#include <thread>

#include "engine/background/background_task.h"
#include "engine/backups/backup_record.h"
#include "engine/backups/table_restore.h"
#include "engine/indexes/index_collection.h"
#include "engine/model/coding.h"
#include "engine/storage/key_codec.h"
#include "engine/storage/sorted_files.h"
#include "engine/tables/catalog.h"
#include "engine/tables/table_meta_codec.h"
#include "tests/engine/database_test_util.h"

namespace stator {
namespace {

using testing::N;
using testing::S;

const CallOptions kCall;

// pk (S) + sk (N); GSI "byGroup" on g (S), ALL; GSI "byG2" on g2 (N), KEYS_ONLY; LSI "byLocal" on
// pk + l (S), INCLUDE a.
CreateTableRequest IndexedTable(const std::string& name) {
  CreateTableRequest r;
  r.table_name = name;
  r.attribute_definitions = {{"pk", ScalarType::kS},
                             {"sk", ScalarType::kN},
                             {"g", ScalarType::kS},
                             {"g2", ScalarType::kN},
                             {"l", ScalarType::kS}};
  r.key_schema = {{"pk", KeyType::kHash}, {"sk", KeyType::kRange}};
  r.billing_mode = BillingMode::kPayPerRequest;
  r.global_secondary_indexes.push_back(
      {"byGroup", {{"g", KeyType::kHash}}, {ProjectionType::kAll, {}}, {}, {}});
  r.global_secondary_indexes.push_back(
      {"byG2", {{"g2", KeyType::kHash}}, {ProjectionType::kKeysOnly, {}}, {}, {}});
  r.local_secondary_indexes.push_back({"byLocal",
                                       {{"pk", KeyType::kHash}, {"l", KeyType::kRange}},
                                       {ProjectionType::kInclude, {"a"}}});
  return r;
}

Item MakeItem(int i, const std::string& version) {
  Item item = {{"pk", S("p" + std::to_string(i % 17))},
               {"sk", N(std::to_string(i))},
               {"a", S(version + std::to_string(i))},
               {"pad", S(std::string(50 + i % 200, 'x'))}};
  if (i % 3 != 0) item["g"] = S("g" + std::to_string(i % 5));  // sparse in byGroup
  if (i % 2 == 0) item["g2"] = N(std::to_string(i % 7));
  if (i % 4 != 0) item["l"] = S("l" + std::to_string(i));
  return item;
}

std::string KeyOf(const Item& item) { return item.at("pk").s() + "/" + item.at("sk").s(); }

void Put(Database& db, const std::string& table, Item item) {
  PutItemRequest put;
  put.table_name = table;
  put.item = std::move(item);
  auto r = db.PutItem(kCall, put);
  ASSERT_TRUE(r.ok()) << r.status().message();
}

// Every item of the table (or of one of its indexes), by primary key.
std::map<std::string, Item> ScanAll(Database& db, const std::string& table,
                                    std::optional<std::string> index = std::nullopt) {
  std::map<std::string, Item> out;
  ScanRequest scan;
  scan.table_name = table;
  scan.index_name = index;
  do {
    auto page = db.Scan(kCall, scan);
    EXPECT_TRUE(page.ok()) << page.status().message();
    if (!page.ok()) return out;
    for (Item& item : *page->items) out[KeyOf(item)] = std::move(item);
    scan.exclusive_start_key = page->last_evaluated_key;
  } while (scan.exclusive_start_key);
  return out;
}

// The items a Query of index `index` for `attr` = `value` returns, by primary key.
std::set<std::string> QueryIndex(Database& db, const std::string& table, const std::string& index,
                                 const std::string& attr, const AttributeValue& value) {
  std::set<std::string> out;
  QueryRequest q;
  q.table_name = table;
  q.index_name = index;
  q.key_condition_expression = "#k = :v";
  q.expression_attribute_names = {{"#k", attr}};
  q.expression_attribute_values = {{":v", value}};
  do {
    auto page = db.Query(kCall, q);
    EXPECT_TRUE(page.ok()) << page.status().message();
    if (!page.ok()) return out;
    for (const Item& item : *page->items) out.insert(KeyOf(item));
    q.exclusive_start_key = page->last_evaluated_key;
  } while (q.exclusive_start_key);
  return out;
}

TableDescription WaitActive(Database& db, const std::string& table) {
  for (int i = 0; i < 1000; ++i) {
    auto d = db.DescribeTable(kCall, {table});
    EXPECT_TRUE(d.ok()) << d.status().message();
    if (!d.ok() || d->table.table_status == TableStatus::kActive) return d->table;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ADD_FAILURE() << table << " never became ACTIVE";
  return {};
}

std::string Backup(Database& db, const std::string& table, const std::string& name) {
  auto created = db.CreateBackup(kCall, {table, name});
  EXPECT_TRUE(created.ok()) << created.status().message();
  return created.ok() ? created->backup_details.backup_arn : "";
}

Status Restore(Database& db, const std::string& arn, const std::string& target) {
  RestoreTableFromBackupRequest r;
  r.backup_arn = arn;
  r.target_table_name = target;
  auto restored = db.RestoreTableFromBackup(kCall, r);
  return restored.ok() ? Status::OK() : restored.status();
}

// The expected contents of each index of IndexedTable for a set of items.
std::set<std::string> ExpectedInGroup(const std::map<std::string, Item>& items,
                                      const std::string& g) {
  std::set<std::string> out;
  for (const auto& [key, item] : items) {
    auto it = item.find("g");
    if (it != item.end() && it->second.s() == g) out.insert(key);
  }
  return out;
}

TEST(BackupTest, RestoreBringsBackTheTableAsItWasWhenBackedUp) {
  auto db = testing::OpenInMemory();
  ASSERT_TRUE(db->CreateTable(kCall, IndexedTable("src")).ok());
  for (int i = 0; i < 600; ++i) Put(*db, "src", MakeItem(i, "v1-"));
  const auto snapshot = ScanAll(*db, "src");
  ASSERT_EQ(snapshot.size(), 600u);
  const std::string arn = Backup(*db, "src", "before-changes");
  ASSERT_EQ(arn.rfind("arn:aws:dynamodb:ddblocal:000000000000:table/src/backup/", 0), 0u) << arn;
  // Changes after the backup are not in it.
  for (int i = 0; i < 600; i += 2) Put(*db, "src", MakeItem(i, "v2-"));
  for (int i = 1; i < 100; i += 2) {
    DeleteItemRequest del;
    del.table_name = "src";
    del.key = {{"pk", S("p" + std::to_string(i % 17))}, {"sk", N(std::to_string(i))}};
    ASSERT_TRUE(db->DeleteItem(kCall, del).ok());
  }
  Put(*db, "src", MakeItem(5000, "new-"));

  ASSERT_TRUE(Restore(*db, arn, "copy").ok());
  const TableDescription d = WaitActive(*db, "copy");
  EXPECT_EQ(d.item_count, 600);
  ASSERT_TRUE(d.restore_summary.has_value());
  EXPECT_EQ(d.restore_summary->source_backup_arn, arn);
  EXPECT_FALSE(d.restore_summary->restore_in_progress);
  ASSERT_EQ(d.global_secondary_indexes.size(), 2u);
  ASSERT_EQ(d.local_secondary_indexes.size(), 1u);

  EXPECT_EQ(ScanAll(*db, "copy"), snapshot);
  for (const std::string g : {"g0", "g1", "g4"}) {
    EXPECT_EQ(QueryIndex(*db, "copy", "byGroup", "g", S(g)), ExpectedInGroup(snapshot, g)) << g;
  }
  EXPECT_EQ(ScanAll(*db, "copy", "byGroup").size(),
            ExpectedInGroup(snapshot, "g0").size() + ExpectedInGroup(snapshot, "g1").size() +
                ExpectedInGroup(snapshot, "g2").size() + ExpectedInGroup(snapshot, "g3").size() +
                ExpectedInGroup(snapshot, "g4").size());
  size_t with_g2 = 0, with_l = 0;
  for (const auto& [key, item] : snapshot) {
    with_g2 += item.count("g2");
    with_l += item.count("l");
  }
  EXPECT_EQ(ScanAll(*db, "copy", "byG2").size(), with_g2);
  // An LSI read projects `a` only: the item from the index has no `pad`.
  const auto local = ScanAll(*db, "copy", "byLocal");
  EXPECT_EQ(local.size(), with_l);
  ASSERT_FALSE(local.empty());
  EXPECT_EQ(local.begin()->second.count("pad"), 0u);
  EXPECT_EQ(local.begin()->second.at("a"), snapshot.at(local.begin()->first).at("a"));

  // The restored table takes writes, and its indexes follow them.
  Put(*db, "copy", MakeItem(7001, "w-"));
  EXPECT_EQ(QueryIndex(*db, "copy", "byGroup", "g", S("g1")).count("p14/7001"), 1u);
}

TEST(BackupTest, DescribeAndListReportTheBackup) {
  auto clock = std::make_shared<testing::ManualClock>();
  auto db = testing::OpenInMemory(clock);
  ASSERT_TRUE(db->CreateTable(kCall, IndexedTable("tab-a")).ok());
  ASSERT_TRUE(db->CreateTable(kCall, testing::HashTable("tab-b")).ok());
  for (int i = 0; i < 10; ++i) Put(*db, "tab-a", MakeItem(i, "x"));
  std::vector<std::string> arns;
  for (int i = 0; i < 5; ++i) {
    arns.push_back(Backup(*db, i % 2 == 0 ? "tab-a" : "tab-b", "bk" + std::to_string(i)));
    clock->Advance(1'000'000);
  }
  auto described = db->DescribeBackup(kCall, {arns[0]});
  ASSERT_TRUE(described.ok());
  const BackupDescription& d = described->backup_description;
  EXPECT_EQ(d.backup_details.backup_name, "bk0");
  EXPECT_EQ(d.backup_details.backup_status, BackupStatus::kAvailable);
  EXPECT_EQ(d.backup_details.backup_type, BackupType::kUser);
  EXPECT_GT(d.backup_details.backup_size_bytes, 0);
  EXPECT_EQ(d.source_table_details.item_count, 10);
  EXPECT_EQ(d.source_table_details.table_size_bytes, d.backup_details.backup_size_bytes);
  EXPECT_EQ(d.source_table_feature_details.global_secondary_indexes.size(), 2u);
  EXPECT_EQ(d.source_table_feature_details.local_secondary_indexes.size(), 1u);
  // The ARN ends with 13 digits of milliseconds, a dash and 8 hex digits.
  const std::string id = arns[0].substr(arns[0].rfind('/') + 1);
  ASSERT_EQ(id.size(), 22u);
  EXPECT_EQ(id.substr(0, 13), "1700000000000");
  EXPECT_EQ(id[13], '-');

  auto all = db->ListBackups(kCall, {});
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->backup_summaries.size(), 5u);
  EXPECT_FALSE(all->last_evaluated_backup_arn);
  ListBackupsRequest of_a;
  of_a.table_name = "tab-a";
  EXPECT_EQ(db->ListBackups(kCall, of_a)->backup_summaries.size(), 3u);
  ListBackupsRequest window;
  window.time_range_lower_bound = 1'700'000'001.0;  // inclusive
  window.time_range_upper_bound = 1'700'000'003.0;  // exclusive
  auto in_window = db->ListBackups(kCall, window);
  ASSERT_EQ(in_window->backup_summaries.size(), 2u);
  EXPECT_EQ(in_window->backup_summaries[0].backup_arn, arns[1]);
  EXPECT_EQ(in_window->backup_summaries[1].backup_arn, arns[2]);
  ListBackupsRequest system;
  system.backup_type = BackupTypeFilter::kSystem;
  EXPECT_TRUE(db->ListBackups(kCall, system)->backup_summaries.empty());

  // Paging, two at a time, visits each backup once in creation order.
  ListBackupsRequest page;
  page.limit = 2;
  std::vector<std::string> seen;
  for (int pages = 0; pages < 10; ++pages) {
    auto r = db->ListBackups(kCall, page);
    ASSERT_TRUE(r.ok());
    for (const auto& s : r->backup_summaries) seen.push_back(s.backup_arn);
    if (!r->last_evaluated_backup_arn) break;
    page.exclusive_start_backup_arn = r->last_evaluated_backup_arn;
  }
  EXPECT_EQ(seen, arns);

  // Another namespace sees none of them.
  CallOptions other;
  other.tenant = "other";
  EXPECT_TRUE(db->ListBackups(other, {})->backup_summaries.empty());
  EXPECT_EQ(db->DescribeBackup(other, {arns[0]}).status().code(), ErrorCode::kBackupNotFound);

  auto deleted = db->DeleteBackup(kCall, {arns[0]});
  ASSERT_TRUE(deleted.ok());
  EXPECT_EQ(deleted->backup_description.backup_details.backup_status, BackupStatus::kDeleted);
  EXPECT_EQ(db->ListBackups(kCall, {})->backup_summaries.size(), 4u);
  EXPECT_STATUS(db->DescribeBackup(kCall, {arns[0]}), ErrorCode::kBackupNotFound,
                "Backup not found: " + arns[0]);
}

TEST(BackupTest, TheServiceRefusals) {
  auto db = testing::OpenInMemory();
  ASSERT_TRUE(db->CreateTable(kCall, testing::HashTable("tab")).ok());
  ASSERT_TRUE(db->CreateTable(kCall, testing::HashTable("taken")).ok());
  EXPECT_STATUS(db->CreateBackup(kCall, {"missing", "bk1"}), ErrorCode::kTableNotFound,
                "Table not found: missing");
  EXPECT_STATUS(db->CreateBackup(kCall, {"tab", "x"}), ErrorCode::kValidation,
                "1 validation error detected: Value 'x' at 'backupName' failed to satisfy "
                "constraint: Member must have length greater than or equal to 3");
  const std::string arn = Backup(*db, "tab", "good");
  EXPECT_STATUS(db->DescribeBackup(kCall, {arn + "0"}), ErrorCode::kBackupNotFound,
                "Backup not found: " + arn + "0");
  EXPECT_STATUS(db->DeleteBackup(kCall, {"nope"}), ErrorCode::kBackupNotFound,
                "Backup not found: nope");
  RestoreTableFromBackupRequest r;
  r.backup_arn = arn;
  r.target_table_name = "taken";
  EXPECT_STATUS(db->RestoreTableFromBackup(kCall, r), ErrorCode::kTableAlreadyExists,
                "Table already exists: taken");
  ListBackupsRequest zero;
  zero.limit = 0;
  EXPECT_STATUS(db->ListBackups(kCall, zero), ErrorCode::kValidation,
                "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: "
                "Member must have value greater than or equal to 1");
  ListBackupsRequest many;
  many.limit = 101;
  EXPECT_EQ(db->ListBackups(kCall, many).status().code(), ErrorCode::kValidation);
}

TEST(BackupTest, OverridesShapeTheRestoredTable) {
  auto db = testing::OpenInMemory();
  ASSERT_TRUE(db->CreateTable(kCall, IndexedTable("src")).ok());
  for (int i = 0; i < 50; ++i) Put(*db, "src", MakeItem(i, "o"));
  const std::string arn = Backup(*db, "src", "shape");
  RestoreTableFromBackupRequest r;
  r.backup_arn = arn;
  r.target_table_name = "reshaped";
  r.billing_mode_override = BillingMode::kProvisioned;
  r.provisioned_throughput_override = ProvisionedThroughput{7, 9};
  r.global_secondary_index_override =
      std::vector<GlobalSecondaryIndex>{{"onlyG2",
                                         {{"g2", KeyType::kHash}},
                                         {ProjectionType::kAll, {}},
                                         ProvisionedThroughput{1, 1},
                                         {}}};
  r.local_secondary_index_override = std::vector<LocalSecondaryIndex>{};
  r.sse_specification_override = SSESpecification{true, "KMS", "my-key"};
  auto restored = db->RestoreTableFromBackup(kCall, r);
  ASSERT_TRUE(restored.ok()) << restored.status().message();
  EXPECT_EQ(restored->table.table_status, TableStatus::kCreating);
  const TableDescription d = WaitActive(*db, "reshaped");
  EXPECT_EQ(d.billing_mode, BillingMode::kProvisioned);
  EXPECT_EQ(d.provisioned_throughput.read_capacity_units, 7);
  EXPECT_EQ(d.provisioned_throughput.write_capacity_units, 9);
  ASSERT_EQ(d.global_secondary_indexes.size(), 1u);
  EXPECT_EQ(d.global_secondary_indexes[0].index_name, "onlyG2");
  EXPECT_TRUE(d.local_secondary_indexes.empty());
  ASSERT_TRUE(d.sse_description.has_value());
  EXPECT_EQ(d.sse_description->kms_master_key_arn, "my-key");
  // g was dropped with byGroup: only the definitions the keys use remain.
  for (const auto& a : d.attribute_definitions) EXPECT_NE(a.attribute_name, "g");
  EXPECT_EQ(ScanAll(*db, "reshaped").size(), 50u);
  EXPECT_EQ(QueryIndex(*db, "reshaped", "onlyG2", "g2", N("0")).size(),
            QueryIndex(*db, "src", "byG2", "g2", N("0")).size());
  EXPECT_FALSE(db->Query(kCall,
                         [] {
                           QueryRequest q;
                           q.table_name = "reshaped";
                           q.index_name = "byGroup";
                           q.key_condition_expression = "g = :g";
                           q.expression_attribute_values = {{":g", S("g1")}};
                           return q;
                         }())
                   .ok());
}

TEST(BackupTest, RestoreRacingWritesToTheSourceGetsTheBackupOnly) {
  auto db = testing::OpenInMemory();
  ASSERT_TRUE(db->CreateTable(kCall, IndexedTable("busy")).ok());
  for (int i = 0; i < 2000; ++i) Put(*db, "busy", MakeItem(i, "b"));
  const auto snapshot = ScanAll(*db, "busy");
  const std::string arn = Backup(*db, "busy", "busy-backup");
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    for (int i = 0; !stop; i = (i + 1) % 4000) Put(*db, "busy", MakeItem(i, "late"));
  });
  for (int n = 0; n < 3; ++n) {
    const std::string target = "busy-copy" + std::to_string(n);
    ASSERT_TRUE(Restore(*db, arn, target).ok());
    WaitActive(*db, target);
  }
  stop = true;
  writer.join();
  for (int n = 0; n < 3; ++n) {
    const std::string target = "busy-copy" + std::to_string(n);
    EXPECT_EQ(ScanAll(*db, target), snapshot) << target;
    EXPECT_EQ(QueryIndex(*db, target, "byGroup", "g", S("g2")), ExpectedInGroup(snapshot, "g2"));
  }
}

TEST(BackupTest, BackupOutlivesItsTableAndTheProcess) {
  testing::TempDir dir;
  Options options;
  options.data_dir = dir.path();
  std::string arn;
  std::map<std::string, Item> snapshot;
  {
    auto db = std::move(Database::Open(options)).value();
    ASSERT_TRUE(db->CreateTable(kCall, IndexedTable("gone")).ok());
    for (int i = 0; i < 300; ++i) Put(*db, "gone", MakeItem(i, "d"));
    snapshot = ScanAll(*db, "gone");
    arn = Backup(*db, "gone", "last-copy");
    auto empty_arn = Backup(*db, "gone", "second");
    ASSERT_TRUE(db->DeleteBackup(kCall, {empty_arn}).ok());
    ASSERT_TRUE(db->DeleteTable(kCall, {"gone"}).ok());
  }
  auto db = std::move(Database::Open(options)).value();
  auto listed = db->ListBackups(kCall, {});
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->backup_summaries.size(), 1u);
  EXPECT_EQ(listed->backup_summaries[0].backup_arn, arn);
  EXPECT_EQ(db->DescribeBackup(kCall, {arn})->backup_description.backup_details.backup_status,
            BackupStatus::kAvailable);
  ASSERT_TRUE(Restore(*db, arn, "gone").ok());
  WaitActive(*db, "gone");
  EXPECT_EQ(ScanAll(*db, "gone"), snapshot);
  EXPECT_EQ(QueryIndex(*db, "gone", "byGroup", "g", S("g3")), ExpectedInGroup(snapshot, "g3"));
}

// What the service does not restore is not restored: the stream, TTL, tags, deletion protection.
TEST(BackupTest, RestoreLeavesOutStreamTtlTagsAndProtection) {
  auto db = testing::OpenInMemory();
  auto create = testing::HashTable("featured");
  create.stream_specification = StreamSpecification{true, StreamViewType::kNewImage};
  create.tags = {{"team", "storage"}};
  create.deletion_protection_enabled = true;
  ASSERT_TRUE(db->CreateTable(kCall, create).ok());
  ASSERT_TRUE(db->UpdateTimeToLive(kCall, {"featured", {true, "expires"}}).ok());
  Put(*db, "featured", {{"id", S("one")}});
  const std::string arn = Backup(*db, "featured", "features");
  ASSERT_TRUE(Restore(*db, arn, "featured-copy").ok());
  const TableDescription d = WaitActive(*db, "featured-copy");
  EXPECT_EQ(d.item_count, 1);
  EXPECT_FALSE(d.stream_specification.has_value());
  EXPECT_FALSE(d.latest_stream_arn.has_value());
  EXPECT_FALSE(d.deletion_protection_enabled);
  EXPECT_EQ(db->DescribeTimeToLive(kCall, {"featured-copy"})->time_to_live_status, "DISABLED");
  EXPECT_TRUE(db->ListTagsOfResource(kCall, {d.table_arn, std::nullopt})->tags.empty());
}

TEST(BackupTest, EmptyTableBacksUpAndRestoresEmpty) {
  auto db = testing::OpenInMemory();
  ASSERT_TRUE(db->CreateTable(kCall, testing::HashTable("empty")).ok());
  const std::string arn = Backup(*db, "empty", "nothing");
  ASSERT_TRUE(Restore(*db, arn, "empty2").ok());
  EXPECT_EQ(WaitActive(*db, "empty2").item_count, 0);
  EXPECT_TRUE(ScanAll(*db, "empty2").empty());
}

}  // namespace
}  // namespace stator

namespace stator::engine {
namespace {

// Recovery at open, from states a crash leaves, made by hand in the closed store: a backup record
// still CREATING (its file possibly incomplete), a directory no record names, and a restored
// table still CREATING with its restore in progress and none of its items in yet.
TEST(BackupRecoveryTest, OpenRemovesUnfinishedBackupsAndFinishesRestores) {
  testing::TempDir dir;
  Options options;
  options.data_dir = dir.path();
  std::string arn;
  std::map<std::string, Item> snapshot;
  {
    auto db = std::move(Database::Open(options)).value();
    ASSERT_TRUE(db->CreateTable(kCall, IndexedTable("source")).ok());
    for (int i = 0; i < 200; ++i) Put(*db, "source", MakeItem(i, "r"));
    snapshot = ScanAll(*db, "source");
    arn = Backup(*db, "source", "complete");
    ASSERT_TRUE(Restore(*db, arn, "restored").ok());
    WaitActive(*db, "restored");
  }
  {
    StorageConfig config;
    config.dir = dir.path();
    auto storage = std::move(Storage::Open(config)).value();
    // An unfinished backup, and a stray directory.
    BackupRecord unfinished;
    const std::string id = arn.substr(arn.rfind('/') + 1);
    bool found = false;
    std::string value;
    ASSERT_TRUE(storage->Get(Space::kMeta, BackupRecordKey(id), &value, &found).ok());
    ASSERT_TRUE(found);
    ASSERT_TRUE(DecodeBackupRecord(value, &unfinished));
    unfinished.id = "1700000000000-deadbeef";
    unfinished.arn = "arn:aws:dynamodb:ddblocal:000000000000:table/source/backup/" + unfinished.id;
    unfinished.status = BackupStatus::kCreating;
    WriteBatch batch(*storage);
    batch.Put(Space::kMeta, BackupRecordKey(unfinished.id), EncodeBackupRecord(unfinished));
    ASSERT_TRUE(CreateDirs(*storage, BackupDir(*storage, unfinished.id)).ok());
    ASSERT_TRUE(CreateDirs(*storage, BackupDir(*storage, "stray")).ok());
    // The restored table as a crash before its final batch leaves it: CREATING, restore in
    // progress, no items, no statistics.
    ASSERT_TRUE(storage
                    ->ForEachWithPrefix(
                        Space::kMeta, "t",
                        [&](std::string_view key, std::string_view meta_value) {
                          KeySchema schema;
                          TableMeta meta;
                          if (!DecodeTableMeta(meta_value, &schema, &meta) ||
                              meta.description.table_name != "restored") {
                            return true;
                          }
                          const uint32_t id = DecodeFixed32BE(key.data() + 1);
                          meta.transient_status = TableStatus::kCreating;
                          meta.transient_until_micros = NextRun::kNever;
                          meta.description.restore_summary->restore_in_progress = true;
                          batch.Put(Space::kMeta, key, EncodeTableMeta(schema, meta));
                          batch.Delete(Space::kMeta, StatsKey(id));
                          batch.DeleteRange(Space::kItems, TablePrefix(id), TablePrefix(id + 1));
                          for (const IndexDef& index : meta.indexes) {
                            batch.Delete(Space::kMeta, StatsKey(index.id));
                            batch.DeleteRange(Space::kItems, TablePrefix(index.id),
                                              TablePrefix(index.id + 1));
                          }
                          batch.DeleteRange(Space::kMeta, CollectionStatsPrefix(id),
                                            CollectionStatsPrefix(id + 1));
                          return true;
                        })
                    .ok());
    ASSERT_TRUE(storage->Write(batch).ok());
  }
  auto db = std::move(Database::Open(options)).value();
  auto listed = db->ListBackups(kCall, {});
  ASSERT_EQ(listed->backup_summaries.size(), 1u);
  EXPECT_EQ(listed->backup_summaries[0].backup_arn, arn);
  EXPECT_FALSE(std::filesystem::exists(dir.path() + "/backups/1700000000000-deadbeef"));
  EXPECT_FALSE(std::filesystem::exists(dir.path() + "/backups/stray"));
  const TableDescription d = WaitActive(*db, "restored");
  EXPECT_EQ(d.item_count, 200);
  EXPECT_FALSE(d.restore_summary->restore_in_progress);
  EXPECT_EQ(ScanAll(*db, "restored"), snapshot);
  EXPECT_EQ(QueryIndex(*db, "restored", "byGroup", "g", S("g1")), ExpectedInGroup(snapshot, "g1"));
  EXPECT_EQ(ScanAll(*db, "restored", "byLocal").size(), ScanAll(*db, "source", "byLocal").size());
}

// A restore in many chunks (a file each) brings back the same table as one in a single chunk.
TEST(BackupRecoveryTest, RestoreInManyChunksMatchesTheBackup) {
  auto db = testing::OpenInMemory();
  ASSERT_TRUE(db->CreateTable(kCall, IndexedTable("chunked")).ok());
  for (int i = 0; i < 500; ++i) Put(*db, "chunked", MakeItem(i, "c"));
  const auto snapshot = ScanAll(*db, "chunked");
  const std::string arn = Backup(*db, "chunked", "chunks");
  RestoreHooks::chunk_bytes = 4096;  // about 20 items a chunk
  const Status restored = Restore(*db, arn, "chunked-copy");
  const TableDescription d = WaitActive(*db, "chunked-copy");
  RestoreHooks::chunk_bytes = size_t{32} << 20;
  ASSERT_TRUE(restored.ok()) << restored.message();
  EXPECT_EQ(d.item_count, 500);
  EXPECT_EQ(ScanAll(*db, "chunked-copy"), snapshot);
  for (const std::string g : {"g0", "g3"}) {
    EXPECT_EQ(QueryIndex(*db, "chunked-copy", "byGroup", "g", S(g)), ExpectedInGroup(snapshot, g));
  }
  EXPECT_EQ(ScanAll(*db, "chunked-copy", "byLocal").size(),
            ScanAll(*db, "chunked", "byLocal").size());
}

// A backup a restore is reading is not deleted under it. The restore is slowed to a file per item
// so that it is still running, by a wide margin, when the delete comes.
TEST(BackupRecoveryTest, BackupBeingRestoredIsInUse) {
  auto db = testing::OpenInMemory();
  ASSERT_TRUE(db->CreateTable(kCall, testing::HashTable("in-use")).ok());
  for (int i = 0; i < 2000; ++i) Put(*db, "in-use", {{"id", S("k" + std::to_string(i))}});
  const std::string arn = Backup(*db, "in-use", "busy");
  RestoreHooks::chunk_bytes = 1;
  const Status restored = Restore(*db, arn, "in-use-copy");
  auto deleted = db->DeleteBackup(kCall, {arn});
  const TableDescription d = WaitActive(*db, "in-use-copy");
  RestoreHooks::chunk_bytes = size_t{32} << 20;
  ASSERT_TRUE(restored.ok()) << restored.message();
  EXPECT_STATUS(deleted, ErrorCode::kBackupInUse,
                "There is another ongoing conflicting backup control plane operation on the "
                "table. The backup is either being created, deleted or restored to a table.");
  EXPECT_EQ(d.item_count, 2000);
  // Once the restore is done the backup can go.
  EXPECT_TRUE(db->DeleteBackup(kCall, {arn}).ok());
}

}  // namespace
}  // namespace stator::engine
