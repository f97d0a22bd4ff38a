// Point-in-time recovery through the embedded Database, on a clock the test moves: a restore to
// any recorded instant reproduces the table exactly as it was then (item by item, indexes
// rebuilt, changes made at the instant itself included), while the source keeps taking writes;
// the recovery window, its errors, disabling, retention and the system backup of a deleted table.
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "tests/engine/database_test_util.h"

namespace stator {
namespace {

using testing::ManualClock;
using testing::N;
using testing::S;

const CallOptions kCall;
constexpr int64_t kDay = 86'400'000'000;

double Seconds(int64_t micros) { return static_cast<double>(micros) / 1e6; }

// pk (S) + sk (N), with GSI "byGroup" on g (S).
CreateTableRequest IndexedTable(const std::string& name) {
  CreateTableRequest r;
  r.table_name = name;
  r.attribute_definitions = {{"pk", ScalarType::kS}, {"sk", ScalarType::kN}, {"g", ScalarType::kS}};
  r.key_schema = {{"pk", KeyType::kHash}, {"sk", KeyType::kRange}};
  r.billing_mode = BillingMode::kPayPerRequest;
  r.global_secondary_indexes.push_back(
      {"byGroup", {{"g", KeyType::kHash}}, {ProjectionType::kAll, {}}, {}, {}});
  return r;
}

std::string KeyOf(const Item& item) { return item.at("pk").s() + "/" + item.at("sk").s(); }

std::map<std::string, Item> ScanAll(Database& db, const std::string& table) {
  std::map<std::string, Item> out;
  ScanRequest scan;
  scan.table_name = table;
  do {
    auto page = db.Scan(kCall, scan);
    EXPECT_TRUE(page.ok()) << page.status().message();
    if (!page.ok()) return out;
    for (Item& item : *page->items) out[KeyOf(item)] = std::move(item);
    scan.exclusive_start_key = page->last_evaluated_key;
  } while (scan.exclusive_start_key);
  return out;
}

std::set<std::string> QueryGroup(Database& db, const std::string& table, const std::string& g) {
  std::set<std::string> out;
  QueryRequest q;
  q.table_name = table;
  q.index_name = "byGroup";
  q.key_condition_expression = "g = :g";
  q.expression_attribute_values = {{":g", S(g)}};
  auto page = db.Query(kCall, q);
  EXPECT_TRUE(page.ok()) << page.status().message();
  if (page.ok()) {
    for (const Item& item : *page->items) out.insert(KeyOf(item));
  }
  return out;
}

void WaitActive(Database& db, const std::string& table) {
  for (int i = 0; i < 2000; ++i) {
    auto d = db.DescribeTable(kCall, {table});
    ASSERT_TRUE(d.ok()) << d.status().message();
    if (d->table.table_status == TableStatus::kActive) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  FAIL() << table << " never became ACTIVE";
}

Status EnablePitr(Database& db, const std::string& table, std::optional<int64_t> days = {}) {
  auto r = db.UpdateContinuousBackups(kCall, {table, true, days});
  return r.ok() ? Status::OK() : r.status();
}

Result<TableResponse> RestoreAt(Database& db, const std::string& source, const std::string& target,
                                std::optional<double> at) {
  RestoreTableToPointInTimeRequest r;
  r.source_table_name = source;
  r.target_table_name = target;
  r.restore_date_time = at;
  r.use_latest_restorable_time = !at.has_value();
  return db.RestoreTableToPointInTime(kCall, r);
}

// Random puts, updates and deletes of 40 items, the clock moving a little (or not at all)
// between them; `state` follows what the table holds.
void WriteRound(Database& db, const std::string& table, ManualClock& clock, std::mt19937& rng,
                int round, std::map<std::string, Item>* state) {
  for (int op = 0; op < 30; ++op) {
    const int i = static_cast<int>(rng() % 40);
    const Item key = {{"pk", S("p" + std::to_string(i % 7))}, {"sk", N(std::to_string(i))}};
    if (rng() % 2 == 0) {  // a read first: a cache in front then knows the old item
      GetItemRequest get;
      get.table_name = table;
      get.key = key;
      ASSERT_TRUE(db.GetItem(kCall, get).ok());
    }
    if (rng() % 4 == 0) {
      DeleteItemRequest del;
      del.table_name = table;
      del.key = key;
      ASSERT_TRUE(db.DeleteItem(kCall, del).ok());
      state->erase(KeyOf(key));
    } else {
      Item item = key;
      item["v"] = S("r" + std::to_string(round) + "-" + std::to_string(op));
      if (rng() % 2 == 0) item["g"] = S("g" + std::to_string(rng() % 3));
      PutItemRequest put;
      put.table_name = table;
      put.item = item;
      ASSERT_TRUE(db.PutItem(kCall, put).ok());
      (*state)[KeyOf(key)] = std::move(item);
    }
    if (rng() % 3 != 0) clock.Advance(1 + static_cast<int64_t>(rng() % 2000));
  }
}

// The history's three sources of the old item: its stored record (no index: nothing else
// decodes it), the decoded item (an index needs it), and the cache in front.
struct Setup {
  bool indexed;
  bool cached;
};

class PointInTimeInstants : public ::testing::TestWithParam<Setup> {};

TEST_P(PointInTimeInstants, RestoresEachRecordedInstantExactly) {
  auto clock = std::make_shared<ManualClock>();
  Options options;
  options.in_memory = true;
  options.clock = clock;
  options.transient_status_delay_ms = 0;
  if (GetParam().cached) options.cache.size_bytes = size_t{16} << 20;
  auto db = std::move(Database::Open(options)).value();
  CreateTableRequest create = IndexedTable("src");
  if (!GetParam().indexed) {
    create.global_secondary_indexes.clear();
    create.attribute_definitions.pop_back();
  }
  ASSERT_TRUE(db->CreateTable(kCall, create).ok());
  ASSERT_TRUE(EnablePitr(*db, "src").ok());
  std::mt19937 rng(7);
  std::map<std::string, Item> state;
  std::vector<std::pair<int64_t, std::map<std::string, Item>>> instants;
  instants.emplace_back(clock->NowMicros(), state);  // the moment PITR was enabled: empty
  clock->Advance(1);
  for (int round = 0; round < 10; ++round) {
    WriteRound(*db, "src", *clock, rng, round, &state);
    // The instant is the clock's reading now: writes stamped at it are in, later ones are not.
    instants.emplace_back(clock->NowMicros(), state);
    // Two writes at the very same reading, then the clock moves on.
    if (round % 3 == 0) {
      WriteRound(*db, "src", *clock, rng, 100 + round, &state);
      instants.back() = {clock->NowMicros(), state};
    }
    clock->Advance(1);
  }
  for (size_t n = 0; n < instants.size(); ++n) {
    const auto& [at, expected] = instants[n];
    const std::string target = "at" + std::to_string(n);
    auto restored = RestoreAt(*db, "src", target, Seconds(at));
    ASSERT_TRUE(restored.ok()) << restored.status().message();
    ASSERT_TRUE(restored->table.restore_summary.has_value());
    EXPECT_TRUE(restored->table.restore_summary->source_backup_arn.empty());
    WaitActive(*db, target);
    EXPECT_EQ(ScanAll(*db, target), expected) << "instant " << n;
    if (!GetParam().indexed) continue;
    std::set<std::string> in_group;
    for (const auto& [key, item] : expected) {
      auto g = item.find("g");
      if (g != item.end() && g->second.s() == "g1") in_group.insert(key);
    }
    EXPECT_EQ(QueryGroup(*db, target, "g1"), in_group) << "instant " << n;
  }
}

INSTANTIATE_TEST_SUITE_P(OldItemSources, PointInTimeInstants,
                         ::testing::Values(Setup{false, false}, Setup{true, false},
                                           Setup{false, true}, Setup{true, true}),
                         [](const auto& info) {
                           return std::string(info.param.indexed ? "Indexed" : "Plain") +
                                  (info.param.cached ? "Cached" : "Uncached");
                         });

TEST(PointInTimeRecovery, RestoreRacesWritesToTheSource) {
  auto db = testing::OpenInMemory();
  ASSERT_TRUE(db->CreateTable(kCall, IndexedTable("src")).ok());
  ASSERT_TRUE(EnablePitr(*db, "src").ok());
  for (int i = 0; i < 200; ++i) {
    PutItemRequest put;
    put.table_name = "src";
    put.item = {{"pk", S("p")}, {"sk", N(std::to_string(i))}, {"v", S("before")}};
    ASSERT_TRUE(db->PutItem(kCall, put).ok());
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(2));
  const int64_t at = Clock::System()->NowMicros();
  std::this_thread::sleep_for(std::chrono::milliseconds(2));
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    for (int n = 0; !stop.load(); ++n) {
      PutItemRequest put;
      put.table_name = "src";
      put.item = {{"pk", S("p")}, {"sk", N(std::to_string(n % 300))}, {"v", S("after")}};
      (void)db->PutItem(kCall, put);
    }
  });
  auto restored = RestoreAt(*db, "src", "dst", Seconds(at));
  stop = true;
  writer.join();
  ASSERT_TRUE(restored.ok()) << restored.status().message();
  WaitActive(*db, "dst");
  const auto items = ScanAll(*db, "dst");
  ASSERT_EQ(items.size(), 200u);
  for (const auto& [key, item] : items) EXPECT_EQ(item.at("v").s(), "before") << key;
}

TEST(PointInTimeRecovery, DescribesTheWindowAndRefusesTimesOutsideIt) {
  auto clock = std::make_shared<ManualClock>();
  auto db = testing::OpenInMemory(clock);
  ASSERT_TRUE(db->CreateTable(kCall, IndexedTable("src")).ok());
  auto described = db->DescribeContinuousBackups(kCall, {"src"});
  ASSERT_TRUE(described.ok());
  EXPECT_EQ(described->point_in_time_recovery_status, "DISABLED");
  EXPECT_FALSE(described->earliest_restorable_date_time.has_value());

  auto unavailable = RestoreAt(*db, "src", "dst", std::nullopt);
  EXPECT_EQ(unavailable.status().code(), ErrorCode::kPointInTimeRecoveryUnavailable);

  const int64_t enabled = clock->NowMicros();
  auto update = db->UpdateContinuousBackups(kCall, {"src", true, 2});
  ASSERT_TRUE(update.ok()) << update.status().message();
  EXPECT_EQ(update->point_in_time_recovery_status, "ENABLED");
  EXPECT_EQ(update->recovery_period_in_days, 2);
  clock->Advance(3 * kDay);
  described = db->DescribeContinuousBackups(kCall, {"src"});
  ASSERT_TRUE(described.ok());
  EXPECT_DOUBLE_EQ(*described->earliest_restorable_date_time,
                   Seconds(clock->NowMicros() - 2 * kDay));
  EXPECT_DOUBLE_EQ(*described->latest_restorable_date_time, Seconds(clock->NowMicros()));

  EXPECT_EQ(RestoreAt(*db, "src", "dst", Seconds(enabled)).status().code(),
            ErrorCode::kInvalidRestoreTime);
  EXPECT_EQ(RestoreAt(*db, "src", "dst", Seconds(clock->NowMicros() + 1'000'000)).status().code(),
            ErrorCode::kInvalidRestoreTime);
  EXPECT_EQ(RestoreAt(*db, "src", "src", std::nullopt).status().code(),
            ErrorCode::kTableAlreadyExists);
  EXPECT_EQ(RestoreAt(*db, "nope", "dst", std::nullopt).status().code(),
            ErrorCode::kSourceTableNotFound);
  EXPECT_EQ(db->UpdateContinuousBackups(kCall, {"nope", true, {}}).status().code(),
            ErrorCode::kTableNotFound);
  auto bad_period = db->UpdateContinuousBackups(kCall, {"src", true, 36});
  EXPECT_EQ(bad_period.status().message(),
            "1 validation error detected: Value '36' at "
            "'pointInTimeRecoverySpecification.recoveryPeriodInDays' failed to satisfy "
            "constraint: Member must have value less than or equal to 35");

  // Disabling forgets the history: enabling again starts the window afresh.
  ASSERT_TRUE(db->UpdateContinuousBackups(kCall, {"src", false, {}}).ok());
  EXPECT_EQ(db->DescribeContinuousBackups(kCall, {"src"})->point_in_time_recovery_status,
            "DISABLED");
  clock->Advance(1000);
  ASSERT_TRUE(EnablePitr(*db, "src").ok());
  described = db->DescribeContinuousBackups(kCall, {"src"});
  EXPECT_DOUBLE_EQ(*described->earliest_restorable_date_time, Seconds(clock->NowMicros()));
  EXPECT_EQ(described->recovery_period_in_days, 35);
}

// The window is reported in whole milliseconds: a caller that restores to the reported
// EarliestRestorableDateTime gets the state PITR began with, even when it was enabled in the
// middle of that millisecond.
TEST(PointInTimeRecovery, TheReportedEarliestTimeIsRestorable) {
  auto clock = std::make_shared<ManualClock>();
  auto db = testing::OpenInMemory(clock);
  ASSERT_TRUE(db->CreateTable(kCall, IndexedTable("src")).ok());
  PutItemRequest put;
  put.table_name = "src";
  put.item = {{"pk", S("a")}, {"sk", N("1")}, {"g", S("x")}};
  ASSERT_TRUE(db->PutItem(kCall, put).ok());
  clock->Advance(1000 - clock->NowMicros() % 1000 + 400);  // 0.4 ms into a millisecond
  ASSERT_TRUE(EnablePitr(*db, "src").ok());
  clock->Advance(5000);
  ASSERT_TRUE(db->DeleteItem(kCall, {{}, "src", {{"pk", S("a")}, {"sk", N("1")}}}).ok());

  auto described = db->DescribeContinuousBackups(kCall, {"src"});
  ASSERT_TRUE(described.ok() && described->earliest_restorable_date_time);
  auto restored = RestoreAt(*db, "src", "dst", *described->earliest_restorable_date_time);
  ASSERT_TRUE(restored.ok()) << restored.status().message();
  WaitActive(*db, "dst");
  EXPECT_EQ(ScanAll(*db, "dst").size(), 1u) << "the item was there when PITR began";
  // The millisecond before is still outside the window.
  EXPECT_EQ(RestoreAt(*db, "src", "dst2", *described->earliest_restorable_date_time - 0.001)
                .status()
                .code(),
            ErrorCode::kInvalidRestoreTime);
}

TEST(PointInTimeRecovery, RetentionKeepsWhatTheWindowNeeds) {
  auto clock = std::make_shared<ManualClock>();
  auto db = testing::OpenInMemory(clock);
  ASSERT_TRUE(db->CreateTable(kCall, IndexedTable("src")).ok());
  ASSERT_TRUE(EnablePitr(*db, "src", 1).ok());
  auto put = [&](const std::string& v) {
    PutItemRequest p;
    p.table_name = "src";
    p.item = {{"pk", S("p")}, {"sk", N("1")}, {"v", S(v)}};
    ASSERT_TRUE(db->PutItem(kCall, p).ok());
  };
  put("old");
  clock->Advance(2 * kDay);
  const int64_t at = clock->NowMicros();
  clock->Advance(1);
  put("new");
  // Retention runs on the scheduler at its interval on this clock; what it drops is older than
  // the window, and the window's restores stay exact.
  clock->Advance(120'000'000);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  auto restored = RestoreAt(*db, "src", "dst", Seconds(at));
  ASSERT_TRUE(restored.ok()) << restored.status().message();
  WaitActive(*db, "dst");
  const auto items = ScanAll(*db, "dst");
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items.begin()->second.at("v").s(), "old");
}

TEST(PointInTimeRecovery, DeletingATableKeepsASystemBackupOfIt) {
  auto db = testing::OpenInMemory();
  ASSERT_TRUE(db->CreateTable(kCall, IndexedTable("src")).ok());
  ASSERT_TRUE(EnablePitr(*db, "src").ok());
  PutItemRequest put;
  put.table_name = "src";
  put.item = {{"pk", S("p")}, {"sk", N("1")}, {"g", S("g1")}};
  ASSERT_TRUE(db->PutItem(kCall, put).ok());
  ASSERT_TRUE(db->DeleteTable(kCall, {"src"}).ok());

  ListBackupsRequest list;
  EXPECT_TRUE(db->ListBackups(kCall, list)->backup_summaries.empty());  // USER by default
  list.backup_type = BackupTypeFilter::kSystem;
  auto listed = db->ListBackups(kCall, list);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->backup_summaries.size(), 1u);
  const BackupSummary& backup = listed->backup_summaries[0];
  EXPECT_EQ(backup.backup_name, "src$DeletedTableBackup");
  EXPECT_EQ(backup.backup_type, BackupType::kSystem);

  RestoreTableFromBackupRequest restore;
  restore.target_table_name = "src";
  restore.backup_arn = backup.backup_arn;
  ASSERT_TRUE(db->RestoreTableFromBackup(kCall, restore).ok());
  WaitActive(*db, "src");
  EXPECT_EQ(QueryGroup(*db, "src", "g1"), std::set<std::string>{"p/1"});
  // The restored table does not have PITR (the service restores no PITR settings).
  EXPECT_EQ(db->DescribeContinuousBackups(kCall, {"src"})->point_in_time_recovery_status,
            "DISABLED");
}

}  // namespace
}  // namespace stator
