// RunPhase: see runner.h.
#include "bench/harness/runner.h"

#include <cmath>
#include <memory>
#include <thread>
#include <vector>

namespace stator::bench {
namespace {

Report RunPhase(Driver& driver, const RunConfig& config, const Workload& workload,
                uint64_t op_limit, double duration_s, double rate, std::ostream& progress) {
  RunState state;
  state.config = &config;
  state.workload = &workload;
  state.op_limit = op_limit;
  state.next_insert = config.keys;
  state.inserted = config.keys;
  const int threads = std::max(config.threads, 1);
  state.rate_per_thread = rate / threads;
  std::vector<std::unique_ptr<Recorder>> recorders;
  for (int i = 0; i < threads; ++i) recorders.push_back(std::make_unique<Recorder>());

  Report report;
  const double server_before = config.server_pid ? ProcessCpuSeconds(config.server_pid) : -1;
  const double client_before = SelfCpuSeconds();
  state.start = Clock::now();
  std::vector<std::thread> workers;
  std::atomic<int> running{threads};
  for (int i = 0; i < threads; ++i) {
    workers.emplace_back([&, i] {
      driver.RunThread(i, &state, recorders[i].get());
      running.fetch_sub(1);
    });
  }
  const auto deadline = state.start + std::chrono::duration_cast<Clock::duration>(
                                          std::chrono::duration<double>(duration_s));
  auto tick = state.start;
  while (running.load() > 0) {
    tick += std::chrono::seconds(1);
    while (running.load() > 0 && Clock::now() < tick) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    if (duration_s > 0 && Clock::now() >= deadline) state.stop = true;
    IntervalStats interval;
    for (auto& r : recorders) interval.Merge(r->TakeInterval());
    const double t = std::chrono::duration<double>(Clock::now() - state.start).count();
    const double previous = report.timeline.empty() ? 0 : report.timeline.back().t_s;
    TimelinePoint p{t, interval.latency.count() / std::max(t - previous, 1e-3),
                    interval.latency.Percentile(0.5) / 1000.0,
                    interval.latency.Percentile(0.99) / 1000.0, interval.errors,
                    interval.throttled};
    if (interval.latency.count() > 0 || running.load() > 0) {
      report.timeline.push_back(p);
      progress << ProgressLine(p) << "\n" << std::flush;
    }
  }
  for (auto& w : workers) w.join();
  report.seconds = std::chrono::duration<double>(Clock::now() - state.start).count();
  report.client_cpu_s = SelfCpuSeconds() - client_before;
  if (server_before >= 0) {
    report.server_cpu_s = ProcessCpuSeconds(config.server_pid) - server_before;
  }
  for (auto& r : recorders) {
    const auto totals = r->Totals();
    for (int i = 0; i < kOperationCount; ++i) report.ops[i].Merge(totals[i]);
  }
  report.target = driver.Describe();
  report.workload = workload.name;
  report.distribution = std::string(ToString(config.distribution));
  report.connections = config.embedded_dir.empty() ? config.connections : threads;
  report.threads = threads;
  report.keys = config.keys;
  report.item_size = config.item_size;
  report.rate = rate;
  return report;
}

}  // namespace

Report RunLoad(Driver& driver, const RunConfig& config, std::ostream& progress) {
  Workload load;
  load.name = "load";
  load.mix = {{Operation::kLoad, 1}};
  const uint64_t batches = (config.keys + kLoadBatch - 1) / kLoadBatch;
  return RunPhase(driver, config, load, batches, 0, 0, progress);
}

Report RunWorkload(Driver& driver, const RunConfig& config, std::ostream& progress) {
  return RunPhase(driver, config, config.workload, config.operations, config.duration_s,
                  config.rate, progress);
}

}  // namespace stator::bench
