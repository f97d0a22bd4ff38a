// Report as text and JSON, and the CPU figures. HTML is in report_html.cc, --compare in
// compare.cc.
#include "bench/harness/report.h"

#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

namespace stator::bench {
namespace {

double Us(uint64_t nanos) { return static_cast<double>(nanos) / 1000.0; }

void OpJson(const OpStats& s, double seconds, std::ostringstream& out) {
  const auto& h = s.latency;
  out << "{\"count\":" << h.count() << ",\"throughput\":" << Fixed(h.count() / seconds, 1)
      << ",\"latency_us\":{\"p50\":" << Fixed(Us(h.Percentile(0.5)), 1)
      << ",\"p90\":" << Fixed(Us(h.Percentile(0.9)), 1)
      << ",\"p99\":" << Fixed(Us(h.Percentile(0.99)), 1)
      << ",\"p999\":" << Fixed(Us(h.Percentile(0.999)), 1)
      << ",\"max\":" << Fixed(Us(h.max()), 1) << ",\"mean\":" << Fixed(h.Mean() / 1000, 1)
      << "},\"errors\":" << s.errors << ",\"errors_by_type\":{";
  bool first = true;
  for (const auto& [type, n] : s.errors_by_type) {
    out << (first ? "" : ",") << JsonString(type) << ":" << n;
    first = false;
  }
  out << "},\"throttled\":" << s.throttled;
  if (s.capacity_reports > 0) out << ",\"consumed_capacity\":" << Fixed(s.capacity_units, 1);
  CacheJson(s, out);
  out << "}";
}

}  // namespace

std::string Fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

std::string JsonString(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out.push_back('\\');
    if (static_cast<unsigned char>(c) >= 0x20) out.push_back(c);
  }
  return out + "\"";
}

OpStats Report::Total() const {
  OpStats total;
  for (const auto& s : ops) total.Merge(s);
  return total;
}

std::string ProgressLine(const TimelinePoint& p) {
  char buf[160];
  std::snprintf(buf, sizeof buf, "[%5.0fs] %9.0f ops/s  p50 %8.1f us  p99 %8.1f us  errors %llu"
                "  throttled %llu", p.t_s, p.ops_per_s, p.p50_us, p.p99_us,
                static_cast<unsigned long long>(p.errors),
                static_cast<unsigned long long>(p.throttled));
  return buf;
}

void PrintText(const Report& r, std::ostream& out) {
  out << "\n" << r.target << "  workload " << r.workload << "  " << r.distribution << "  "
      << r.connections << " connections  " << r.threads << " threads  " << r.keys << " keys  "
      << r.item_size << " B items  " << (r.rate > 0 ? Fixed(r.rate, 0) + " ops/s open loop"
                                                      : std::string("closed loop"))
      << "  " << Fixed(r.seconds, 1) << " s\n";
  char line[256];
  std::snprintf(line, sizeof line, "%-20s %10s %10s %9s %9s %9s %9s %9s %8s %6s\n", "operation",
                "count", "ops/s", "p50 us", "p90 us", "p99 us", "p99.9 us", "max us", "errors",
                "thrott");
  out << line;
  auto row = [&](std::string_view name, const OpStats& s) {
    const auto& h = s.latency;
    std::snprintf(
        line, sizeof line, "%-20.*s %10llu %10.0f %9.1f %9.1f %9.1f %9.1f %9.1f %8llu %6llu\n",
        static_cast<int>(name.size()), name.data(), static_cast<unsigned long long>(h.count()),
        h.count() / r.seconds, Us(h.Percentile(0.5)), Us(h.Percentile(0.9)), Us(h.Percentile(0.99)),
        Us(h.Percentile(0.999)), Us(h.max()), static_cast<unsigned long long>(s.errors),
        static_cast<unsigned long long>(s.throttled));
    out << line;
    for (const auto& [type, n] : s.errors_by_type) out << "    " << type << ": " << n << "\n";
    if (s.capacity_reports > 0) {
      out << "    consumed capacity: " << Fixed(s.capacity_units, 1) << " units\n";
    }
  };
  for (int i = 0; i < kOperationCount; ++i) {
    if (r.ops[i].latency.count() > 0) row(ToString(static_cast<Operation>(i)), r.ops[i]);
  }
  const OpStats total = r.Total();
  row("total", total);
  const double requests = static_cast<double>(total.latency.count());
  if (requests > 0) {
    out << "client CPU " << Fixed(r.client_cpu_s / requests * 1e6, 2) << " us/request";
    if (r.server_cpu_s >= 0) {
      out << "  server CPU " << Fixed(r.server_cpu_s / requests * 1e6, 2) << " us/request";
    }
    out << "\n";
  }
  PrintCacheText(r, out);
  PrintServerText(r, out);
}

std::string ToJson(const Report& r) {
  std::ostringstream out;
  const double requests = static_cast<double>(r.Requests());
  out << "{\"target\":" << JsonString(r.target) << ",\"workload\":" << JsonString(r.workload)
      << ",\"distribution\":" << JsonString(r.distribution) << ",\"connections\":"
      << r.connections << ",\"threads\":" << r.threads << ",\"keys\":" << r.keys
      << ",\"item_size\":" << r.item_size << ",\"rate\":" << Fixed(r.rate, 1)
      << ",\"seconds\":" << Fixed(r.seconds, 3) << ",\"total\":";
  OpJson(r.Total(), r.seconds, out);
  out << ",\"operations\":{";
  bool first = true;
  for (int i = 0; i < kOperationCount; ++i) {
    if (r.ops[i].latency.count() == 0) continue;
    out << (first ? "" : ",") << JsonString(ToString(static_cast<Operation>(i))) << ":";
    OpJson(r.ops[i], r.seconds, out);
    first = false;
  }
  out << "},\"client_cpu_us_per_request\":"
      << Fixed(requests > 0 ? r.client_cpu_s / requests * 1e6 : 0, 3);
  if (r.server_cpu_s >= 0) {
    out << ",\"server_cpu_us_per_request\":"
        << Fixed(requests > 0 ? r.server_cpu_s / requests * 1e6 : 0, 3);
  }
  ServerJson(r, out);
  out << ",\"timeline\":[";
  for (size_t i = 0; i < r.timeline.size(); ++i) {
    const auto& p = r.timeline[i];
    out << (i ? "," : "") << "{\"t\":" << Fixed(p.t_s, 0) << ",\"ops_per_s\":"
        << Fixed(p.ops_per_s, 0) << ",\"p50_us\":" << Fixed(p.p50_us, 1) << ",\"p99_us\":"
        << Fixed(p.p99_us, 1) << ",\"errors\":" << p.errors << ",\"throttled\":" << p.throttled
        << "}";
  }
  out << "]}\n";
  return out.str();
}

double ProcessCpuSeconds(int pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string text;
  if (!std::getline(in, text)) return -1;
  // Fields after the command (which may hold spaces) start after the last ')'.
  const size_t close = text.rfind(')');
  if (close == std::string::npos) return -1;
  std::istringstream fields(text.substr(close + 2));
  std::string field;
  unsigned long long utime = 0, stime = 0;
  for (int i = 3; i <= 15 && fields >> field; ++i) {
    if (i == 14) utime = std::stoull(field);
    if (i == 15) stime = std::stoull(field);
  }
  return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

double SelfCpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& tv) { return tv.tv_sec + tv.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

}  // namespace stator::bench
