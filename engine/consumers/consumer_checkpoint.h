// A consumer's checkpoint: where in which stream its mapping resumes, persisted after every
// successful batch so that a restart (or a kill -9) delivers again from there, skipping nothing.
//
// Meta key space: "e" uuid -> stream_id(4 BE) shard_ordinal(4 BE) next_seq(8 BE).
//
// Thread safety: pure functions over a thread-safe Storage.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "engine/storage/storage.h"

namespace stator::engine {

struct ConsumerPosition {
  uint32_t stream_id = 0;
  uint32_t ordinal = 0;
  uint64_t next_seq = 0;  // the first record not yet delivered (or skipped by the filter)

  bool operator==(const ConsumerPosition&) const = default;
};

Status SaveCheckpoint(Storage& storage, const std::string& uuid, const ConsumerPosition& p);
Result<std::optional<ConsumerPosition>> LoadCheckpoint(const Storage& storage,
                                                       const std::string& uuid);

}  // namespace stator::engine
