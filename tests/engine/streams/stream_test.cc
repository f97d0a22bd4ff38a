// DynamoDB Streams through the engine's Database API: records of every write path and view
// type, the stream's life (enable, disable, enable again), shard rollover and trimming on a
// manual clock, iterator expiry, and records surviving a reopen.
#include <gtest/gtest.h>

#include <set>

#include "engine/engine_database.h"
#include "tests/engine/database_test_util.h"

namespace stator::engine {
namespace {

using stator::testing::ManualClock;
using stator::testing::N;
using stator::testing::S;
using stator::testing::TempDir;

constexpr int64_t kMinute = 60LL * 1000 * 1000;
constexpr int64_t kHour = 60 * kMinute;

class StreamTest : public ::testing::Test {
 protected:
  void SetUp() override { Open(); }

  void Open(const std::string& dir = "") {
    db_.reset();
    Options options;
    options.in_memory = dir.empty();
    options.data_dir = dir;
    options.clock = clock_;
    auto db = EngineDatabase::Open(options);
    ASSERT_TRUE(db.ok()) << db.status().message();
    db_ = std::move(db).value();
  }
  EngineDatabase& engine() { return static_cast<EngineDatabase&>(*db_); }

  std::string CreateStreamTable(const std::string& name, StreamViewType view) {
    CreateTableRequest r = stator::testing::HashTable(name);
    r.stream_specification = StreamSpecification{true, view};
    auto created = db_->CreateTable(call_, r);
    EXPECT_TRUE(created.ok()) << created.status().message();
    if (!created.ok()) return "";
    EXPECT_TRUE(created->table.latest_stream_arn.has_value());
    return created->table.latest_stream_arn.value_or("");
  }

  Status Put(const std::string& table, Item item) {
    PutItemRequest r;
    r.table_name = table;
    r.item = std::move(item);
    return db_->PutItem(call_, r).status();
  }
  Status Delete(const std::string& table, const std::string& id) {
    DeleteItemRequest r;
    r.table_name = table;
    r.key = {{"id", S(id)}};
    return db_->DeleteItem(call_, r).status();
  }

  std::vector<Shard> Shards(const std::string& arn) {
    auto d = db_->DescribeStream(call_, {arn, std::nullopt, std::nullopt});
    EXPECT_TRUE(d.ok()) << d.status().message();
    return d.ok() ? d->stream_description.shards : std::vector<Shard>{};
  }

  Result<std::string> Iterator(const std::string& arn, const std::string& shard,
                               ShardIteratorType type,
                               std::optional<std::string> seq = std::nullopt) {
    auto it = db_->GetShardIterator(call_, {arn, shard, type, seq});
    if (!it.ok()) return it.status();
    return it->shard_iterator;
  }

  // Every record of the shard from TRIM_HORIZON, following NextShardIterator until it is absent
  // or a read returns nothing.
  std::vector<Record> ReadShard(const std::string& arn, const std::string& shard,
                                bool* drained = nullptr) {
    auto it = Iterator(arn, shard, ShardIteratorType::kTrimHorizon);
    EXPECT_TRUE(it.ok()) << it.status().message();
    std::vector<Record> out;
    std::optional<std::string> next = it.ok() ? std::optional(*it) : std::nullopt;
    while (next) {
      auto page = db_->GetRecords(call_, {*next, std::nullopt});
      EXPECT_TRUE(page.ok()) << page.status().message();
      if (!page.ok()) break;
      next = page->next_shard_iterator;
      if (page->records.empty()) break;
      for (auto& r : page->records) out.push_back(std::move(r));
    }
    if (drained != nullptr) *drained = !next.has_value();
    return out;
  }
  std::vector<Record> ReadAll(const std::string& arn) {
    std::vector<Record> out;
    for (const Shard& s : Shards(arn)) {
      for (auto& r : ReadShard(arn, s.shard_id)) out.push_back(std::move(r));
    }
    return out;
  }

  std::shared_ptr<ManualClock> clock_ = std::make_shared<ManualClock>();
  CallOptions call_;
  std::unique_ptr<Database> db_;
};

Item ItemOf(const std::string& id, const std::string& v) { return {{"id", S(id)}, {"v", S(v)}}; }

TEST_F(StreamTest, CreateTableWithAStreamDescribesAndListsIt) {
  const std::string arn = CreateStreamTable("tbl", StreamViewType::kNewAndOldImages);
  auto d = db_->DescribeTable(call_, {"tbl"});
  ASSERT_TRUE(d.ok());
  ASSERT_TRUE(d->table.stream_specification.has_value());
  EXPECT_TRUE(d->table.stream_specification->stream_enabled);
  EXPECT_EQ(d->table.stream_specification->stream_view_type, StreamViewType::kNewAndOldImages);
  EXPECT_EQ(d->table.latest_stream_arn, arn);
  EXPECT_EQ(arn, d->table.table_arn + "/stream/" + *d->table.latest_stream_label);
  EXPECT_EQ(*d->table.latest_stream_label, "2023-11-14T22:13:20.000");  // the manual clock's

  auto list = db_->ListStreams(call_, {});
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->streams.size(), 1u);
  EXPECT_EQ(list->streams[0].stream_arn, arn);
  EXPECT_EQ(list->streams[0].table_name, "tbl");

  auto stream = db_->DescribeStream(call_, {arn, std::nullopt, std::nullopt});
  ASSERT_TRUE(stream.ok());
  const StreamDescription& s = stream->stream_description;
  EXPECT_EQ(s.stream_status, StreamStatus::kEnabled);
  EXPECT_EQ(s.stream_view_type, StreamViewType::kNewAndOldImages);
  EXPECT_EQ(s.table_name, "tbl");
  ASSERT_EQ(s.key_schema.size(), 1u);
  EXPECT_EQ(s.key_schema[0].attribute_name, "id");
  ASSERT_EQ(s.shards.size(), 1u);
  EXPECT_FALSE(s.shards[0].sequence_number_range.ending_sequence_number.has_value());
  EXPECT_FALSE(s.shards[0].parent_shard_id.has_value());
  EXPECT_EQ(s.shards[0].shard_id.rfind("shardId-", 0), 0u);
  EXPECT_EQ(s.shards[0].sequence_number_range.starting_sequence_number.size(), 21u);
}

TEST_F(StreamTest, RecordsFollowPutsUpdatesAndDeletesWithBothImages) {
  const std::string arn = CreateStreamTable("tbl", StreamViewType::kNewAndOldImages);
  ASSERT_TRUE(Put("tbl", ItemOf("a", "1")).ok());
  ASSERT_TRUE(Put("tbl", ItemOf("a", "2")).ok());
  UpdateItemRequest u;
  u.table_name = "tbl";
  u.key = {{"id", S("b")}};
  u.update_expression = "SET w = :w";
  u.expression_attribute_values = Item{{":w", N("5")}};
  ASSERT_TRUE(db_->UpdateItem(call_, u).ok());
  ASSERT_TRUE(Delete("tbl", "a").ok());

  const auto records = ReadAll(arn);
  ASSERT_EQ(records.size(), 4u);
  EXPECT_EQ(records[0].event_name, StreamEventName::kInsert);
  EXPECT_EQ(records[0].dynamodb.new_image, ItemOf("a", "1"));
  EXPECT_FALSE(records[0].dynamodb.old_image.has_value());
  EXPECT_EQ(records[1].event_name, StreamEventName::kModify);
  EXPECT_EQ(records[1].dynamodb.new_image, ItemOf("a", "2"));
  EXPECT_EQ(records[1].dynamodb.old_image, ItemOf("a", "1"));
  EXPECT_EQ(records[2].event_name, StreamEventName::kInsert);
  EXPECT_EQ(records[2].dynamodb.keys, (Item{{"id", S("b")}}));
  EXPECT_EQ(records[2].dynamodb.new_image, (Item{{"id", S("b")}, {"w", N("5")}}));
  EXPECT_EQ(records[3].event_name, StreamEventName::kRemove);
  EXPECT_EQ(records[3].dynamodb.keys, (Item{{"id", S("a")}}));
  EXPECT_FALSE(records[3].dynamodb.new_image.has_value());
  EXPECT_EQ(records[3].dynamodb.old_image, ItemOf("a", "2"));
  for (size_t i = 0; i < records.size(); ++i) {
    EXPECT_EQ(records[i].event_source, "aws:dynamodb");
    EXPECT_EQ(records[i].event_version, "1.1");
    EXPECT_EQ(records[i].aws_region, "ddblocal");
    EXPECT_EQ(records[i].event_id.size(), 32u);
    EXPECT_EQ(records[i].dynamodb.stream_view_type, StreamViewType::kNewAndOldImages);
    EXPECT_EQ(records[i].dynamodb.approximate_creation_date_time, 1'700'000'000.0);
    EXPECT_GT(records[i].dynamodb.size_bytes, 0);
    EXPECT_FALSE(records[i].user_identity.has_value());
    if (i > 0) {
      EXPECT_LT(records[i - 1].dynamodb.sequence_number, records[i].dynamodb.sequence_number);
    }
  }
}

TEST_F(StreamTest, WritesThatChangeNothingWriteNoRecord) {
  const std::string arn = CreateStreamTable("tbl", StreamViewType::kKeysOnly);
  ASSERT_TRUE(Put("tbl", ItemOf("a", "1")).ok());
  ASSERT_TRUE(Put("tbl", ItemOf("a", "1")).ok());  // identical
  ASSERT_TRUE(Delete("tbl", "missing").ok());
  PutItemRequest conditional;
  conditional.table_name = "tbl";
  conditional.item = ItemOf("a", "9");
  conditional.condition_expression = "attribute_not_exists(id)";
  EXPECT_EQ(db_->PutItem(call_, conditional).status().code(), ErrorCode::kConditionalCheckFailed);
  const auto records = ReadAll(arn);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].event_name, StreamEventName::kInsert);
  // KEYS_ONLY: the keys, no image.
  EXPECT_EQ(records[0].dynamodb.keys, (Item{{"id", S("a")}}));
  EXPECT_FALSE(records[0].dynamodb.new_image.has_value());
  EXPECT_FALSE(records[0].dynamodb.old_image.has_value());
}

TEST_F(StreamTest, EachViewTypeKeepsItsImages) {
  for (auto [name, view] : {std::pair{"tnew", StreamViewType::kNewImage},
                            std::pair{"told", StreamViewType::kOldImage}}) {
    const std::string arn = CreateStreamTable(name, view);
    ASSERT_TRUE(Put(name, ItemOf("a", "1")).ok());
    ASSERT_TRUE(Put(name, ItemOf("a", "2")).ok());
    ASSERT_TRUE(Delete(name, "a").ok());
    const auto r = ReadAll(arn);
    ASSERT_EQ(r.size(), 3u);
    const bool keeps_new = view == StreamViewType::kNewImage;
    EXPECT_EQ(r[0].dynamodb.new_image.has_value(), keeps_new);
    EXPECT_FALSE(r[0].dynamodb.old_image.has_value());  // an insert has no old image
    EXPECT_EQ(r[1].dynamodb.new_image.has_value(), keeps_new);
    EXPECT_EQ(r[1].dynamodb.old_image.has_value(), !keeps_new);
    EXPECT_FALSE(r[2].dynamodb.new_image.has_value());  // a removal has no new image
    EXPECT_EQ(r[2].dynamodb.old_image.has_value(), !keeps_new);
  }
}

TEST_F(StreamTest, BatchesAndTransactionsWriteOneRecordPerChangedItem) {
  const std::string arn = CreateStreamTable("tbl", StreamViewType::kNewImage);
  BatchWriteItemRequest batch;
  for (const char* id : {"a", "b", "c"}) {
    batch.request_items["tbl"].push_back(WriteRequest{ItemOf(id, "1"), std::nullopt});
  }
  ASSERT_TRUE(db_->BatchWriteItem(call_, batch).ok());
  TransactWriteItemsRequest tx;
  PutItemRequest put;
  put.table_name = "tbl";
  put.item = ItemOf("d", "1");
  DeleteItemRequest del;
  del.table_name = "tbl";
  del.key = {{"id", S("a")}};
  tx.transact_items = {put, del};
  auto committed = db_->TransactWriteItems(call_, tx);
  ASSERT_TRUE(committed.ok()) << committed.status().message();
  const auto r = ReadAll(arn);
  ASSERT_EQ(r.size(), 5u);
  std::multiset<std::string> inserted;
  for (int i = 0; i < 3; ++i) inserted.insert(r[i].dynamodb.keys.at("id").s());
  EXPECT_EQ(inserted, (std::multiset<std::string>{"a", "b", "c"}));
  std::set<std::pair<std::string, StreamEventName>> tx_records{
      {r[3].dynamodb.keys.at("id").s(), r[3].event_name},
      {r[4].dynamodb.keys.at("id").s(), r[4].event_name}};
  EXPECT_EQ(tx_records, (std::set<std::pair<std::string, StreamEventName>>{
                            {"d", StreamEventName::kInsert}, {"a", StreamEventName::kRemove}}));
}

TEST_F(StreamTest, UpdateTableEnablesDisablesAndEnablesAgainAsTheServiceDoes) {
  ASSERT_TRUE(db_->CreateTable(call_, stator::testing::HashTable("tbl")).ok());
  UpdateTableRequest u;
  u.table_name = "tbl";
  u.stream_specification = StreamSpecification{false, std::nullopt};
  EXPECT_STATUS(db_->UpdateTable(call_, u), ErrorCode::kValidation,
                "Table has no stream to disable: TableName: tbl");
  u.stream_specification = StreamSpecification{true, std::nullopt};
  EXPECT_STATUS(db_->UpdateTable(call_, u), ErrorCode::kValidation,
                "One or more parameter values were invalid: If stream is being enabled then "
                "UpdateViewType is required");
  u.stream_specification = StreamSpecification{true, StreamViewType::kKeysOnly};
  auto enabled = db_->UpdateTable(call_, u);
  ASSERT_TRUE(enabled.ok()) << enabled.status().message();
  const std::string first = enabled->table.latest_stream_arn.value_or("");
  ASSERT_FALSE(first.empty());
  u.stream_specification = StreamSpecification{true, StreamViewType::kNewImage};
  EXPECT_STATUS(db_->UpdateTable(call_, u), ErrorCode::kValidation,
                "Table already has an enabled stream: TableName: tbl");
  ASSERT_TRUE(Put("tbl", ItemOf("a", "1")).ok());

  u.stream_specification = StreamSpecification{false, std::nullopt};
  ASSERT_TRUE(db_->UpdateTable(call_, u).ok());
  ASSERT_TRUE(Put("tbl", ItemOf("b", "1")).ok());  // no stream: no record
  auto d = db_->DescribeTable(call_, {"tbl"});
  ASSERT_TRUE(d.ok());
  EXPECT_FALSE(d->table.stream_specification.has_value());
  EXPECT_EQ(d->table.latest_stream_arn, first);
  auto old = db_->DescribeStream(call_, {first, std::nullopt, std::nullopt});
  ASSERT_TRUE(old.ok());
  EXPECT_EQ(old->stream_description.stream_status, StreamStatus::kDisabled);
  ASSERT_EQ(old->stream_description.shards.size(), 1u);
  EXPECT_TRUE(old->stream_description.shards[0].sequence_number_range.ending_sequence_number);
  bool drained = false;
  const auto records = ReadShard(first, old->stream_description.shards[0].shard_id, &drained);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].dynamodb.keys.at("id").s(), "a");
  EXPECT_TRUE(drained);  // a closed shard read to its end has no next iterator

  clock_->Advance(1000);
  u.stream_specification = StreamSpecification{true, StreamViewType::kNewImage};
  auto again = db_->UpdateTable(call_, u);
  ASSERT_TRUE(again.ok());
  EXPECT_NE(again->table.latest_stream_arn, first);
  auto list = db_->ListStreams(call_, {"tbl", std::nullopt, std::nullopt});
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->streams.size(), 2u);
}

TEST_F(StreamTest, CreateTableChecksTheViewType) {
  CreateTableRequest r = stator::testing::HashTable("tbl");
  r.stream_specification = StreamSpecification{true, std::nullopt};
  EXPECT_STATUS(db_->CreateTable(call_, r), ErrorCode::kValidation,
                "One or more parameter values were invalid: Table is being created with a stream "
                "enabled, UpdateViewType is required");
  r.stream_specification = StreamSpecification{false, StreamViewType::kKeysOnly};
  EXPECT_STATUS(db_->CreateTable(call_, r), ErrorCode::kValidation,
                "One or more parameter values were invalid: Table is being created with a stream "
                "disabled, UpdateViewType should not be specified");
  r.stream_specification = StreamSpecification{false, std::nullopt};
  auto created = db_->CreateTable(call_, r);
  ASSERT_TRUE(created.ok());
  EXPECT_FALSE(created->table.latest_stream_arn.has_value());
}

TEST_F(StreamTest, IteratorsStartWhereTheirTypeSays) {
  const std::string arn = CreateStreamTable("tbl", StreamViewType::kKeysOnly);
  for (const char* id : {"a", "b", "c"}) ASSERT_TRUE(Put("tbl", ItemOf(id, "1")).ok());
  const std::string shard = Shards(arn)[0].shard_id;
  const auto all = ReadShard(arn, shard);
  ASSERT_EQ(all.size(), 3u);
  auto first_of = [&](const Result<std::string>& it) -> std::string {
    EXPECT_TRUE(it.ok()) << it.status().message();
    auto page = db_->GetRecords(call_, {*it, 1});
    EXPECT_TRUE(page.ok());
    return page->records.empty() ? "" : page->records[0].dynamodb.keys.at("id").s();
  };
  const std::string second = all[1].dynamodb.sequence_number;
  EXPECT_EQ(first_of(Iterator(arn, shard, ShardIteratorType::kAtSequenceNumber, second)), "b");
  EXPECT_EQ(first_of(Iterator(arn, shard, ShardIteratorType::kAfterSequenceNumber, second)), "c");
  auto latest = Iterator(arn, shard, ShardIteratorType::kLatest);
  EXPECT_EQ(first_of(latest), "");
  ASSERT_TRUE(Put("tbl", ItemOf("d", "1")).ok());
  EXPECT_EQ(first_of(latest), "d");  // LATEST: just after the newest record when it was taken

  EXPECT_EQ(Iterator(arn, shard, ShardIteratorType::kAtSequenceNumber).status().code(),
            ErrorCode::kValidation);
  EXPECT_EQ(Iterator(arn, shard, ShardIteratorType::kTrimHorizon, second).status().code(),
            ErrorCode::kValidation);
  EXPECT_EQ(Iterator(arn, "shardId-00000000000000000000-00000000", ShardIteratorType::kTrimHorizon)
                .status()
                .code(),
            ErrorCode::kResourceNotFound);
  EXPECT_STATUS(db_->GetShardIterator(call_, {arn + "x", shard, ShardIteratorType::kLatest, {}}),
                ErrorCode::kResourceNotFound,
                "Requested resource not found: Stream: " + arn + "x not found");
  EXPECT_EQ(db_->GetRecords(call_, {"not an iterator", std::nullopt}).status().code(),
            ErrorCode::kValidation);
  EXPECT_STATUS(db_->GetRecords(call_, {*Iterator(arn, shard, ShardIteratorType::kLatest), 1001}),
                ErrorCode::kValidation,
                "1 validation error detected: Value '1001' at 'limit' failed to satisfy "
                "constraint: Member must have value less than or equal to 1000");
  EXPECT_EQ(db_->ListStreams(call_, {std::nullopt, 0, std::nullopt}).status().code(),
            ErrorCode::kValidation);
  // Another namespace does not see the stream.
  CallOptions other;
  other.tenant = "someone else";
  EXPECT_EQ(db_->DescribeStream(other, {arn, std::nullopt, std::nullopt}).status().code(),
            ErrorCode::kResourceNotFound);
  EXPECT_TRUE(db_->ListStreams(other, {})->streams.empty());
}

TEST_F(StreamTest, IteratorsExpireAfterFifteenMinutes) {
  const std::string arn = CreateStreamTable("tbl", StreamViewType::kKeysOnly);
  auto it = Iterator(arn, Shards(arn)[0].shard_id, ShardIteratorType::kTrimHorizon);
  ASSERT_TRUE(it.ok());
  clock_->Advance(15 * kMinute);
  ASSERT_TRUE(db_->GetRecords(call_, {*it, std::nullopt}).ok());
  clock_->Advance(1000);
  EXPECT_EQ(db_->GetRecords(call_, {*it, std::nullopt}).status().code(),
            ErrorCode::kExpiredIterator);
}

TEST_F(StreamTest, ShardsRollOverIntoChildrenThatNameTheirParent) {
  const std::string arn = CreateStreamTable("tbl", StreamViewType::kKeysOnly);
  ASSERT_TRUE(Put("tbl", ItemOf("a", "1")).ok());
  clock_->Advance(4 * kHour);
  engine().RunBackgroundForTesting();
  ASSERT_TRUE(Put("tbl", ItemOf("a", "2")).ok());
  const auto shards = Shards(arn);
  ASSERT_EQ(shards.size(), 2u);
  ASSERT_TRUE(shards[0].sequence_number_range.ending_sequence_number.has_value());
  EXPECT_FALSE(shards[1].sequence_number_range.ending_sequence_number.has_value());
  EXPECT_EQ(shards[1].parent_shard_id, shards[0].shard_id);
  EXPECT_GT(shards[1].sequence_number_range.starting_sequence_number,
            *shards[0].sequence_number_range.ending_sequence_number);
  bool drained = false;
  const auto parent = ReadShard(arn, shards[0].shard_id, &drained);
  ASSERT_EQ(parent.size(), 1u);
  EXPECT_TRUE(drained);
  const auto child = ReadShard(arn, shards[1].shard_id, &drained);
  ASSERT_EQ(child.size(), 1u);
  EXPECT_FALSE(drained);  // open: there may be more
  EXPECT_EQ(child[0].event_name, StreamEventName::kModify);
  EXPECT_GT(child[0].dynamodb.sequence_number, parent[0].dynamodb.sequence_number);
}

TEST_F(StreamTest, RecordsPastRetentionAreTrimmed) {
  const std::string arn = CreateStreamTable("tbl", StreamViewType::kKeysOnly);
  ASSERT_TRUE(Put("tbl", ItemOf("old", "1")).ok());
  const std::string shard = Shards(arn)[0].shard_id;
  const auto before = ReadShard(arn, shard);
  ASSERT_EQ(before.size(), 1u);
  clock_->Advance(3 * kHour);
  ASSERT_TRUE(Put("tbl", ItemOf("new", "1")).ok());
  clock_->Advance(21 * kHour + 1);  // "old" is now past 24 hours, "new" is not
  engine().RunBackgroundForTesting();
  const auto shards = Shards(arn);
  ASSERT_FALSE(shards.empty());
  std::vector<Record> left;
  for (const Shard& s : shards) {
    for (auto& r : ReadShard(arn, s.shard_id)) left.push_back(std::move(r));
  }
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].dynamodb.keys.at("id").s(), "new");
  EXPECT_EQ(Iterator(arn, shards[0].shard_id, ShardIteratorType::kAtSequenceNumber,
                     before[0].dynamodb.sequence_number)
                .status()
                .code(),
            ErrorCode::kTrimmedDataAccess);
}

TEST_F(StreamTest, ADisabledStreamIsDroppedAfterRetention) {
  const std::string arn = CreateStreamTable("tbl", StreamViewType::kKeysOnly);
  UpdateTableRequest u;
  u.table_name = "tbl";
  u.stream_specification = StreamSpecification{false, std::nullopt};
  ASSERT_TRUE(db_->UpdateTable(call_, u).ok());
  clock_->Advance(24 * kHour - 1000);
  engine().RunBackgroundForTesting();
  EXPECT_TRUE(db_->DescribeStream(call_, {arn, std::nullopt, std::nullopt}).ok());
  clock_->Advance(kHour);
  engine().RunBackgroundForTesting();
  EXPECT_EQ(db_->DescribeStream(call_, {arn, std::nullopt, std::nullopt}).status().code(),
            ErrorCode::kResourceNotFound);
  EXPECT_TRUE(db_->ListStreams(call_, {})->streams.empty());
}

TEST_F(StreamTest, DeletingTheTableLeavesItsStreamReadableAndDisabled) {
  const std::string arn = CreateStreamTable("tbl", StreamViewType::kKeysOnly);
  ASSERT_TRUE(Put("tbl", ItemOf("a", "1")).ok());
  ASSERT_TRUE(db_->DeleteTable(call_, {"tbl"}).ok());
  auto d = db_->DescribeStream(call_, {arn, std::nullopt, std::nullopt});
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->stream_description.stream_status, StreamStatus::kDisabled);
  EXPECT_EQ(ReadAll(arn).size(), 1u);
}

TEST_F(StreamTest, RecordsAndSequenceNumbersSurviveAReopen) {
  TempDir dir;
  Open(dir.path());
  const std::string arn = CreateStreamTable("tbl", StreamViewType::kNewImage);
  ASSERT_TRUE(Put("tbl", ItemOf("a", "1")).ok());
  ASSERT_TRUE(Put("tbl", ItemOf("a", "2")).ok());
  Open(dir.path());
  ASSERT_TRUE(Put("tbl", ItemOf("a", "3")).ok());
  const auto records = ReadAll(arn);
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[2].dynamodb.new_image, ItemOf("a", "3"));
  EXPECT_LT(records[1].dynamodb.sequence_number, records[2].dynamodb.sequence_number);
  db_.reset();
}

}  // namespace
}  // namespace stator::engine
