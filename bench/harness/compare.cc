// --compare A.json B.json: two reports side by side, with B / A for every figure.
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

void Row(std::ostream& out, const std::string& name, double a, double b) {
  char line[160];
  if (a < 0 && b < 0) return;
  const std::string ratio = a > 0 && b >= 0 ? std::to_string(b / a).substr(0, 6) : "-";
  std::snprintf(line, sizeof line, "  %-34s %14.1f %14.1f %10s\n", name.c_str(), a, b,
                ratio.c_str());
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
  std::set<std::string> names;
  for (auto* report : {&a, &b}) {
    simdjson::dom::object ops;
    if ((*report)["operations"].get_object().get(ops) != simdjson::SUCCESS) continue;
    for (auto [key, value] : ops) names.insert(std::string(key));
  }
  for (const auto& name : names) {
    out << name << "\n";
    OpRows(out, "/operations/" + name, a, b);
  }
  return Status::OK();
}

}  // namespace stator::bench
