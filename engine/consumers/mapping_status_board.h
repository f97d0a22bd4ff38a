// MappingStatusBoard: a mapping's status (EventSourceMappingStatus) as its consumer and the
// consumer's lanes update it, and as GetEventSourceMappings reads it.
//
// Thread safety: safe for concurrent use (the scheduler's step, the lanes, readers of the status).
#pragma once

#include <algorithm>
#include <cstdint>
#include <mutex>
#include <string>

#include "stator/event_source_mapping.h"

namespace stator::engine {

class MappingStatusBoard {
 public:
  explicit MappingStatusBoard(const EventSourceMapping& m) {
    status_.uuid = m.uuid;
    status_.function_name = m.function_name;
    status_.event_source_arn = m.event_source_arn;
    status_.table_name = m.table_name;
    status_.state = m.enabled ? "Enabled" : "Disabled";
    status_.last_processing_result = "No records processed";
    status_.batch_size = m.batch_size;
  }

  EventSourceMappingStatus Snapshot() const {
    std::lock_guard lock(mu_);
    return status_;
  }
  void Reading(const std::string& event_source_arn) {
    std::lock_guard lock(mu_);
    status_.event_source_arn = event_source_arn;
  }
  void Filtered(int64_t records) {
    if (records == 0) return;
    std::lock_guard lock(mu_);
    status_.records_filtered += records;
  }
  // An invocation's outcome: `delivered` records done with; the iterator age counts on success.
  void Invoked(bool failed, int64_t delivered, int64_t iterator_age_ms) {
    std::lock_guard lock(mu_);
    ++status_.invocations;
    status_.records_delivered += delivered;
    if (failed) {
      ++status_.failed_invocations;
      status_.last_processing_result = "PROBLEM: Function call failed";
    } else {
      status_.last_processing_result = "OK";
      status_.iterator_age_ms = std::max<int64_t>(0, iterator_age_ms);
    }
  }
  void SentToFailureDestination() {
    std::lock_guard lock(mu_);
    ++status_.batches_sent_to_failure_destination;
  }

 private:
  mutable std::mutex mu_;
  EventSourceMappingStatus status_;  // guarded by mu_
};

}  // namespace stator::engine
