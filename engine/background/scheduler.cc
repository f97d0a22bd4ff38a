#include "engine/background/scheduler.h"

#include <algorithm>
#include <chrono>
#include <vector>

namespace stator::engine {
namespace {

// The longest the idle worker sleeps without reading the clock again, in microseconds.
constexpr int64_t kLongestWait = 60'000'000;

}  // namespace

// A scheduled task and where it stands. Every field is guarded by the scheduler's mu_; the task
// itself is used by one step at a time, outside the lock.
struct Scheduler::Entry {
  std::string name;
  std::unique_ptr<BackgroundTask> task;
  QueueKey key{NextRun::kNever, 0};  // its place in queue_ while not running
  bool running = false;
  std::thread::id runner;  // the thread running its step, while running
  bool woken = false;      // woken while running: due again as soon as the step ends
  bool cancelled = false;  // dropped when the running step ends
};

Scheduler::Scheduler(const Clock& clock) : clock_(clock), worker_([this] { Work(); }) {
  // The worker reads the clock again whenever its wait ends: a jump only has to end the wait.
  clock_jumps_ = clock_.OnJump([this] {
    std::lock_guard lock(mu_);
    changed_.notify_all();
  });
}

Scheduler::~Scheduler() { Stop(); }

Status Scheduler::Schedule(std::string name, std::unique_ptr<BackgroundTask> task, NextRun first) {
  // A task refused here is destroyed with the parameter, after the lock is released.
  std::lock_guard lock(mu_);
  if (stopping_) {
    return Status(ErrorCode::kInternalServerError, "The background scheduler has stopped");
  }
  if (by_name_.count(name) != 0) {
    return Status::InUse("A background task of that name is already scheduled: " + name);
  }
  auto entry = std::make_shared<Entry>();
  entry->name = name;
  entry->task = std::move(task);
  by_name_.emplace(std::move(name), entry);
  Enqueue(entry, first.DueAt(clock_.NowMicros()));
  changed_.notify_all();
  return Status::OK();
}

bool Scheduler::Wake(std::string_view name) {
  std::lock_guard lock(mu_);
  auto it = by_name_.find(name);
  if (it == by_name_.end()) return false;
  Entry& entry = *it->second;
  if (entry.running) {
    entry.woken = true;
    return true;
  }
  const int64_t now = clock_.NowMicros();
  if (entry.key.first > now) {
    queue_.erase(entry.key);
    Enqueue(it->second, now);
    changed_.notify_all();
  }
  return true;
}

bool Scheduler::Cancel(std::string_view name) {
  std::unique_lock lock(mu_);
  auto it = by_name_.find(name);
  if (it == by_name_.end()) return false;
  std::shared_ptr<Entry> entry = std::move(it->second);
  by_name_.erase(it);
  entry->cancelled = true;
  if (!entry->running) {
    queue_.erase(entry->key);
    std::unique_ptr<BackgroundTask> task = std::move(entry->task);
    lock.unlock();
    return true;  // `task` is destroyed here, outside the lock
  }
  // A task cancelling itself cannot wait for its own step; RunStep drops it after the step.
  if (entry->runner == std::this_thread::get_id()) return true;
  changed_.wait(lock, [&] { return !entry->running; });
  return true;
}

bool Scheduler::Has(std::string_view name) const {
  std::lock_guard lock(mu_);
  return by_name_.find(name) != by_name_.end();
}

void Scheduler::Stop() {
  std::unique_lock lock(mu_);
  if (stopping_) {
    changed_.wait(lock, [&] { return stopped_; });
    return;
  }
  stopping_ = true;
  changed_.notify_all();
  lock.unlock();
  worker_.join();  // it finishes the step in progress and starts no other
  lock.lock();
  // Steps that RunDueForTesting started on other threads.
  changed_.wait(lock, [&] { return steps_running_ == 0; });
  std::vector<std::unique_ptr<BackgroundTask>> tasks;
  for (auto& [name, entry] : by_name_) tasks.push_back(std::move(entry->task));
  by_name_.clear();
  queue_.clear();
  stopped_ = true;
  changed_.notify_all();
  lock.unlock();
  tasks.clear();  // outside the lock, so a task's destructor may call the scheduler
}

int Scheduler::RunDueForTesting() {
  std::unique_lock lock(mu_);
  int ran = 0;
  for (;;) {
    changed_.wait(lock, [&] { return steps_running_ == 0 || stopping_; });
    if (stopping_ || queue_.empty() || queue_.begin()->first.first > clock_.NowMicros()) {
      return ran;
    }
    RunStep(queue_.begin()->second, lock);
    ++ran;
  }
}

void Scheduler::Work() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    const int64_t due = queue_.empty() ? NextRun::kNever : queue_.begin()->first.first;
    if (due == NextRun::kNever) {
      changed_.wait(lock);
      continue;
    }
    const int64_t now = clock_.NowMicros();
    if (due > now) {
      // Until the due time as the clock sees it now, or until the plan changes; the loop reads
      // the clock again either way, so an early or spurious wake-up costs one check. The cap
      // bounds how late a task runs when the clock jumps ahead of real time (the system clock
      // stepped forward), and keeps a far due time from overflowing the wait's arithmetic.
      changed_.wait_for(lock, std::chrono::microseconds(std::min(due - now, kLongestWait)));
      continue;
    }
    RunStep(queue_.begin()->second, lock);
  }
}

void Scheduler::Enqueue(const std::shared_ptr<Entry>& entry, int64_t due) {
  entry->key = {due, next_order_++};
  queue_.emplace(entry->key, entry);
}

void Scheduler::RunStep(const std::shared_ptr<Entry>& queued, std::unique_lock<std::mutex>& lock) {
  std::shared_ptr<Entry> entry = queued;  // `queued` lives in queue_, erased next
  queue_.erase(entry->key);
  entry->running = true;
  entry->runner = std::this_thread::get_id();
  entry->woken = false;
  ++steps_running_;
  BackgroundTask* task = entry->task.get();
  const int64_t started = clock_.NowMicros();
  lock.unlock();
  const NextRun next = task->Step(started);
  lock.lock();
  entry->running = false;
  --steps_running_;
  std::unique_ptr<BackgroundTask> finished;
  if (entry->cancelled) {
    finished = std::move(entry->task);  // Cancel already took it off by_name_
  } else if (next.done()) {
    by_name_.erase(entry->name);
    finished = std::move(entry->task);
  } else {
    // Queued even while stopping, harmlessly: Stop discards the queue once no step runs.
    const int64_t now = clock_.NowMicros();
    const int64_t due = next.DueAt(now);
    Enqueue(entry, entry->woken ? std::min(due, now) : due);
  }
  changed_.notify_all();
  if (finished != nullptr) {
    lock.unlock();
    finished.reset();
    lock.lock();
  }
}

}  // namespace stator::engine
