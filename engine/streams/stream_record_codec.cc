#include "engine/streams/stream_record_codec.h"

#include <xxhash.h>

#include <cstdio>

#include "engine/model/coding.h"
#include "engine/model/item_codec.h"

namespace stator::engine {
namespace {

constexpr size_t kKeySize = 4 + 4 + 8;
constexpr uint8_t kEventMask = 0x03;
constexpr uint8_t kByService = 0x04;
constexpr uint8_t kHasNew = 0x08;
constexpr uint8_t kHasOld = 0x10;

void PutEncoded(std::string_view encoded, std::string* out) {
  PutFixed32BE(out, static_cast<uint32_t>(encoded.size()));
  out->append(encoded);
}

// Items are prefixed by a fixed-width length, filled in after encoding them in place: a varint
// would need the length first, so the item would be encoded twice or copied.
void PutItem(const Item& item, std::string* out) {
  const size_t at = out->size();
  out->append(4, '\0');
  EncodeItem(item, out);
  std::string length;
  PutFixed32BE(&length, static_cast<uint32_t>(out->size() - at - 4));
  out->replace(at, 4, length);
}

bool GetItem(Reader& in, Item* out) {
  std::string_view length, bytes;
  return in.Bytes(4, &length) && in.Bytes(DecodeFixed32BE(length.data()), &bytes) &&
         DecodeItem(bytes, out);
}

bool ReadHeader(Reader& in, uint8_t* flags, int64_t* created) {
  uint64_t micros;
  if (!in.Byte(flags) || !in.Varint(&micros)) return false;
  *created = static_cast<int64_t>(micros);
  return (*flags & kEventMask) <= static_cast<uint8_t>(StreamEventName::kRemove);
}

}  // namespace

std::string StreamPrefix(uint32_t stream_id) {
  std::string out;
  PutFixed32BE(&out, stream_id);
  return out;
}

std::string ShardPrefix(uint32_t stream_id, uint32_t ordinal) {
  std::string out;
  out.reserve(kKeySize);
  PutFixed32BE(&out, stream_id);
  PutFixed32BE(&out, ordinal);
  return out;
}

std::string RecordKey(uint32_t stream_id, uint32_t ordinal, uint64_t seq) {
  std::string out = ShardPrefix(stream_id, ordinal);
  PutFixed64BE(&out, seq);
  return out;
}

uint64_t SequenceOfKey(std::string_view key) {
  if (key.size() != kKeySize) return 0;
  return (uint64_t{DecodeFixed32BE(key.data() + 8)} << 32) | DecodeFixed32BE(key.data() + 12);
}

void EncodeRecordValue(const StoredRecord& r, std::string* out) {
  uint8_t flags = static_cast<uint8_t>(r.event);
  if (r.by_service) flags |= kByService;
  if (!r.new_image.empty()) flags |= kHasNew;
  if (r.old_image != nullptr) flags |= kHasOld;
  out->push_back(static_cast<char>(flags));
  PutVarint(out, static_cast<uint64_t>(r.created_micros));
  PutVarint(out, static_cast<uint64_t>(r.size_bytes));
  PutItem(*r.keys, out);
  if (!r.new_image.empty()) PutEncoded(r.new_image, out);
  if (r.old_image != nullptr) PutItem(*r.old_image, out);
}

bool DecodeRecordValue(std::string_view in, DecodedRecord* out) {
  Reader r(in);
  uint8_t flags;
  uint64_t size;
  if (!ReadHeader(r, &flags, &out->created_micros) || !r.Varint(&size)) return false;
  out->event = static_cast<StreamEventName>(flags & kEventMask);
  out->by_service = (flags & kByService) != 0;
  out->size_bytes = static_cast<int64_t>(size);
  if (!GetItem(r, &out->keys)) return false;
  if ((flags & kHasNew) != 0 && !GetItem(r, &out->new_image.emplace())) return false;
  if ((flags & kHasOld) != 0 && !GetItem(r, &out->old_image.emplace())) return false;
  return r.empty();
}

bool DecodeRecordTime(std::string_view in, int64_t* created_micros) {
  Reader r(in);
  uint8_t flags;
  return ReadHeader(r, &flags, created_micros);
}

std::string SequenceNumberText(uint64_t seq) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%021llu", static_cast<unsigned long long>(seq));
  return buf;
}

bool ParseSequenceNumber(std::string_view text, uint64_t* seq) {
  if (text.empty() || text.size() > 40) return false;
  uint64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    const uint64_t digit = static_cast<uint64_t>(c - '0');
    if (v > (UINT64_MAX - digit) / 10) return false;
    v = v * 10 + digit;
  }
  *seq = v;
  return true;
}

std::string ShardIdText(uint32_t stream_id, uint32_t ordinal, int64_t created_micros) {
  const uint64_t mix[2] = {stream_id, ordinal};
  char buf[64];
  std::snprintf(buf, sizeof buf, "shardId-%020lld-%08x",
                static_cast<long long>(created_micros / 1000),
                static_cast<uint32_t>(XXH3_64bits(mix, sizeof mix)));
  return buf;
}

std::string EventId(uint32_t stream_id, uint64_t seq) {
  const uint64_t mix[2] = {stream_id, seq};
  const XXH128_hash_t h = XXH3_128bits(mix, sizeof mix);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%016llx%016llx", static_cast<unsigned long long>(h.high64),
                static_cast<unsigned long long>(h.low64));
  return buf;
}

}  // namespace stator::engine
