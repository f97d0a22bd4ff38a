// Storage's snapshots: an iterator created with one answers point reads as the store was when
// the iterator was created, whatever is written after; one without refuses point reads. And the
// in-memory store's writes, which keep no write-ahead log.
#include "engine/storage/storage.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "tests/engine/database_test_util.h"

namespace stator::engine {
namespace {

std::unique_ptr<Storage> OpenInMemory() {
  StorageConfig config;
  config.in_memory = true;
  auto storage = Storage::Open(config);
  EXPECT_TRUE(storage.ok()) << storage.status().message();
  return std::move(storage).value();
}

void Put(Storage& storage, std::string_view key, std::string_view value) {
  WriteBatch batch(storage);
  batch.Put(Space::kItems, key, value);
  ASSERT_TRUE(storage.Write(batch).ok());
}

// The value at `key` read at the iterator's snapshot; "<absent>" when not found.
std::string GetAt(const RangeIterator& it, std::string_view key) {
  std::string out;
  bool found = false;
  Status s = it.Get(
      Space::kItems, key, [&](std::string_view value) { out.assign(value); }, &found);
  EXPECT_TRUE(s.ok()) << s.message();
  return found ? out : "<absent>";
}

// In memory the store keeps no write-ahead log (nothing survives Close); RocksDB refuses sync
// writes without one, so `sync` must not reach it there.
TEST(StorageTest, InMemoryWritesSucceedWithSyncAsked) {
  StorageConfig config;
  config.in_memory = true;
  config.sync = true;
  auto storage = std::move(Storage::Open(config)).value();
  Put(*storage, "k", "v");
  std::string value;
  bool found = false;
  ASSERT_TRUE(storage->Get(Space::kItems, "k", &value, &found).ok());
  EXPECT_TRUE(found);
  EXPECT_EQ(value, "v");
}

TEST(StorageTest, PointReadsAtTheIteratorSnapshotIgnoreLaterWrites) {
  auto storage = OpenInMemory();
  Put(*storage, "a", "1");
  Put(*storage, "b", "old");
  auto it = storage->NewRangeIterator(Space::kItems, "a", "b", false, /*snapshot=*/true);
  Put(*storage, "b", "new");
  Put(*storage, "c", "later");
  {
    WriteBatch batch(*storage);
    batch.Delete(Space::kItems, "a");
    ASSERT_TRUE(storage->Write(batch).ok());
  }
  // The range ([a, b)) and the point reads (anywhere in the space) see the same view.
  ASSERT_TRUE(it->Valid());
  EXPECT_EQ(it->key(), "a");
  EXPECT_EQ(GetAt(*it, "a"), "1");
  EXPECT_EQ(GetAt(*it, "b"), "old");
  EXPECT_EQ(GetAt(*it, "c"), "<absent>");
  it->Next();
  EXPECT_FALSE(it->Valid());
  EXPECT_TRUE(it->status().ok());
  // A fresh snapshot sees the writes.
  auto fresh = storage->NewRangeIterator(Space::kItems, "a", "z", false, true);
  EXPECT_EQ(GetAt(*fresh, "b"), "new");
  EXPECT_EQ(GetAt(*fresh, "a"), "<absent>");
}

TEST(StorageTest, AnIteratorWithoutSnapshotRefusesPointReads) {
  auto storage = OpenInMemory();
  Put(*storage, "a", "1");
  auto it = storage->NewRangeIterator(Space::kItems, "a", "z", false);
  ASSERT_TRUE(it->Valid());
  bool found = true;
  Status s = it->Get(
      Space::kItems, "a", [](std::string_view) {}, &found);
  EXPECT_EQ(s.code(), ErrorCode::kIOError);
  EXPECT_FALSE(found);
}

TEST(StorageTest, ReverseIteratorWithSnapshot) {
  auto storage = OpenInMemory();
  for (const char* k : {"a", "b", "c"}) Put(*storage, k, k);
  auto it = storage->NewRangeIterator(Space::kItems, "a", "c", true, true);
  Put(*storage, "b", "changed");
  ASSERT_TRUE(it->Valid());
  EXPECT_EQ(it->key(), "b");
  EXPECT_EQ(it->value(), "b");
  EXPECT_EQ(GetAt(*it, "c"), "c");
  it->Next();
  ASSERT_TRUE(it->Valid());
  EXPECT_EQ(it->key(), "a");
}

}  // namespace
}  // namespace stator::engine

namespace stator::engine {
namespace {

mode_t ModeOf(const std::string& path) {
  struct stat st {};
  EXPECT_EQ(stat(path.c_str(), &st), 0) << path;
  return st.st_mode & 0777;
}

// The data files hold every table: a directory Storage creates is its owner's alone; one that
// exists keeps the mode its owner gave it.
TEST(StorageDirectoryTest, ACreatedDataDirectoryIsPrivate) {
  stator::testing::TempDir root;
  const std::string created = root.path() + "/new/data";
  StorageConfig config;
  config.dir = created;
  ASSERT_TRUE(Storage::Open(config).ok());
  EXPECT_EQ(ModeOf(created), 0700u);

  const std::string existing = root.path() + "/shared";
  ASSERT_EQ(mkdir(existing.c_str(), 0755), 0);
  ASSERT_EQ(chmod(existing.c_str(), 0755), 0);
  config.dir = existing;
  ASSERT_TRUE(Storage::Open(config).ok());
  EXPECT_EQ(ModeOf(existing), 0755u);
}

}  // namespace
}  // namespace stator::engine
