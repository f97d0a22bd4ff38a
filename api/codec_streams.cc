#include "api/codec_streams.h"

#include <algorithm>
#include <optional>
#include <string_view>

#include "api/codec_stream_record.h"
#include "api/codec_table.h"
#include "api/json_reader.h"
#include "api/json_writer.h"

namespace stator::api {
namespace {

constexpr EnumEntry<ShardIteratorType> kShardIteratorTypes[] = {
    {"TRIM_HORIZON", ShardIteratorType::kTrimHorizon},
    {"LATEST", ShardIteratorType::kLatest},
    {"AT_SEQUENCE_NUMBER", ShardIteratorType::kAtSequenceNumber},
    {"AFTER_SEQUENCE_NUMBER", ShardIteratorType::kAfterSequenceNumber}};
constexpr std::string_view kShardIteratorTypeSet =
    "[TRIM_HORIZON, LATEST, AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER]";

void ReadOptString(StructReader& r, std::string_view name, std::optional<std::string>* out) {
  std::string s;
  if (r.String(name, &s)) *out = std::move(s);
}

void ReadOptInteger(StructReader& r, std::string_view name, std::optional<int64_t>* out) {
  int64_t n = 0;
  if (r.Integer(name, &n)) *out = n;
}

}  // namespace

// The members' bounds (lengths, each Limit's range, the iterator type's values, the table name's
// pattern) are the API model's, checked over HTTP before these decoders' results are used
// (api/shape_check.h); the decoders read the members and report their JSON types.

Status DecodeListStreams(simdjson::dom::object body, ListStreamsRequest* out) {
  DecodeErrors errors;
  StructReader r(body, "", &errors);
  ReadOptString(r, "TableName", &out->table_name);
  ReadOptInteger(r, "Limit", &out->limit);
  ReadOptString(r, "ExclusiveStartStreamArn", &out->exclusive_start_stream_arn);
  return errors.ToStatus();
}

Status DecodeDescribeStream(simdjson::dom::object body, DescribeStreamRequest* out) {
  DecodeErrors errors;
  StructReader r(body, "", &errors);
  r.String("StreamArn", &out->stream_arn, true);
  ReadOptInteger(r, "Limit", &out->limit);
  ReadOptString(r, "ExclusiveStartShardId", &out->exclusive_start_shard_id);
  return errors.ToStatus();
}

Status DecodeGetShardIterator(simdjson::dom::object body, GetShardIteratorRequest* out) {
  DecodeErrors errors;
  StructReader r(body, "", &errors);
  r.String("StreamArn", &out->stream_arn, true);
  r.String("ShardId", &out->shard_id, true);
  r.Enum("ShardIteratorType", kShardIteratorTypes, kShardIteratorTypeSet, &out->shard_iterator_type,
         true);
  ReadOptString(r, "SequenceNumber", &out->sequence_number);
  return errors.ToStatus();
}

Status DecodeGetRecords(simdjson::dom::object body, GetRecordsRequest* out) {
  DecodeErrors errors;
  StructReader r(body, "", &errors);
  r.String("ShardIterator", &out->shard_iterator, true);
  ReadOptInteger(r, "Limit", &out->limit);
  return errors.ToStatus();
}

namespace {

void OptString(std::string_view key, const std::optional<std::string>& v, JsonWriter* w) {
  if (!v) return;
  w->Key(key);
  w->String(*v);
}

void EncodeShard(const Shard& s, JsonWriter* w) {
  w->BeginObject();
  w->Key("ShardId");
  w->String(s.shard_id);
  w->Key("SequenceNumberRange");
  w->BeginObject();
  w->Key("StartingSequenceNumber");
  w->String(s.sequence_number_range.starting_sequence_number);
  // Only a closed shard has an end: clients tell open shards by its absence.
  OptString("EndingSequenceNumber", s.sequence_number_range.ending_sequence_number, w);
  w->EndObject();
  OptString("ParentShardId", s.parent_shard_id, w);
  w->EndObject();
}

}  // namespace

std::string EncodeListStreamsResponse(const ListStreamsResponse& r) {
  JsonWriter w;
  w.BeginObject();
  w.Key("Streams");
  w.BeginArray();
  for (const StreamSummary& s : r.streams) {
    w.BeginObject();
    w.Key("StreamArn");
    w.String(s.stream_arn);
    w.Key("TableName");
    w.String(s.table_name);
    w.Key("StreamLabel");
    w.String(s.stream_label);
    w.EndObject();
  }
  w.EndArray();
  OptString("LastEvaluatedStreamArn", r.last_evaluated_stream_arn, &w);
  w.EndObject();
  return std::move(w).Take();
}

std::string EncodeDescribeStreamResponse(const DescribeStreamResponse& r) {
  const StreamDescription& d = r.stream_description;
  JsonWriter w;
  w.BeginObject();
  w.Key("StreamDescription");
  w.BeginObject();
  w.Key("StreamArn");
  w.String(d.stream_arn);
  w.Key("StreamLabel");
  w.String(d.stream_label);
  w.Key("StreamStatus");
  w.String(ToString(d.stream_status));
  w.Key("StreamViewType");
  w.String(ToString(d.stream_view_type));
  w.Key("CreationRequestDateTime");
  w.Double(d.creation_request_date_time);
  w.Key("TableName");
  w.String(d.table_name);
  w.Key("KeySchema");
  EncodeKeySchema(d.key_schema, &w);
  w.Key("Shards");
  w.BeginArray();
  for (const Shard& s : d.shards) EncodeShard(s, &w);
  w.EndArray();
  OptString("LastEvaluatedShardId", d.last_evaluated_shard_id, &w);
  w.EndObject();
  w.EndObject();
  return std::move(w).Take();
}

std::string EncodeGetShardIteratorResponse(const GetShardIteratorResponse& r) {
  JsonWriter w;
  w.BeginObject();
  w.Key("ShardIterator");
  w.String(r.shard_iterator);
  w.EndObject();
  return std::move(w).Take();
}

std::string EncodeGetRecordsResponse(const GetRecordsResponse& r) {
  JsonWriter w;
  w.BeginObject();
  w.Key("Records");
  w.BeginArray();
  for (const Record& record : r.records) EncodeRecord(record, &w);
  w.EndArray();
  // Absent, not null, once a closed shard is read to its end: that is how clients see the end.
  OptString("NextShardIterator", r.next_shard_iterator, &w);
  w.EndObject();
  return std::move(w).Take();
}

}  // namespace stator::api
