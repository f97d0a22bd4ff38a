#include "api/metrics_route.h"

#include <cstdio>

namespace stator::api {
namespace {

namespace http = boost::beast::http;

// A label value, escaped as the format requires (backslash, double quote, newline).
std::string Quoted(std::string_view value) {
  std::string out = "\"";
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out + '"';
}

std::string Number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

void Header(std::string* out, std::string_view name, std::string_view type, std::string_view help) {
  out->append("# HELP ").append(name).append(" ").append(help).append("\n");
  out->append("# TYPE ").append(name).append(" ").append(type).append("\n");
}

void Sample(std::string* out, std::string_view name, const std::string& labels, double value) {
  out->append(name).append("{").append(labels).append("} ").append(Number(value)).append("\n");
}

void OperationMetrics(const OperationStats& stats, std::string* out) {
  struct Column {
    std::string_view name, type, help;
    double (*value)(const OperationFigures&);
  };
  static const Column kColumns[] = {
      {"stator_requests_total", "counter", "Data-plane requests, cache hits included.",
       [](const OperationFigures& f) { return static_cast<double>(f.count); }},
      {"stator_request_errors_total", "counter", "Data-plane requests answered with an error.",
       [](const OperationFigures& f) { return static_cast<double>(f.errors); }},
      {"stator_cache_hits_total", "counter", "Data-plane requests the cache answered.",
       [](const OperationFigures& f) { return static_cast<double>(f.cached); }},
      {"stator_request_latency_seconds_sum", "counter",
       "Total latency of the requests the engine answered.",
       [](const OperationFigures& f) { return static_cast<double>(f.total_micros) / 1e6; }},
      {"stator_request_latency_seconds_count", "counter", "Requests the engine answered (timed).",
       [](const OperationFigures& f) { return static_cast<double>(f.count - f.cached); }},
      {"stator_request_latency_seconds_max", "gauge", "The slowest request since the start.",
       [](const OperationFigures& f) { return static_cast<double>(f.max_micros) / 1e6; }},
  };
  for (const Column& column : kColumns) {
    Header(out, column.name, column.type, column.help);
    for (int i = 0; i < kOperationCount; ++i) {
      const Operation op = static_cast<Operation>(i);
      Sample(out, column.name, "operation=" + Quoted(ToString(op)), column.value(stats[op]));
    }
  }
}

void CapacityMetrics(const CapacityStats& stats, std::string* out) {
  auto labels = [](const TableCapacityFigures& f, bool with_index) {
    std::string l = "tenant=" + Quoted(f.tenant) + ",table=" + Quoted(f.table);
    if (with_index) l += ",index=" + Quoted(f.index);
    return l;
  };
  Header(out, "stator_consumed_read_capacity_units_total", "counter",
         "Read capacity units consumed (CloudWatch ConsumedReadCapacityUnits).");
  for (const auto& f : stats.tables) {
    Sample(out, "stator_consumed_read_capacity_units_total", labels(f, true), f.read_units);
  }
  Header(out, "stator_consumed_write_capacity_units_total", "counter",
         "Write capacity units consumed (CloudWatch ConsumedWriteCapacityUnits).");
  for (const auto& f : stats.tables) {
    Sample(out, "stator_consumed_write_capacity_units_total", labels(f, true), f.write_units);
  }
  Header(out, "stator_read_throttle_events_total", "counter",
         "Reads refused by throughput enforcement (CloudWatch ReadThrottleEvents).");
  for (const auto& f : stats.tables) {
    if (f.index.empty()) {
      Sample(out, "stator_read_throttle_events_total", labels(f, false),
             static_cast<double>(f.read_throttles));
    }
  }
  Header(out, "stator_write_throttle_events_total", "counter",
         "Writes refused by throughput enforcement (CloudWatch WriteThrottleEvents).");
  for (const auto& f : stats.tables) {
    if (f.index.empty()) {
      Sample(out, "stator_write_throttle_events_total", labels(f, false),
             static_cast<double>(f.write_throttles));
    }
  }
}

}  // namespace

std::string MetricsText(const Database& db) {
  std::string out;
  OperationMetrics(db.GetOperationStats(), &out);
  CapacityMetrics(db.GetCapacityStats(), &out);
  return out;
}

void AddMetricsRoute(Router& router, const Database& db) {
  router.Add(http::verb::get, kMetricsPath, [&db](const HttpRequest& req) {
    HttpResponse res = PlainResponse(req, http::status::ok, MetricsText(db));
    res.set(http::field::content_type, "text/plain; version=0.0.4");
    return res;
  });
}

}  // namespace stator::api
