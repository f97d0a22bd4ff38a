#include "api/codec_stream_record.h"

#include "api/attribute_json.h"

namespace stator::api {
namespace {

// The "dynamodb" member of a record: which item changed, and the images its view type keeps.
void EncodeStreamRecord(const StreamRecord& r, JsonWriter* w) {
  w->BeginObject();
  w->Key("ApproximateCreationDateTime");
  w->Double(r.approximate_creation_date_time);
  w->Key("Keys");
  EncodeAttributeMap(r.keys, w);
  if (r.new_image) {
    w->Key("NewImage");
    EncodeAttributeMap(*r.new_image, w);
  }
  if (r.old_image) {
    w->Key("OldImage");
    EncodeAttributeMap(*r.old_image, w);
  }
  w->Key("SequenceNumber");
  w->String(r.sequence_number);
  w->Key("SizeBytes");
  w->Int(r.size_bytes);
  w->Key("StreamViewType");
  w->String(ToString(r.stream_view_type));
  w->EndObject();
}

// The members both spellings share, in the service's order, with the object left open.
void BeginRecord(const Record& r, JsonWriter* w) {
  w->BeginObject();
  w->Key("eventID");
  w->String(r.event_id);
  w->Key("eventName");
  w->String(ToString(r.event_name));
  w->Key("eventVersion");
  w->String(r.event_version);
  w->Key("eventSource");
  w->String(r.event_source);
  w->Key("awsRegion");
  w->String(r.aws_region);
  w->Key("dynamodb");
  EncodeStreamRecord(r.dynamodb, w);
}

}  // namespace

void EncodeRecord(const Record& r, JsonWriter* w) {
  BeginRecord(r, w);
  if (r.user_identity) {
    // Only on the deletions of time to live, made by the service itself.
    w->Key("userIdentity");
    w->BeginObject();
    w->Key("PrincipalId");
    w->String(r.user_identity->principal_id);
    w->Key("Type");
    w->String(r.user_identity->type);
    w->EndObject();
  }
  w->EndObject();
}

void EncodeLambdaRecord(const Record& r, std::string_view event_source_arn, JsonWriter* w) {
  BeginRecord(r, w);
  if (r.user_identity) {
    // Lambda's event spells the identity in camel case: {"type":"Service",
    // "principalId":"dynamodb.amazonaws.com"} on a TTL deletion.
    w->Key("userIdentity");
    w->BeginObject();
    w->Key("type");
    w->String(r.user_identity->type);
    w->Key("principalId");
    w->String(r.user_identity->principal_id);
    w->EndObject();
  }
  w->Key("eventSourceARN");
  w->String(event_source_arn);
  w->EndObject();
}

}  // namespace stator::api
