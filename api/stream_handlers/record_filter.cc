#include "api/stream_handlers/record_filter.h"

#include "api/codec_stream_record.h"
#include "api/json_writer.h"

namespace stator::api {

Result<std::shared_ptr<const FilterCriteriaFilter>> FilterCriteriaFilter::Create(
    const std::vector<std::string>& patterns) {
  if (patterns.empty() || patterns.size() > kMaxFilters) {
    return Status::Validation("FilterCriteria has " + std::to_string(patterns.size()) +
                              " filters; it may have 1 to " + std::to_string(kMaxFilters) + ".");
  }
  std::vector<EventPattern> parsed;
  for (size_t i = 0; i < patterns.size(); ++i) {
    Result<EventPattern> p = EventPattern::Parse(patterns[i]);
    if (!p.ok()) {
      return Status::Validation(std::string(kInvalidFilterPattern) + " Filters[" +
                                std::to_string(i) + "].Pattern: " + p.status().message());
    }
    parsed.push_back(std::move(p).value());
  }
  return std::shared_ptr<const FilterCriteriaFilter>(new FilterCriteriaFilter(std::move(parsed)));
}

bool FilterCriteriaFilter::Matches(const Record& record,
                                   const std::string& event_source_arn) const {
  thread_local JsonWriter writer;
  thread_local simdjson::dom::parser parser;
  writer = JsonWriter();
  EncodeLambdaRecord(record, event_source_arn, &writer);
  simdjson::dom::element event;
  if (parser.parse(writer.str()).get(event) != simdjson::SUCCESS) return false;
  for (const EventPattern& p : patterns_) {
    if (p.Matches(event)) return true;
  }
  return false;
}

}  // namespace stator::api
