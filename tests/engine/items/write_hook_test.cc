// In-batch write hooks: a hook's records commit in the item's own WriteBatch, so they exist
// exactly when the change does.
#include "engine/items/write_hook.h"

#include <gtest/gtest.h>

#include <mutex>
#include <vector>

#include "engine/items/item_store.h"
#include "engine/model/item_validation.h"
#include "engine/storage/key_codec.h"

namespace stator::engine {
namespace {

// Writes "hook/<item key>" = "put <size> after <old size>" or "delete after <old size>" beside
// every change, and remembers what it was shown.
class RecordingHook final : public WriteHook {
 public:
  explicit RecordingHook(bool needs_old) : needs_old_(needs_old) {}
  bool NeedsOldItem() const override { return needs_old_; }
  uint64_t AddRecords(const ItemMutation& m, WriteBatch& batch) const override {
    std::string value = m.new_item != nullptr ? "put " + std::to_string(m.new_size) : "delete";
    value += " after " + (m.old_exists ? std::to_string(m.old_size) : std::string("none"));
    batch.Put(Space::kMeta, "hook/" + std::string(m.key), value);
    std::lock_guard lock(mu_);
    seen.push_back({m.old_item != nullptr ? *m.old_item : Item{}, m.cause});
    return ++tickets_given;
  }
  void Settle(uint64_t ticket) const override {
    std::lock_guard lock(mu_);
    settled.push_back(ticket);
  }
  struct Seen {
    Item old_item;
    WriteCause cause;
  };
  mutable std::vector<Seen> seen;
  mutable uint64_t tickets_given = 0;   // guarded by mu_
  mutable std::vector<uint64_t> settled;  // guarded by mu_

 private:
  const bool needs_old_;
  mutable std::mutex mu_;
};

class WriteHookTest : public ::testing::Test {
 protected:
  void SetUp() override {
    StorageConfig config;
    config.in_memory = true;
    storage_ = std::move(Storage::Open(config)).value();
    store_ = std::make_unique<ItemStore>(*storage_,
                                         std::vector<std::shared_ptr<ChangeSubscriber>>{}, nullptr);
    store_->AddHook(table_, hook_);
  }
  std::string KeyOf(const std::string& id) const {
    return EncodeItemKey(table_.id, AttributeValue::S(id), nullptr);
  }
  // What storage holds: the item's size ("" when absent) and the hook's record ("" when absent).
  std::pair<std::string, std::string> Stored(const std::string& id) const {
    std::string item, record;
    bool found = false;
    EXPECT_TRUE(storage_->Get(Space::kItems, KeyOf(id), &item, &found).ok());
    if (!found) item.clear();
    EXPECT_TRUE(storage_->Get(Space::kMeta, "hook/" + KeyOf(id), &record, &found).ok());
    if (!found) record.clear();
    return {item, record};
  }
  Status Put(const std::string& id, const Item& item) {
    const int64_t size = ItemSize(item);
    StoredItem old;
    return store_->Write(
        table_, KeyOf(id),
        [&](const StoredItem&) -> Result<WriteDecision> {
          return WriteDecision{WriteDecision::Kind::kPut, &item, size};
        },
        &old, ReadMode::kSizeOnly);
  }

  std::unique_ptr<Storage> storage_;
  std::unique_ptr<ItemStore> store_;
  Table table_{7, KeySchema{{"id", ScalarType::kS}, std::nullopt}, "", "hooked", ""};
  std::shared_ptr<RecordingHook> hook_ = std::make_shared<RecordingHook>(true);
};

// Sizes as the service counts them: "id" + id (2 + 1) and "v" + v, so ItemOf("a", "one") is 7.
Item ItemOf(const std::string& id, const std::string& v) {
  return Item{{"id", AttributeValue::S(id)}, {"v", AttributeValue::S(v)}};
}

TEST_F(WriteHookTest, RecordsCommitWithTheItem) {
  ASSERT_TRUE(Put("a", ItemOf("a", "one")).ok());
  EXPECT_FALSE(Stored("a").first.empty());
  EXPECT_EQ(Stored("a").second, "put 7 after none");
  ASSERT_TRUE(Put("a", ItemOf("a", "three")).ok());
  EXPECT_EQ(Stored("a").second, "put 9 after 7");
  // The hook needs old items, so even a write that wanted only the old size read it whole.
  ASSERT_EQ(hook_->seen.size(), 2u);
  EXPECT_TRUE(hook_->seen[0].old_item.empty());
  EXPECT_EQ(hook_->seen[1].old_item, ItemOf("a", "one"));
  EXPECT_EQ(hook_->seen[1].cause, WriteCause::kClient);
}

TEST_F(WriteHookTest, AFailedWriteLeavesNeitherItemNorRecord) {
  StoredItem old;
  const Status refused = store_->Write(
      table_, KeyOf("b"),
      [](const StoredItem&) -> Result<WriteDecision> {
        return Status(ErrorCode::kConditionalCheckFailed, "The conditional request failed");
      },
      &old);
  EXPECT_EQ(refused.code(), ErrorCode::kConditionalCheckFailed);
  EXPECT_EQ(Stored("b"), std::make_pair(std::string(), std::string()));
  // A mutation added to a batch that is never committed (a transaction cancelled after its
  // mutations were built) leaves nothing either.
  {
    const Item item = ItemOf("b", "x");
    ItemBatch batch(*storage_);
    store_->AddMutation(batch, table_, KeyOf("b"), StoredItem(),
                        {WriteDecision::Kind::kPut, &item, ItemSize(item)});
    EXPECT_EQ(batch.count(), 3u);  // the item, the table's statistics, the hook's record
  }
  EXPECT_EQ(Stored("b"), std::make_pair(std::string(), std::string()));
  EXPECT_TRUE(hook_->seen.size() == 1u);  // shown the mutation that was dropped, nothing else
  // Its ticket was settled all the same, when the batch was dropped.
  EXPECT_EQ(hook_->settled, std::vector<uint64_t>{1});
}

TEST_F(WriteHookTest, EveryTicketIsSettledOnceWhenItsWriteHasCommitted) {
  ASSERT_TRUE(Put("d", ItemOf("d", "one")).ok());
  EXPECT_EQ(hook_->settled, std::vector<uint64_t>{1});  // before Write returned
  ItemBatch batch(*storage_);
  const Item item = ItemOf("e", "two");
  store_->AddMutation(batch, table_, KeyOf("e"), StoredItem(),
                      {WriteDecision::Kind::kPut, &item, ItemSize(item)});
  EXPECT_EQ(hook_->settled.size(), 1u);  // not yet: the batch is not written
  ASSERT_TRUE(store_->Commit(batch).ok());
  EXPECT_EQ(hook_->settled, (std::vector<uint64_t>{1, 2}));
}

TEST_F(WriteHookTest, DeletionsAndServiceWritesAreShownAsSuch) {
  ASSERT_TRUE(Put("c", ItemOf("c", "one")).ok());
  StoredItem old;
  ASSERT_TRUE(store_->Read(table_, KeyOf("c"), &old).ok());
  ItemBatch batch(*storage_, WriteCause::kService);
  store_->AddMutation(batch, table_, KeyOf("c"), old, {WriteDecision::Kind::kDelete});
  ASSERT_TRUE(store_->Commit(batch).ok());
  EXPECT_EQ(Stored("c"), std::make_pair(std::string(), std::string("delete after 7")));
  EXPECT_EQ(hook_->seen.back().cause, WriteCause::kService);
  EXPECT_EQ(hook_->seen.back().old_item, ItemOf("c", "one"));
}

TEST_F(WriteHookTest, UnchangedItemsAndRemovedHooksWriteNoRecord) {
  StoredItem old;
  // A decision to write nothing (a REMOVE-only update of a missing item) writes no record.
  ASSERT_TRUE(store_
                  ->Write(
                      table_, KeyOf("d"),
                      [](const StoredItem&) -> Result<WriteDecision> { return WriteDecision{}; },
                      &old)
                  .ok());
  EXPECT_TRUE(hook_->seen.empty());
  store_->RemoveHook(table_, hook_.get());
  ASSERT_TRUE(Put("d", ItemOf("d", "one")).ok());
  EXPECT_FALSE(Stored("d").first.empty());
  EXPECT_EQ(Stored("d").second, "");
  EXPECT_EQ(store_->ModeFor(table_, ReadMode::kSizeOnly), ReadMode::kSizeOnly);
}

}  // namespace
}  // namespace stator::engine
