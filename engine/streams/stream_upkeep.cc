#include "engine/streams/stream_upkeep.h"

#include <algorithm>
#include <map>
#include <set>

#include "engine/streams/stream_record_codec.h"

namespace stator::engine {
namespace {

// Trims the records of `log` created at or before `cutoff`, and forgets its shards closed at or
// before it (every record of theirs is older).
Status Trim(StreamRegistry& registry, StreamLog& log, int64_t cutoff) {
  Storage& storage = registry.storage();
  const uint64_t visible = log.visible();
  const std::shared_ptr<const StreamMeta> meta_snapshot = log.meta();
  const StreamMeta& meta = *meta_snapshot;
  WriteBatch batch(storage);
  std::map<uint32_t, uint64_t> horizons;
  std::set<uint32_t> forgotten;
  for (const ShardMeta& shard : meta.shards) {
    if (!shard.open() && shard.closed_micros <= cutoff) {
      forgotten.insert(shard.ordinal);
      batch.DeleteRange(Space::kStreams, ShardPrefix(meta.id, shard.ordinal),
                        ShardPrefix(meta.id, shard.ordinal + 1));
      continue;
    }
    const uint64_t end = shard.open() ? visible : std::min(shard.end_seq, visible);
    if (shard.horizon > end) continue;
    auto it =
        storage.NewRangeIterator(Space::kStreams, RecordKey(meta.id, shard.ordinal, shard.horizon),
                                 RecordKey(meta.id, shard.ordinal, end + 1), false);
    uint64_t last_old = 0;
    for (; it->Valid(); it->Next()) {
      int64_t created = 0;
      if (!DecodeRecordTime(it->value(), &created) || created > cutoff) break;
      last_old = SequenceOfKey(it->key());
    }
    STATOR_RETURN_IF_ERROR(it->status());
    if (last_old == 0) continue;
    batch.DeleteRange(Space::kStreams, RecordKey(meta.id, shard.ordinal, shard.horizon),
                      RecordKey(meta.id, shard.ordinal, last_old + 1));
    horizons[shard.ordinal] = last_old + 1;
  }
  if (horizons.empty() && forgotten.empty()) return Status::OK();
  return log.Change(
      [&](StreamMeta& m) {
        for (ShardMeta& s : m.shards) {
          if (auto h = horizons.find(s.ordinal); h != horizons.end()) {
            s.horizon = std::max(s.horizon, h->second);
          }
        }
        std::erase_if(m.shards, [&](const ShardMeta& s) { return forgotten.count(s.ordinal); });
      },
      batch);
}

class StreamUpkeep final : public BackgroundTask {
 public:
  explicit StreamUpkeep(StreamRegistry& registry) : registry_(registry) {}

  NextRun Step(int64_t now) override {
    // A failure (a storage error) is retried at the next pass; nothing is half-done meanwhile.
    (void)KeepStreams(registry_, now);
    return NextRun::After(StreamUpkeepInterval(registry_.settings()));
  }

 private:
  StreamRegistry& registry_;
};

}  // namespace

int64_t StreamUpkeepInterval(const StreamSettings& settings) {
  const int64_t shortest = std::min(settings.retention_micros, settings.rollover_micros);
  return std::clamp<int64_t>(shortest / 8, 50'000, 60'000'000);
}

Status KeepStreams(StreamRegistry& registry, int64_t now) {
  const StreamSettings& settings = registry.settings();
  const int64_t cutoff = now - settings.retention_micros;
  Status first = Status::OK();
  for (const auto& log : registry.All()) {
    Status s;
    const std::shared_ptr<const StreamMeta> meta_snapshot = log->meta();
  const StreamMeta& meta = *meta_snapshot;
    if (!meta.enabled() && meta.disabled_micros <= cutoff) {
      s = registry.Drop(*log);
    } else {
      if (meta.enabled()) s = log->Rollover(now - settings.rollover_micros, now);
      if (s.ok()) s = Trim(registry, *log, cutoff);
    }
    if (first.ok() && !s.ok()) first = s;
  }
  return first;
}

Status ScheduleStreamUpkeep(Scheduler& scheduler, StreamRegistry& registry) {
  return scheduler.Schedule(std::string(kStreamUpkeepTask),
                            std::make_unique<StreamUpkeep>(registry),
                            NextRun::After(StreamUpkeepInterval(registry.settings())));
}

}  // namespace stator::engine
