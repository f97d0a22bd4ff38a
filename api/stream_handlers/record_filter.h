// FilterCriteriaFilter: a mapping's FilterCriteria ({"Filters": [{"Pattern": "<JSON>"}]}) as the
// engine's RecordFilter. A record is delivered when any of the patterns (event_pattern.h)
// matches it as the function would receive it: one record of Lambda's stream event, with its
// eventSourceARN. Records no pattern matches are skipped, never delivered.
//
// Patterns are parsed once, when the mapping is loaded; a record is encoded and parsed on each
// Matches, so that filtering sees exactly the JSON a handler sees.
//
// Thread safety: Matches may be called from any number of threads at once (each thread encodes
// and parses with its own buffers).
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "api/stream_handlers/event_pattern.h"
#include "stator/event_source_mapping.h"
#include "stator/status.h"

namespace stator::api {

// Lambda allows five filters per event source mapping unless its quota is raised.
inline constexpr size_t kMaxFilters = 5;

// Lambda's words for a pattern it cannot read; Stator adds which pattern and why.
inline constexpr std::string_view kInvalidFilterPattern = "Invalid filter pattern definition.";

class FilterCriteriaFilter final : public RecordFilter {
 public:
  // Parses 1..kMaxFilters patterns. A ValidationException otherwise: kInvalidFilterPattern
  // followed by the pattern's index and what is wrong with it, or the count.
  static Result<std::shared_ptr<const FilterCriteriaFilter>> Create(
      const std::vector<std::string>& patterns);

  bool Matches(const Record& record, const std::string& event_source_arn) const override;

 private:
  explicit FilterCriteriaFilter(std::vector<EventPattern> patterns)
      : patterns_(std::move(patterns)) {}

  const std::vector<EventPattern> patterns_;
};

}  // namespace stator::api
