#include "api/stream_handlers/stream_event.h"

#include "api/codec_stream_record.h"
#include "api/json_writer.h"

namespace stator::api {

std::string EncodeStreamEvent(const StreamHandlerEvent& event) {
  JsonWriter w;
  w.BeginObject();
  w.Key("Records");
  w.BeginArray();
  for (const Record& r : event.records) EncodeLambdaRecord(r, event.event_source_arn, &w);
  w.EndArray();
  w.EndObject();
  return std::move(w).Take();
}

}  // namespace stator::api
