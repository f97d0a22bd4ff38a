// Out-of-line pieces of the public types in include/stator/: enum names, the system clock and
// Lambda's timeout message.
#include <algorithm>
#include <chrono>
#include <cstdio>

#include "stator/admission.h"
#include "stator/backups.h"
#include "stator/clock.h"
#include "stator/event_source_mapping.h"
#include "stator/streams.h"
#include "stator/table_types.h"

namespace stator {

std::string_view ToString(Operation op) {
  switch (op) {
    case Operation::kGetItem: return "GetItem";
    case Operation::kPutItem: return "PutItem";
    case Operation::kUpdateItem: return "UpdateItem";
    case Operation::kDeleteItem: return "DeleteItem";
    case Operation::kBatchGetItem: return "BatchGetItem";
    case Operation::kBatchWriteItem: return "BatchWriteItem";
    case Operation::kTransactGetItems: return "TransactGetItems";
    case Operation::kTransactWriteItems: return "TransactWriteItems";
    case Operation::kQuery: return "Query";
    case Operation::kScan: return "Scan";
  }
  return "";
}

bool IsWrite(Operation op) {
  switch (op) {
    case Operation::kPutItem:
    case Operation::kUpdateItem:
    case Operation::kDeleteItem:
    case Operation::kBatchWriteItem:
    case Operation::kTransactWriteItems:
      return true;
    default:
      return false;
  }
}

std::string_view ToString(KeyType v) { return v == KeyType::kHash ? "HASH" : "RANGE"; }

std::string_view ToString(ScalarType v) {
  switch (v) {
    case ScalarType::kS: return "S";
    case ScalarType::kN: return "N";
    case ScalarType::kB: return "B";
  }
  return "S";
}

std::string_view ToString(BillingMode v) {
  return v == BillingMode::kProvisioned ? "PROVISIONED" : "PAY_PER_REQUEST";
}

std::string_view ToString(TableStatus v) {
  switch (v) {
    case TableStatus::kCreating: return "CREATING";
    case TableStatus::kUpdating: return "UPDATING";
    case TableStatus::kDeleting: return "DELETING";
    case TableStatus::kActive: return "ACTIVE";
    case TableStatus::kInaccessibleEncryptionCredentials:
      return "INACCESSIBLE_ENCRYPTION_CREDENTIALS";
    case TableStatus::kArchiving: return "ARCHIVING";
    case TableStatus::kArchived: return "ARCHIVED";
  }
  return "ACTIVE";
}

std::string_view ToString(TableClass v) {
  return v == TableClass::kStandard ? "STANDARD" : "STANDARD_INFREQUENT_ACCESS";
}

std::string_view ToString(ProjectionType v) {
  switch (v) {
    case ProjectionType::kAll: return "ALL";
    case ProjectionType::kKeysOnly: return "KEYS_ONLY";
    case ProjectionType::kInclude: return "INCLUDE";
  }
  return "ALL";
}

std::string_view ToString(StreamViewType v) {
  switch (v) {
    case StreamViewType::kKeysOnly: return "KEYS_ONLY";
    case StreamViewType::kNewImage: return "NEW_IMAGE";
    case StreamViewType::kOldImage: return "OLD_IMAGE";
    case StreamViewType::kNewAndOldImages: return "NEW_AND_OLD_IMAGES";
  }
  return "NEW_AND_OLD_IMAGES";
}

std::string_view ToString(BackupStatus v) {
  switch (v) {
    case BackupStatus::kCreating:
      return "CREATING";
    case BackupStatus::kDeleted:
      return "DELETED";
    case BackupStatus::kAvailable:
      return "AVAILABLE";
  }
  return "AVAILABLE";
}

std::string_view ToString(BackupType v) {
  switch (v) {
    case BackupType::kUser:
      return "USER";
    case BackupType::kSystem:
      return "SYSTEM";
    case BackupType::kAwsBackup:
      return "AWS_BACKUP";
  }
  return "USER";
}

std::string_view ToString(IndexStatus v) {
  switch (v) {
    case IndexStatus::kCreating: return "CREATING";
    case IndexStatus::kUpdating: return "UPDATING";
    case IndexStatus::kDeleting: return "DELETING";
    case IndexStatus::kActive: return "ACTIVE";
  }
  return "ACTIVE";
}

std::string_view ToString(StreamStatus v) {
  switch (v) {
    case StreamStatus::kEnabling: return "ENABLING";
    case StreamStatus::kEnabled: return "ENABLED";
    case StreamStatus::kDisabling: return "DISABLING";
    case StreamStatus::kDisabled: return "DISABLED";
  }
  return "ENABLED";
}

std::string_view ToString(ShardIteratorType v) {
  switch (v) {
    case ShardIteratorType::kTrimHorizon: return "TRIM_HORIZON";
    case ShardIteratorType::kLatest: return "LATEST";
    case ShardIteratorType::kAtSequenceNumber: return "AT_SEQUENCE_NUMBER";
    case ShardIteratorType::kAfterSequenceNumber: return "AFTER_SEQUENCE_NUMBER";
  }
  return "TRIM_HORIZON";
}

std::string_view ToString(StreamEventName v) {
  switch (v) {
    case StreamEventName::kInsert: return "INSERT";
    case StreamEventName::kModify: return "MODIFY";
    case StreamEventName::kRemove: return "REMOVE";
  }
  return "INSERT";
}

namespace {
class SystemClock final : public Clock {
 public:
  int64_t NowMicros() const override {
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
};
}  // namespace

std::string TaskTimedOutMessage(double seconds) {
  char text[64];
  std::snprintf(text, sizeof text, "Task timed out after %.2f seconds", std::max(seconds, 0.0));
  return text;
}

const std::shared_ptr<Clock>& Clock::System() {
  static const std::shared_ptr<Clock> clock = std::make_shared<SystemClock>();
  return clock;
}

}  // namespace stator
