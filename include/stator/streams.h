// The DynamoDB Streams API's requests and results (DynamoDBStreams_20120810): a table's ordered
// log of item changes, read shard by shard. Field names follow the Streams API reference.
//
// A stream is identified by its ARN (`<table ARN>/stream/<label>`, the label being the time it
// was enabled, e.g. "2026-12-06T02:40:39.123"); a shard by its id within the stream; a position
// in a shard by an opaque shard iterator, valid for 15 minutes. Sequence numbers are decimal
// strings of 21 digits that only grow within a stream, so they compare as strings.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "stator/attribute_value.h"
#include "stator/table_types.h"

namespace stator {

enum class StreamStatus : unsigned char { kEnabling, kEnabled, kDisabling, kDisabled };
enum class ShardIteratorType : unsigned char {
  kTrimHorizon,
  kLatest,
  kAtSequenceNumber,
  kAfterSequenceNumber,
};
enum class StreamEventName : unsigned char { kInsert, kModify, kRemove };

std::string_view ToString(StreamStatus v);
std::string_view ToString(ShardIteratorType v);
std::string_view ToString(StreamEventName v);

struct ListStreamsRequest {
  std::optional<std::string> table_name;  // only that table's streams
  std::optional<int64_t> limit;           // 1..100, default 100
  std::optional<std::string> exclusive_start_stream_arn;
};

struct StreamSummary {
  std::string stream_arn;
  std::string table_name;
  std::string stream_label;
};

struct ListStreamsResponse {
  std::vector<StreamSummary> streams;
  std::optional<std::string> last_evaluated_stream_arn;
};

struct DescribeStreamRequest {
  std::string stream_arn;
  std::optional<int64_t> limit;  // shards, 1..100, default 100
  std::optional<std::string> exclusive_start_shard_id;
};

struct SequenceNumberRange {
  std::string starting_sequence_number;
  std::optional<std::string> ending_sequence_number;  // set once the shard is closed
};

struct Shard {
  std::string shard_id;
  SequenceNumberRange sequence_number_range;
  std::optional<std::string> parent_shard_id;
};

struct StreamDescription {
  std::string stream_arn;
  std::string stream_label;
  StreamStatus stream_status = StreamStatus::kEnabled;
  StreamViewType stream_view_type = StreamViewType::kKeysOnly;
  double creation_request_date_time = 0;  // epoch seconds
  std::string table_name;
  std::vector<KeySchemaElement> key_schema;
  std::vector<Shard> shards;  // oldest first
  std::optional<std::string> last_evaluated_shard_id;
};

struct DescribeStreamResponse {
  StreamDescription stream_description;
};

struct GetShardIteratorRequest {
  std::string stream_arn;
  std::string shard_id;
  ShardIteratorType shard_iterator_type = ShardIteratorType::kTrimHorizon;
  std::optional<std::string> sequence_number;  // AT_ and AFTER_SEQUENCE_NUMBER
};

struct GetShardIteratorResponse {
  std::string shard_iterator;
};

struct GetRecordsRequest {
  std::string shard_iterator;
  std::optional<int64_t> limit;  // 1..1000, default 1000
};

// Who made a change the service made itself (a TTL deletion): type "Service", principal
// "dynamodb.amazonaws.com".
struct StreamIdentity {
  std::string principal_id;
  std::string type;
};

struct StreamRecord {
  double approximate_creation_date_time = 0;  // epoch seconds, whole
  Item keys;
  std::optional<Item> new_image;  // NEW_IMAGE, NEW_AND_OLD_IMAGES; not for REMOVE
  std::optional<Item> old_image;  // OLD_IMAGE, NEW_AND_OLD_IMAGES; not for INSERT
  std::string sequence_number;
  int64_t size_bytes = 0;
  StreamViewType stream_view_type = StreamViewType::kKeysOnly;
};

struct Record {
  std::string event_id;
  StreamEventName event_name = StreamEventName::kInsert;
  std::string event_version = "1.1";
  std::string event_source = "aws:dynamodb";
  std::string aws_region;
  StreamRecord dynamodb;
  std::optional<StreamIdentity> user_identity;
};

struct GetRecordsResponse {
  std::vector<Record> records;
  // Absent once a closed shard has been read to its end.
  std::optional<std::string> next_shard_iterator;
};

}  // namespace stator
