// --compare A.json B.json: two reports side by side, with B / A for every figure, and the
// server's figures (report_server.cc) when both reports carry them.
#include <simdjson.h>

#include <cstdio>
#include <set>

#include "bench/harness/report.h"

namespace stator::bench {
namespace {

double Get(simdjson::dom::element e, std::string_view pointer) {
  double v = -1;
  simdjson::dom::element at;
  if (e.at_pointer(pointer).get(at) != simdjson::SUCCESS) return -1;
  if (at.get_double().get(v) == simdjson::SUCCESS) return v;
  int64_t i = 0;
  if (at.get_int64().get(i) == simdjson::SUCCESS) return static_cast<double>(i);
  uint64_t u = 0;
  if (at.get_uint64().get(u) == simdjson::SUCCESS) return static_cast<double>(u);
  return -1;
}

// A figure, or "-" for one the report lacks (Get's -1).
std::string Figure(double v) {
  if (v < 0) return "-";
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", v);
  return text;
}

void Row(std::ostream& out, const std::string& name, double a, double b) {
  char line[160];
  if (a < 0 && b < 0) return;
  const std::string ratio = a > 0 && b >= 0 ? std::to_string(b / a).substr(0, 6) : "-";
  std::snprintf(line, sizeof line, "  %-34s %14s %14s %10s\n", name.c_str(), Figure(a).c_str(),
                Figure(b).c_str(), ratio.c_str());
  out << line;
}

void OpRows(std::ostream& out, const std::string& prefix, simdjson::dom::element a,
            simdjson::dom::element b) {
  Row(out, "throughput (ops/s)", Get(a, prefix + "/throughput"), Get(b, prefix + "/throughput"));
  for (const char* p : {"p50", "p90", "p99", "p999", "max"}) {
    const std::string path = prefix + "/latency_us/" + p;
    Row(out, std::string(p) + " (us)", Get(a, path), Get(b, path));
  }
  Row(out, "errors", Get(a, prefix + "/errors"), Get(b, prefix + "/errors"));
  // The cache's figures, when a server said which reads its cache answered (report_cache.cc).
  auto percent = [](double ratio) { return ratio < 0 ? ratio : ratio * 100; };
  Row(out, "cache hits (%)", percent(Get(a, prefix + "/cache/hit_ratio")),
      percent(Get(b, prefix + "/cache/hit_ratio")));
  for (const char* kind : {"hit", "miss"}) {
    for (const char* p : {"p50", "p99"}) {
      const std::string path = prefix + "/cache/" + kind + "_latency_us/" + p;
      Row(out, std::string(kind) + " " + p + " (us)", Get(a, path), Get(b, path));
    }
  }
}

// The keys of the object at `pointer` in either report.
std::set<std::string> KeysOf(simdjson::dom::element a, simdjson::dom::element b,
                             std::string_view pointer) {
  std::set<std::string> names;
  for (auto* report : {&a, &b}) {
    simdjson::dom::element at;
    simdjson::dom::object object;
    if (report->at_pointer(pointer).get(at) != simdjson::SUCCESS) continue;
    if (at.get_object().get(object) != simdjson::SUCCESS) continue;
    for (auto [key, value] : object) names.insert(std::string(key));
  }
  return names;
}

bool ServerFigures(simdjson::dom::element report) {
  simdjson::dom::element at;
  bool available = false;
  return report.at_pointer("/server/available").get(at) == simdjson::SUCCESS &&
         at.get_bool().get(available) == simdjson::SUCCESS && available;
}

// What the server counted for the run's table: units, throttle events and requests per second
// of each run, so runs of different lengths compare.
void ServerRows(std::ostream& out, simdjson::dom::element a, simdjson::dom::element b) {
  if (!ServerFigures(a) || !ServerFigures(b)) return;
  out << "server\n";
  Row(out, "consumed read units (/s)", Get(a, "/server/consumed_read_units_per_s"),
      Get(b, "/server/consumed_read_units_per_s"));
  Row(out, "consumed write units (/s)", Get(a, "/server/consumed_write_units_per_s"),
      Get(b, "/server/consumed_write_units_per_s"));
  auto per_second = [](simdjson::dom::element r, const std::string& pointer) {
    const double n = Get(r, pointer);
    const double seconds = Get(r, "/seconds");
    return n < 0 || seconds <= 0 ? n : n / seconds;
  };
  for (const char* figure : {"read_throttle_events", "write_throttle_events"}) {
    const std::string pointer = std::string("/server/") + figure;
    Row(out, std::string(figure) + " (/s)", per_second(a, pointer), per_second(b, pointer));
  }
  Row(out, "throttled seen by clients (/s)", per_second(a, "/server/clients/throttled"),
      per_second(b, "/server/clients/throttled"));
  for (const auto& op : KeysOf(a, b, "/server/requests")) {
    const std::string pointer = "/server/requests/" + op;
    Row(out, op + " requests (/s)", per_second(a, pointer), per_second(b, pointer));
  }
  for (const auto& op : KeysOf(a, b, "/server/cache_hits")) {
    const std::string pointer = "/server/cache_hits/" + op;
    Row(out, op + " cache hits (/s)", per_second(a, pointer), per_second(b, pointer));
  }
}

}  // namespace

Status Compare(const std::string& a_path, const std::string& b_path, std::ostream& out) {
  simdjson::dom::parser pa, pb;
  simdjson::dom::element a, b;
  if (pa.load(a_path).get(a) != simdjson::SUCCESS || Get(a, "/seconds") < 0) {
    return Status::Validation("cannot read report " + a_path);
  }
  if (pb.load(b_path).get(b) != simdjson::SUCCESS || Get(b, "/seconds") < 0) {
    return Status::Validation("cannot read report " + b_path);
  }
  char head[256];
  std::snprintf(head, sizeof head, "  %-34s %14s %14s %10s\n", "", "A", "B", "B/A");
  out << "A: " << a_path << "\nB: " << b_path << "\n" << head << "total\n";
  OpRows(out, "/total", a, b);
  Row(out, "client CPU (us/request)", Get(a, "/client_cpu_us_per_request"),
      Get(b, "/client_cpu_us_per_request"));
  Row(out, "server CPU (us/request)", Get(a, "/server_cpu_us_per_request"),
      Get(b, "/server_cpu_us_per_request"));
  for (const auto& name : KeysOf(a, b, "/operations")) {
    out << name << "\n";
    OpRows(out, "/operations/" + name, a, b);
  }
  ServerRows(out, a, b);
  return Status::OK();
}

}  // namespace stator::bench
