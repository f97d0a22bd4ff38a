#include "engine/consumers/stream_consumer.h"

#include <algorithm>

#include "engine/storage/key_codec.h"
#include "engine/streams/stream_reader.h"
#include "engine/streams/stream_record_codec.h"

namespace stator::engine {
namespace {

// How often an idle consumer looks for a new stream, a closed shard or trimming; writes to its
// table wake it at once.
constexpr int64_t kIdlePollMicros = 500'000;
// What a lane may hold beyond its batch in flight: about one batch more.
constexpr int64_t kMaxPayloadBytes = 6 * 1024 * 1024;
// The most records one read asks for (a page is also capped in bytes).
constexpr int64_t kMaxReadRecords = 10'000;

class ConsumerTask final : public BackgroundTask {
 public:
  explicit ConsumerTask(std::shared_ptr<StreamConsumer> consumer)
      : consumer_(std::move(consumer)) {}
  NextRun Step(int64_t now) override { return consumer_->Step(now); }

 private:
  std::shared_ptr<StreamConsumer> consumer_;
};

}  // namespace

StreamConsumer::StreamConsumer(EventSourceMapping mapping, StreamRegistry& streams,
                               Storage& storage, Scheduler& scheduler, const Clock& clock)
    : mapping_(std::move(mapping)),
      streams_(streams),
      storage_(storage),
      scheduler_(scheduler),
      clock_(clock),
      started_micros_(clock.NowMicros()),
      board_(mapping_) {
  for (int64_t i = 0; i < mapping_.parallelization_factor; ++i) {
    lanes_.push_back(std::make_unique<ConsumerLane>(mapping_, static_cast<uint32_t>(i), board_,
                                                    scheduler_, task_name()));
  }
}

Status StreamConsumer::Start() {
  if (!mapping_.enabled) return Status::OK();
  auto checkpoint = LoadCheckpoint(storage_, mapping_.uuid);
  if (!checkpoint.ok()) return checkpoint.status();
  position_ = *checkpoint;
  if (position_) {
    read_pos_ = position_->next_seq;
    for (const OpenWindow& w : position_->windows) {
      if (w.lane < lanes_.size()) lanes_[w.lane]->Reopen(w);
    }
  }
  return scheduler_.Schedule(task_name(), std::make_unique<ConsumerTask>(shared_from_this()));
}

std::string StreamConsumer::Region() const {
  // arn:aws:dynamodb:<region>:...
  const std::string& arn = event_source_arn_;
  const size_t start = std::string("arn:aws:dynamodb:").size();
  if (arn.size() <= start) return "ddblocal";
  return arn.substr(start, arn.find(':', start) - start);
}

std::shared_ptr<StreamLog> StreamConsumer::FirstStream() const {
  if (!mapping_.event_source_arn.empty()) return streams_.FindAnywhere(mapping_.event_source_arn);
  // Not the table's current stream: one disabled after the mapping started still holds records
  // to deliver (it stays readable for its retention, as in DynamoDB), and a consumer whose first
  // step comes only after the stream was disabled and enabled again would skip them. Streams
  // come in creation order, so each is drained before the next (MoveOn). Going on from a stream
  // it was reading, any later stream counts, whenever it was disabled.
  const int64_t since = first_stream_id_ == 0 ? started_micros_ : 0;
  auto log = streams_.OldestOfTableSince(mapping_.table_name, first_stream_id_, since);
  if (log != nullptr) return log;
  // Every stream of the table was disabled before the mapping started: the newest one.
  log = streams_.NextOfTable(mapping_.table_name, 0);
  return log != nullptr && log->id() >= first_stream_id_ ? log : nullptr;
}

bool StreamConsumer::StartsAtHorizon(const StreamMeta& meta) const {
  // LATEST means after the mapping started: all of a stream created since, or met again after
  // trimming or a dropped stream, comes after it.
  return mapping_.starting_position == StartingPosition::kTrimHorizon || first_stream_id_ != 0 ||
         meta.created_micros >= started_micros_;
}

void StreamConsumer::Restart() {
  first_stream_id_ = position_->stream_id;
  position_.reset();
}

bool StreamConsumer::Resolve() {
  if (position_ && streams_.FindById(position_->stream_id) != nullptr) return true;
  // A checkpoint whose stream is gone (retention ended while stopped): on from the next one.
  if (position_) Restart();
  auto log = FirstStream();
  if (log == nullptr) return false;
  const std::shared_ptr<const StreamMeta> meta = log->meta();
  if (meta->shards.empty()) return false;
  ConsumerPosition p{meta->id, 0, 0, {}};
  if (StartsAtHorizon(*meta)) {
    p.ordinal = meta->shards.front().ordinal;
    p.next_seq = meta->shards.front().horizon;
  } else {
    const ShardMeta& last = meta->shards.back();
    p.ordinal = last.ordinal;
    p.next_seq = last.open() ? std::max(log->visible() + 1, last.horizon) : last.end_seq + 1;
  }
  position_ = p;
  read_pos_ = p.next_seq;
  // A failed write leaves the older checkpoint: delivery would resume earlier, never later.
  (void)SaveCheckpoint(storage_, mapping_.uuid, *position_);
  return true;
}

bool StreamConsumer::MoveOn(const StreamLog& log) {
  const std::shared_ptr<const StreamMeta> meta = log.meta();
  std::optional<ConsumerPosition> next;
  for (const ShardMeta& s : meta->shards) {
    if (s.parent == position_->ordinal) next = ConsumerPosition{meta->id, s.ordinal, s.horizon, {}};
  }
  if (!next && !mapping_.table_name.empty() && !meta->enabled()) {
    auto next_log = streams_.NextOfTable(mapping_.table_name, meta->id);
    const std::shared_ptr<const StreamMeta> next_meta =
        next_log == nullptr ? nullptr : next_log->meta();
    if (next_meta != nullptr && !next_meta->shards.empty()) {
      next = ConsumerPosition{
          next_meta->id, next_meta->shards.front().ordinal, next_meta->shards.front().horizon, {}};
    }
  }
  if (!next) return false;
  position_ = next;
  read_pos_ = next->next_seq;
  drained_ = false;
  // A failed write leaves the older checkpoint: delivery would resume earlier, never later.
  (void)SaveCheckpoint(storage_, mapping_.uuid, *position_);
  return true;
}

void StreamConsumer::SaveProgress() {
  ConsumerPosition p = *position_;
  p.next_seq = read_pos_;
  p.windows.clear();
  for (const auto& lane : lanes_) {
    p.next_seq = std::min(p.next_seq, lane->LowestUndelivered());
    if (auto window = lane->open_window()) p.windows.push_back(*window);
  }
  if (p == *position_) return;
  position_ = std::move(p);
  // A failed write leaves the older checkpoint: delivery would resume earlier, never later.
  (void)SaveCheckpoint(storage_, mapping_.uuid, *position_);
}

void StreamConsumer::NameShard(const StreamLog& log) {
  if (named_shard_ == std::pair(position_->stream_id, position_->ordinal)) return;
  event_source_arn_ = log.arn();
  board_.Reading(event_source_arn_);
  const std::shared_ptr<const StreamMeta> meta = log.meta();
  for (const ShardMeta& s : meta->shards) {
    if (s.ordinal == position_->ordinal) {
      shard_id_ = ShardIdText(meta->id, s.ordinal, s.created_micros);
    }
  }
  for (const KeySchemaElement& k : meta->key_schema) {
    if (k.key_type == KeyType::kHash) hash_key_ = k.attribute_name;
  }
  named_shard_ = {position_->stream_id, position_->ordinal};
}

ConsumerLane& StreamConsumer::LaneOf(const Record& r) {
  if (lanes_.size() == 1) return *lanes_.front();
  auto key = r.dynamodb.keys.find(hash_key_);
  if (key == r.dynamodb.keys.end()) return *lanes_.front();
  return *lanes_[PartitionHash(key->second) % lanes_.size()];
}

Status StreamConsumer::Read(const StreamLog& log, int64_t now) {
  const auto most_records = static_cast<int64_t>(lanes_.size()) * mapping_.batch_size;
  const auto most_bytes = static_cast<int64_t>(lanes_.size()) * kMaxPayloadBytes;
  for (;;) {
    int64_t held = 0;
    int64_t held_bytes = 0;
    for (const auto& lane : lanes_) {
      held += static_cast<int64_t>(lane->pending_records());
      held_bytes += lane->pending_bytes();
    }
    if (held >= most_records || held_bytes >= most_bytes) return Status::OK();
    auto page = ReadShard(storage_, log, position_->ordinal, read_pos_,
                          std::min(most_records - held, kMaxReadRecords), Region());
    if (!page.ok()) return page.status();
    int64_t filtered = 0;
    for (Record& r : page->records) {
      if (mapping_.filter != nullptr && !mapping_.filter->Matches(r, event_source_arn_)) {
        ++filtered;
        continue;
      }
      LaneOf(r).Add(std::move(r), now);
    }
    board_.Filtered(filtered);
    read_pos_ = page->next_seq;
    drained_ = page->drained;
    caught_up_ = page->drained || page->next_seq > log.visible();
    if (caught_up_ || page->records.empty()) return Status::OK();
  }
}

int64_t StreamConsumer::StepLanes(int64_t now) {
  const ConsumerLane::Shard shard{event_source_arn_, shard_id_, drained_, caught_up_};
  int64_t due = NextRun::kNever;
  bool all_in_flight = true;
  for (auto& lane : lanes_) {
    due = std::min(due, lane->Step(shard, now).DueAt(now));
    all_in_flight = all_in_flight && lane->in_flight();
  }
  if (all_in_flight) waiting_for_records_.store(false, std::memory_order_release);
  return due;
}

bool StreamConsumer::LanesEmpty() const {
  return std::all_of(lanes_.begin(), lanes_.end(), [](const auto& lane) { return lane->empty(); });
}

NextRun StreamConsumer::Step(int64_t now) {
  bool progressed = false;
  for (auto& lane : lanes_) progressed = lane->TakeAnswer(now) || progressed;
  if (progressed) SaveProgress();
  waiting_for_records_.store(true, std::memory_order_release);
  if (!Resolve()) return NextRun::After(kIdlePollMicros);
  auto log = streams_.FindById(position_->stream_id);
  if (log == nullptr) {
    Restart();
    return NextRun::After(kIdlePollMicros);
  }
  NameShard(*log);
  const Status read = Read(*log, now);
  if (read.code() == ErrorCode::kTrimmedDataAccess) {
    // Records trimmed before they were delivered: go on from the oldest that remain.
    for (auto& lane : lanes_) lane->DropPending();
    Restart();
    return NextRun::Now();
  }
  int64_t due = StepLanes(now);
  // Records the filter skipped need no delivery: with nothing held, the checkpoint passes them.
  SaveProgress();
  if (drained_ && LanesEmpty() && MoveOn(*log)) return NextRun::Now();
  const bool busy =
      std::any_of(lanes_.begin(), lanes_.end(), [](const auto& lane) { return lane->in_flight(); });
  if (!busy || !read.ok()) due = std::min(due, now + kIdlePollMicros);
  return NextRun::At(due);
}

}  // namespace stator::engine
