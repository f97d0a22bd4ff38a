// Report: the outcome of a run, as text for the terminal, JSON for machines (--json) and a
// self-contained HTML page with inline SVG charts for people (--html); and --compare, which
// reads two JSON reports and prints them side by side with ratios.
//
// Thread safety: values; built once the driver threads have finished.
#pragma once

#include <array>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "bench/harness/recorder.h"
#include "bench/harness/run_state.h"
#include "bench/harness/server_metrics.h"
#include "stator/status.h"

namespace stator::bench {

// --server-metrics: the server's own counts over the run, from GET /metrics before and after.
struct ServerSection {
  std::string table;
  bool available = false;  // false: the endpoint exposes no metrics (unavailable says why)
  std::string unavailable;
  ServerMetrics delta;  // after - before
};

struct Report {
  std::string target;        // endpoint or embedded:DIR
  std::string workload;
  std::string distribution;
  int connections = 0;
  int threads = 0;
  uint64_t keys = 0;
  int item_size = 0;
  double rate = 0;           // target, 0 for closed loop
  double seconds = 0;        // measured duration
  std::array<OpStats, kOperationCount> ops;
  std::vector<TimelinePoint> timeline;
  double client_cpu_s = 0;   // the harness process, over the run
  double server_cpu_s = -1;  // --server-pid, over the run; -1 unknown
  std::optional<ServerSection> server;  // --server-metrics

  OpStats Total() const;
  uint64_t Requests() const { return Total().latency.count(); }
};

void PrintText(const Report& r, std::ostream& out);
std::string ToJson(const Report& r);
std::string ToHtml(const Report& r);

// The cache section (report_cache.cc): hit ratio and hit and miss latencies per operation;
// nothing when no response said whether a cache answered it. CacheJson writes
// `,"cache":{...}` into an operation's object.
void PrintCacheText(const Report& r, std::ostream& out);
void CacheJson(const OpStats& s, std::ostream& out);

// The server section (report_server.cc), beside the clients' counts; nothing without one.
void PrintServerText(const Report& r, std::ostream& out);
void ServerJson(const Report& r, std::ostream& out);  // `,"server":{...}`

// Formatting shared by the report's files: v with digits decimals; s as a JSON string.
std::string Fixed(double v, int digits);
std::string JsonString(std::string_view s);

// The one-line progress of one second of the run.
std::string ProgressLine(const TimelinePoint& p);

// Reads two JSON reports and prints them side by side. Errors: ValidationException when a
// file cannot be read or is not a report.
Status Compare(const std::string& a_path, const std::string& b_path, std::ostream& out);

// CPU seconds (user + system) a process has used: /proc/PID/stat; -1 when unreadable.
double ProcessCpuSeconds(int pid);
double SelfCpuSeconds();

}  // namespace stator::bench
