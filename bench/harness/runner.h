// Runner: one phase of a run (the load, or the measured workload) on --threads driver threads,
// with a progress line every second and the Report at the end.
//
// Thread safety: RunPhase is called from the main thread; it starts and joins the drivers.
#pragma once

#include <ostream>

#include "bench/harness/driver.h"
#include "bench/harness/report.h"

namespace stator::bench {

// The load phase: writes keys 0 .. config.keys - 1 with BatchWriteItem, closed loop.
Report RunLoad(Driver& driver, const RunConfig& config, std::ostream& progress);
// The measured phase: config.workload for config.duration_s or config.operations.
Report RunWorkload(Driver& driver, const RunConfig& config, std::ostream& progress);

}  // namespace stator::bench
