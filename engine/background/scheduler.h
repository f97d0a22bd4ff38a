// Scheduler: runs the database's background work (BackgroundTask) on its own worker thread, off
// the threads that serve requests, a bounded step at a time, each task when its time on the
// injected Clock comes or when it is woken.
//
// Time: a task's next run is a time on the Clock. The idle worker sleeps on a condition variable
// until the earliest such time (converted to a real-time wait from the clock's current reading,
// and at most a minute) or until a Schedule, Wake or Cancel changes the plan; it never polls. A
// clock that says when it jumps (Clock::OnJump: the server's --virtual-clock) ends that wait, so
// what became due runs at once. Any other jump is noticed when the wait ends, so a test that moves
// a manual clock calls RunDueForTesting to run what became due, deterministically, on its own
// thread.
//
// Order: the task due earliest runs first; tasks due at the same time run in the order they
// became due, so a task that always has more to do (NextRun::Now) takes turns with the others
// rather than starving them.
//
// One worker: the steps are short and the target has few cores, so tasks share one thread; a
// pool would only make steps of different tasks race each other's locks.
//
// Thread safety: every method may be called from any thread, including from within a step,
// except Stop (and the destructor) and RunDueForTesting, which must not be called from a step.
// The scheduler holds its lock only for its own bookkeeping, never during a step or a task's
// destruction, so a writer may call Wake while holding its own locks.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <utility>

#include "engine/background/background_task.h"
#include "stator/clock.h"
#include "stator/status.h"

namespace stator::engine {

class Scheduler {
 public:
  // Starts the worker. The clock must outlive the scheduler.
  explicit Scheduler(const Clock& clock);
  // Stop().
  ~Scheduler();
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  // Adds a task under a name unique among the scheduled tasks, its first step due as `first`
  // says. The scheduler owns the task until it is done, cancelled or stopped. Errors:
  // ResourceInUse when the name is taken; InternalServerError once stopped (the task is then
  // destroyed, never run).
  Status Schedule(std::string name, std::unique_ptr<BackgroundTask> task,
                  NextRun first = NextRun::Now());

  // Makes the named task due now, whatever time it asked for; if its step is running, it runs
  // again right after, unless that step returned Done (the way a writer says "new records":
  // a wake during a step is never lost). False when no such task is scheduled.
  bool Wake(std::string_view name);

  // Removes the named task: once Cancel returns, no step of it is running and none will start
  // (a step in progress on another thread is waited for; a task cancelling itself from its own
  // step is dropped when that step returns). False when no such task is scheduled.
  bool Cancel(std::string_view name);

  // Whether a task of that name is scheduled (neither done nor cancelled).
  bool Has(std::string_view name) const;

  // Stops the worker: a step in progress finishes first, no step starts afterwards, and the
  // tasks not done are destroyed (their persisted progress is what resumes them at the next
  // open). Idempotent; a concurrent caller returns once the first has finished.
  void Stop();

  // For tests that move a manual clock: waits for any step in progress, then runs on the
  // caller's thread every task due at the clock's current reading, again and again until none
  // is due (a task that always returns Now runs until it is done). Returns the number of steps
  // it ran itself; the worker may have run others meanwhile. Runs nothing once stopped.
  int RunDueForTesting();

 private:
  struct Entry;
  using QueueKey = std::pair<int64_t, uint64_t>;  // (due time, order of becoming due)

  void Work();
  // Runs the step of `entry` (due, not running) with mu_ held by `lock`, released meanwhile.
  void RunStep(const std::shared_ptr<Entry>& entry, std::unique_lock<std::mutex>& lock);
  // Queues the entry (not running, not queued) to run at `due`.
  void Enqueue(const std::shared_ptr<Entry>& entry, int64_t due);

  const Clock& clock_;
  mutable std::mutex mu_;
  // Signalled when the plan changes (the worker waits on it) and when a step ends (Cancel,
  // Stop and RunDueForTesting wait on it).
  std::condition_variable changed_;
  std::map<std::string, std::shared_ptr<Entry>, std::less<>> by_name_;  // guarded by mu_
  // The tasks waiting for their turn, earliest first: every scheduled task whose step is not
  // running. A task waiting for a wake sits at the end with due time kNever.
  std::map<QueueKey, std::shared_ptr<Entry>> queue_;  // guarded by mu_
  uint64_t next_order_ = 0;                           // guarded by mu_
  int steps_running_ = 0;                             // guarded by mu_
  bool stopping_ = false;                             // guarded by mu_
  bool stopped_ = false;                              // guarded by mu_
  std::thread worker_;                                // started last, once the state above exists
  // Ends the worker's wait when the clock jumps; removed first when the scheduler is destroyed.
  std::unique_ptr<ClockSubscription> clock_jumps_;
};

}  // namespace stator::engine
