// The index backfill as a task of the background scheduler: it ends when its table is deleted
// half-way, writing nothing more, and it needs no time to pass on the injected clock.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "engine/background/scheduler.h"
#include "engine/indexes/index_backfill.h"
#include "engine/model/coding.h"
#include "engine/model/item_codec.h"
#include "engine/model/item_validation.h"
#include "engine/storage/key_codec.h"
#include "engine/storage/storage.h"
#include "engine/tables/catalog.h"
#include "tests/engine/database_test_util.h"

namespace stator::engine {
namespace {

using testing::S;

class IndexBackfillTaskTest : public ::testing::Test {
 protected:
  void TearDown() override {
    BackfillHooks::chunk_items = 256;
    BackfillHooks::chunks_allowed = -1;
  }
};

TEST_F(IndexBackfillTaskTest, ABackfillEndsWhenItsTableIsDeletedHalfWay) {
  StorageConfig config;
  config.in_memory = true;
  auto storage = std::move(Storage::Open(config)).value();
  testing::ManualClock clock;
  Catalog catalog(*storage, clock);
  ASSERT_TRUE(catalog.Load().ok());
  TableMeta meta;
  meta.description.table_name = "tbl";
  IndexDef index;
  index.name = "byG";
  index.key.hash = {"g", ScalarType::kS};
  index.projection.projection_type = ProjectionType::kAll;
  index.backfilling = true;
  meta.indexes.push_back(index);
  KeySchema key;
  key.hash = {"pk", ScalarType::kS};
  auto table = std::move(catalog.Create(key, meta)).value();
  const uint32_t index_id = table->indexes.at(0).id;
  WriteBatch items(*storage);
  for (int i = 0; i < 10; ++i) {
    const Item item{{"pk", S("p" + std::to_string(i))}, {"g", S("x")}};
    std::string value;
    PutVarint(&value, static_cast<uint64_t>(ItemSize(item)));
    EncodeItem(item, &value);
    items.Put(Space::kItems, EncodeItemKey(table->id, item.at("pk"), nullptr), value);
  }
  ASSERT_TRUE(storage->Write(items).ok());

  Scheduler scheduler(clock);
  BackfillHooks::chunk_items = 2;
  BackfillHooks::chunks_allowed = 1;
  ASSERT_TRUE(ScheduleBackfill(scheduler, *storage, catalog, table, index_id).ok());
  scheduler.RunDueForTesting();  // one chunk, then paused until the clock moves
  const std::string name = BackfillTaskName(table->id, index_id);
  ASSERT_TRUE(scheduler.Has(name));
  int64_t count = 0, size = 0;
  ASSERT_TRUE(storage->GetStats(StatsKey(index_id), &count, &size).ok());
  EXPECT_EQ(count, 2);

  ASSERT_TRUE(catalog.Drop(table, 0).ok());
  BackfillHooks::chunks_allowed = -1;
  clock.Advance(kBackfillPausePollMicros);
  scheduler.RunDueForTesting();
  EXPECT_FALSE(scheduler.Has(name));
  // Drop removed the index's entries; a backfill that went on would have written new ones.
  auto it = storage->NewRangeIterator(Space::kItems, TablePrefix(index_id),
                                      TablePrefix(index_id + 1), false);
  EXPECT_FALSE(it->Valid());
  ASSERT_TRUE(storage->GetStats(StatsKey(index_id), &count, &size).ok());
  EXPECT_EQ(count, 0);
}

TEST_F(IndexBackfillTaskTest, ABackfillCompletesWithAClockThatNeverMoves) {
  auto clock = std::make_shared<testing::ManualClock>();
  auto db = testing::OpenInMemory(clock);
  const CallOptions call;
  ASSERT_TRUE(db->CreateTable(call, testing::HashTable("tbl")).ok());
  for (int i = 0; i < 50; ++i) {
    PutItemRequest put;
    put.table_name = "tbl";
    put.item = {{"id", S("p" + std::to_string(i))}, {"g", S("x")}};
    ASSERT_TRUE(db->PutItem(call, put).ok());
  }
  BackfillHooks::chunk_items = 4;
  UpdateTableRequest r;
  r.table_name = "tbl";
  r.attribute_definitions = {{"g", ScalarType::kS}};
  r.has_global_secondary_index_updates = true;
  GlobalSecondaryIndexUpdate u;
  u.create =
      GlobalSecondaryIndex{"byG", {{"g", KeyType::kHash}}, {ProjectionType::kAll, {}}, {}, {}};
  r.global_secondary_index_updates.push_back(u);
  ASSERT_TRUE(db->UpdateTable(call, r).ok());
  bool active = false;
  int64_t count = 0;
  for (int i = 0; i < 2000 && !active; ++i) {
    auto d = db->DescribeTable(call, {"tbl"});
    ASSERT_TRUE(d.ok());
    const auto& gsi = d->table.global_secondary_indexes.at(0);
    active = gsi.index_status == IndexStatus::kActive;
    count = gsi.item_count;
    if (!active) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_TRUE(active);
  EXPECT_EQ(count, 50);
}

}  // namespace
}  // namespace stator::engine
