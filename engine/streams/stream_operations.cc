// The DynamoDB Streams operations of the engine: ListStreams, DescribeStream, GetShardIterator,
// GetRecords. Streams are per namespace, as tables are: a caller sees only its tenant's.
#include <algorithm>

#include "engine/engine_database.h"
#include "engine/model/validation_errors.h"
#include "engine/streams/shard_iterator.h"
#include "engine/streams/stream_reader.h"
#include "engine/streams/stream_record_codec.h"

namespace stator::engine {
namespace {

constexpr int64_t kDefaultPageSize = 100;

double Seconds(int64_t micros) { return static_cast<double>(micros / 1000) / 1000.0; }

// A stream ARN as the service shapes them: "arn:aws:dynamodb:<region>:<account>:table/<name>
// /stream/<label>". Anything else is a malformed request, not an unknown stream.
Status CheckStreamArn(std::string_view arn) {
  const size_t table = arn.find(":table/");
  if (!arn.starts_with("arn:") || table == std::string_view::npos ||
      arn.find("/stream/", table) == std::string_view::npos) {
    return Status::Validation("Invalid StreamArn");
  }
  return Status::OK();
}

// The page sizes the API allows (1..`most`), checked here too for embedded callers, whose
// requests pass no decoder.
Status CheckLimit(const std::optional<int64_t>& limit, int64_t most) {
  if (!limit || (*limit >= 1 && *limit <= most)) return Status::OK();
  ValidationErrors errors;
  errors.Add("'" + std::to_string(*limit) + "'", "limit",
             *limit < 1 ? "Member must have value greater than or equal to 1"
                        : "Member must have value less than or equal to " + std::to_string(most));
  return errors.ToStatus();
}

Status StreamNotFound(std::string_view arn) {
  return Status::NotFound("Requested resource not found: Stream: " + std::string(arn) +
                          " not found");
}

StreamStatus StatusOf(const StreamMeta& meta) {
  return meta.enabled() ? StreamStatus::kEnabled : StreamStatus::kDisabled;
}

Shard ShardOf(const StreamMeta& meta, const ShardMeta& s) {
  Shard out;
  out.shard_id = ShardIdText(meta.id, s.ordinal, s.created_micros);
  out.sequence_number_range.starting_sequence_number = SequenceNumberText(s.start_seq);
  if (!s.open()) {
    out.sequence_number_range.ending_sequence_number = SequenceNumberText(s.end_seq);
  }
  if (s.parent) out.parent_shard_id = ShardIdText(meta.id, *s.parent, s.parent_created_micros);
  return out;
}

}  // namespace

Result<ListStreamsResponse> EngineDatabase::ListStreams(const CallOptions& call,
                                                        const ListStreamsRequest& r) {
  STATOR_RETURN_IF_ERROR(CheckLimit(r.limit, kDefaultPageSize));
  if (r.exclusive_start_stream_arn) {
    STATOR_RETURN_IF_ERROR(CheckStreamArn(*r.exclusive_start_stream_arn));
  }
  const int64_t limit = r.limit.value_or(kDefaultPageSize);
  ListStreamsResponse out;
  bool started = !r.exclusive_start_stream_arn;
  for (const auto& log : streams_.List(call.tenant)) {
    if (!started) {
      started = log->arn() == *r.exclusive_start_stream_arn;
      continue;
    }
    if (r.table_name && log->table_name() != *r.table_name) continue;
    if (static_cast<int64_t>(out.streams.size()) == limit) {
      out.last_evaluated_stream_arn = out.streams.back().stream_arn;
      break;
    }
    out.streams.push_back({log->arn(), log->table_name(), log->label()});
  }
  return out;
}

Result<DescribeStreamResponse> EngineDatabase::DescribeStream(const CallOptions& call,
                                                              const DescribeStreamRequest& r) {
  STATOR_RETURN_IF_ERROR(CheckLimit(r.limit, kDefaultPageSize));
  STATOR_RETURN_IF_ERROR(CheckStreamArn(r.stream_arn));
  auto log = streams_.Find(call.tenant, r.stream_arn);
  if (log == nullptr) return StreamNotFound(r.stream_arn);
  const std::shared_ptr<const StreamMeta> meta_snapshot = log->meta();
  const StreamMeta& meta = *meta_snapshot;
  DescribeStreamResponse out;
  StreamDescription& d = out.stream_description;
  d.stream_arn = log->arn();
  d.stream_label = meta.label;
  d.stream_status = StatusOf(meta);
  d.stream_view_type = meta.view_type;
  d.creation_request_date_time = Seconds(meta.created_micros);
  d.table_name = meta.table_name;
  d.key_schema = meta.key_schema;
  const int64_t limit = r.limit.value_or(kDefaultPageSize);
  bool started = !r.exclusive_start_shard_id;
  for (const ShardMeta& s : meta.shards) {
    Shard shard = ShardOf(meta, s);
    if (!started) {
      started = shard.shard_id == *r.exclusive_start_shard_id;
      continue;
    }
    if (static_cast<int64_t>(d.shards.size()) == limit) {
      d.last_evaluated_shard_id = d.shards.back().shard_id;
      break;
    }
    d.shards.push_back(std::move(shard));
  }
  return out;
}

Result<GetShardIteratorResponse> EngineDatabase::GetShardIterator(
    const CallOptions& call, const GetShardIteratorRequest& r) {
  STATOR_RETURN_IF_ERROR(CheckStreamArn(r.stream_arn));
  auto log = streams_.Find(call.tenant, r.stream_arn);
  if (log == nullptr) return StreamNotFound(r.stream_arn);
  auto iterator = OpenShardIterator(*log, r, options_.clock->NowMicros());
  if (!iterator.ok()) return iterator.status();
  return GetShardIteratorResponse{std::move(iterator).value()};
}

Result<GetRecordsResponse> EngineDatabase::GetRecords(const CallOptions& call,
                                                      const GetRecordsRequest& r) {
  STATOR_RETURN_IF_ERROR(CheckLimit(r.limit, kMaxRecordsPerCall));
  std::string_view arn;
  ShardPosition position;
  if (!DecodeShardIterator(r.shard_iterator, &arn, &position)) {
    return Status::Validation("Invalid ShardIterator");
  }
  auto log = streams_.Find(call.tenant, arn);
  if (log == nullptr || log->id() != position.stream_id) return StreamNotFound(arn);
  return ReadRecords(*storage_, *log, position, r.limit.value_or(kMaxRecordsPerCall), call.region,
                     options_.clock->NowMicros());
}

}  // namespace stator::engine
