#include "api/stream_handlers/stream_event.h"

#include "api/codec_stream_record.h"
#include "api/json_writer.h"
#include "api/stream_handlers/lambda_time.h"

namespace stator::api {
namespace {

// Lambda's DynamodbTimeWindowEvent fields, after "Records".
void EncodeWindow(const StreamHandlerEvent& event, JsonWriter* w) {
  const TumblingWindow& window = *event.window;
  w->Key("window");
  w->BeginObject();
  w->Key("start");
  w->String(LambdaTimestamp(static_cast<double>(window.start_micros) / 1e6, false));
  w->Key("end");
  w->String(LambdaTimestamp(static_cast<double>(window.end_micros) / 1e6, false));
  w->EndObject();
  w->Key("state");
  w->Raw(window.state);
  w->Key("shardId");
  w->String(event.shard_id);
  w->Key("eventSourceARN");
  w->String(event.event_source_arn);
  w->Key("isFinalInvokeForWindow");
  w->Bool(window.is_final_invoke);
  w->Key("isWindowTerminatedEarly");
  w->Bool(window.terminated_early);
}

}  // namespace

std::string EncodeStreamEvent(const StreamHandlerEvent& event) {
  JsonWriter w;
  w.BeginObject();
  w.Key("Records");
  w.BeginArray();
  for (const Record& r : event.records) EncodeLambdaRecord(r, event.event_source_arn, &w);
  w.EndArray();
  if (event.window) EncodeWindow(event, &w);
  w.EndObject();
  return std::move(w).Take();
}

}  // namespace stator::api
