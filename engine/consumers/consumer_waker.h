// ConsumerWaker: the change feed subscriber that wakes the consumers reading a table's streams
// when the table is written, so records reach handlers as soon as they are committed without
// consumers polling. By table name: a mapping that names a stream ARN is woken by writes to
// any table of that name (the ARN holds it), a cheap over-approximation: a needless step finds
// nothing new and sleeps again.
//
// Thread safety: Arm once, before the first write; OnCommitted from any writer afterwards.
#pragma once

#include <atomic>
#include <map>
#include <string>
#include <vector>

#include "engine/background/scheduler.h"
#include "stator/change_feed.h"

namespace stator::engine {

class ConsumerWaker final : public ChangeSubscriber {
 public:
  using TasksByTable = std::map<std::string, std::vector<std::string>, std::less<>>;

  void OnCommitted(const TableRef& table) override {
    if (!armed_.load(std::memory_order_acquire)) return;
    auto it = tasks_.find(table.name);
    if (it == tasks_.end()) return;
    for (const std::string& task : it->second) scheduler_->Wake(task);
  }

  void Arm(TasksByTable tasks, Scheduler& scheduler) {
    tasks_ = std::move(tasks);
    scheduler_ = &scheduler;
    armed_.store(true, std::memory_order_release);
  }

 private:
  std::atomic<bool> armed_{false};
  TasksByTable tasks_;  // written by Arm before armed_, then only read
  Scheduler* scheduler_ = nullptr;
};

}  // namespace stator::engine
