#include "engine/streams/stream_log.h"

#include <algorithm>

namespace stator::engine {

StreamLog::StreamLog(Storage& storage, StreamMeta meta, uint64_t next_seq)
    : storage_(storage),
      id_(meta.id),
      fixed_(meta),
      arn_(meta.arn()),
      meta_(std::move(meta)),
      next_seq_(next_seq),
      visible_(next_seq - 1),
      published_(std::make_shared<const StreamMeta>(meta_)) {
  if (!meta_.shards.empty() && meta_.shards.back().open() &&
      next_seq_ > meta_.shards.back().start_seq) {
    open_last_seq_ = next_seq_ - 1;
  }
}

std::shared_ptr<const StreamMeta> StreamLog::meta() const {
  std::lock_guard lock(published_mu_);
  return published_;
}

bool StreamLog::enabled() const {
  std::lock_guard lock(mu_);
  return meta_.enabled();
}

bool StreamLog::Take(Slot* out) {
  std::lock_guard lock(mu_);
  if (meta_.shards.empty() || !meta_.shards.back().open()) return false;
  out->ordinal = meta_.shards.back().ordinal;
  out->seq = next_seq_++;
  open_last_seq_ = out->seq;
  in_flight_.insert(out->seq);
  return true;
}

void StreamLog::Settle(uint64_t seq) {
  std::lock_guard lock(mu_);
  in_flight_.erase(seq);
  PublishLocked();
}

void StreamLog::PublishLocked() {
  visible_.store(in_flight_.empty() ? next_seq_ - 1 : *in_flight_.begin() - 1,
                 std::memory_order_release);
}

void StreamLog::CloseOpenShard(int64_t now) {
  ShardMeta& open = meta_.shards.back();
  // An empty shard still owns its starting number, so ranges never overlap.
  open.end_seq = std::max(open_last_seq_, open.start_seq);
  open.closed_micros = now;
  next_seq_ = std::max(next_seq_, open.end_seq + 1);
  open_last_seq_ = 0;
  PublishLocked();
}

Status StreamLog::Rollover(int64_t opened_before, int64_t now) {
  std::lock_guard lock(mu_);
  if (meta_.shards.empty() || !meta_.shards.back().open() ||
      meta_.shards.back().created_micros > opened_before) {
    return Status::OK();
  }
  const StreamMeta before = meta_;
  const uint64_t next_before = next_seq_, last_before = open_last_seq_;
  CloseOpenShard(now);
  ShardMeta child;
  child.ordinal = meta_.next_ordinal++;
  child.created_micros = now;
  child.start_seq = next_seq_;
  child.horizon = next_seq_;
  child.parent = meta_.shards.back().ordinal;
  child.parent_created_micros = meta_.shards.back().created_micros;
  meta_.shards.push_back(child);
  WriteBatch batch(storage_);
  Status s = PersistLocked(batch);
  if (!s.ok()) {  // nothing changed: the shard stays open
    meta_ = before;
    next_seq_ = next_before;
    open_last_seq_ = last_before;
    PublishLocked();
  }
  return s;
}

Status StreamLog::Disable(int64_t now) {
  std::lock_guard lock(mu_);
  if (!meta_.enabled()) return Status::OK();
  const StreamMeta before = meta_;
  const uint64_t next_before = next_seq_, last_before = open_last_seq_;
  if (!meta_.shards.empty() && meta_.shards.back().open()) CloseOpenShard(now);
  meta_.disabled_micros = now;
  WriteBatch batch(storage_);
  Status s = PersistLocked(batch);
  if (!s.ok()) {
    meta_ = before;
    next_seq_ = next_before;
    open_last_seq_ = last_before;
    PublishLocked();
  }
  return s;
}

Status StreamLog::Change(const std::function<void(StreamMeta&)>& change, WriteBatch& batch) {
  std::lock_guard lock(mu_);
  const StreamMeta before = meta_;
  change(meta_);
  Status s = PersistLocked(batch);
  if (!s.ok()) meta_ = before;
  return s;
}

Status StreamLog::Persist() {
  std::lock_guard lock(mu_);
  WriteBatch batch(storage_);
  return PersistLocked(batch);
}

Status StreamLog::PersistLocked(WriteBatch& batch) {
  batch.Put(Space::kMeta, StreamMetaKey(id_), EncodeStreamMeta(meta_));
  STATOR_RETURN_IF_ERROR(storage_.Write(batch));
  auto snapshot = std::make_shared<const StreamMeta>(meta_);
  std::lock_guard lock(published_mu_);
  published_ = std::move(snapshot);
  return Status::OK();
}

}  // namespace stator::engine
