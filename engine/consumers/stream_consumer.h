// StreamConsumer: one event source mapping at work. A task on the scheduler reads the mapping's
// stream shard by shard (parents before children; for a TableName mapping, on to the table's
// next stream once a disabled one is drained), skips what the filter rejects, gathers batches
// (BatchSize, 6 MB, MaximumBatchingWindowInSeconds) and hands each to its handler thread; the
// thread wakes the task with the answer. Success moves the checkpoint past the batch (persisted
// before the next batch is read); failure retries the same records with backoff, from the
// lowest failed item with ReportBatchItemFailures, in halves with BisectBatchOnFunctionError,
// until MaximumRetryAttempts or MaximumRecordAgeInSeconds give up on them: then the on-failure
// destination gets Lambda's record of the batch and the shard moves on. So delivery is at least
// once and in order per shard, and a batch in flight at a crash is delivered again.
//
// Thread safety: Step runs on the scheduler (one at a time); the handler thread and Status()
// meet it under mu_.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/background/scheduler.h"
#include "engine/consumers/consumer_checkpoint.h"
#include "engine/consumers/handler_thread.h"
#include "engine/streams/stream_registry.h"
#include "stator/event_source_mapping.h"

namespace stator::engine {

class StreamConsumer : public std::enable_shared_from_this<StreamConsumer> {
 public:
  // `mapping` is valid (ValidateMapping) and has its uuid.
  StreamConsumer(EventSourceMapping mapping, StreamRegistry& streams, Storage& storage,
                 Scheduler& scheduler, const Clock& clock);

  const EventSourceMapping& mapping() const { return mapping_; }
  std::string task_name() const { return "consumer/" + mapping_.uuid; }

  // Loads the checkpoint and schedules the task (a disabled mapping only reports its status).
  Status Start();
  // Waits for an invocation in progress; no other starts.
  void Stop() { handler_thread_.Stop(); }

  NextRun Step(int64_t now);
  // A write committed records to the consumer's table: wakes the task if it is waiting for
  // records (not while a batch is in flight: the answer wakes it, and it reads on then).
  void NewRecords() {
    if (waiting_for_records_.exchange(false, std::memory_order_acq_rel)) {
      scheduler_.Wake(task_name());
    }
  }
  EventSourceMappingStatus Report() const;

 private:
  // Finds where to read when there is no position yet: the checkpoint's, or the starting
  // position's in the current stream. False when there is no stream to read yet.
  bool Resolve();
  // After a drained shard: its child, or the table's next stream. False when neither exists.
  bool MoveOn(const StreamLog& log);
  // Reads records after read_pos_ into the batch until the batch is full. Sets *drained when the
  // shard is closed and read to its end.
  Status Fill(const StreamLog& log, int64_t now, bool* drained);
  NextRun Invoke(const StreamLog& log, int64_t now);
  // The handler's answer to the batch.
  NextRun Handle(const StreamHandlerResponse& response, int64_t now);
  void GiveUp(const std::string& condition, const std::string& error, int64_t now);
  void Checkpoint(uint64_t next_seq);
  std::string Region() const;

  const EventSourceMapping mapping_;
  StreamRegistry& streams_;
  Storage& storage_;
  Scheduler& scheduler_;
  const Clock& clock_;
  HandlerThread handler_thread_;

  // The task's state (Step only).
  std::optional<ConsumerPosition> position_;  // the checkpoint: next record to deliver
  std::string event_source_arn_;  // of the stream and shard named_shard_ says
  std::string shard_id_;
  std::optional<std::pair<uint32_t, uint32_t>> named_shard_;  // (stream id, ordinal)
  uint64_t read_pos_ = 0;  // next record to read (past the batch and skipped records)
  // The batch being gathered or retried; shared with the handler thread while in flight (the
  // task leaves it alone until the answer is in).
  std::shared_ptr<StreamHandlerEvent> batch_ = std::make_shared<StreamHandlerEvent>();
  int64_t pending_bytes_ = 0;
  int64_t first_pending_micros_ = 0;
  int64_t attempts_ = 0;  // invocations of the batch
  int64_t retry_at_ = 0;
  bool retrying_ = false;  // the batch failed (or was split) and is delivered again as it is
  uint64_t redeliver_before_ = 0;  // records below it were in a batch that was split
  std::string last_request_id_;    // of the batch's last invocation

  // Set before a step reads, so a write committed from then on wakes it (a wake during the step
  // runs it again); cleared while a batch is in flight.
  std::atomic<bool> waiting_for_records_{false};

  mutable std::mutex mu_;
  bool in_flight_ = false;                       // guarded by mu_
  std::optional<StreamHandlerResponse> answer_;  // guarded by mu_
  EventSourceMappingStatus status_;              // guarded by mu_
};

}  // namespace stator::engine
