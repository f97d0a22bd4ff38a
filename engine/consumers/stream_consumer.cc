#include "engine/consumers/stream_consumer.h"

#include <algorithm>

#include "engine/model/uuid.h"
#include "engine/streams/stream_reader.h"
#include "engine/streams/stream_record_codec.h"

namespace stator::engine {
namespace {

// Lambda's payload limit for a synchronous invocation.
constexpr int64_t kMaxPayloadBytes = 6 * 1024 * 1024;
// How often an idle consumer looks for a new stream, a closed shard or trimming; writes to its
// table wake it at once.
constexpr int64_t kIdlePollMicros = 500'000;
constexpr int64_t kFirstBackoffMicros = 100'000;
constexpr int64_t kMostBackoffMicros = 30'000'000;

class ConsumerTask final : public BackgroundTask {
 public:
  explicit ConsumerTask(std::shared_ptr<StreamConsumer> consumer)
      : consumer_(std::move(consumer)) {}
  NextRun Step(int64_t now) override { return consumer_->Step(now); }

 private:
  std::shared_ptr<StreamConsumer> consumer_;
};

// What a record weighs in the payload: its JSON is about twice its items' size.
int64_t PayloadBytes(const Record& r) { return 2 * r.dynamodb.size_bytes + 400; }

uint64_t SequenceOf(const Record& r) {
  uint64_t seq = 0;
  (void)ParseSequenceNumber(r.dynamodb.sequence_number, &seq);
  return seq;
}

}  // namespace

StreamConsumer::StreamConsumer(EventSourceMapping mapping, StreamRegistry& streams,
                               Storage& storage, Scheduler& scheduler, const Clock& clock)
    : mapping_(std::move(mapping)),
      streams_(streams),
      storage_(storage),
      scheduler_(scheduler),
      clock_(clock) {
  status_.uuid = mapping_.uuid;
  status_.function_name = mapping_.function_name;
  status_.event_source_arn = mapping_.event_source_arn;
  status_.table_name = mapping_.table_name;
  status_.state = mapping_.enabled ? "Enabled" : "Disabled";
  status_.last_processing_result = "No records processed";
  status_.batch_size = mapping_.batch_size;
}

Status StreamConsumer::Start() {
  if (!mapping_.enabled) return Status::OK();
  auto checkpoint = LoadCheckpoint(storage_, mapping_.uuid);
  if (!checkpoint.ok()) return checkpoint.status();
  position_ = *checkpoint;
  if (position_) read_pos_ = position_->next_seq;
  return scheduler_.Schedule(task_name(), std::make_unique<ConsumerTask>(shared_from_this()));
}

EventSourceMappingStatus StreamConsumer::Report() const {
  std::lock_guard lock(mu_);
  return status_;
}

std::string StreamConsumer::Region() const {
  // arn:aws:dynamodb:<region>:...
  const std::string& arn = event_source_arn_;
  const size_t start = std::string("arn:aws:dynamodb:").size();
  if (arn.size() <= start) return "ddblocal";
  return arn.substr(start, arn.find(':', start) - start);
}

bool StreamConsumer::Resolve() {
  if (position_ && streams_.FindById(position_->stream_id) != nullptr) return true;
  auto log = mapping_.event_source_arn.empty() ? streams_.NextOfTable(mapping_.table_name, 0)
                                               : streams_.FindAnywhere(mapping_.event_source_arn);
  if (log == nullptr) return false;
  const std::shared_ptr<const StreamMeta> meta_snapshot = log->meta();
  const StreamMeta& meta = *meta_snapshot;
  if (meta.shards.empty()) return false;
  ConsumerPosition p{meta.id, 0, 0};
  if (mapping_.starting_position == StartingPosition::kTrimHorizon) {
    p.ordinal = meta.shards.front().ordinal;
    p.next_seq = meta.shards.front().horizon;
  } else {
    const ShardMeta& last = meta.shards.back();
    p.ordinal = last.ordinal;
    p.next_seq = last.open() ? std::max(log->visible() + 1, last.horizon) : last.end_seq + 1;
  }
  position_ = p;
  read_pos_ = p.next_seq;
  Checkpoint(p.next_seq);
  return true;
}

bool StreamConsumer::MoveOn(const StreamLog& log) {
  const std::shared_ptr<const StreamMeta> meta_snapshot = log.meta();
  const StreamMeta& meta = *meta_snapshot;
  for (const ShardMeta& s : meta.shards) {
    if (s.parent == position_->ordinal) {
      position_ = ConsumerPosition{meta.id, s.ordinal, s.horizon};
      read_pos_ = s.horizon;
      Checkpoint(read_pos_);
      return true;
    }
  }
  if (mapping_.table_name.empty() || meta.enabled()) return false;
  auto next = streams_.NextOfTable(mapping_.table_name, meta.id);
  if (next == nullptr) return false;
  const std::shared_ptr<const StreamMeta> next_meta_snapshot = next->meta();
  const StreamMeta& next_meta = *next_meta_snapshot;
  if (next_meta.shards.empty()) return false;
  position_ = ConsumerPosition{next_meta.id, next_meta.shards.front().ordinal,
                               next_meta.shards.front().horizon};
  read_pos_ = position_->next_seq;
  Checkpoint(read_pos_);
  return true;
}

void StreamConsumer::Checkpoint(uint64_t next_seq) {
  position_->next_seq = next_seq;
  // A failed write leaves the older checkpoint: delivery would resume earlier, never later.
  (void)SaveCheckpoint(storage_, mapping_.uuid, *position_);
}

Status StreamConsumer::Fill(const StreamLog& log, int64_t now, bool* drained) {
  *drained = false;
  while (static_cast<int64_t>(batch_->records.size()) < mapping_.batch_size &&
         pending_bytes_ < kMaxPayloadBytes) {
    auto page =
        ReadShard(storage_, log, position_->ordinal, read_pos_,
                  mapping_.batch_size - static_cast<int64_t>(batch_->records.size()), Region());
    if (!page.ok()) return page.status();
    uint64_t read_to = page->next_seq;
    bool full = false;
    int64_t filtered = 0;
    for (Record& r : page->records) {
      if (mapping_.filter != nullptr && !mapping_.filter->Matches(r, event_source_arn_)) {
        ++filtered;
        continue;
      }
      const int64_t bytes = PayloadBytes(r);
      if (!batch_->records.empty() && pending_bytes_ + bytes > kMaxPayloadBytes) {
        read_to = SequenceOf(r);  // it starts the next batch
        full = true;
        break;
      }
      if (batch_->records.empty()) first_pending_micros_ = now;
      pending_bytes_ += bytes;
      batch_->records.push_back(std::move(r));
    }
    read_pos_ = read_to;
    if (filtered > 0) {
      std::lock_guard lock(mu_);
      status_.records_filtered += filtered;
    }
    *drained = page->drained && !full;
    if (full || page->records.empty() || page->drained) break;
  }
  // Records the filter skipped need no delivery: with nothing pending, the checkpoint passes them.
  if (batch_->records.empty() && read_pos_ > position_->next_seq) Checkpoint(read_pos_);
  return Status::OK();
}

NextRun StreamConsumer::Step(int64_t now) {
  {
    std::unique_lock lock(mu_);
    if (in_flight_) return NextRun::WhenWoken();
    if (answer_) {
      StreamHandlerResponse answer = std::move(*answer_);
      answer_.reset();
      lock.unlock();
      return Handle(answer, now);
    }
  }
  if (now < retry_at_) return NextRun::At(retry_at_);
  waiting_for_records_.store(true, std::memory_order_release);
  if (!Resolve()) return NextRun::After(kIdlePollMicros);
  auto log = streams_.FindById(position_->stream_id);
  if (log == nullptr) {
    position_.reset();
    return NextRun::After(kIdlePollMicros);
  }
  if (named_shard_ != std::pair(position_->stream_id, position_->ordinal)) {
    // Named once per shard, not on every wake-up.
    event_source_arn_ = log->arn();
    const std::shared_ptr<const StreamMeta> meta = log->meta();
    for (const ShardMeta& s : meta->shards) {
      if (s.ordinal == position_->ordinal) {
        shard_id_ = ShardIdText(meta->id, s.ordinal, s.created_micros);
      }
    }
    named_shard_ = {position_->stream_id, position_->ordinal};
  }
  if (retrying_) return Invoke(*log, now);
  bool drained = false;
  Status filled = Fill(*log, now, &drained);
  if (filled.code() == ErrorCode::kTrimmedDataAccess) {
    // Records trimmed before they were delivered: go on from the oldest that remain.
    batch_ = std::make_shared<StreamHandlerEvent>();
    pending_bytes_ = 0;
    position_.reset();
    return NextRun::Now();
  }
  if (!filled.ok()) return NextRun::After(kIdlePollMicros);
  if (batch_->records.empty()) {
    if (drained && MoveOn(*log)) return NextRun::Now();
    return NextRun::After(kIdlePollMicros);
  }
  const bool full = static_cast<int64_t>(batch_->records.size()) >= mapping_.batch_size ||
                    pending_bytes_ >= kMaxPayloadBytes;
  const int64_t window_ends =
      first_pending_micros_ + mapping_.maximum_batching_window_seconds * 1'000'000;
  // Records read again after a split were already due: they wait for no window.
  const bool redelivery = SequenceOf(batch_->records.front()) < redeliver_before_;
  if (!full && !drained && !redelivery && now < window_ends) return NextRun::At(window_ends);
  return Invoke(*log, now);
}

NextRun StreamConsumer::Invoke(const StreamLog& log, int64_t now) {
  batch_->event_source_arn = log.arn();
  batch_->shard_id = shard_id_;
  StreamInvocation invocation{NewUuid(), mapping_.function_name,
                              now + static_cast<int64_t>(mapping_.timeout_seconds * 1e6)};
  last_request_id_ = invocation.request_id;
  {
    std::lock_guard lock(mu_);
    in_flight_ = true;
    status_.event_source_arn = log.arn();
  }
  waiting_for_records_.store(false, std::memory_order_release);
  ++attempts_;
  auto self = shared_from_this();
  const bool started =
      handler_thread_.Run([self, batch = batch_, invocation = std::move(invocation)] {
        StreamHandlerResponse answer = self->mapping_.handler->Invoke(*batch, invocation);
        {
          std::lock_guard lock(self->mu_);
          self->answer_ = std::move(answer);
          self->in_flight_ = false;
        }
        self->scheduler_.Wake(self->task_name());
      });
  if (!started) {  // stopping
    std::lock_guard lock(mu_);
    in_flight_ = false;
    return NextRun::Done();
  }
  return NextRun::WhenWoken();
}

NextRun StreamConsumer::Handle(const StreamHandlerResponse& response, int64_t now) {
  size_t delivered = batch_->records.size();
  const std::string& error = response.error;
  // Reported item failures count only with ReportBatchItemFailures, as in Lambda: what precedes
  // the lowest failed record succeeded; an identifier not in the batch fails all of it.
  const bool items_failed =
      mapping_.report_batch_item_failures && !response.batch_item_failures.empty();
  const bool failed = response.failed || items_failed;
  if (response.failed) {
    delivered = 0;
  } else if (items_failed) {
    uint64_t lowest = UINT64_MAX;
    for (const std::string& id : response.batch_item_failures) {
      uint64_t seq = 0;
      if (!ParseSequenceNumber(id, &seq)) seq = 0;
      lowest = std::min(lowest, seq);
    }
    auto first_failed = std::find_if(batch_->records.begin(), batch_->records.end(),
                                     [&](const Record& r) { return SequenceOf(r) == lowest; });
    delivered = static_cast<size_t>(
        first_failed == batch_->records.end() ? 0 : first_failed - batch_->records.begin());
  }
  {
    std::lock_guard lock(mu_);
    ++status_.invocations;
    if (failed) ++status_.failed_invocations;
  }
  const int64_t newest_micros = static_cast<int64_t>(
      batch_->records.empty()
          ? 0
          : batch_->records.back().dynamodb.approximate_creation_date_time * 1e6);
  {
    std::lock_guard lock(mu_);
    status_.records_delivered += static_cast<int64_t>(delivered);
    if (!failed) {
      status_.last_processing_result = "OK";
      status_.iterator_age_ms = std::max<int64_t>(0, (now - newest_micros) / 1000);
    } else {
      status_.last_processing_result = "PROBLEM: Function call failed";
    }
  }
  if (!failed) {
    batch_ = std::make_shared<StreamHandlerEvent>();
    pending_bytes_ = 0;
    attempts_ = 0;
    retrying_ = false;
    Checkpoint(read_pos_);
    return NextRun::Now();
  }
  if (delivered > 0) {
    batch_->records.erase(batch_->records.begin(),
                          batch_->records.begin() + static_cast<ptrdiff_t>(delivered));
    Checkpoint(SequenceOf(batch_->records.front()));
  }
  const double oldest = batch_->records.front().dynamodb.approximate_creation_date_time;
  if (mapping_.maximum_record_age_seconds != -1 &&
      static_cast<double>(now) / 1e6 - oldest >
          static_cast<double>(mapping_.maximum_record_age_seconds)) {
    GiveUp("RecordAgeExceeded", error, now);
    return NextRun::Now();
  }
  if (mapping_.bisect_batch_on_function_error && batch_->records.size() > 1) {
    // Retry the first half, then read the second again. A split does not count towards the
    // retry quota (Lambda's words), so each half starts with a fresh one, and the second half
    // is delivered as soon as it is read again, without waiting for a batching window.
    const size_t half = batch_->records.size() / 2;
    redeliver_before_ = std::max(redeliver_before_, read_pos_);
    read_pos_ = SequenceOf(batch_->records[half]);
    batch_->records.resize(half);
    pending_bytes_ = 0;
    for (const Record& r : batch_->records) pending_bytes_ += PayloadBytes(r);
    attempts_ = 0;
    retrying_ = true;
    return NextRun::Now();
  }
  if (mapping_.maximum_retry_attempts != -1 && attempts_ > mapping_.maximum_retry_attempts) {
    GiveUp("RetryAttemptsExhausted", error, now);
    return NextRun::Now();
  }
  const int64_t backoff =
      std::min(kMostBackoffMicros, kFirstBackoffMicros << std::min<int64_t>(attempts_ - 1, 20));
  retry_at_ = now + backoff;
  retrying_ = true;
  return NextRun::At(retry_at_);
}

void StreamConsumer::GiveUp(const std::string& condition, const std::string& error, int64_t now) {
  if (mapping_.on_failure != nullptr) {
    StreamFailure f;
    f.request_id = last_request_id_;
    f.mapping_uuid = mapping_.uuid;
    f.function_name = mapping_.function_name;
    f.event_source_arn = event_source_arn_;
    f.shard_id = shard_id_;
    f.start_sequence_number = batch_->records.front().dynamodb.sequence_number;
    f.end_sequence_number = batch_->records.back().dynamodb.sequence_number;
    f.batch_size = static_cast<int64_t>(batch_->records.size());
    f.approximate_arrival_of_first_record =
        batch_->records.front().dynamodb.approximate_creation_date_time;
    f.approximate_arrival_of_last_record =
        batch_->records.back().dynamodb.approximate_creation_date_time;
    f.approximate_invoke_count = attempts_;
    f.condition = condition;
    f.error = error;
    f.timestamp = static_cast<double>(now / 1000) / 1000.0;
    mapping_.on_failure->Write(f);
  }
  {
    std::lock_guard lock(mu_);
    ++status_.batches_sent_to_failure_destination;
  }
  batch_ = std::make_shared<StreamHandlerEvent>();
  pending_bytes_ = 0;
  attempts_ = 0;
  retrying_ = false;
  Checkpoint(read_pos_);
}

}  // namespace stator::engine
