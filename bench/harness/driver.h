// Driver: how the harness reaches a database, over HTTP (http_driver.h) or in-process
// (embedded_driver.h). The main program prepares the table once, then runs the same RunState on
// --threads driver threads, each calling RunThread.
//
// Thread safety: PrepareTable is called alone; RunThread from several threads at once.
#pragma once

#include <memory>
#include <string>

#include "bench/harness/recorder.h"
#include "bench/harness/run_state.h"
#include "stator/status.h"

namespace stator::bench {

class Driver {
 public:
  virtual ~Driver() = default;
  // Creates the run's table (its schema per the workload, see workload.h) unless it exists,
  // and waits until it is ACTIVE.
  virtual Status PrepareTable() = 0;
  // Performs operations until state says stop; records each into recorder.
  virtual void RunThread(int thread_index, RunState* state, Recorder* recorder) = 0;
  virtual std::string Describe() const = 0;
};

// Opens the driver config asks for. Errors: ValidationException for a bad endpoint, or the
// embedded database's error opening it.
Result<std::unique_ptr<Driver>> MakeDriver(const RunConfig& config);

}  // namespace stator::bench
