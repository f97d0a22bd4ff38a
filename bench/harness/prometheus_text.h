// PrometheusText: a parser of the Prometheus text exposition format (version 0.0.4), enough to
// read a server's counters and gauges: `name{label="value",...} value [timestamp]` lines, with
// `#` comments (HELP, TYPE) skipped. Label values are unescaped (\\, \", \n).
//
// Thread safety: pure functions on values.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "stator/status.h"

namespace stator::bench {

struct MetricSample {
  std::string name;
  std::map<std::string, std::string, std::less<>> labels;
  double value = 0;

  // The label's value, or empty when the sample has no such label.
  std::string_view Label(std::string_view key) const;
};

// The samples of text, in order. Errors: ValidationException naming the first line that is not
// a sample, a comment or blank (a server that answers /metrics with something else, e.g. HTML).
Result<std::vector<MetricSample>> ParsePrometheusText(std::string_view text);

}  // namespace stator::bench
