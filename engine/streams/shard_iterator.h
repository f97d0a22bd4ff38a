// Shard iterators: the opaque position in a shard that GetShardIterator hands out and GetRecords
// takes and renews. As the service's, it starts with the stream's ARN:
//   <stream ARN>|1|<56 hex digits>
// the digits holding the stream id, shard ordinal, the sequence number to read next, the time
// it was issued (it expires 15 minutes later) and a checksum of all that, so a mangled iterator
// is refused rather than misread.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace stator::engine {

inline constexpr int64_t kShardIteratorLifetimeMicros = 15LL * 60 * 1000 * 1000;

struct ShardPosition {
  uint32_t stream_id = 0;
  uint32_t ordinal = 0;
  uint64_t next_seq = 0;  // the first sequence number the next read may return
  int64_t issued_micros = 0;
};

std::string EncodeShardIterator(std::string_view stream_arn, const ShardPosition& p);
// False when `text` is not an iterator this encoder wrote; *stream_arn points into `text`.
bool DecodeShardIterator(std::string_view text, std::string_view* stream_arn, ShardPosition* p);

}  // namespace stator::engine
