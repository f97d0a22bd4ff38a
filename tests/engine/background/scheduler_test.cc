// Scheduler: tasks run on the worker, periodic tasks on the injected clock (moved by hand, never
// slept for), wakes, tasks with more to do taking turns, cancellation, and a stop that waits for
// the step in progress and runs nothing after it.
#include "engine/background/scheduler.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "tests/engine/database_test_util.h"

namespace stator::engine {
namespace {

using std::chrono::milliseconds;
using testing::ManualClock;

// Long enough for any thread on a loaded machine; a passing test never waits for it.
constexpr auto kPatience = std::chrono::seconds(10);
// How long a test lets another thread run before checking that it is still blocked.
constexpr auto kObserve = milliseconds(20);
constexpr int64_t kSecond = 1'000'000;

// What a test sees of its tasks: steps taken (with the time each was given) and destruction,
// each of which a test can wait for.
struct Probe {
  std::mutex mu;
  std::condition_variable cv;
  std::vector<int64_t> step_times;
  std::vector<std::string> order;  // names of the tasks stepped, across tasks sharing the probe
  int destroyed = 0;

  int steps() {
    std::lock_guard lock(mu);
    return static_cast<int>(step_times.size());
  }
  bool WaitSteps(int n) {
    std::unique_lock lock(mu);
    return cv.wait_for(lock, kPatience, [&] { return static_cast<int>(step_times.size()) >= n; });
  }
  bool WaitDestroyed(int n) {
    std::unique_lock lock(mu);
    return cv.wait_for(lock, kPatience, [&] { return destroyed >= n; });
  }
};

// A task whose steps a test scripts: fn(step number from 1, now) says when to run next.
class ScriptedTask final : public BackgroundTask {
 public:
  using Script = std::function<NextRun(int step, int64_t now)>;
  ScriptedTask(Probe& probe, std::string name, Script script)
      : probe_(probe), name_(std::move(name)), script_(std::move(script)) {}
  ~ScriptedTask() override {
    std::lock_guard lock(probe_.mu);
    ++probe_.destroyed;
    probe_.cv.notify_all();
  }

  NextRun Step(int64_t now) override {
    const NextRun next = script_(++step_, now);
    std::lock_guard lock(probe_.mu);
    probe_.step_times.push_back(now);
    probe_.order.push_back(name_);
    probe_.cv.notify_all();
    return next;
  }

 private:
  Probe& probe_;
  const std::string name_;
  const Script script_;
  int step_ = 0;
};

// A gate a step blocks on until the test opens it.
class Latch {
 public:
  void Open() {
    std::lock_guard lock(mu_);
    open_ = true;
    cv_.notify_all();
  }
  bool Wait() {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, kPatience, [&] { return open_; });
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool open_ = false;
};

// Scripts for ScriptedTask.
NextRun Once(int, int64_t) { return NextRun::Done(); }
NextRun Forever(int, int64_t) { return NextRun::Now(); }
NextRun EverySecond(int, int64_t now) { return NextRun::At(now + kSecond); }
NextRun OnWake(int, int64_t) { return NextRun::WhenWoken(); }
NextRun ThreeSteps(int step, int64_t) { return step < 3 ? NextRun::Now() : NextRun::Done(); }

class SchedulerTest : public ::testing::Test {
 protected:
  // Schedules a scripted task whose steps probe_ records under its name.
  Status Add(Scheduler& scheduler, const std::string& name, ScriptedTask::Script script,
             NextRun first = NextRun::Now()) {
    return scheduler.Schedule(name, std::make_unique<ScriptedTask>(probe_, name, script), first);
  }

  // Stops the scheduler (by `stop`, from another thread) while a step runs: it returns only
  // after that step, and neither that task nor another due one runs again.
  void ExpectStopWaitsForTheRunningStep(Scheduler& scheduler, const std::function<void()>& stop) {
    Latch in_step, release;
    std::atomic<bool> stop_called{false}, stop_returned{false}, returned_during_step{false};
    ASSERT_TRUE(Add(scheduler, "busy", [&](int, int64_t) {
                  in_step.Open();
                  release.Wait();
                  returned_during_step = stop_returned.load();
                  return NextRun::Now();
                }).ok());
    ASSERT_TRUE(in_step.Wait());
    ASSERT_TRUE(Add(scheduler, "waiting", Forever).ok());  // due, but the one worker is busy
    std::thread stopper([&] {
      stop_called = true;
      stop();
      stop_returned = true;
    });
    while (!stop_called) std::this_thread::yield();
    std::this_thread::sleep_for(kObserve);
    EXPECT_FALSE(stop_returned);
    release.Open();
    stopper.join();
    EXPECT_FALSE(returned_during_step);
    std::lock_guard lock(probe_.mu);
    EXPECT_EQ(probe_.order, std::vector<std::string>{"busy"});  // "waiting" never ran
    EXPECT_EQ(probe_.destroyed, 2);                             // both tasks, before Stop returned
  }

  ManualClock clock_;
  Probe probe_;
};

TEST_F(SchedulerTest, ATaskRunsOnTheWorkerAndIsForgottenWhenDone) {
  Scheduler scheduler(clock_);
  const int64_t t0 = clock_.NowMicros();
  ASSERT_TRUE(Add(scheduler, "once", Once).ok());
  ASSERT_TRUE(probe_.WaitDestroyed(1));  // the worker ran it without a call from the test
  EXPECT_EQ(probe_.steps(), 1);
  EXPECT_EQ(probe_.step_times[0], t0);
  EXPECT_FALSE(scheduler.Has("once"));
  EXPECT_FALSE(scheduler.Wake("once"));
}

TEST_F(SchedulerTest, NamesAreUniqueAmongScheduledTasks) {
  Scheduler scheduler(clock_);
  ASSERT_TRUE(Add(scheduler, "t", OnWake).ok());
  EXPECT_EQ(Add(scheduler, "t", Once).code(), ErrorCode::kResourceInUse);
  ASSERT_TRUE(probe_.WaitDestroyed(1));  // the refused task, never run
  ASSERT_TRUE(probe_.WaitSteps(1));
  EXPECT_TRUE(scheduler.Has("t"));
  ASSERT_TRUE(scheduler.Cancel("t"));
  EXPECT_TRUE(Add(scheduler, "t", Once).ok());
}

TEST_F(SchedulerTest, APeriodicTaskRunsAgainOnlyWhenTheClockPassesItsTime) {
  Scheduler scheduler(clock_);
  ASSERT_TRUE(Add(scheduler, "periodic", EverySecond).ok());
  ASSERT_TRUE(probe_.WaitSteps(1));
  const int64_t t0 = probe_.step_times[0];
  EXPECT_EQ(scheduler.RunDueForTesting(), 0);
  clock_.Advance(kSecond - 1);
  scheduler.RunDueForTesting();
  EXPECT_EQ(probe_.steps(), 1);
  clock_.Advance(1);
  scheduler.RunDueForTesting();
  ASSERT_EQ(probe_.steps(), 2);
  EXPECT_EQ(probe_.step_times[1], t0 + kSecond);
  scheduler.RunDueForTesting();
  EXPECT_EQ(probe_.steps(), 2);
  // After(d) counts from the clock's reading when asked.
  ASSERT_TRUE(Add(scheduler, "delayed", Once, NextRun::After(kSecond / 2)).ok());
  clock_.Advance(kSecond / 2 - 1);
  scheduler.RunDueForTesting();
  EXPECT_EQ(probe_.steps(), 2);
  clock_.Advance(1);
  scheduler.RunDueForTesting();
  EXPECT_EQ(probe_.steps(), 3);
}

TEST_F(SchedulerTest, WakeRunsAWaitingTaskEarly) {
  Scheduler scheduler(clock_);
  ASSERT_TRUE(Add(scheduler, "hourly", [](int step, int64_t) {
                return step == 1 ? NextRun::After(3600 * kSecond) : NextRun::WhenWoken();
              }).ok());
  ASSERT_TRUE(probe_.WaitSteps(1));
  EXPECT_TRUE(scheduler.Wake("hourly"));
  ASSERT_TRUE(probe_.WaitSteps(2));  // on the worker, with the clock where it was
  // Now waiting for a wake only: no time makes it due.
  clock_.Advance(24 * 3600 * kSecond);
  scheduler.RunDueForTesting();
  EXPECT_EQ(probe_.steps(), 2);
  EXPECT_TRUE(scheduler.Wake("hourly"));
  ASSERT_TRUE(probe_.WaitSteps(3));
  EXPECT_FALSE(scheduler.Wake("nobody"));
}

TEST_F(SchedulerTest, AWakeDuringAStepRunsTheTaskAgainAfterIt) {
  Scheduler scheduler(clock_);
  Latch in_step, release;
  ASSERT_TRUE(Add(scheduler, "consumer", [&](int step, int64_t) {
                if (step == 1) {
                  in_step.Open();
                  release.Wait();
                }
                return NextRun::WhenWoken();
              }).ok());
  ASSERT_TRUE(in_step.Wait());
  EXPECT_TRUE(scheduler.Wake("consumer"));  // "new records", arriving while it reads
  release.Open();
  ASSERT_TRUE(probe_.WaitSteps(2));
  scheduler.RunDueForTesting();
  EXPECT_EQ(probe_.steps(), 2);  // one wake, one more step
}

TEST_F(SchedulerTest, TasksWithMoreToDoRunAgainTakingTurns) {
  Scheduler scheduler(clock_);
  Latch in_step, release;
  // Holds the one worker while the others are scheduled, so their order is the scheduler's.
  ASSERT_TRUE(Add(scheduler, "blocker", [&](int, int64_t) {
                in_step.Open();
                release.Wait();
                return NextRun::Done();
              }).ok());
  ASSERT_TRUE(in_step.Wait());
  ASSERT_TRUE(Add(scheduler, "a", ThreeSteps).ok());
  ASSERT_TRUE(Add(scheduler, "b", ThreeSteps).ok());
  release.Open();
  ASSERT_TRUE(probe_.WaitDestroyed(3));
  std::lock_guard lock(probe_.mu);
  EXPECT_EQ(probe_.order, (std::vector<std::string>{"blocker", "a", "b", "a", "b", "a", "b"}));
  EXPECT_FALSE(scheduler.Has("a"));
  EXPECT_FALSE(scheduler.Has("b"));
}

TEST_F(SchedulerTest, CancelStopsATask) {
  Scheduler scheduler(clock_);
  ASSERT_TRUE(Add(scheduler, "periodic", EverySecond).ok());
  ASSERT_TRUE(probe_.WaitSteps(1));
  scheduler.RunDueForTesting();  // waits for the end of that step
  EXPECT_TRUE(scheduler.Cancel("periodic"));
  {
    std::lock_guard lock(probe_.mu);
    EXPECT_EQ(probe_.destroyed, 1);  // not running: destroyed before Cancel returned
  }
  EXPECT_FALSE(scheduler.Has("periodic"));
  EXPECT_FALSE(scheduler.Wake("periodic"));
  EXPECT_FALSE(scheduler.Cancel("periodic"));
  clock_.Advance(10 * kSecond);
  EXPECT_EQ(scheduler.RunDueForTesting(), 0);
  EXPECT_EQ(probe_.steps(), 1);
}

TEST_F(SchedulerTest, CancelWaitsForTheRunningStep) {
  Scheduler scheduler(clock_);
  Latch in_step, release;
  std::atomic<bool> cancel_called{false}, cancel_returned{false}, returned_during_step{false};
  ASSERT_TRUE(Add(scheduler, "busy", [&](int, int64_t) {
                in_step.Open();
                release.Wait();
                returned_during_step = cancel_returned.load();
                return NextRun::Now();
              }).ok());
  ASSERT_TRUE(in_step.Wait());
  std::thread canceller([&] {
    cancel_called = true;
    EXPECT_TRUE(scheduler.Cancel("busy"));
    cancel_returned = true;
  });
  while (!cancel_called) std::this_thread::yield();
  std::this_thread::sleep_for(kObserve);
  EXPECT_FALSE(cancel_returned);
  release.Open();
  canceller.join();
  EXPECT_FALSE(returned_during_step);
  ASSERT_TRUE(probe_.WaitDestroyed(1));
  scheduler.RunDueForTesting();
  EXPECT_EQ(probe_.steps(), 1);  // it asked to run again, and did not
}

TEST_F(SchedulerTest, ATaskMayCancelItselfFromItsStep) {
  Scheduler scheduler(clock_);
  std::atomic<bool> cancelled{false};
  ASSERT_TRUE(Add(scheduler, "self", [&](int, int64_t) {
                cancelled = scheduler.Cancel("self");
                return NextRun::Now();
              }).ok());
  ASSERT_TRUE(probe_.WaitDestroyed(1));
  EXPECT_TRUE(cancelled);
  EXPECT_EQ(probe_.steps(), 1);
  EXPECT_FALSE(scheduler.Has("self"));
}

TEST_F(SchedulerTest, StopWaitsForTheRunningStepAndRunsNothingAfter) {
  Scheduler scheduler(clock_);
  ExpectStopWaitsForTheRunningStep(scheduler, [&] { scheduler.Stop(); });
  EXPECT_FALSE(scheduler.Has("busy"));
  EXPECT_FALSE(scheduler.Wake("waiting"));
  EXPECT_EQ(scheduler.RunDueForTesting(), 0);
  EXPECT_EQ(Add(scheduler, "late", Once).code(), ErrorCode::kInternalServerError);
  EXPECT_EQ(probe_.steps(), 1);
  EXPECT_EQ(probe_.destroyed, 3);  // "late" too, refused
  scheduler.Stop();                // again: nothing left to do
}

TEST_F(SchedulerTest, DestroyingTheSchedulerStopsIt) {
  auto scheduler = std::make_unique<Scheduler>(clock_);
  ExpectStopWaitsForTheRunningStep(*scheduler, [&] { scheduler.reset(); });
}

// With a clock that says when it jumps (the server's --virtual-clock), the worker itself runs
// what the jump made due, without RunDueForTesting and without waiting for real time.
TEST(SchedulerJumpTest, TheWorkerRunsWhatAJumpOfTheClockMadeDue) {
  MovableClock clock;
  Probe probe;
  Scheduler scheduler(clock);
  const int64_t day = 24 * 3600 * kSecond;
  ASSERT_TRUE(scheduler
                  .Schedule("tomorrow", std::make_unique<ScriptedTask>(probe, "tomorrow", Once),
                            NextRun::At(clock.NowMicros() + day))
                  .ok());
  std::this_thread::sleep_for(kObserve);
  EXPECT_EQ(probe.steps(), 0);
  clock.Advance(day);
  ASSERT_TRUE(probe.WaitSteps(1));
  EXPECT_GE(probe.step_times[0], clock.NowMicros() - kPatience.count() * kSecond);
  EXPECT_TRUE(probe.WaitDestroyed(1));
}

}  // namespace
}  // namespace stator::engine
