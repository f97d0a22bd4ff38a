// Reading a stream: shard iterators at the positions GetShardIterator names, and GetRecords'
// pages of records, read no further than the stream's visible sequence number (stream_log.h)
// so a reader never passes a record that is still being committed.
//
// Thread safety: pure functions of their arguments; the log and storage are safe to share.
#pragma once

#include <string>

#include "engine/storage/storage.h"
#include "engine/streams/shard_iterator.h"
#include "engine/streams/stream_log.h"
#include "stator/streams.h"

namespace stator::engine {

// GetRecords reads at most this many bytes of records a call, as the service (1 MB).
inline constexpr int64_t kMaxRecordsBytes = 1 << 20;
inline constexpr int64_t kMaxRecordsPerCall = 1000;

// The shard of `meta` with this API id; null when there is none (or it was trimmed away).
const ShardMeta* FindShard(const StreamMeta& meta, std::string_view shard_id);

// The iterator GetShardIterator returns. Errors: ResourceNotFoundException (no such shard),
// ValidationException (a sequence number missing, given where it must not be, malformed, or
// outside the shard), TrimmedDataAccessException (a position already trimmed).
Result<std::string> OpenShardIterator(const StreamLog& log, const GetShardIteratorRequest& r,
                                      int64_t now);

// Up to `limit` records (and about kMaxRecordsBytes) of one shard from `from_seq`, no further
// than the log's visible mark: what GetRecords and the stream consumers read.
struct ShardPage {
  std::vector<Record> records;
  uint64_t next_seq = 0;  // where the next read starts
  bool drained = false;   // a closed shard read to its end: its children carry on
};
Result<ShardPage> ReadShard(const Storage& storage, const StreamLog& log, uint32_t ordinal,
                            uint64_t from_seq, int64_t limit, std::string_view region);

// One GetRecords page at `position` (decoded from the request's iterator, whose stream is
// `log`). Errors: TrimmedDataAccessException, ExpiredIteratorException, IOError.
Result<GetRecordsResponse> ReadRecords(const Storage& storage, const StreamLog& log,
                                       const ShardPosition& position, int64_t limit,
                                       std::string_view region, int64_t now);

}  // namespace stator::engine
