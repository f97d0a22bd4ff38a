// A consumer's checkpoint: where in which stream its mapping resumes, persisted after every
// successful batch so that a restart (or a kill -9) delivers again from there, skipping nothing.
//
// Meta key space: "e" uuid -> stream_id(4 BE) shard_ordinal(4 BE) next_seq(8 BE), then for each
// open tumbling window: lane(4 BE) start_micros(8 BE) state_length(4 BE) state.
//
// Thread safety: pure functions over a thread-safe Storage.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/storage/storage.h"

namespace stator::engine {

// A tumbling window a lane has open, with the state the function returned for it so far: kept
// with the position, so a restart goes on with the window's state from where it resumes.
struct OpenWindow {
  uint32_t lane = 0;
  int64_t start_micros = 0;
  std::string state;

  bool operator==(const OpenWindow&) const = default;
};

struct ConsumerPosition {
  uint32_t stream_id = 0;
  uint32_t ordinal = 0;
  uint64_t next_seq = 0;  // the first record not yet delivered (or skipped by the filter)
  std::vector<OpenWindow> windows;

  bool operator==(const ConsumerPosition&) const = default;
};

Status SaveCheckpoint(Storage& storage, const std::string& uuid, const ConsumerPosition& p);
Result<std::optional<ConsumerPosition>> LoadCheckpoint(const Storage& storage,
                                                       const std::string& uuid);

}  // namespace stator::engine
