#include "engine/consumers/consumer_checkpoint.h"

#include "engine/model/coding.h"

namespace stator::engine {
namespace {

std::string CheckpointKey(const std::string& uuid) { return "e" + uuid; }

uint64_t Fixed64At(const std::string& value, size_t at) {
  return (uint64_t{DecodeFixed32BE(value.data() + at)} << 32) |
         DecodeFixed32BE(value.data() + at + 4);
}

}  // namespace

Status SaveCheckpoint(Storage& storage, const std::string& uuid, const ConsumerPosition& p) {
  std::string value;
  PutFixed32BE(&value, p.stream_id);
  PutFixed32BE(&value, p.ordinal);
  PutFixed64BE(&value, p.next_seq);
  for (const OpenWindow& w : p.windows) {
    PutFixed32BE(&value, w.lane);
    PutFixed64BE(&value, static_cast<uint64_t>(w.start_micros));
    PutFixed32BE(&value, static_cast<uint32_t>(w.state.size()));
    value += w.state;
  }
  WriteBatch batch(storage);
  batch.Put(Space::kMeta, CheckpointKey(uuid), value);
  return storage.Write(batch);
}

Result<std::optional<ConsumerPosition>> LoadCheckpoint(const Storage& storage,
                                                       const std::string& uuid) {
  std::string value;
  bool found = false;
  STATOR_RETURN_IF_ERROR(storage.Get(Space::kMeta, CheckpointKey(uuid), &value, &found));
  if (!found) return std::optional<ConsumerPosition>();
  const Status corrupt = Status::IOError("corrupt checkpoint of mapping " + uuid);
  if (value.size() < 16) return corrupt;
  ConsumerPosition p;
  p.stream_id = DecodeFixed32BE(value.data());
  p.ordinal = DecodeFixed32BE(value.data() + 4);
  p.next_seq = Fixed64At(value, 8);
  for (size_t at = 16; at < value.size();) {
    if (value.size() - at < 16) return corrupt;
    OpenWindow w;
    w.lane = DecodeFixed32BE(value.data() + at);
    w.start_micros = static_cast<int64_t>(Fixed64At(value, at + 4));
    const uint32_t length = DecodeFixed32BE(value.data() + at + 12);
    at += 16;
    if (value.size() - at < length) return corrupt;
    w.state = value.substr(at, length);
    at += length;
    p.windows.push_back(std::move(w));
  }
  return std::optional<ConsumerPosition>(std::move(p));
}

}  // namespace stator::engine
