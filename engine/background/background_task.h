// BackgroundTask: one piece of background work (an index backfill; later a TTL sweep, stream
// trimming and shard rollover, PITR retention, a stream consumer) as the Scheduler runs it: one
// step at a time, each step a bounded amount of work that ends by saying when the task wants its
// next step (NextRun).
//
// Bounded steps are what make the work fair and resumable: a task keeps its progress between
// steps (in memory, or persisted where it must survive a restart, as the backfill's cursor), so
// one worker interleaves many tasks, a task can be cancelled between two steps, and closing the
// database waits for no more than the step in progress.
//
// Thread safety: the scheduler never runs two steps of one task at once, but successive steps
// may run on different threads (the worker, or a test's RunDueForTesting), each step ordered
// after the one before. NextRun is a value.
#pragma once

#include <cstdint>
#include <limits>

namespace stator::engine {

// When a task wants its next step. Times are microseconds on the scheduler's injected Clock, so
// a test moves time instead of waiting for it.
class NextRun {
 public:
  // More to do: run again as soon as the tasks already due have had their turn.
  static NextRun Now() { return NextRun(Kind::kAfter, 0); }
  // Run again `micros` after the scheduler is told (when the step ends, or at Schedule).
  static NextRun After(int64_t micros) { return NextRun(Kind::kAfter, micros); }
  // Run again once the clock reads `clock_micros` (a periodic task's next period).
  static NextRun At(int64_t clock_micros) { return NextRun(Kind::kAt, clock_micros); }
  // Nothing to do until someone calls Scheduler::Wake (a consumer waiting for new records).
  static NextRun WhenWoken() { return NextRun(Kind::kAt, kNever); }
  // Finished: the scheduler forgets the task and destroys it.
  static NextRun Done() { return NextRun(Kind::kDone, 0); }

  // The clock time this asks for, given the clock's reading when it is told; kNever for
  // WhenWoken (and Done).
  int64_t DueAt(int64_t now_micros) const {
    if (kind_ == Kind::kAt) return micros_;
    if (kind_ == Kind::kDone) return kNever;
    return micros_ >= kNever - now_micros ? kNever : now_micros + micros_;
  }
  bool done() const { return kind_ == Kind::kDone; }

  static constexpr int64_t kNever = std::numeric_limits<int64_t>::max();

 private:
  enum class Kind : unsigned char { kAfter, kAt, kDone };
  NextRun(Kind kind, int64_t micros) : kind_(kind), micros_(micros) {}

  Kind kind_;
  int64_t micros_;
};

class BackgroundTask {
 public:
  virtual ~BackgroundTask() = default;

  // Does a bounded amount of work (what a few milliseconds allow: a chunk of items, one
  // partition's sweep) and says when to run next. `now_micros` is the clock's reading when the
  // step was picked, at or after the time the task asked for. A step must not call the
  // scheduler's Stop, nor Cancel another task whose step may be waiting on this one.
  virtual NextRun Step(int64_t now_micros) = 0;
};

}  // namespace stator::engine
