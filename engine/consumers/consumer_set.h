// ConsumerSet: the database's event source mappings at work (stream_consumer.h), with the
// subscriber that wakes them when their table is written (consumer_waker.h).
//
// Thread safety: Start and Stop once each, from the thread that opens and closes the database;
// Statuses and the subscriber from any thread.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "engine/background/scheduler.h"
#include "engine/consumers/consumer_waker.h"
#include "engine/consumers/stream_consumer.h"
#include "stator/change_feed.h"

namespace stator::engine {

class ConsumerSet {
 public:
  // Validates the mappings (ValidateMapping) and gives each its uuid. Errors:
  // ValidationException naming the mapping.
  static Result<std::vector<EventSourceMapping>> Prepare(std::vector<EventSourceMapping> mappings);

  // The subscriber to put in the item store's change feed: it wakes the consumers of the table
  // written once Start has run.
  std::shared_ptr<ChangeSubscriber> waker() const { return waker_; }

  Status Start(const std::vector<EventSourceMapping>& mappings, StreamRegistry& streams,
               Storage& storage, Scheduler& scheduler, const Clock& clock);
  // Waits for the invocations in progress; none starts afterwards.
  void Stop();

  std::vector<EventSourceMappingStatus> Statuses() const;

 private:
  std::vector<std::shared_ptr<StreamConsumer>> consumers_;
  std::shared_ptr<ConsumerWaker> waker_ = std::make_shared<ConsumerWaker>();
};

}  // namespace stator::engine
