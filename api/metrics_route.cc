#include "api/metrics_route.h"

#include <cstdio>
#include <vector>

#include "api/errors.h"

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

// The error's name as its `__type` ends: "ValidationException", "InternalServerError".
std::string_view ErrorName(ErrorCode code) {
  std::string_view type = ErrorShapeOf(code).type;
  return type.substr(type.find('#') + 1);
}

// A bucket's upper bound in seconds, as short as it is exact ("5e-05", "0.001", "2.5").
std::string BucketBound(uint64_t micros) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", static_cast<double>(micros) / 1e6);
  return buf;
}

// A histogram's _bucket samples (cumulative, as the format requires), _sum and _count.
void Histogram(std::string* out, std::string_view name, const std::string& labels,
               const OperationFigures& f) {
  uint64_t cumulative = 0;
  for (size_t i = 0; i < f.latency_buckets.size(); ++i) {
    cumulative += f.latency_buckets[i];
    const std::string le = i < kLatencyBucketMicros.size() ? BucketBound(kLatencyBucketMicros[i])
                                                           : "+Inf";
    Sample(out, std::string(name) + "_bucket", labels + ",le=" + Quoted(le),
           static_cast<double>(cumulative));
  }
  Sample(out, std::string(name) + "_sum", labels, static_cast<double>(f.total_micros) / 1e6);
  Sample(out, std::string(name) + "_count", labels, static_cast<double>(cumulative));
}

// One family of counters per operation (and table): requests, errors, errors by type, latency.
// `labels` gives each operation's labels; `figures` its figures.
template <class Labels, class Figures>
void RequestFamilies(std::string* out, std::string_view prefix, std::string_view what,
                     const Labels& labels, const Figures& figures, size_t rows) {
  const std::string requests = std::string(prefix) + "requests_total";
  Header(out, requests, "counter", std::string(what) + " requests, cache hits included.");
  for (size_t r = 0; r < rows; ++r) {
    Sample(out, requests, labels(r), static_cast<double>(figures(r).count));
  }
  const std::string errors = std::string(prefix) + "request_errors_total";
  Header(out, errors, "counter", std::string(what) + " requests answered with an error.");
  for (size_t r = 0; r < rows; ++r) {
    Sample(out, errors, labels(r), static_cast<double>(figures(r).errors));
  }
  const std::string by_type = std::string(prefix) + "request_errors_by_type_total";
  Header(out, by_type, "counter",
         std::string(what) + " requests answered with an error, by the error's type.");
  for (size_t r = 0; r < rows; ++r) {
    const OperationFigures& f = figures(r);
    for (size_t code = 1; code < f.errors_by_code.size(); ++code) {
      if (f.errors_by_code[code] == 0) continue;
      Sample(out, by_type,
             labels(r) + ",type=" + Quoted(ErrorName(static_cast<ErrorCode>(code))),
             static_cast<double>(f.errors_by_code[code]));
    }
  }
  const std::string latency = std::string(prefix) + "request_latency_seconds";
  Header(out, latency, "histogram",
         std::string(what) + " requests' latency in the engine (cache hits are not timed).");
  for (size_t r = 0; r < rows; ++r) Histogram(out, latency, labels(r), figures(r));
}

void OperationMetrics(const OperationStats& stats, std::string* out) {
  auto op_label = [](size_t i) {
    return "operation=" + Quoted(ToString(static_cast<Operation>(i)));
  };
  auto op_figures = [&](size_t i) -> const OperationFigures& { return stats.by_operation[i]; };
  RequestFamilies(out, "stator_", "Data-plane", op_label, op_figures, kOperationCount);
  Header(out, "stator_cache_hits_total", "counter", "Data-plane requests the cache answered.");
  for (size_t i = 0; i < kOperationCount; ++i) {
    Sample(out, "stator_cache_hits_total", op_label(i),
           static_cast<double>(stats.by_operation[i].cached));
  }
  Header(out, "stator_request_latency_max_seconds", "gauge",
         "The slowest request the engine answered since the start.");
  for (size_t i = 0; i < kOperationCount; ++i) {
    Sample(out, "stator_request_latency_max_seconds", op_label(i),
           static_cast<double>(stats.by_operation[i].max_micros) / 1e6);
  }
}

// Per table: only the operations the table has seen, so that an idle table costs one line each
// for its items and size.
void TableMetrics(const OperationStats& stats, std::string* out) {
  struct Row {
    const TableOperationFigures* table;
    size_t op;
  };
  std::vector<Row> rows;
  for (const TableOperationFigures& t : stats.by_table) {
    for (size_t i = 0; i < kOperationCount; ++i) {
      if (t.by_operation[i].count > 0) rows.push_back({&t, i});
    }
  }
  auto labels = [&](size_t r) {
    return "tenant=" + Quoted(rows[r].table->tenant) + ",table=" + Quoted(rows[r].table->table) +
           ",operation=" + Quoted(ToString(static_cast<Operation>(rows[r].op)));
  };
  auto figures = [&](size_t r) -> const OperationFigures& {
    return rows[r].table->by_operation[rows[r].op];
  };
  RequestFamilies(out, "stator_table_", "A table's", labels, figures, rows.size());
  Header(out, "stator_table_items", "gauge", "Items in the table (DescribeTable's ItemCount).");
  for (const TableOperationFigures& t : stats.by_table) {
    Sample(out, "stator_table_items", "tenant=" + Quoted(t.tenant) + ",table=" + Quoted(t.table),
           static_cast<double>(t.item_count));
  }
  Header(out, "stator_table_size_bytes", "gauge",
         "The table's size (DescribeTable's TableSizeBytes).");
  for (const TableOperationFigures& t : stats.by_table) {
    Sample(out, "stator_table_size_bytes",
           "tenant=" + Quoted(t.tenant) + ",table=" + Quoted(t.table),
           static_cast<double>(t.size_bytes));
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
  const OperationStats operations = db.GetOperationStats();
  OperationMetrics(operations, &out);
  TableMetrics(operations, &out);
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
