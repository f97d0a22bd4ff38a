#include "api/codec_ttl.h"

#include "api/json_reader.h"
#include "api/json_writer.h"

namespace stator::api {

Status DecodeUpdateTimeToLive(simdjson::dom::object body, UpdateTimeToLiveRequest* out) {
  DecodeErrors errors;
  StructReader r(body, "", &errors);
  r.String("TableName", &out->table_name, true);
  TimeToLiveSpecification& spec = out->time_to_live_specification;
  r.ReadStruct(
      "TimeToLiveSpecification", "TimeToLiveSpecification",
      [&](StructReader& s) {
        s.Bool("Enabled", &spec.enabled, true);
        s.String("AttributeName", &spec.attribute_name, true);
      },
      true);
  return errors.ToStatus();
}

std::string EncodeUpdateTimeToLiveResponse(const TimeToLiveSpecification& r) {
  JsonWriter w;
  w.BeginObject();
  w.Key("TimeToLiveSpecification");
  w.BeginObject();
  w.Key("Enabled");
  w.Bool(r.enabled);
  w.Key("AttributeName");
  w.String(r.attribute_name);
  w.EndObject();
  w.EndObject();
  return std::move(w).Take();
}

}  // namespace stator::api
