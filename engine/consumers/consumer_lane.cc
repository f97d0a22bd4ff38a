#include "engine/consumers/consumer_lane.h"

#include <algorithm>
#include <iterator>

#include "engine/model/uuid.h"
#include "engine/streams/stream_record_codec.h"

namespace stator::engine {
namespace {

// Lambda's payload limit for a synchronous invocation.
constexpr int64_t kMaxPayloadBytes = 6 * 1024 * 1024;
// Lambda's limit on a tumbling window's state; a larger one ends the window early.
constexpr size_t kMaxWindowStateBytes = 1024 * 1024;
// A write stamps its record before it commits: a window is closed by the clock only this long
// after its end, so the records stamped just before the end are in.
constexpr int64_t kWindowCloseGraceMicros = 100'000;
constexpr int64_t kFirstBackoffMicros = 100'000;
constexpr int64_t kMostBackoffMicros = 30'000'000;

constexpr std::string_view kNoState =
    "the function's response has no state, which a tumbling window requires";

}  // namespace

// Its JSON is about twice its items' size.
int64_t RecordPayloadBytes(const Record& r) { return 2 * r.dynamodb.size_bytes + 400; }

uint64_t RecordSequence(const Record& r) {
  uint64_t seq = 0;
  (void)ParseSequenceNumber(r.dynamodb.sequence_number, &seq);
  return seq;
}

ConsumerLane::ConsumerLane(const EventSourceMapping& mapping, uint32_t index,
                           MappingStatusBoard& board, Scheduler& scheduler, const Clock& clock,
                           std::string wake_task)
    : mapping_(mapping),
      index_(index),
      board_(board),
      scheduler_(scheduler),
      clock_(clock),
      wake_task_(std::move(wake_task)) {}

void ConsumerLane::Add(Record record, int64_t now) {
  if (pending_.empty()) first_pending_micros_ = now;
  pending_bytes_ += RecordPayloadBytes(record);
  pending_.push_back(std::move(record));
}

uint64_t ConsumerLane::LowestUndelivered() const {
  if (batch_ != nullptr && !batch_->records.empty()) return RecordSequence(batch_->records.front());
  if (!pending_.empty()) return RecordSequence(pending_.front());
  return UINT64_MAX;
}

bool ConsumerLane::in_flight() const {
  std::lock_guard lock(mu_);
  return in_flight_ || answer_.has_value();
}

void ConsumerLane::DropPending() {
  pending_.clear();
  pending_bytes_ = 0;
}

std::optional<OpenWindow> ConsumerLane::open_window() const { return window_; }

int64_t ConsumerLane::WindowOf(const Record& r) const {
  const auto micros = static_cast<int64_t>(r.dynamodb.approximate_creation_date_time) * 1'000'000;
  return micros - micros % WindowLength();
}

bool ConsumerLane::WindowEnded(const Shard& shard, int64_t now) const {
  if (!pending_.empty()) return WindowOf(pending_.front()) != window_->start_micros;
  return shard.drained || (shard.caught_up &&
                           now >= window_->start_micros + WindowLength() + kWindowCloseGraceMicros);
}

bool ConsumerLane::TakeAnswer(int64_t now) {
  std::optional<StreamHandlerResponse> answer;
  {
    std::lock_guard lock(mu_);
    if (!answer_) return false;
    answer.swap(answer_);
  }
  return batch_is_final_ ? HandleFinal(*answer, now) : Handle(*answer, now);
}

NextRun ConsumerLane::Step(const Shard& shard, int64_t now) {
  if (in_flight()) return NextRun::WhenWoken();
  if (now < retry_at_) return NextRun::At(retry_at_);
  if (retrying_) return Invoke(shard, now);
  if (window_ && end_window_early_) return InvokeFinal(shard, now, /*early=*/true);
  if (window_ && WindowEnded(shard, now)) return InvokeFinal(shard, now, /*early=*/false);
  if (pending_.empty()) {
    if (!window_ || shard.drained) return NextRun::WhenWoken();
    return NextRun::At(window_->start_micros + WindowLength() + kWindowCloseGraceMicros);
  }
  if (windowed() && !window_) window_ = OpenWindow{index_, WindowOf(pending_.front()), "{}"};
  std::optional<NextRun> not_yet = Gather(shard, now);
  if (not_yet) return *not_yet;
  return Invoke(shard, now);
}

std::optional<NextRun> ConsumerLane::Gather(const Shard& shard, int64_t now) {
  size_t take = 0;
  int64_t bytes = 0;
  bool complete = false;  // a record that cannot join follows: waiting adds nothing
  for (const Record& r : pending_) {
    if (static_cast<int64_t>(take) >= mapping_.batch_size) break;
    const int64_t weight = RecordPayloadBytes(r);
    if ((window_ && WindowOf(r) != window_->start_micros) ||
        (take > 0 && bytes + weight > kMaxPayloadBytes)) {
      complete = true;
      break;
    }
    bytes += weight;
    ++take;
  }
  const bool full = complete || static_cast<int64_t>(take) >= mapping_.batch_size;
  // Records given back by a split were already due: they wait for no batching window.
  const bool redelivery = RecordSequence(pending_.front()) < redeliver_before_;
  int64_t due = first_pending_micros_ + mapping_.maximum_batching_window_seconds * 1'000'000;
  if (window_) due = std::min(due, window_->start_micros + WindowLength());
  if (!full && !shard.drained && !redelivery && now < due) return NextRun::At(due);

  batch_ = std::make_shared<StreamHandlerEvent>();
  const auto end = pending_.begin() + static_cast<ptrdiff_t>(take);
  batch_->records.assign(std::make_move_iterator(pending_.begin()), std::make_move_iterator(end));
  pending_.erase(pending_.begin(), end);
  pending_bytes_ -= bytes;
  first_pending_micros_ = now;
  batch_is_final_ = false;
  batch_ends_early_ = false;
  return std::nullopt;
}

NextRun ConsumerLane::InvokeFinal(const Shard& shard, int64_t now, bool early) {
  batch_ = std::make_shared<StreamHandlerEvent>();
  batch_is_final_ = true;
  batch_ends_early_ = early;
  return Invoke(shard, now);
}

NextRun ConsumerLane::Invoke(const Shard& shard, int64_t now) {
  batch_->event_source_arn = shard.event_source_arn;
  batch_->shard_id = shard.shard_id;
  if (window_) {
    batch_->window = TumblingWindow{window_->start_micros, window_->start_micros + WindowLength(),
                                    window_->state, batch_is_final_, batch_ends_early_};
  }
  StreamInvocation invocation{NewUuid(), mapping_.function_name,
                              now + static_cast<int64_t>(mapping_.timeout_seconds * 1e6)};
  last_request_id_ = invocation.request_id;
  {
    std::lock_guard lock(mu_);
    in_flight_ = true;
  }
  ++attempts_;
  const bool started =
      handler_thread_.Run([this, batch = batch_, invocation = std::move(invocation)] {
        StreamHandlerResponse answer = mapping_.handler->Invoke(*batch, invocation);
        if (!answer.failed && clock_.NowMicros() > invocation.deadline_micros) {
          answer = StreamHandlerResponse{true, TaskTimedOutMessage(mapping_.timeout_seconds), {},
                                         std::nullopt};
        }
        {
          std::lock_guard lock(mu_);
          answer_ = std::move(answer);
          in_flight_ = false;
        }
        scheduler_.Wake(wake_task_);
      });
  if (!started) {  // stopping
    std::lock_guard lock(mu_);
    in_flight_ = false;
    return NextRun::Done();
  }
  return NextRun::WhenWoken();
}

bool ConsumerLane::HandleFinal(const StreamHandlerResponse& response, int64_t now) {
  // Lambda suspends the shard until the window's final invocation succeeds.
  const bool failed = response.failed || !response.state;
  board_.Invoked(failed, 0, 0);
  if (failed) {
    Backoff(now);
    return false;
  }
  if (batch_ends_early_) {
    window_->state = "{}";  // the window goes on, with a fresh state
    end_window_early_ = false;
  } else {
    window_.reset();
  }
  EndBatch();
  return true;
}

bool ConsumerLane::Handle(const StreamHandlerResponse& response, int64_t now) {
  std::string error = response.error;
  bool whole_failure = response.failed;
  if (!whole_failure && window_ && !response.state) {
    whole_failure = true;
    error = std::string(kNoState);
  }
  // Reported item failures count only with ReportBatchItemFailures, as in Lambda: what precedes
  // the lowest failed record succeeded; an identifier not in the batch fails all of it.
  const bool items_failed = !whole_failure && mapping_.report_batch_item_failures &&
                            !response.batch_item_failures.empty();
  size_t delivered = whole_failure ? 0 : batch_->records.size();
  if (items_failed) {
    uint64_t lowest = UINT64_MAX;
    for (const std::string& id : response.batch_item_failures) {
      uint64_t seq = 0;
      if (!ParseSequenceNumber(id, &seq)) seq = 0;
      lowest = std::min(lowest, seq);
    }
    auto first_failed = std::find_if(batch_->records.begin(), batch_->records.end(),
                                     [&](const Record& r) { return RecordSequence(r) == lowest; });
    delivered = first_failed == batch_->records.end()
                    ? 0
                    : static_cast<size_t>(first_failed - batch_->records.begin());
  }
  const bool failed = whole_failure || items_failed;
  const auto newest_micros =
      static_cast<int64_t>(batch_->records.back().dynamodb.approximate_creation_date_time * 1e6);
  board_.Invoked(failed, static_cast<int64_t>(delivered), (now - newest_micros) / 1000);
  bool progressed = delivered > 0;
  if (!whole_failure && window_) {
    window_->state = *response.state;
    end_window_early_ = window_->state.size() > kMaxWindowStateBytes;
    progressed = true;
  }
  if (!failed) {
    EndBatch();
    return true;
  }
  batch_->records.erase(batch_->records.begin(),
                        batch_->records.begin() + static_cast<ptrdiff_t>(delivered));
  const double oldest = batch_->records.front().dynamodb.approximate_creation_date_time;
  if (mapping_.maximum_record_age_seconds != -1 &&
      static_cast<double>(now) / 1e6 - oldest >
          static_cast<double>(mapping_.maximum_record_age_seconds)) {
    GiveUp("RecordAgeExceeded", error, now);
    return true;
  }
  if (mapping_.bisect_batch_on_function_error && batch_->records.size() > 1) {
    Bisect();
    return progressed;
  }
  if (mapping_.maximum_retry_attempts != -1 && attempts_ > mapping_.maximum_retry_attempts) {
    GiveUp("RetryAttemptsExhausted", error, now);
    return true;
  }
  Backoff(now);
  return progressed;
}

void ConsumerLane::Bisect() {
  // Retry the first half, then deliver the second. A split does not count towards the retry
  // quota (Lambda's words), so each half starts with a fresh one.
  const size_t half = batch_->records.size() / 2;
  redeliver_before_ = std::max(redeliver_before_, RecordSequence(batch_->records.back()) + 1);
  for (size_t i = batch_->records.size(); i-- > half;) {
    pending_bytes_ += RecordPayloadBytes(batch_->records[i]);
    pending_.push_front(std::move(batch_->records[i]));
  }
  batch_->records.resize(half);
  attempts_ = 0;
  retrying_ = true;
}

void ConsumerLane::Backoff(int64_t now) {
  const int64_t backoff =
      std::min(kMostBackoffMicros, kFirstBackoffMicros << std::min<int64_t>(attempts_ - 1, 20));
  retry_at_ = now + backoff;
  retrying_ = true;
}

void ConsumerLane::GiveUp(const std::string& condition, const std::string& error, int64_t now) {
  if (mapping_.on_failure != nullptr) {
    const Record& first = batch_->records.front();
    const Record& last = batch_->records.back();
    StreamFailure f;
    f.request_id = last_request_id_;
    f.mapping_uuid = mapping_.uuid;
    f.function_name = mapping_.function_name;
    f.event_source_arn = batch_->event_source_arn;
    f.shard_id = batch_->shard_id;
    f.start_sequence_number = first.dynamodb.sequence_number;
    f.end_sequence_number = last.dynamodb.sequence_number;
    f.batch_size = static_cast<int64_t>(batch_->records.size());
    f.approximate_arrival_of_first_record = first.dynamodb.approximate_creation_date_time;
    f.approximate_arrival_of_last_record = last.dynamodb.approximate_creation_date_time;
    f.approximate_invoke_count = attempts_;
    f.condition = condition;
    f.error = error;
    f.timestamp = static_cast<double>(now / 1000) / 1000.0;
    mapping_.on_failure->Write(f);
  }
  board_.SentToFailureDestination();
  EndBatch();
}

void ConsumerLane::EndBatch() {
  batch_.reset();
  batch_is_final_ = false;
  batch_ends_early_ = false;
  attempts_ = 0;
  retry_at_ = 0;
  retrying_ = false;
}

}  // namespace stator::engine
