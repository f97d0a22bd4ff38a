// StorageHealth: a failure turns the store unwritable (once, waking the recovery task once), the
// recovery task resumes until it succeeds and then waits to be woken, errors reach clients
// without RocksDB's message and reach stderr at most once an interval. And, on a real full disk
// (a small tmpfs, when the test may mount one), a Storage refuses writes cleanly, keeps reading,
// and writes again once space is freed.
#include "engine/storage/storage_health.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/mount.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "engine/background/scheduler.h"
#include "engine/storage/storage.h"
#include "tests/engine/database_test_util.h"

namespace stator::engine {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(StorageHealthTest, AFaultStopsWritesUntilRecoveredAndWakesOnce) {
  StorageHealth health;
  int wakes = 0;
  health.OnFault([&] { ++wakes; });
  EXPECT_TRUE(health.writable());
  EXPECT_TRUE(health.Condition().can_write);

  health.RecordFault(StorageFault::kNoSpace);
  health.RecordFault(StorageFault::kIOError);  // what follows from a full disk
  EXPECT_FALSE(health.writable());
  EXPECT_EQ(wakes, 1);
  const StorageCondition condition = health.Condition();
  EXPECT_FALSE(condition.can_write);
  EXPECT_EQ(condition.reason, "the disk is full");  // the first cause is kept

  health.RecordRecovered();
  EXPECT_TRUE(health.writable());
  EXPECT_EQ(health.Condition().reason, "");
  health.RecordFault(StorageFault::kIOError);
  EXPECT_EQ(wakes, 2);
  EXPECT_EQ(health.Condition().reason, "writing to the disk failed");
}

TEST(StorageHealthTest, RecoveryResumesEveryIntervalUntilItSucceeds) {
  StorageHealth health;
  int attempts = 0;
  int failures_left = 2;
  auto task = NewStorageRecoveryTask(health, [&] {
    ++attempts;
    return failures_left-- > 0 ? Status::IOError("still full") : Status::OK();
  });
  const int64_t now = 1'000;
  // Writable: nothing to do until woken, and no Resume.
  EXPECT_EQ(task->Step(now).DueAt(now), NextRun::kNever);
  EXPECT_EQ(attempts, 0);

  health.RecordFault(StorageFault::kNoSpace);
  EXPECT_EQ(task->Step(now).DueAt(now), now + kStorageResumeIntervalMicros);
  EXPECT_EQ(task->Step(now).DueAt(now), now + kStorageResumeIntervalMicros);
  EXPECT_FALSE(health.writable());
  EXPECT_EQ(task->Step(now).DueAt(now), NextRun::kNever);
  EXPECT_EQ(attempts, 3);
  EXPECT_TRUE(health.writable());
}

TEST(StorageHealthTest, AFaultWakesTheScheduledRecoveryTask) {
  testing::ManualClock clock;
  Scheduler scheduler(clock);
  StorageHealth health;
  std::atomic<int> attempts{0};
  ASSERT_TRUE(scheduler
                  .Schedule(std::string(kStorageRecoveryTaskName),
                            NewStorageRecoveryTask(health, [&] {
                              ++attempts;
                              return Status::OK();
                            }))
                  .ok());
  health.OnFault([&] { scheduler.Wake(kStorageRecoveryTaskName); });
  scheduler.RunDueForTesting();
  EXPECT_EQ(attempts.load(), 0);

  health.RecordFault(StorageFault::kIOError);
  scheduler.RunDueForTesting();
  EXPECT_EQ(attempts.load(), 1);
  EXPECT_TRUE(health.writable());
  health.OnFault(nullptr);
  scheduler.Stop();
}

TEST(StorageHealthTest, ClientsGetAGenericErrorWithoutThePath) {
  const Status s = StorageError("IO error: No space left on device: /data/000004.log");
  EXPECT_EQ(s.code(), ErrorCode::kIOError);
  EXPECT_EQ(s.message(), kStorageErrorMessage);
}

TEST(StorageHealthTest, RepeatedErrorsAreLoggedOncePerInterval) {
  RateLimitedLog log(10);
  EXPECT_EQ(log.Admit("first", 100).value_or(""), "stator: storage error: first");
  EXPECT_FALSE(log.Admit("second", 105).has_value());
  EXPECT_FALSE(log.Admit("third", 109).has_value());
  EXPECT_EQ(log.Admit("fourth", 110).value_or(""),
            "stator: storage error: fourth (and 2 more since the last one logged)");
}

// A small tmpfs for one test, unmounted (and removed) at its end.
class SmallDisk {
 public:
  explicit SmallDisk(size_t bytes) {
    const std::string options = "size=" + std::to_string(bytes);
    std::filesystem::create_directories(dir_.path());
    if (::mount("tmpfs", dir_.path().c_str(), "tmpfs", 0, options.c_str()) != 0) {
      error_ = std::strerror(errno);
    }
  }
  ~SmallDisk() {
    if (error_.empty()) ::umount2(dir_.path().c_str(), MNT_DETACH);
  }
  bool mounted() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  std::string path(const std::string& name) const { return dir_.path() + "/" + name; }

 private:
  testing::TempDir dir_;
  std::string error_;
};

Status Put(Storage& storage, const std::string& key, const std::string& value) {
  WriteBatch batch(storage);
  batch.Put(Space::kItems, key, value);
  return storage.Write(batch);
}

TEST(StorageHealthTest, AFullDiskRefusesWritesCleanlyAndWritesAgainOnceSpaceIsFreed) {
  if (::geteuid() != 0) GTEST_SKIP() << "mounting a tmpfs to fill needs root";
  SmallDisk disk(4 << 20);
  if (!disk.mounted()) GTEST_SKIP() << "cannot mount a tmpfs here: " << disk.error();
  const std::string filler = disk.path("filler");
  // More than the values that fit beside it: resuming flushes them into a table file, which
  // needs about as much free space as they take in the log.
  std::ofstream(filler) << std::string(5 << 19, 'f');
  auto opened = Storage::Open({disk.path("data")});
  ASSERT_TRUE(opened.ok()) << opened.status().message();
  Storage& storage = **opened;

  const std::string value(8 << 10, 'v');
  int acknowledged = 0;
  Status failed;
  while (acknowledged < 1000 && (failed = Put(storage, std::to_string(acknowledged), value)).ok()) {
    ++acknowledged;
  }
  ASSERT_FALSE(failed.ok()) << "1000 values of 8 KB fit on a 4 MB disk";
  ASSERT_GT(acknowledged, 0);
  EXPECT_EQ(failed.code(), ErrorCode::kIOError);
  EXPECT_EQ(failed.message(), kStorageErrorMessage);
  EXPECT_THAT(failed.message(), Not(HasSubstr("/")));
  EXPECT_FALSE(storage.Condition().can_write);
  EXPECT_EQ(storage.Condition().reason, "the disk is full");

  std::string read;
  bool found = false;
  ASSERT_TRUE(storage.Get(Space::kItems, "0", &read, &found).ok());
  EXPECT_TRUE(found);
  EXPECT_FALSE(storage.Resume().ok());  // no room to flush the memtables yet

  std::filesystem::remove(filler);
  ASSERT_TRUE(storage.Resume().ok());
  EXPECT_TRUE(storage.Condition().can_write);  // RocksDB's listener told of the recovery
  EXPECT_TRUE(Put(storage, "after", "space returned").ok());
  ASSERT_TRUE(storage.Get(Space::kItems, std::to_string(acknowledged - 1), &read, &found).ok());
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace stator::engine
