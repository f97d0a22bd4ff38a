#include "engine/consumers/consumer_checkpoint.h"

#include "engine/model/coding.h"

namespace stator::engine {
namespace {

std::string CheckpointKey(const std::string& uuid) { return "e" + uuid; }

}  // namespace

Status SaveCheckpoint(Storage& storage, const std::string& uuid, const ConsumerPosition& p) {
  std::string value;
  PutFixed32BE(&value, p.stream_id);
  PutFixed32BE(&value, p.ordinal);
  PutFixed64BE(&value, p.next_seq);
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
  if (value.size() != 16) return Status::IOError("corrupt checkpoint of mapping " + uuid);
  ConsumerPosition p;
  p.stream_id = DecodeFixed32BE(value.data());
  p.ordinal = DecodeFixed32BE(value.data() + 4);
  p.next_seq =
      (uint64_t{DecodeFixed32BE(value.data() + 8)} << 32) | DecodeFixed32BE(value.data() + 12);
  return std::optional<ConsumerPosition>(p);
}

}  // namespace stator::engine
