#include "api/codec_streams_client.h"

#include "api/attribute_json.h"
#include "api/codec_item_client.h"
#include "api/codec_table_client.h"

namespace stator::api {
namespace {

void WriteOptLimit(const std::optional<int64_t>& limit, JsonWriter* w) {
  if (!limit) return;
  w->Key("Limit");
  w->Int(*limit);
}

void ReadShard(StructReader& r, Shard* out) {
  r.String("ShardId", &out->shard_id);
  r.ReadStruct("SequenceNumberRange", "SequenceNumberRange", [&](StructReader& s) {
    s.String("StartingSequenceNumber", &out->sequence_number_range.starting_sequence_number);
    // Absent while the shard is open.
    s.OptString("EndingSequenceNumber", &out->sequence_number_range.ending_sequence_number);
  });
  r.OptString("ParentShardId", &out->parent_shard_id);
}

void ReadStreamDescription(StructReader& r, StreamDescription* out) {
  r.String("StreamArn", &out->stream_arn);
  r.String("StreamLabel", &out->stream_label);
  ReadEnum(r, "StreamStatus", 4, &out->stream_status);
  ReadEnum(r, "StreamViewType", 4, &out->stream_view_type);
  ReadDouble(r, "CreationRequestDateTime", &out->creation_request_date_time);
  r.String("TableName", &out->table_name);
  ReadKeySchema(r, &out->key_schema);
  r.ForEachStruct("Shards", "Shard",
                  [&](StructReader& s) { ReadShard(s, &out->shards.emplace_back()); });
  r.OptString("LastEvaluatedShardId", &out->last_evaluated_shard_id);
}

// An image member: present (even empty) or absent, as the record's view type keeps it.
void ReadImage(StructReader& r, std::string_view name, std::optional<Item>* out) {
  Item image;
  if (ReadAttributeMap(r, name, &image)) *out = std::move(image);
}

// The "dynamodb" member, as codec_stream_record.cc writes it.
void ReadStreamRecord(StructReader& r, StreamRecord* out) {
  ReadDouble(r, "ApproximateCreationDateTime", &out->approximate_creation_date_time);
  ReadAttributeMap(r, "Keys", &out->keys);
  ReadImage(r, "NewImage", &out->new_image);
  ReadImage(r, "OldImage", &out->old_image);
  r.String("SequenceNumber", &out->sequence_number);
  r.Long("SizeBytes", &out->size_bytes);
  ReadEnum(r, "StreamViewType", 4, &out->stream_view_type);
}

void ReadRecord(StructReader& r, Record* out) {
  r.String("eventID", &out->event_id);
  ReadEnum(r, "eventName", 3, &out->event_name);
  r.String("eventVersion", &out->event_version);
  r.String("eventSource", &out->event_source);
  r.String("awsRegion", &out->aws_region);
  r.ReadStruct("dynamodb", "StreamRecord",
               [&](StructReader& d) { ReadStreamRecord(d, &out->dynamodb); });
  // Only on the deletions of time to live, in the Streams API's spelling.
  r.ReadStruct("userIdentity", "Identity", [&](StructReader& u) {
    StreamIdentity& identity = out->user_identity.emplace();
    u.String("PrincipalId", &identity.principal_id);
    u.String("Type", &identity.type);
  });
}

}  // namespace

std::string EncodeListStreamsRequest(const ListStreamsRequest& r) {
  JsonWriter w;
  w.BeginObject();
  WriteOptString("TableName", r.table_name, &w);
  WriteOptLimit(r.limit, &w);
  WriteOptString("ExclusiveStartStreamArn", r.exclusive_start_stream_arn, &w);
  w.EndObject();
  return std::move(w).Take();
}

std::string EncodeDescribeStreamRequest(const DescribeStreamRequest& r) {
  JsonWriter w;
  w.BeginObject();
  w.Key("StreamArn");
  w.String(r.stream_arn);
  WriteOptLimit(r.limit, &w);
  WriteOptString("ExclusiveStartShardId", r.exclusive_start_shard_id, &w);
  w.EndObject();
  return std::move(w).Take();
}

std::string EncodeGetShardIteratorRequest(const GetShardIteratorRequest& r) {
  JsonWriter w;
  w.BeginObject();
  w.Key("StreamArn");
  w.String(r.stream_arn);
  w.Key("ShardId");
  w.String(r.shard_id);
  w.Key("ShardIteratorType");
  w.String(ToString(r.shard_iterator_type));
  WriteOptString("SequenceNumber", r.sequence_number, &w);
  w.EndObject();
  return std::move(w).Take();
}

std::string EncodeGetRecordsRequest(const GetRecordsRequest& r) {
  JsonWriter w;
  w.BeginObject();
  w.Key("ShardIterator");
  w.String(r.shard_iterator);
  WriteOptLimit(r.limit, &w);
  w.EndObject();
  return std::move(w).Take();
}

Status DecodeListStreamsResponse(std::string_view body, ListStreamsResponse* out) {
  return DecodeAnswer(body, "ListStreams", [&](StructReader& r) {
    r.ForEachStruct("Streams", "Stream", [&](StructReader& s) {
      StreamSummary& summary = out->streams.emplace_back();
      s.String("StreamArn", &summary.stream_arn);
      s.String("TableName", &summary.table_name);
      s.String("StreamLabel", &summary.stream_label);
    });
    r.OptString("LastEvaluatedStreamArn", &out->last_evaluated_stream_arn);
  });
}

Status DecodeDescribeStreamResponse(std::string_view body, DescribeStreamResponse* out) {
  return DecodeAnswer(body, "DescribeStream", [&](StructReader& r) {
    r.ReadStruct(
        "StreamDescription", "StreamDescription",
        [&](StructReader& d) { ReadStreamDescription(d, &out->stream_description); }, true);
  });
}

Status DecodeGetShardIteratorResponse(std::string_view body, GetShardIteratorResponse* out) {
  return DecodeAnswer(body, "GetShardIterator",
                      [&](StructReader& r) { r.String("ShardIterator", &out->shard_iterator); });
}

Status DecodeGetRecordsResponse(std::string_view body, GetRecordsResponse* out) {
  return DecodeAnswer(body, "GetRecords", [&](StructReader& r) {
    r.ForEachStruct("Records", "Record",
                    [&](StructReader& e) { ReadRecord(e, &out->records.emplace_back()); });
    // Absent once a closed shard has been read to its end.
    r.OptString("NextShardIterator", &out->next_shard_iterator);
  });
}

}  // namespace stator::api
