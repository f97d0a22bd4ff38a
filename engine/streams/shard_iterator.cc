#include "engine/streams/shard_iterator.h"

#include <xxhash.h>

#include "engine/model/coding.h"

namespace stator::engine {
namespace {

constexpr std::string_view kSeparator = "|1|";
constexpr size_t kPayloadBytes = 4 + 4 + 8 + 8;
constexpr size_t kHexDigits = 2 * (kPayloadBytes + 4);

uint32_t Checksum(std::string_view arn, std::string_view payload) {
  return static_cast<uint32_t>(
      XXH3_64bits_withSeed(payload.data(), payload.size(), XXH3_64bits(arn.data(), arn.size())));
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

uint64_t Fixed64(const char* p) {
  return (uint64_t{DecodeFixed32BE(p)} << 32) | DecodeFixed32BE(p + 4);
}

}  // namespace

std::string EncodeShardIterator(std::string_view stream_arn, const ShardPosition& p) {
  std::string payload;
  PutFixed32BE(&payload, p.stream_id);
  PutFixed32BE(&payload, p.ordinal);
  PutFixed64BE(&payload, p.next_seq);
  PutFixed64BE(&payload, static_cast<uint64_t>(p.issued_micros));
  PutFixed32BE(&payload, Checksum(stream_arn, payload));
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(stream_arn);
  out.append(kSeparator);
  for (unsigned char c : payload) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
  }
  return out;
}

bool DecodeShardIterator(std::string_view text, std::string_view* stream_arn, ShardPosition* p) {
  if (text.size() < kHexDigits + kSeparator.size()) return false;
  const std::string_view hex = text.substr(text.size() - kHexDigits);
  const std::string_view head = text.substr(0, text.size() - kHexDigits);
  if (!head.ends_with(kSeparator)) return false;
  *stream_arn = head.substr(0, head.size() - kSeparator.size());
  std::string bytes;
  for (size_t i = 0; i < hex.size(); i += 2) {
    const int hi = HexValue(hex[i]), lo = HexValue(hex[i + 1]);
    if (hi < 0 || lo < 0) return false;
    bytes.push_back(static_cast<char>(hi * 16 + lo));
  }
  const std::string_view payload(bytes.data(), kPayloadBytes);
  if (DecodeFixed32BE(bytes.data() + kPayloadBytes) != Checksum(*stream_arn, payload)) {
    return false;
  }
  p->stream_id = DecodeFixed32BE(bytes.data());
  p->ordinal = DecodeFixed32BE(bytes.data() + 4);
  p->next_seq = Fixed64(bytes.data() + 8);
  p->issued_micros = static_cast<int64_t>(Fixed64(bytes.data() + 16));
  return true;
}

}  // namespace stator::engine
