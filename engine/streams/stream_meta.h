// StreamMeta: what is persisted of one stream (one per enabling of a table's stream): which
// table it belongs to, how it was enabled, whether it was disabled, and its shards.
//
// Meta key space: "q" stream_id(4 BE) -> EncodeStreamMeta. A stream's id comes from the
// catalog's table-id sequence, so it is never reused; its records live in the streams key space
// under the same id (stream_record_codec.h).
//
// Thread safety: plain values and pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "stator/table_types.h"

namespace stator::engine {

// A shard: a range of sequence numbers of one partition, open for writes until it is closed
// (rollover or disabling), when a child shard (naming it as parent) takes over.
struct ShardMeta {
  uint32_t ordinal = 0;  // position in the stream's shard sequence, from 0
  int64_t created_micros = 0;
  uint64_t start_seq = 0;
  uint64_t end_seq = 0;  // the last sequence number of a closed shard; 0 while open
  int64_t closed_micros = 0;
  std::optional<uint32_t> parent;
  int64_t parent_created_micros = 0;  // names the parent after it is dropped (ShardIdText)
  // The first sequence number not trimmed: records below it are gone.
  uint64_t horizon = 0;

  bool open() const { return end_seq == 0; }
};

struct StreamMeta {
  uint32_t id = 0;
  std::string tenant;
  std::string table_name;
  std::string table_arn;
  std::string label;  // the creation time, "2026-12-06T02:40:39.123"
  int64_t created_micros = 0;
  StreamViewType view_type = StreamViewType::kKeysOnly;
  std::vector<KeySchemaElement> key_schema;
  int64_t disabled_micros = 0;  // 0 while enabled
  uint32_t next_ordinal = 0;
  std::vector<ShardMeta> shards;  // oldest first; shards past retention are dropped

  std::string arn() const { return table_arn + "/stream/" + label; }
  bool enabled() const { return disabled_micros == 0; }
};

std::string StreamMetaKey(uint32_t stream_id);
inline constexpr std::string_view kStreamMetaPrefix = "q";

std::string EncodeStreamMeta(const StreamMeta& meta);
bool DecodeStreamMeta(std::string_view in, StreamMeta* out);

// The label of a stream created at `micros`: its UTC time with milliseconds.
std::string StreamLabel(int64_t micros);

}  // namespace stator::engine
