// StreamLog: sequence numbers become visible to readers only once every smaller one has settled,
// whatever order their writes commit in; rollover keeps shard ranges apart.
#include "engine/streams/stream_log.h"

#include <gtest/gtest.h>

namespace stator::engine {
namespace {

class StreamLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    StorageConfig config;
    config.in_memory = true;
    storage_ = std::move(Storage::Open(config)).value();
    StreamMeta meta;
    meta.id = 9;
    meta.label = "2026-12-06T00:00:00.000";
    meta.next_ordinal = 1;
    meta.shards.push_back({0, 0, 1, 0, 0, std::nullopt, 0, 1});
    log_ = std::make_unique<StreamLog>(*storage_, meta, 1);
  }
  std::unique_ptr<Storage> storage_;
  std::unique_ptr<StreamLog> log_;
};

TEST_F(StreamLogTest, ANumberIsVisibleOnlyOnceEverySmallerOneHasSettled) {
  StreamLog::Slot a, b, c;
  ASSERT_TRUE(log_->Take(&a));
  ASSERT_TRUE(log_->Take(&b));
  ASSERT_TRUE(log_->Take(&c));
  EXPECT_EQ(a.seq + 1, b.seq);
  EXPECT_EQ(log_->visible(), 0u);
  log_->Settle(c.seq);  // committed first, but a and b are still in flight
  log_->Settle(b.seq);
  EXPECT_EQ(log_->visible(), 0u);
  log_->Settle(a.seq);
  EXPECT_EQ(log_->visible(), c.seq);
}

TEST_F(StreamLogTest, RolloverClosesTheShardAtItsLastNumberAndTheChildStartsAfterIt) {
  StreamLog::Slot a;
  ASSERT_TRUE(log_->Take(&a));
  ASSERT_TRUE(log_->Rollover(/*opened_before=*/0, /*now=*/10).ok());
  StreamLog::Slot b;
  ASSERT_TRUE(log_->Take(&b));  // into the child
  const std::shared_ptr<const StreamMeta> meta_snapshot = log_->meta();
  const StreamMeta& meta = *meta_snapshot;
  ASSERT_EQ(meta.shards.size(), 2u);
  EXPECT_EQ(meta.shards[0].end_seq, a.seq);
  EXPECT_EQ(meta.shards[1].parent, 0u);
  EXPECT_EQ(meta.shards[1].start_seq, a.seq + 1);
  EXPECT_EQ(b.ordinal, meta.shards[1].ordinal);
  EXPECT_EQ(b.seq, a.seq + 1);
  // An empty shard still owns its starting number: ranges never overlap.
  log_->Settle(a.seq);
  log_->Settle(b.seq);
  ASSERT_TRUE(log_->Rollover(20, 30).ok());
  ASSERT_TRUE(log_->Rollover(30, 40).ok());
  const std::shared_ptr<const StreamMeta> after_snapshot = log_->meta();
  const StreamMeta& after = *after_snapshot;
  ASSERT_EQ(after.shards.size(), 4u);
  EXPECT_EQ(after.shards[2].start_seq, after.shards[2].end_seq);
  EXPECT_EQ(after.shards[3].start_seq, after.shards[2].end_seq + 1);
}

TEST_F(StreamLogTest, ADisabledStreamTakesNoNumbers) {
  ASSERT_TRUE(log_->Disable(5).ok());
  StreamLog::Slot s;
  EXPECT_FALSE(log_->Take(&s));
  EXPECT_FALSE(log_->meta()->shards.back().open());
}

}  // namespace
}  // namespace stator::engine
