// The records of a stream in the streams key space, and the names the Streams API gives them.
//
// Key:   stream_id(4 BE) shard_ordinal(4 BE) sequence_number(8 BE)
//        so a shard's records are one contiguous range in sequence order, and a stream's are
//        one prefix (removed by DeleteRange when the stream is dropped).
// Value: flags(1)            event name (bits 0-1), made by the service (bit 2),
//                            new image present (bit 3), old image present (bit 4)
//        varint              creation time, microseconds
//        varint              SizeBytes
//        fixed32 BE length + item_codec bytes: the keys, then the new and old images present
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "stator/attribute_value.h"
#include "stator/streams.h"

namespace stator::engine {

std::string StreamPrefix(uint32_t stream_id);
std::string ShardPrefix(uint32_t stream_id, uint32_t ordinal);
std::string RecordKey(uint32_t stream_id, uint32_t ordinal, uint64_t seq);
// The sequence number of a record key; 0 when `key` is not one.
uint64_t SequenceOfKey(std::string_view key);

// One stream record as stored: what the writer knew.
struct StoredRecord {
  StreamEventName event = StreamEventName::kInsert;
  bool by_service = false;
  int64_t created_micros = 0;
  int64_t size_bytes = 0;
  const Item* keys = nullptr;
  // The images kept: the new one as item_codec bytes (empty: not kept, or no new item), the old
  // one as an item (null: not kept, or no old item).
  std::string_view new_image;
  const Item* old_image = nullptr;
};
void EncodeRecordValue(const StoredRecord& r, std::string* out);

// The decoded value, owning its items.
struct DecodedRecord {
  StreamEventName event = StreamEventName::kInsert;
  bool by_service = false;
  int64_t created_micros = 0;
  int64_t size_bytes = 0;
  Item keys;
  std::optional<Item> new_image;
  std::optional<Item> old_image;
};
bool DecodeRecordValue(std::string_view in, DecodedRecord* out);
// The creation time alone, without decoding the items (trimming reads only that).
bool DecodeRecordTime(std::string_view in, int64_t* created_micros);

// Sequence numbers as the API shows them: 21 decimal digits, zero-padded, so that they compare
// as strings as they do as numbers. ParseSequenceNumber is false for anything else (up to the
// API's 40 characters of digits that fit 64 bits).
std::string SequenceNumberText(uint64_t seq);
bool ParseSequenceNumber(std::string_view text, uint64_t* seq);

// A shard's id: "shardId-" + its creation time in 20 digits of milliseconds + "-" + 8 hex
// digits unique to the stream and ordinal, as the service's look.
std::string ShardIdText(uint32_t stream_id, uint32_t ordinal, int64_t created_micros);

// A record's eventID: 32 hex digits, unique to the stream and sequence number.
std::string EventId(uint32_t stream_id, uint64_t seq);

}  // namespace stator::engine
