#include "api/codec_misc_client.h"

#include "api/codec_item_client.h"
#include "api/codec_misc.h"

namespace stator::api {
namespace {

void WriteResourceArn(std::string_view arn, JsonWriter* w) {
  w->Key("ResourceArn");
  w->String(arn);
}

}  // namespace

std::string EncodeTagResourceRequest(const TagResourceRequest& r) {
  JsonWriter w;
  w.BeginObject();
  WriteResourceArn(r.resource_arn, &w);
  WriteTags(r.tags, &w);
  w.EndObject();
  return std::move(w).Take();
}

std::string EncodeUntagResourceRequest(const UntagResourceRequest& r) {
  JsonWriter w;
  w.BeginObject();
  WriteResourceArn(r.resource_arn, &w);
  WriteStringList("TagKeys", r.tag_keys, &w);
  w.EndObject();
  return std::move(w).Take();
}

std::string EncodeListTagsOfResourceRequest(const ListTagsOfResourceRequest& r) {
  JsonWriter w;
  w.BeginObject();
  WriteResourceArn(r.resource_arn, &w);
  WriteOptString("NextToken", r.next_token, &w);
  w.EndObject();
  return std::move(w).Take();
}

std::string EncodeUpdateTimeToLiveRequest(const UpdateTimeToLiveRequest& r) {
  JsonWriter w;
  w.BeginObject();
  w.Key("TableName");
  w.String(r.table_name);
  w.Key("TimeToLiveSpecification");
  w.BeginObject();
  w.Key("Enabled");
  w.Bool(r.time_to_live_specification.enabled);
  w.Key("AttributeName");
  w.String(r.time_to_live_specification.attribute_name);
  w.EndObject();
  w.EndObject();
  return std::move(w).Take();
}

Status DecodeListTagsOfResourceResponse(std::string_view body, ListTagsOfResourceResponse* out) {
  simdjson::dom::object o;
  STATOR_RETURN_IF_ERROR(ParseAnswer(body, &o));
  DecodeErrors errors;
  StructReader r(o, "", &errors);
  r.ForEachStruct("Tags", "Tag", [&](StructReader& e) {
    Tag& t = out->tags.emplace_back();
    e.String("Key", &t.key);
    e.String("Value", &t.value);
  });
  r.OptString("NextToken", &out->next_token);
  return AnswerStatus(errors, "ListTagsOfResource");
}

Status DecodeDescribeLimitsResponse(std::string_view body, DescribeLimitsResponse* out) {
  simdjson::dom::object o;
  STATOR_RETURN_IF_ERROR(ParseAnswer(body, &o));
  DecodeErrors errors;
  StructReader r(o, "", &errors);
  r.Long("AccountMaxReadCapacityUnits", &out->account_max_read_capacity_units);
  r.Long("AccountMaxWriteCapacityUnits", &out->account_max_write_capacity_units);
  r.Long("TableMaxReadCapacityUnits", &out->table_max_read_capacity_units);
  r.Long("TableMaxWriteCapacityUnits", &out->table_max_write_capacity_units);
  return AnswerStatus(errors, "DescribeLimits");
}

Status DecodeDescribeTimeToLiveResponse(std::string_view body, TimeToLiveDescription* out) {
  simdjson::dom::object o;
  STATOR_RETURN_IF_ERROR(ParseAnswer(body, &o));
  DecodeErrors errors;
  StructReader r(o, "", &errors);
  r.ReadStruct("TimeToLiveDescription", "TimeToLiveDescription", [&](StructReader& d) {
    d.OptString("AttributeName", &out->attribute_name);
    d.String("TimeToLiveStatus", &out->time_to_live_status);
  });
  return AnswerStatus(errors, "DescribeTimeToLive");
}

Status DecodeUpdateTimeToLiveResponse(std::string_view body, TimeToLiveSpecification* out) {
  simdjson::dom::object o;
  STATOR_RETURN_IF_ERROR(ParseAnswer(body, &o));
  DecodeErrors errors;
  StructReader r(o, "", &errors);
  r.ReadStruct("TimeToLiveSpecification", "TimeToLiveSpecification", [&](StructReader& s) {
    s.Bool("Enabled", &out->enabled);
    s.String("AttributeName", &out->attribute_name);
  });
  return AnswerStatus(errors, "UpdateTimeToLive");
}

}  // namespace stator::api
