// StreamConsumer: one event source mapping at work. A task on the scheduler reads the mapping's
// stream shard by shard (parents before children; for a TableName mapping, on to the table's
// next stream once a disabled one is drained), skips what the filter rejects, and hands each
// record to the lane of its partition key (consumer_lane.h: ParallelizationFactor lanes, each
// batching, invoking and retrying on its own). The checkpoint, persisted after every batch done
// with, is the lowest record any lane still holds, with the lanes' open tumbling windows; so
// delivery is at least once and in order per key (per shard with one lane), and a batch in
// flight at a crash is delivered again.
//
// Thread safety: Step runs on the scheduler (one at a time); the lanes' handler threads meet it
// under the lanes' locks, Report reads the status board.
#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/background/scheduler.h"
#include "engine/consumers/consumer_checkpoint.h"
#include "engine/consumers/consumer_lane.h"
#include "engine/consumers/mapping_status_board.h"
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
  // Waits for the invocations in progress; no other starts.
  void Stop() {
    for (auto& lane : lanes_) lane->Stop();
  }

  NextRun Step(int64_t now);
  // A write committed records to the consumer's table: wakes the task if it is waiting for
  // records (not while every lane has a batch in flight: an answer wakes it, and it reads on).
  void NewRecords() {
    if (waiting_for_records_.exchange(false, std::memory_order_acq_rel)) {
      scheduler_.Wake(task_name());
    }
  }
  EventSourceMappingStatus Report() const { return board_.Snapshot(); }

 private:
  // Finds where to read when there is no position yet: the checkpoint's, or the starting
  // position's in FirstStream. False when there is no stream to read yet.
  bool Resolve();
  // The stream Resolve starts in: the mapping's stream, or the oldest of the table's streams
  // that may hold records for it. Null when there is none yet.
  std::shared_ptr<StreamLog> FirstStream() const;
  // Whether Resolve starts at the oldest record of `meta` rather than after its newest.
  bool StartsAtHorizon(const StreamMeta& meta) const;
  // Drops the position so that the next step resolves one again, at its stream or a later one.
  void Restart();
  // After a drained shard: its child, or the table's next stream. False when neither exists.
  bool MoveOn(const StreamLog& log);
  // Names the shard being read (once per shard).
  void NameShard(const StreamLog& log);
  // Reads records after read_pos_ into the lanes until they hold enough.
  Status Read(const StreamLog& log, int64_t now);
  ConsumerLane& LaneOf(const Record& r);
  // Steps every lane; the earliest time one of them wants to run.
  int64_t StepLanes(int64_t now);
  bool LanesEmpty() const;
  // Persists the position: the lowest record a lane holds (or read_pos_), and open windows.
  void SaveProgress();
  std::string Region() const;

  const EventSourceMapping mapping_;
  StreamRegistry& streams_;
  Storage& storage_;
  Scheduler& scheduler_;
  const Clock& clock_;
  // When the mapping started (the consumer was made): a TableName mapping reads the table's
  // streams enabled at that time or later, however late its first step comes.
  const int64_t started_micros_;
  MappingStatusBoard board_;
  std::vector<std::unique_ptr<ConsumerLane>> lanes_;

  // The task's state (Step only).
  std::optional<ConsumerPosition> position_;  // as last persisted
  std::string event_source_arn_;  // of the stream and shard named_shard_ says
  std::string shard_id_;
  std::string hash_key_;  // the stream's partition key attribute
  std::optional<std::pair<uint32_t, uint32_t>> named_shard_;  // (stream id, ordinal)
  uint64_t read_pos_ = 0;                                     // next record to read
  // 0, or the stream the position was in when it was dropped (Restart): Resolve goes on from
  // there, never back to an older stream whose records were delivered.
  uint32_t first_stream_id_ = 0;
  bool drained_ = false;  // the shard is closed and read to its end
  bool caught_up_ = false;

  // Set before a step reads, so a write committed from then on wakes it (a wake during the step
  // runs it again); cleared while every lane has a batch in flight (their answers wake it).
  std::atomic<bool> waiting_for_records_{false};
};

}  // namespace stator::engine
