#include "engine/streams/stream_reader.h"

#include <algorithm>

#include "engine/streams/shard_iterator.h"
#include "engine/streams/stream_record_codec.h"

namespace stator::engine {
namespace {

Status Trimmed() {
  return Status(ErrorCode::kTrimmedDataAccess,
                "The data you are trying to access has been trimmed.");
}

// The last sequence number a reader of `shard` may read now.
uint64_t ReadableEnd(const ShardMeta& shard, uint64_t visible) {
  return shard.open() ? visible : std::min(shard.end_seq, visible);
}

// Where an iterator of type AT_ or AFTER_SEQUENCE_NUMBER starts.
Result<uint64_t> AtSequenceNumber(const ShardMeta& shard, const GetShardIteratorRequest& r) {
  if (!r.sequence_number) {
    return Status::Validation("Must provide a sequence number for the " +
                              std::string(ToString(r.shard_iterator_type)) + " ShardIteratorType");
  }
  uint64_t seq = 0;
  if (!ParseSequenceNumber(*r.sequence_number, &seq)) {
    return Status::Validation("Invalid SequenceNumber: " + *r.sequence_number);
  }
  if (seq < shard.start_seq || (!shard.open() && seq > shard.end_seq)) {
    return Status::Validation("Invalid SequenceNumber: " + *r.sequence_number +
                              " is not in the shard's sequence number range");
  }
  if (seq < shard.horizon) return Trimmed();
  return r.shard_iterator_type == ShardIteratorType::kAtSequenceNumber ? seq : seq + 1;
}

Record ToRecord(uint32_t stream_id, uint64_t seq, DecodedRecord&& d, StreamViewType view,
                std::string_view region) {
  Record out;
  out.event_id = EventId(stream_id, seq);
  out.event_name = d.event;
  out.aws_region = std::string(region);
  StreamRecord& r = out.dynamodb;
  r.approximate_creation_date_time = static_cast<double>(d.created_micros / 1000000);
  r.keys = std::move(d.keys);
  r.new_image = std::move(d.new_image);
  r.old_image = std::move(d.old_image);
  r.sequence_number = SequenceNumberText(seq);
  r.size_bytes = d.size_bytes;
  r.stream_view_type = view;
  if (d.by_service) out.user_identity = StreamIdentity{"dynamodb.amazonaws.com", "Service"};
  return out;
}

}  // namespace

const ShardMeta* FindShard(const StreamMeta& meta, std::string_view shard_id) {
  for (const ShardMeta& s : meta.shards) {
    if (ShardIdText(meta.id, s.ordinal, s.created_micros) == shard_id) return &s;
  }
  return nullptr;
}

Result<std::string> OpenShardIterator(const StreamLog& log, const GetShardIteratorRequest& r,
                                      int64_t now) {
  const std::shared_ptr<const StreamMeta> meta_snapshot = log.meta();
  const StreamMeta& meta = *meta_snapshot;
  const ShardMeta* shard = FindShard(meta, r.shard_id);
  if (shard == nullptr) {
    return Status::NotFound("Requested resource not found: Shard does not exist");
  }
  ShardPosition p{meta.id, shard->ordinal, 0, now};
  switch (r.shard_iterator_type) {
    case ShardIteratorType::kTrimHorizon:
    case ShardIteratorType::kLatest:
      if (r.sequence_number) {
        return Status::Validation("Must not provide a sequence number for the " +
                                  std::string(ToString(r.shard_iterator_type)) +
                                  " ShardIteratorType");
      }
      p.next_seq = r.shard_iterator_type == ShardIteratorType::kTrimHorizon
                       ? shard->horizon
                       : std::max({ReadableEnd(*shard, log.visible()) + 1, shard->horizon});
      break;
    case ShardIteratorType::kAtSequenceNumber:
    case ShardIteratorType::kAfterSequenceNumber: {
      auto seq = AtSequenceNumber(*shard, r);
      if (!seq.ok()) return seq.status();
      p.next_seq = *seq;
      break;
    }
  }
  return EncodeShardIterator(log.arn(), p);
}

Result<ShardPage> ReadShard(const Storage& storage, const StreamLog& log, uint32_t ordinal,
                            uint64_t from_seq, int64_t limit, std::string_view region) {
  // Read the visible mark before the meta: a shard closed meanwhile still has its end in reach.
  const uint64_t visible = log.visible();
  const std::shared_ptr<const StreamMeta> meta_snapshot = log.meta();
  const StreamMeta& meta = *meta_snapshot;
  auto shard = std::find_if(meta.shards.begin(), meta.shards.end(),
                            [&](const ShardMeta& s) { return s.ordinal == ordinal; });
  if (shard == meta.shards.end() || from_seq < shard->horizon) return Trimmed();
  const uint64_t end = ReadableEnd(*shard, visible);
  ShardPage out;
  out.next_seq = from_seq;
  if (from_seq <= end) {
    auto it = storage.NewRangeIterator(Space::kStreams, RecordKey(meta.id, ordinal, from_seq),
                                       RecordKey(meta.id, ordinal, end + 1), false);
    int64_t bytes = 0;
    for (; it->Valid() && static_cast<int64_t>(out.records.size()) < limit; it->Next()) {
      if (bytes > 0 && bytes + static_cast<int64_t>(it->value().size()) > kMaxRecordsBytes) break;
      bytes += static_cast<int64_t>(it->value().size());
      const uint64_t seq = SequenceOfKey(it->key());
      DecodedRecord d;
      if (!DecodeRecordValue(it->value(), &d)) {
        return Status::IOError("corrupt stream record " + SequenceNumberText(seq));
      }
      out.records.push_back(ToRecord(meta.id, seq, std::move(d), meta.view_type, region));
      out.next_seq = seq + 1;
    }
    STATOR_RETURN_IF_ERROR(it->status());
    // Nothing more to read below the end: the next read starts after it.
    if (!it->Valid() && static_cast<int64_t>(out.records.size()) < limit) out.next_seq = end + 1;
  }
  out.drained = !shard->open() && out.next_seq > shard->end_seq;
  return out;
}

Result<GetRecordsResponse> ReadRecords(const Storage& storage, const StreamLog& log,
                                       const ShardPosition& position, int64_t limit,
                                       std::string_view region, int64_t now) {
  if (now - position.issued_micros > kShardIteratorLifetimeMicros) {
    return Status(ErrorCode::kExpiredIterator,
                  "Iterator expired. The iterator was created at time " +
                      std::to_string(position.issued_micros / 1000) + " while right now it is " +
                      std::to_string(now / 1000) + ".");
  }
  auto page = ReadShard(storage, log, position.ordinal, position.next_seq, limit, region);
  if (!page.ok()) return page.status();
  GetRecordsResponse out;
  out.records = std::move(page->records);
  if (!page->drained) {
    out.next_shard_iterator =
        EncodeShardIterator(log.arn(), {log.id(), position.ordinal, page->next_seq, now});
  }
  return out;
}

}  // namespace stator::engine
