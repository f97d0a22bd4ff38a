#include "api/metrics_route.h"

#include <cstdio>
#include <functional>
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

std::string TableLabels(std::string_view tenant, std::string_view table) {
  return "tenant=" + Quoted(tenant) + ",table=" + Quoted(table);
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
    return TableLabels(rows[r].table->tenant, rows[r].table->table) +
           ",operation=" + Quoted(ToString(static_cast<Operation>(rows[r].op)));
  };
  auto figures = [&](size_t r) -> const OperationFigures& {
    return rows[r].table->by_operation[rows[r].op];
  };
  RequestFamilies(out, "stator_table_", "A table's", labels, figures, rows.size());
  // ThrottledRequests: requests refused with the throttling exception (a batch only when
  // nothing of it could be done, as the service counts it).
  Header(out, "stator_throttled_requests_total", "counter",
         "Requests refused by throughput enforcement (CloudWatch ThrottledRequests).");
  const auto throttled = static_cast<size_t>(ErrorCode::kProvisionedThroughputExceeded);
  for (size_t r = 0; r < rows.size(); ++r) {
    Sample(out, "stator_throttled_requests_total", labels(r),
           static_cast<double>(figures(r).errors_by_code[throttled]));
  }
  Header(out, "stator_table_items", "gauge", "Items in the table (DescribeTable's ItemCount).");
  for (const TableOperationFigures& t : stats.by_table) {
    Sample(out, "stator_table_items", TableLabels(t.tenant, t.table),
           static_cast<double>(t.item_count));
  }
  Header(out, "stator_table_size_bytes", "gauge",
         "The table's size (DescribeTable's TableSizeBytes).");
  for (const TableOperationFigures& t : stats.by_table) {
    Sample(out, "stator_table_size_bytes", TableLabels(t.tenant, t.table),
           static_cast<double>(t.size_bytes));
  }
}

// A table's or index's (or partition's) figures of one family, one sample a row.
template <class Row, class Value>
void Family(std::string* out, std::string_view name, std::string_view type, std::string_view help,
            const std::vector<Row>& rows, const std::function<std::string(const Row&)>& labels,
            const Value& value) {
  Header(out, name, type, help);
  for (const Row& row : rows) Sample(out, name, labels(row), static_cast<double>(value(row)));
}

// One sample per reason with events: ThrottlingReason's reason (ResourceType, OperationType and
// LimitType), the dimension CloudWatch's cause-specific throttle metrics split by.
void ThrottleReasons(const CapacityStats& stats, std::string* out) {
  constexpr std::string_view kName = "stator_throttle_events_by_reason_total";
  Header(out, kName, "counter",
         "Throttle events by the reason the refusal gave (CloudWatch's "
         "Read/Write<LimitType>ThrottleEvents).");
  for (const TableCapacityFigures& f : stats.tables) {
    for (const bool write : {false, true}) {
      const ThrottleEvents& events = write ? f.write_throttles : f.read_throttles;
      for (size_t limit = 0; limit < kThrottleLimitCount; ++limit) {
        if (events.by_limit[limit] == 0) continue;
        std::string reason = f.index.empty() ? "Table" : "Index";
        reason += write ? "Write" : "Read";
        reason += LimitTypeOf(static_cast<ThrottleLimit>(limit));
        Sample(out, kName,
               TableLabels(f.tenant, f.table) + ",index=" + Quoted(f.index) +
                   ",reason=" + Quoted(reason),
               static_cast<double>(events.by_limit[limit]));
      }
    }
  }
}

void CapacityMetrics(const CapacityStats& stats, std::string* out) {
  using Row = TableCapacityFigures;
  const std::function<std::string(const Row&)> labels = [](const Row& f) {
    return TableLabels(f.tenant, f.table) + ",index=" + Quoted(f.index);
  };
  Family(out, "stator_consumed_read_capacity_units_total", "counter",
         "Read capacity units consumed (CloudWatch ConsumedReadCapacityUnits).", stats.tables,
         labels, [](const Row& f) { return f.read_units; });
  Family(out, "stator_consumed_write_capacity_units_total", "counter",
         "Write capacity units consumed (CloudWatch ConsumedWriteCapacityUnits).", stats.tables,
         labels, [](const Row& f) { return f.write_units; });
  Family(out, "stator_read_throttle_events_total", "counter",
         "Reads of the table or GSI refused by throughput enforcement (CloudWatch "
         "ReadThrottleEvents).",
         stats.tables, labels, [](const Row& f) { return f.read_throttles.total(); });
  Family(out, "stator_write_throttle_events_total", "counter",
         "Writes of the table or GSI refused by throughput enforcement, a GSI's including the "
         "table writes it held back (CloudWatch WriteThrottleEvents).",
         stats.tables, labels, [](const Row& f) { return f.write_throttles.total(); });
  ThrottleReasons(stats, out);
  Family(out, "stator_partitions", "gauge",
         "The partitions of the table or GSI (an LSI's are its table's).", stats.tables, labels,
         [](const Row& f) { return f.partition_count; });
}

// Per partition: what each partition that was accessed consumed and refused (scans and index
// writes are charged to no single partition).
void PartitionMetrics(const CapacityStats& stats, std::string* out) {
  using Row = PartitionCapacityFigures;
  const std::function<std::string(const Row&)> labels = [](const Row& p) {
    return TableLabels(p.tenant, p.table) + ",index=" + Quoted(p.index) +
           ",partition=" + Quoted(std::to_string(p.partition));
  };
  Family(out, "stator_partition_consumed_read_capacity_units_total", "counter",
         "Read capacity units a partition consumed.", stats.partitions, labels,
         [](const Row& p) { return p.read_units; });
  Family(out, "stator_partition_consumed_write_capacity_units_total", "counter",
         "Write capacity units a partition consumed.", stats.partitions, labels,
         [](const Row& p) { return p.write_units; });
  Family(out, "stator_partition_read_throttle_events_total", "counter",
         "Reads refused in a partition, whatever limit they met.", stats.partitions, labels,
         [](const Row& p) { return p.read_throttles.total(); });
  Family(out, "stator_partition_write_throttle_events_total", "counter",
         "Writes refused in a partition, whatever limit they met.", stats.partitions, labels,
         [](const Row& p) { return p.write_throttles.total(); });
}

// The stream consumers (event source mappings): Lambda's Invocations, Errors and IteratorAge
// metrics, per mapping.
void EventSourceMetrics(const std::vector<EventSourceMappingStatus>& mappings, std::string* out) {
  using Row = EventSourceMappingStatus;
  const std::function<std::string(const Row&)> labels = [](const Row& m) {
    return "mapping=" + Quoted(m.uuid) + ",function=" + Quoted(m.function_name) +
           ",table=" + Quoted(m.table_name);
  };
  Family(out, "stator_event_source_invocations_total", "counter",
         "Invocations of the mapping's handler (Lambda Invocations).", mappings, labels,
         [](const Row& m) { return m.invocations; });
  Family(out, "stator_event_source_failed_invocations_total", "counter",
         "Invocations that failed: an error, a timeout or an unusable response (Lambda Errors).",
         mappings, labels, [](const Row& m) { return m.failed_invocations; });
  Family(out, "stator_event_source_records_delivered_total", "counter",
         "Stream records handed to the handler.", mappings, labels,
         [](const Row& m) { return m.records_delivered; });
  Family(out, "stator_event_source_records_filtered_total", "counter",
         "Stream records the mapping's filter criteria skipped.", mappings, labels,
         [](const Row& m) { return m.records_filtered; });
  Family(out, "stator_event_source_failure_destination_batches_total", "counter",
         "Batches given up on and sent to the on-failure destination.", mappings, labels,
         [](const Row& m) { return m.batches_sent_to_failure_destination; });
  Family(out, "stator_event_source_iterator_age_seconds", "gauge",
         "Age of the newest record of the last batch delivered, when delivered (Lambda "
         "IteratorAge).",
         mappings, labels,
         [](const Row& m) { return static_cast<double>(m.iterator_age_ms) / 1e3; });
  Family(out, "stator_event_source_enabled", "gauge", "1 while the mapping is enabled.", mappings,
         labels, [](const Row& m) { return m.state == "Enabled" ? 1 : 0; });
}

}  // namespace

std::string MetricsText(const Database& db) {
  std::string out;
  const OperationStats operations = db.GetOperationStats();
  OperationMetrics(operations, &out);
  TableMetrics(operations, &out);
  const CapacityStats capacity = db.GetCapacityStats();
  CapacityMetrics(capacity, &out);
  PartitionMetrics(capacity, &out);
  EventSourceMetrics(db.GetEventSourceMappings(), &out);
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
