// ConsumerLane: one of a consumer's concurrent batch processors. A mapping's ParallelizationFactor
// gives each shard that many lanes, and every record goes to the lane of its partition key, so
// records of one key are delivered in order while other keys' batches run beside them (Lambda's
// "concurrent batches per shard"); a factor of 1 is one lane, delivery in shard order.
//
// A lane holds the records read for it and not yet delivered, makes batches of them (BatchSize,
// the 6 MB payload, MaximumBatchingWindowInSeconds; one tumbling window a batch), invokes the
// handler on a thread of its own and acts on the answer: success passes the batch; failure
// retries it with backoff, from the lowest failed item with ReportBatchItemFailures, in halves
// with BisectBatchOnFunctionError, until MaximumRetryAttempts or MaximumRecordAgeInSeconds give
// up on it (the on-failure destination then gets Lambda's record of the batch). With a tumbling
// window it carries the function's `state` from invocation to invocation and ends each window
// with a final invocation.
//
// Thread safety: everything but the answer runs on the consumer's scheduler step (one at a
// time); the lane's handler thread hands the answer over under mu_.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "engine/background/background_task.h"
#include "engine/background/scheduler.h"
#include "engine/consumers/consumer_checkpoint.h"
#include "engine/consumers/handler_thread.h"
#include "engine/consumers/mapping_status_board.h"
#include "stator/event_source_mapping.h"

namespace stator::engine {

// What a record weighs in the handler's payload, and its sequence number.
int64_t RecordPayloadBytes(const Record& r);
uint64_t RecordSequence(const Record& r);

class ConsumerLane {
 public:
  // The shard the lane's records come from, as the consumer last read it.
  struct Shard {
    std::string event_source_arn;
    std::string shard_id;
    bool drained = false;    // closed and read to its end: no record will join the lane
    bool caught_up = false;  // read up to the newest committed record
  };

  // `wake_task` is the consumer's task, woken when an answer comes in.
  ConsumerLane(const EventSourceMapping& mapping, uint32_t index, MappingStatusBoard& board,
               Scheduler& scheduler, const Clock& clock, std::string wake_task);

  // A record read for this lane (records come in shard order).
  void Add(Record record, int64_t now);
  // Acts on the answer to the batch in flight, if it came. True when records were done with or
  // the window's state changed: the consumer's checkpoint moves.
  bool TakeAnswer(int64_t now);
  // Invokes the next batch if one is due; says when the lane wants its next step (WhenWoken: at
  // its answer, or when records come).
  NextRun Step(const Shard& shard, int64_t now);
  // Stops the handler thread after the invocation in progress.
  void Stop() { handler_thread_.Stop(); }

  // The lowest sequence number the lane holds and has not delivered (UINT64_MAX: none).
  uint64_t LowestUndelivered() const;
  // Holds no record and no batch, and has no window open: the shard may be left behind.
  bool empty() const { return pending_.empty() && batch_ == nullptr && !window_; }
  // A batch is with the handler, or its answer is not yet taken in.
  bool in_flight() const;
  size_t pending_records() const { return pending_.size(); }
  int64_t pending_bytes() const { return pending_bytes_; }
  // Forgets the records not yet in a batch (they were trimmed from the stream).
  void DropPending();

  // The open tumbling window, for the checkpoint; and the one a checkpoint kept.
  std::optional<OpenWindow> open_window() const;
  void Reopen(const OpenWindow& window) { window_ = window; }

 private:
  bool windowed() const { return mapping_.tumbling_window_seconds > 0; }
  int64_t WindowLength() const { return mapping_.tumbling_window_seconds * 1'000'000; }
  int64_t WindowOf(const Record& r) const;
  // The open window has ended: a later window's record is next, the shard ended, or the clock
  // passed the window's end with every record read.
  bool WindowEnded(const Shard& shard, int64_t now) const;
  // Makes the next batch of pending records if it is due; otherwise says when it will be.
  std::optional<NextRun> Gather(const Shard& shard, int64_t now);
  NextRun InvokeFinal(const Shard& shard, int64_t now, bool early);
  NextRun Invoke(const Shard& shard, int64_t now);
  bool Handle(const StreamHandlerResponse& response, int64_t now);
  bool HandleFinal(const StreamHandlerResponse& response, int64_t now);
  // Puts the second half of the failed batch back in front of the pending records.
  void Bisect();
  void Backoff(int64_t now);
  void GiveUp(const std::string& condition, const std::string& error, int64_t now);
  void EndBatch();

  const EventSourceMapping& mapping_;
  const uint32_t index_;
  MappingStatusBoard& board_;
  Scheduler& scheduler_;
  const Clock& clock_;
  const std::string wake_task_;

  std::deque<Record> pending_;  // read, not yet in a batch, in shard order
  int64_t pending_bytes_ = 0;
  int64_t first_pending_micros_ = 0;  // when the oldest pending record was read
  // The batch being delivered or retried (null: none); shared with the handler thread while
  // in flight, and left alone until the answer is in.
  std::shared_ptr<StreamHandlerEvent> batch_;
  bool batch_is_final_ = false;  // a window's final invocation
  bool batch_ends_early_ = false;
  int64_t attempts_ = 0;  // invocations of the batch
  int64_t retry_at_ = 0;
  bool retrying_ = false;          // the batch failed (or was split) and goes again as it is
  uint64_t redeliver_before_ = 0;  // records below it were in a batch that was split
  std::string last_request_id_;    // of the batch's last invocation
  std::optional<OpenWindow> window_;
  bool end_window_early_ = false;  // the state outgrew its limit

  mutable std::mutex mu_;
  bool in_flight_ = false;                       // guarded by mu_
  std::optional<StreamHandlerResponse> answer_;  // guarded by mu_
  HandlerThread handler_thread_;                 // last: stopped before the rest goes
};

}  // namespace stator::engine
