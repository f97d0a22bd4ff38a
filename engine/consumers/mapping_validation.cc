#include "engine/consumers/mapping_validation.h"

#include <xxhash.h>

#include <cstdio>

#include "engine/model/validation_errors.h"

namespace stator::engine {
namespace {

void CheckRange(ValidationErrors& errors, std::string_view path, int64_t value, int64_t least,
                int64_t most) {
  const std::string quoted = "'" + std::to_string(value) + "'";
  if (value < least) {
    errors.Add(quoted, path,
               "Member must have value greater than or equal to " + std::to_string(least));
  } else if (value > most) {
    errors.Add(quoted, path,
               "Member must have value less than or equal to " + std::to_string(most));
  }
}

}  // namespace

Status ValidateMapping(const EventSourceMapping& m) {
  ValidationErrors errors;
  CheckRange(errors, "batchSize", m.batch_size, 1, 10000);
  CheckRange(errors, "maximumBatchingWindowInSeconds", m.maximum_batching_window_seconds, 0, 300);
  CheckRange(errors, "maximumRetryAttempts", m.maximum_retry_attempts, -1, 10000);
  CheckRange(errors, "maximumRecordAgeInSeconds", m.maximum_record_age_seconds, -1, 604800);
  CheckRange(errors, "parallelizationFactor", m.parallelization_factor, 1, 10);
  CheckRange(errors, "tumblingWindowInSeconds", m.tumbling_window_seconds, 0, 900);
  STATOR_RETURN_IF_ERROR(errors.ToStatus());
  if (m.maximum_record_age_seconds != -1 && m.maximum_record_age_seconds < 60) {
    return Status::Validation(
        "1 validation error detected: Value '" + std::to_string(m.maximum_record_age_seconds) +
        "' at 'maximumRecordAgeInSeconds' failed to satisfy constraint: Member must have value "
        "greater than or equal to 60");
  }
  if (m.event_source_arn.empty() == m.table_name.empty()) {
    return Status::Validation(
        "An event source mapping names either EventSourceArn (a stream's ARN) or TableName");
  }
  if (!m.event_source_arn.empty() && m.event_source_arn.find("/stream/") == std::string::npos) {
    return Status::Validation("Invalid EventSourceArn: " + m.event_source_arn +
                              " is not a DynamoDB stream ARN");
  }
  if (m.handler == nullptr) {
    return Status::Validation("An event source mapping needs a handler");
  }
  if (!(m.timeout_seconds > 0 && m.timeout_seconds <= 900)) {
    return Status::Validation("Timeout must be between 1 and 900 seconds");
  }
  return Status::OK();
}

std::string DefaultMappingUuid(const EventSourceMapping& m) {
  const std::string basis = m.event_source_arn + "\n" + m.table_name + "\n" + m.function_name;
  const XXH128_hash_t h = XXH3_128bits(basis.data(), basis.size());
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx",
                static_cast<uint32_t>(h.high64 >> 32),
                static_cast<uint32_t>(h.high64 >> 16) & 0xffff,
                static_cast<uint32_t>(h.high64) & 0xffff, static_cast<uint32_t>(h.low64 >> 48),
                static_cast<unsigned long long>(h.low64 & 0xffffffffffffULL));
  return buf;
}

}  // namespace stator::engine
