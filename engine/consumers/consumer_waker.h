// ConsumerWaker: the change feed subscriber that wakes the consumers reading a table's streams
// when the table is written, so records reach handlers as soon as they are committed without
// consumers polling. By table name: a mapping that names a stream ARN is woken by writes to
// any table of that name (the ARN holds it), a cheap over-approximation: a needless step finds
// nothing new and sleeps again.
//
// A consumer is woken only while it waits for records (StreamConsumer::NewRecords): with a
// batch in flight the write costs the writer one atomic exchange, not a scheduler wake-up.
//
// Thread safety: Arm once, before the first write; OnCommitted from any writer afterwards.
#pragma once

#include <atomic>
#include <map>
#include <string>
#include <vector>

#include "engine/consumers/stream_consumer.h"
#include "stator/change_feed.h"

namespace stator::engine {

class ConsumerWaker final : public ChangeSubscriber {
 public:
  using ConsumersByTable =
      std::map<std::string, std::vector<std::shared_ptr<StreamConsumer>>, std::less<>>;

  void OnCommitted(const TableRef& table) override {
    if (!armed_.load(std::memory_order_acquire)) return;
    auto it = consumers_.find(table.name);
    if (it == consumers_.end()) return;
    for (const auto& consumer : it->second) consumer->NewRecords();
  }

  void Arm(ConsumersByTable consumers) {
    consumers_ = std::move(consumers);
    armed_.store(true, std::memory_order_release);
  }

 private:
  std::atomic<bool> armed_{false};
  ConsumersByTable consumers_;  // written by Arm before armed_, then only read
};

}  // namespace stator::engine
