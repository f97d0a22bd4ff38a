// HandlerThread: the thread a consumer invokes its handler on, so a handler that takes seconds
// (a command, a URL) never holds up the scheduler's one worker and the other background tasks.
// Jobs run one at a time in the order given (a consumer has at most one batch in flight, but
// may hand over the next one while the thread is still finishing the last).
//
// Thread safety: Run and Stop may be called from any thread; Stop waits for the job in progress.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace stator::engine {

class HandlerThread {
 public:
  HandlerThread();
  ~HandlerThread() { Stop(); }
  HandlerThread(const HandlerThread&) = delete;
  HandlerThread& operator=(const HandlerThread&) = delete;

  // Runs `job` on the thread after those given before; false once the thread is stopped.
  bool Run(std::function<void()> job);
  // Finishes the job in progress, then ends the thread. Idempotent.
  void Stop();

 private:
  void Loop();

  std::mutex mu_;
  std::condition_variable changed_;
  std::deque<std::function<void()>> jobs_;  // guarded by mu_
  bool stopping_ = false;                   // guarded by mu_
  std::thread thread_;                      // started last
};

}  // namespace stator::engine
