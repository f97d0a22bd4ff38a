// EmbeddedDriver: runs the workloads against stator::Database in-process (no HTTP, no JSON),
// the same typed requests an embedded program makes. Each driver thread calls the Database
// synchronously, so concurrency is --threads (--connections does not apply).
//
// Thread safety: the Database is thread-safe; each RunThread keeps its own requests and stream.
#pragma once

#include <memory>
#include <string>

#include "bench/harness/driver.h"
#include "stator/database.h"

namespace stator::bench {

class EmbeddedDriver : public Driver {
 public:
  // dir: a data directory, or ":memory:" for an in-memory database.
  static Result<std::unique_ptr<Driver>> Open(const RunConfig& config);

  Status PrepareTable() override;
  void RunThread(int thread_index, RunState* state, Recorder* recorder) override;
  std::string Describe() const override;

 private:
  EmbeddedDriver(const RunConfig& config, std::unique_ptr<Database> db)
      : config_(config), db_(std::move(db)) {}
  const RunConfig& config_;
  std::unique_ptr<Database> db_;
};

// The `__type` name of an ErrorCode, as the service would return it.
std::string_view ErrorTypeOf(ErrorCode code);

}  // namespace stator::bench
