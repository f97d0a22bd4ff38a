// StorageHealth: whether the store can write, and the way back when it cannot.
//
// RocksDB stops accepting writes after a failed write to its log or a failed flush (a "hard"
// background error: a full disk, an I/O error) and refuses them until DB::Resume succeeds. Its
// own recovery from a full disk does not help on a small or nearly full disk: the SstFileManager
// waits for as much free space as a whole memtable (64 MB without an item cache) before it even
// tries, so the server refused writes until it was restarted. StorageHealth takes recovery over:
// it hears of every such failure (from RocksDB's listener and from refused writes), turns
// RocksDB's own recovery off (while that runs, a manual Resume only answers Busy), and a task on
// the engine's scheduler calls Resume every second until it succeeds, which it does as soon as
// the memtables' flush fits on the disk.
//
// Clients never see RocksDB's messages: they name the data directory's files. StorageError turns
// one into the service's generic InternalServerError and writes the real one to stderr for the
// operator, at most once every 10 seconds (a full disk fails every write).
//
// Thread safety: StorageHealth and StorageError may be used from any thread. A recovery task's
// steps run on the scheduler, one at a time.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "engine/background/background_task.h"
#include "stator/status.h"
#include "stator/storage_condition.h"

namespace rocksdb {
class EventListener;
}

namespace stator::engine {

// The message of every storage failure a client sees, the service's for InternalServerError.
inline constexpr std::string_view kStorageErrorMessage = "Internal server error";

// The IOError a client sees for a failed storage call whose real message is `detail`; logs
// `detail` to stderr, rate-limited.
Status StorageError(std::string_view detail);

// What keeps a store from writing.
enum class StorageFault : unsigned char { kNone, kNoSpace, kIOError };

class StorageHealth {
 public:
  // Records that the store refuses writes. Calls the OnFault function when it could write
  // until now.
  void RecordFault(StorageFault fault);
  // Records that the store writes again; says so on stderr when it could not.
  void RecordRecovered();

  bool writable() const;
  StorageCondition Condition() const;

  // Sets the function called (with this object's lock held, so it must not call back) when the
  // store turns from writable to not: the recovery task's wake. Null: nothing is called (a
  // scheduler being destroyed clears it first).
  void OnFault(std::function<void()> wake);

 private:
  mutable std::mutex mu_;
  StorageFault fault_ = StorageFault::kNone;  // guarded by mu_
  std::function<void()> wake_;                // guarded by mu_
};

// The RocksDB listener that tells `health` of hard background errors and of recoveries, and
// turns RocksDB's automatic recovery off so that the recovery task's Resume is the only one.
std::shared_ptr<rocksdb::EventListener> NewHealthListener(std::shared_ptr<StorageHealth> health);

// The scheduler's name for the recovery task.
inline constexpr std::string_view kStorageRecoveryTaskName = "storage-recovery";
// How long the recovery task waits between two attempts, in microseconds of the scheduler's
// clock: a second, as RocksDB's own retries (bgerror_resume_retry_interval). An attempt that
// fails costs a flush that stops at the first block the disk refuses.
inline constexpr int64_t kStorageResumeIntervalMicros = 1'000'000;

// The task that brings the store back: while `health` says it cannot write, calls `resume` (the
// store's Resume) every kStorageResumeIntervalMicros until it succeeds; otherwise waits to be
// woken (StorageHealth::OnFault). `health` must outlive the task.
std::unique_ptr<BackgroundTask> NewStorageRecoveryTask(StorageHealth& health,
                                                       std::function<Status()> resume);

// A log of repeated errors that writes the first at once and then at most one line per
// interval, counting the ones it left out. StorageError's, kept apart so it can be tested.
class RateLimitedLog {
 public:
  explicit RateLimitedLog(int64_t interval_micros) : interval_micros_(interval_micros) {}
  // The line to write for `detail` at `now_micros` (a monotonic time), or none when one was
  // written less than the interval ago.
  std::optional<std::string> Admit(std::string_view detail, int64_t now_micros);

 private:
  const int64_t interval_micros_;
  std::mutex mu_;
  std::optional<int64_t> last_written_micros_;  // guarded by mu_
  int64_t left_out_ = 0;                        // guarded by mu_
};

}  // namespace stator::engine
