#include "engine/consumers/handler_thread.h"

namespace stator::engine {

HandlerThread::HandlerThread() : thread_([this] { Loop(); }) {}

bool HandlerThread::Run(std::function<void()> job) {
  std::lock_guard lock(mu_);
  if (stopping_) return false;
  jobs_.push_back(std::move(job));
  changed_.notify_all();
  return true;
}

void HandlerThread::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    changed_.notify_all();
  }
  if (thread_.joinable()) thread_.join();
}

void HandlerThread::Loop() {
  std::unique_lock lock(mu_);
  while (true) {
    changed_.wait(lock, [&] { return !jobs_.empty() || stopping_; });
    if (stopping_) return;  // a job not started is dropped: its batch is delivered again later
    auto job = std::move(jobs_.front());
    jobs_.pop_front();
    lock.unlock();
    job();
    lock.lock();
  }
}

}  // namespace stator::engine
