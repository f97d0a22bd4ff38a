// StreamHook: the in-batch write hook (engine/items/write_hook.h) that appends a table's stream
// records: one per change of an item, in the same WriteBatch as the change, keyed by the
// sequence number it takes from the stream's log (stream_log.h), which it settles once the
// batch has committed or been dropped.
//
// A write that leaves the item as it was (a put of an identical item) writes no record, as in
// the service; so the hook needs the old item whole, whatever the view type.
//
// Thread safety: as WriteHook (concurrent writers of different items).
#pragma once

#include <memory>

#include "engine/items/write_hook.h"
#include "engine/streams/stream_log.h"
#include "stator/clock.h"

namespace stator::engine {

class StreamHook final : public WriteHook {
 public:
  StreamHook(std::shared_ptr<StreamLog> log, const Clock& clock)
      : log_(std::move(log)), clock_(clock) {}

  bool NeedsOldItem() const override { return true; }
  uint64_t AddRecords(const ItemMutation& m, WriteBatch& batch) const override;
  void Settle(uint64_t ticket) const override { log_->Settle(ticket); }

  const StreamLog& log() const { return *log_; }

 private:
  std::shared_ptr<StreamLog> log_;
  const Clock& clock_;
};

}  // namespace stator::engine
