#include "api/stream_handlers/mapping_status.h"

#include "api/json_writer.h"

namespace stator::api {
namespace {

void StringOrNull(std::string_view key, const std::string& value, JsonWriter* w) {
  w->Key(key);
  if (value.empty()) {
    w->Null();
  } else {
    w->String(value);
  }
}

void Counter(std::string_view key, int64_t value, JsonWriter* w) {
  w->Key(key);
  w->Int(value);
}

}  // namespace

std::string EncodeEventSourceMappings(const std::vector<EventSourceMappingStatus>& mappings) {
  JsonWriter w;
  w.BeginArray();
  for (const EventSourceMappingStatus& m : mappings) {
    w.BeginObject();
    w.Key("UUID");
    w.String(m.uuid);
    w.Key("FunctionName");
    w.String(m.function_name);
    StringOrNull("EventSourceArn", m.event_source_arn, &w);
    w.Key("State");
    w.String(m.state);
    w.Key("LastProcessingResult");
    w.String(m.last_processing_result);
    Counter("BatchSize", m.batch_size, &w);
    StringOrNull("TableName", m.table_name, &w);
    Counter("Invocations", m.invocations, &w);
    Counter("FailedInvocations", m.failed_invocations, &w);
    Counter("RecordsDelivered", m.records_delivered, &w);
    Counter("RecordsFiltered", m.records_filtered, &w);
    Counter("BatchesSentToFailureDestination", m.batches_sent_to_failure_destination, &w);
    Counter("IteratorAgeMilliseconds", m.iterator_age_ms, &w);
    w.EndObject();
  }
  w.EndArray();
  return std::move(w).Take();
}

Router::Handler EventSourceMappingsRoute(const Database& db) {
  return [&db](const HttpRequest& req) {
    HttpResponse res = PlainResponse(req, boost::beast::http::status::ok,
                                     EncodeEventSourceMappings(db.GetEventSourceMappings()));
    res.set(boost::beast::http::field::content_type, "application/json");
    return res;
  };
}

}  // namespace stator::api
