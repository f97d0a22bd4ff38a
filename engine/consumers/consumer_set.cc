#include "engine/consumers/consumer_set.h"

#include "engine/consumers/mapping_validation.h"

namespace stator::engine {

namespace {

// The table name inside a stream ARN: "...:table/<name>/stream/<label>".
std::string TableOfArn(const std::string& arn) {
  const size_t start = arn.find(":table/");
  const size_t end = arn.find("/stream/");
  if (start == std::string::npos || end == std::string::npos || end < start + 7) return "";
  return arn.substr(start + 7, end - start - 7);
}

}  // namespace

Result<std::vector<EventSourceMapping>> ConsumerSet::Prepare(
    std::vector<EventSourceMapping> mappings) {
  for (size_t i = 0; i < mappings.size(); ++i) {
    EventSourceMapping& m = mappings[i];
    if (m.function_name.empty()) m.function_name = "handler";
    Status valid = ValidateMapping(m);
    if (!valid.ok()) {
      return Status::Validation("event source mapping " + std::to_string(i + 1) + " (" +
                                m.function_name + "): " + valid.message());
    }
    if (m.uuid.empty()) m.uuid = DefaultMappingUuid(m);
  }
  return mappings;
}

Status ConsumerSet::Start(const std::vector<EventSourceMapping>& mappings, StreamRegistry& streams,
                          Storage& storage, Scheduler& scheduler, const Clock& clock) {
  ConsumerWaker::ConsumersByTable by_table;
  for (const EventSourceMapping& m : mappings) {
    auto consumer = std::make_shared<StreamConsumer>(m, streams, storage, scheduler, clock);
    const std::string table = m.table_name.empty() ? TableOfArn(m.event_source_arn) : m.table_name;
    by_table[table].push_back(consumer);
    consumers_.push_back(consumer);
  }
  waker_->Arm(std::move(by_table));
  for (const auto& consumer : consumers_) STATOR_RETURN_IF_ERROR(consumer->Start());
  return Status::OK();
}

void ConsumerSet::Stop() {
  for (const auto& consumer : consumers_) consumer->Stop();
}

std::vector<EventSourceMappingStatus> ConsumerSet::Statuses() const {
  std::vector<EventSourceMappingStatus> out;
  for (const auto& consumer : consumers_) out.push_back(consumer->Report());
  return out;
}

}  // namespace stator::engine
