// StreamLog: one stream's live state: its persisted meta (stream_meta.h), the sequence numbers
// its writers take, and which of them every reader may see.
//
// Sequence numbers are taken in AddRecords order but committed in whatever order RocksDB's
// write group lands them, so a reader must not see 7 before 6 is committed (or it would move
// past 6 and never return it). Each taken number stays in flight until its write is settled
// (committed or abandoned: WriteHook::Settle); `visible()` is the highest number below every
// number in flight, and readers read no further. Numbers of abandoned writes are gaps.
//
// Meta changes (rollover, disabling, trimming) are persisted before they are published, under
// the same lock as the numbers are taken, so a record is always written into a shard that is
// open in the persisted meta and below its ending sequence number once it is closed.
//
// Thread safety: safe for concurrent use.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <set>

#include "engine/storage/storage.h"
#include "engine/streams/stream_meta.h"

namespace stator::engine {

class StreamLog {
 public:
  // `next_seq` is the first sequence number not yet used (recovered from storage at load).
  StreamLog(Storage& storage, StreamMeta meta, uint64_t next_seq);

  // What never changes, readable without the lock.
  uint32_t id() const { return id_; }
  const std::string& tenant() const { return fixed_.tenant; }
  const std::string& table_name() const { return fixed_.table_name; }
  const std::string& arn() const { return arn_; }
  const std::string& label() const { return fixed_.label; }
  StreamViewType view_type() const { return fixed_.view_type; }

  // The meta as last persisted: a published snapshot readers share, never waiting on the lock
  // writers take their numbers under, nor copying it.
  std::shared_ptr<const StreamMeta> meta() const;
  bool enabled() const;

  // Takes the next sequence number in the open shard, in flight until Settle. False when the
  // stream is disabled (no shard is open).
  struct Slot {
    uint32_t ordinal;
    uint64_t seq;
  };
  bool Take(Slot* out);
  void Settle(uint64_t seq);
  // Every record with a sequence number up to this one is committed or was abandoned.
  uint64_t visible() const { return visible_.load(std::memory_order_acquire); }

  // Closes the open shard if it was opened at or before `opened_before`, and opens a child.
  Status Rollover(int64_t opened_before, int64_t now);
  // Closes the open shard for good.
  Status Disable(int64_t now);
  // Persists `change` applied to the meta, together with `batch` (what trimming deleted).
  Status Change(const std::function<void(StreamMeta&)>& change, WriteBatch& batch);

  // Persists the meta as it is (a new stream).
  Status Persist();

 private:
  // Closes the open shard at `now`; the caller holds mu_.
  void CloseOpenShard(int64_t now);
  Status PersistLocked(WriteBatch& batch);
  void PublishLocked();

  Storage& storage_;
  const uint32_t id_;
  const StreamMeta fixed_;  // the meta at load or creation, for the fields that never change
  const std::string arn_;
  mutable std::mutex mu_;
  StreamMeta meta_;               // guarded by mu_
  uint64_t next_seq_;             // guarded by mu_
  uint64_t open_last_seq_ = 0;    // guarded by mu_: the last number taken in the open shard
  std::set<uint64_t> in_flight_;  // guarded by mu_
  std::atomic<uint64_t> visible_;
  mutable std::mutex published_mu_;
  std::shared_ptr<const StreamMeta> published_;  // guarded by published_mu_
};

}  // namespace stator::engine
