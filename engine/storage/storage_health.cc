#include "engine/storage/storage_health.h"

#include <rocksdb/listener.h>

#include <chrono>
#include <cstdio>
#include <utility>

namespace stator::engine {
namespace {

constexpr int64_t kErrorLogIntervalMicros = 10'000'000;

int64_t MonotonicMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

StorageFault FaultOf(const rocksdb::Status& s) {
  return s.IsNoSpace() ? StorageFault::kNoSpace : StorageFault::kIOError;
}

// RocksDB calls these on its own threads (flush, compaction, a writer's), never with its mutex
// held, and never for the same database at once.
class HealthListener final : public rocksdb::EventListener {
 public:
  explicit HealthListener(std::shared_ptr<StorageHealth> health) : health_(std::move(health)) {}

  void OnBackgroundError(rocksdb::BackgroundErrorReason, rocksdb::Status* error) override {
    (void)StorageError(error->ToString());
    // A soft error (a compaction without room) leaves writes running; RocksDB retries it once
    // space allows.
    if (error->severity() >= rocksdb::Status::Severity::kHardError) {
      health_->RecordFault(FaultOf(*error));
    }
  }

  // The recovery task resumes after a hard error (the header says why). A soft one is left to
  // RocksDB, whose SstFileManager lets compactions run again once they fit.
  void OnErrorRecoveryBegin(rocksdb::BackgroundErrorReason, rocksdb::Status error,
                            bool* auto_recovery) override {
    if (error.severity() >= rocksdb::Status::Severity::kHardError) *auto_recovery = false;
  }

  void OnErrorRecoveryEnd(const rocksdb::BackgroundErrorRecoveryInfo& info) override {
    if (info.new_bg_error.ok()) health_->RecordRecovered();
  }

 private:
  const std::shared_ptr<StorageHealth> health_;
};

class StorageRecoveryTask final : public BackgroundTask {
 public:
  StorageRecoveryTask(StorageHealth& health, std::function<Status()> resume)
      : health_(health), resume_(std::move(resume)) {}

  NextRun Step(int64_t) override {
    if (health_.writable()) return NextRun::WhenWoken();
    if (resume_().ok()) {
      health_.RecordRecovered();
      return NextRun::WhenWoken();
    }
    return NextRun::After(kStorageResumeIntervalMicros);
  }

 private:
  StorageHealth& health_;
  const std::function<Status()> resume_;
};

std::string_view ReasonOf(StorageFault fault) {
  switch (fault) {
    case StorageFault::kNone:
      break;
    case StorageFault::kNoSpace:
      return "the disk is full";
    case StorageFault::kIOError:
      return "writing to the disk failed";
  }
  return "";
}

}  // namespace

Status StorageError(std::string_view detail) {
  static RateLimitedLog log(kErrorLogIntervalMicros);
  if (auto line = log.Admit(detail, MonotonicMicros())) {
    std::fprintf(stderr, "%s\n", line->c_str());
  }
  return Status::IOError(std::string(kStorageErrorMessage));
}

std::optional<std::string> RateLimitedLog::Admit(std::string_view detail, int64_t now_micros) {
  std::lock_guard<std::mutex> lock(mu_);
  if (last_written_micros_ && now_micros - *last_written_micros_ < interval_micros_) {
    ++left_out_;
    return std::nullopt;
  }
  std::string line = "stator: storage error: " + std::string(detail);
  if (left_out_ > 0) {
    line += " (and " + std::to_string(left_out_) + " more since the last one logged)";
  }
  last_written_micros_ = now_micros;
  left_out_ = 0;
  return line;
}

void StorageHealth::RecordFault(StorageFault fault) {
  std::lock_guard<std::mutex> lock(mu_);
  const bool was_writable = fault_ == StorageFault::kNone;
  // A full disk explains more than the I/O errors that follow from it; keep the first cause.
  if (was_writable) fault_ = fault;
  if (was_writable && wake_) wake_();
}

void StorageHealth::RecordRecovered() {
  std::lock_guard<std::mutex> lock(mu_);
  if (fault_ == StorageFault::kNone) return;
  std::fprintf(stderr, "stator: storage writes again (it could not: %s)\n",
               std::string(ReasonOf(fault_)).c_str());
  fault_ = StorageFault::kNone;
}

bool StorageHealth::writable() const {
  std::lock_guard<std::mutex> lock(mu_);
  return fault_ == StorageFault::kNone;
}

StorageCondition StorageHealth::Condition() const {
  std::lock_guard<std::mutex> lock(mu_);
  return {fault_ == StorageFault::kNone, std::string(ReasonOf(fault_))};
}

void StorageHealth::OnFault(std::function<void()> wake) {
  std::lock_guard<std::mutex> lock(mu_);
  wake_ = std::move(wake);
}

std::shared_ptr<rocksdb::EventListener> NewHealthListener(std::shared_ptr<StorageHealth> health) {
  return std::make_shared<HealthListener>(std::move(health));
}

std::unique_ptr<BackgroundTask> NewStorageRecoveryTask(StorageHealth& health,
                                                       std::function<Status()> resume) {
  return std::make_unique<StorageRecoveryTask>(health, std::move(resume));
}

}  // namespace stator::engine
