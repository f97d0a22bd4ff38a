// Time to live through the engine's Database API, on a manual clock: UpdateTimeToLive's rules
// and messages, DescribeTimeToLive, the setting surviving a reopen, and the sweeper: which items
// expire (and which never do), a renewal racing the sweeper, index entries, the stream's REMOVE
// record with the service's identity, no capacity charged, and disabling stopping deletions.
#include <gtest/gtest.h>

#include <string>

#include "engine/engine_database.h"
#include "engine/ttl/ttl_sweeper.h"
#include "tests/engine/database_test_util.h"

namespace stator::engine {
namespace {

using stator::testing::ManualClock;
using stator::testing::N;
using stator::testing::S;
using stator::testing::TempDir;

constexpr int64_t kSweepMs = 1000;
constexpr int64_t kYear = 365LL * 24 * 3600;

class TtlTest : public ::testing::Test {
 protected:
  void SetUp() override { Open(); }
  void TearDown() override { TtlSweepHooks::before_expire = nullptr; }

  void Open(const std::string& dir = "") {
    db_.reset();
    Options options;
    options.in_memory = dir.empty();
    options.data_dir = dir;
    options.clock = clock_;
    options.ttl_sweep_interval_ms = kSweepMs;
    auto db = EngineDatabase::Open(options);
    ASSERT_TRUE(db.ok()) << db.status().message();
    db_ = std::move(db).value();
  }
  EngineDatabase& engine() { return static_cast<EngineDatabase&>(*db_); }

  void Create(CreateTableRequest r) { ASSERT_TRUE(db_->CreateTable(call_, r).ok()); }

  Result<TimeToLiveSpecification> UpdateTtl(const std::string& table, bool enabled,
                                            const std::string& attribute) {
    return db_->UpdateTimeToLive(call_, {table, {enabled, attribute}});
  }

  void Put(const std::string& table, Item item) {
    PutItemRequest r;
    r.table_name = table;
    r.item = std::move(item);
    ASSERT_TRUE(db_->PutItem(call_, r).ok());
  }
  bool Exists(const std::string& table, const std::string& id) {
    GetItemRequest r;
    r.table_name = table;
    r.key = {{"id", S(id)}};
    auto got = db_->GetItem(call_, r);
    EXPECT_TRUE(got.ok()) << got.status().message();
    return got.ok() && got->item.has_value();
  }

  // Moves the clock past the sweeper's rest and runs what became due: one whole pass.
  void Sweep() {
    clock_->Advance(kSweepMs * 1000);
    engine().RunBackgroundForTesting();
  }

  // The clock's reading in epoch seconds, plus `delta`, as a Number.
  AttributeValue Seconds(int64_t delta) {
    return N(std::to_string(clock_->NowMicros() / 1'000'000 + delta));
  }

  std::shared_ptr<ManualClock> clock_ = std::make_shared<ManualClock>();
  CallOptions call_;
  std::unique_ptr<Database> db_;
};

TEST_F(TtlTest, UpdateTimeToLiveFollowsTheServicesRules) {
  Create(stator::testing::HashTable("tbl"));
  auto d = db_->DescribeTimeToLive(call_, {"tbl"});
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->time_to_live_status, "DISABLED");
  EXPECT_FALSE(d->attribute_name.has_value());

  EXPECT_STATUS(UpdateTtl("tbl", false, "exp"), ErrorCode::kValidation,
                "TimeToLive is already disabled");
  auto enabled = UpdateTtl("tbl", true, "exp");
  ASSERT_TRUE(enabled.ok()) << enabled.status().message();
  EXPECT_TRUE(enabled->enabled);
  EXPECT_EQ(enabled->attribute_name, "exp");
  d = db_->DescribeTimeToLive(call_, {"tbl"});
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->time_to_live_status, "ENABLED");
  EXPECT_EQ(d->attribute_name, "exp");

  EXPECT_STATUS(UpdateTtl("tbl", true, "exp"), ErrorCode::kValidation,
                "TimeToLive is already enabled");
  EXPECT_STATUS(UpdateTtl("tbl", true, "other"), ErrorCode::kValidation,
                "TimeToLive is active on a different AttributeName: current AttributeName is exp");
  EXPECT_STATUS(UpdateTtl("tbl", false, "other"), ErrorCode::kValidation,
                "TimeToLive is active on a different AttributeName: current AttributeName is exp");
  auto disabled = UpdateTtl("tbl", false, "exp");
  ASSERT_TRUE(disabled.ok());
  EXPECT_FALSE(disabled->enabled);
  d = db_->DescribeTimeToLive(call_, {"tbl"});
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->time_to_live_status, "DISABLED");
  EXPECT_FALSE(d->attribute_name.has_value());
  ASSERT_TRUE(UpdateTtl("tbl", true, "other").ok());  // another attribute, once disabled
  // The key attribute may hold the expiry, as the service allows.
  Create(stator::testing::HashTable("keyed", ScalarType::kN));
  EXPECT_TRUE(UpdateTtl("keyed", true, "id").ok());
}

TEST_F(TtlTest, UpdateTimeToLiveValidatesNamesBeforeLookingTheTableUp) {
  EXPECT_STATUS(UpdateTtl("missing", true, ""), ErrorCode::kValidation,
                "1 validation error detected: Value '' at "
                "'timeToLiveSpecification.attributeName' failed to satisfy constraint: Member "
                "must have length greater than or equal to 1");
  const std::string long_name(256, 'a');
  EXPECT_STATUS(UpdateTtl("missing", true, long_name), ErrorCode::kValidation,
                "1 validation error detected: Value '" + long_name +
                    "' at 'timeToLiveSpecification.attributeName' failed to satisfy constraint: "
                    "Member must have length less than or equal to 255");
  EXPECT_STATUS(UpdateTtl("missing", true, "exp"), ErrorCode::kResourceNotFound,
                "Requested resource not found: Table: missing not found");
  EXPECT_STATUS(db_->DescribeTimeToLive(call_, {"missing"}), ErrorCode::kResourceNotFound,
                "Requested resource not found: Table: missing not found");
}

TEST_F(TtlTest, TheSettingSurvivesAReopen) {
  TempDir dir;
  Open(dir.path());
  Create(stator::testing::HashTable("tbl"));
  ASSERT_TRUE(UpdateTtl("tbl", true, "exp").ok());
  Put("tbl", {{"id", S("old")}, {"exp", Seconds(-10)}});
  Open(dir.path());
  auto d = db_->DescribeTimeToLive(call_, {"tbl"});
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->time_to_live_status, "ENABLED");
  EXPECT_EQ(d->attribute_name, "exp");
  Sweep();  // the reopened database sweeps too
  EXPECT_FALSE(Exists("tbl", "old"));
}

TEST_F(TtlTest, OnlyNumbersOfEpochSecondsInThePastFiveYearsExpire) {
  Create(stator::testing::HashTable("tbl"));
  ASSERT_TRUE(UpdateTtl("tbl", true, "exp").ok());
  Put("tbl", {{"id", S("past")}, {"exp", Seconds(-60)}});
  Put("tbl", {{"id", S("now")}, {"exp", Seconds(0)}});
  Put("tbl", {{"id", S("fraction")}, {"exp", N("1.5")}});  // 1970: far more than five years ago
  Put("tbl", {{"id", S("four-years")}, {"exp", Seconds(-4 * kYear)}});
  Put("tbl", {{"id", S("future")}, {"exp", Seconds(3600)}});
  Put("tbl", {{"id", S("six-years")}, {"exp", Seconds(-6 * kYear)}});
  Put("tbl", {{"id", S("negative")}, {"exp", N("-5")}});
  Put("tbl", {{"id", S("string")}, {"exp", S(std::to_string(clock_->NowMicros() / 1000000 - 60))}});
  Put("tbl", {{"id", S("set")}, {"exp", AttributeValue::NS({"1"})}});
  Put("tbl", {{"id", S("missing")}, {"other", Seconds(-60)}});
  // Until the sweeper passes, reads still return expired items.
  EXPECT_TRUE(Exists("tbl", "past"));
  clock_->Advance(kSweepMs * 1000 - 1);
  engine().RunBackgroundForTesting();
  EXPECT_TRUE(Exists("tbl", "past"));  // not yet its time
  clock_->Advance(1);
  engine().RunBackgroundForTesting();
  EXPECT_FALSE(Exists("tbl", "past"));
  EXPECT_FALSE(Exists("tbl", "now"));
  EXPECT_FALSE(Exists("tbl", "four-years"));
  for (const char* kept :
       {"fraction", "future", "six-years", "negative", "string", "set", "missing"}) {
    EXPECT_TRUE(Exists("tbl", kept)) << kept;
  }
  // The future item expires once the clock passes its time.
  clock_->Advance(3600LL * 1'000'000);
  engine().RunBackgroundForTesting();
  EXPECT_FALSE(Exists("tbl", "future"));
}

TEST_F(TtlTest, ASweepCoversManyChunksAndLeavesOtherTablesAlone) {
  Create(stator::testing::HashTable("tbl"));
  Create(stator::testing::HashTable("plain"));
  ASSERT_TRUE(UpdateTtl("tbl", true, "exp").ok());
  for (int i = 0; i < 1000; ++i) {
    Put("tbl", {{"id", S("i" + std::to_string(i))}, {"exp", Seconds(i % 2 == 0 ? -1 : 60)}});
    Put("plain", {{"id", S("i" + std::to_string(i))}, {"exp", Seconds(-1)}});
  }
  Sweep();
  int left = 0, plain = 0;
  for (int i = 0; i < 1000; ++i) {
    const bool exists = Exists("tbl", "i" + std::to_string(i));
    EXPECT_EQ(exists, i % 2 == 1) << i;
    left += exists;
    plain += Exists("plain", "i" + std::to_string(i));
  }
  EXPECT_EQ(left, 500);
  EXPECT_EQ(plain, 1000);  // TTL not enabled there
  auto d = db_->DescribeTable(call_, {"tbl"});
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->table.item_count, 500);
}

TEST_F(TtlTest, DisablingTimeToLiveStopsDeletions) {
  Create(stator::testing::HashTable("tbl"));
  ASSERT_TRUE(UpdateTtl("tbl", true, "exp").ok());
  Put("tbl", {{"id", S("a")}, {"exp", Seconds(-60)}});
  ASSERT_TRUE(UpdateTtl("tbl", false, "exp").ok());
  Sweep();
  EXPECT_TRUE(Exists("tbl", "a"));
  ASSERT_TRUE(UpdateTtl("tbl", true, "exp").ok());
  Sweep();
  EXPECT_FALSE(Exists("tbl", "a"));
}

TEST_F(TtlTest, AWriterWhoRenewsTheItemBeforeItsDeletionWins) {
  Create(stator::testing::HashTable("tbl"));
  ASSERT_TRUE(UpdateTtl("tbl", true, "exp").ok());
  Put("tbl", {{"id", S("renewed")}, {"exp", Seconds(-60)}});
  Put("tbl", {{"id", S("expired")}, {"exp", Seconds(-60)}});
  int seen = 0;
  // The sweeper has found both expired (in one partition's chunk or two); one is renewed after
  // that and before the sweeper deletes it.
  TtlSweepHooks::before_expire = [&](std::string_view key) {
    ++seen;
    if (key.find("renewed") == std::string_view::npos) return;
    Put("tbl", {{"id", S("renewed")}, {"exp", Seconds(3600)}});
  };
  Sweep();
  EXPECT_EQ(seen, 2);
  EXPECT_TRUE(Exists("tbl", "renewed"));
  EXPECT_FALSE(Exists("tbl", "expired"));
}

TEST_F(TtlTest, ADeletionRemovesIndexEntriesAndChargesNoCapacity) {
  CreateTableRequest r = stator::testing::HashTable("tbl");
  r.attribute_definitions.push_back({"g", ScalarType::kS});
  GlobalSecondaryIndex gsi;
  gsi.index_name = "by-g";
  gsi.key_schema = {{"g", KeyType::kHash}};
  gsi.projection.projection_type = ProjectionType::kAll;
  r.global_secondary_indexes.push_back(gsi);
  Create(r);
  ASSERT_TRUE(UpdateTtl("tbl", true, "exp").ok());
  Put("tbl", {{"id", S("a")}, {"g", S("x")}, {"exp", Seconds(-60)}});
  Put("tbl", {{"id", S("b")}, {"g", S("x")}, {"exp", Seconds(60)}});
  auto query = [&] {
    QueryRequest q;
    q.table_name = "tbl";
    q.index_name = "by-g";
    q.key_condition_expression = "g = :g";
    q.expression_attribute_values = {{":g", S("x")}};
    auto page = db_->Query(call_, q);
    EXPECT_TRUE(page.ok()) << page.status().message();
    return page.ok() ? page->count : -1;
  };
  EXPECT_EQ(query(), 2);
  const CapacityLedger* ledger = engine().capacity_ledger();
  ASSERT_NE(ledger, nullptr);
  // What the first table itself wrote, over all its partitions.
  const auto table_writes = [&] { return ledger->TotalOf(1, "").write; };
  const double written = table_writes();
  EXPECT_GT(written, 0);
  Sweep();
  EXPECT_EQ(query(), 1);
  EXPECT_EQ(table_writes(), written);
  auto d = db_->DescribeTable(call_, {"tbl"});
  ASSERT_TRUE(d.ok());
  ASSERT_EQ(d->table.global_secondary_indexes.size(), 1u);
  EXPECT_EQ(d->table.global_secondary_indexes[0].item_count, 1);
}

TEST_F(TtlTest, ADeletionWritesARemoveRecordWithTheServicesIdentity) {
  CreateTableRequest r = stator::testing::HashTable("tbl");
  r.stream_specification = StreamSpecification{true, StreamViewType::kNewAndOldImages};
  Create(r);
  ASSERT_TRUE(UpdateTtl("tbl", true, "exp").ok());
  Put("tbl", {{"id", S("a")}, {"exp", Seconds(-60)}});
  Put("tbl", {{"id", S("b")}});
  DeleteItemRequest del;
  del.table_name = "tbl";
  del.key = {{"id", S("b")}};
  ASSERT_TRUE(db_->DeleteItem(call_, del).ok());
  Sweep();

  auto table = db_->DescribeTable(call_, {"tbl"});
  ASSERT_TRUE(table.ok());
  const std::string arn = *table->table.latest_stream_arn;
  auto stream = db_->DescribeStream(call_, {arn, std::nullopt, std::nullopt});
  ASSERT_TRUE(stream.ok());
  std::vector<Record> records;
  for (const Shard& shard : stream->stream_description.shards) {
    auto it = db_->GetShardIterator(
        call_, {arn, shard.shard_id, ShardIteratorType::kTrimHorizon, std::nullopt});
    ASSERT_TRUE(it.ok());
    auto page = db_->GetRecords(call_, {it->shard_iterator, std::nullopt});
    ASSERT_TRUE(page.ok());
    for (auto& rec : page->records) records.push_back(std::move(rec));
  }
  ASSERT_EQ(records.size(), 4u);
  const Record& client_delete = records[2];
  EXPECT_EQ(client_delete.event_name, StreamEventName::kRemove);
  EXPECT_FALSE(client_delete.user_identity.has_value());
  const Record& expiry = records[3];
  EXPECT_EQ(expiry.event_name, StreamEventName::kRemove);
  EXPECT_EQ(expiry.dynamodb.keys, (Item{{"id", S("a")}}));
  ASSERT_TRUE(expiry.dynamodb.old_image.has_value());
  EXPECT_EQ(expiry.dynamodb.old_image->at("exp"), Seconds(-60 - kSweepMs / 1000));
  ASSERT_TRUE(expiry.user_identity.has_value());
  EXPECT_EQ(expiry.user_identity->type, "Service");
  EXPECT_EQ(expiry.user_identity->principal_id, "dynamodb.amazonaws.com");
}

}  // namespace
}  // namespace stator::engine
