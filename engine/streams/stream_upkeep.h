// StreamUpkeep: the background task (engine/background/) that keeps every stream within its
// periods: it rolls an enabled stream's open shard over once it has been open for the rollover
// period, trims records older than the retention period (a DeleteRange per shard, committed
// with the shard's new trim horizon, never blocking writers), forgets closed shards past
// retention, and drops streams disabled longer than that.
//
// Thread safety: its steps run on the scheduler; it shares the registry with request threads.
#pragma once

#include "engine/background/scheduler.h"
#include "engine/streams/stream_registry.h"

namespace stator::engine {

inline constexpr std::string_view kStreamUpkeepTask = "stream-upkeep";

// How often upkeep runs: often enough that shards roll over and records are trimmed within an
// eighth of their periods, at most once a minute and at least every 50 ms.
int64_t StreamUpkeepInterval(const StreamSettings& settings);

// One pass over every stream at `now`.
Status KeepStreams(StreamRegistry& registry, int64_t now);

Status ScheduleStreamUpkeep(Scheduler& scheduler, StreamRegistry& registry);

}  // namespace stator::engine
