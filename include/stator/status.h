// Status and Result<T>: how every Stator operation reports success or failure.
//
// A Status is a cheap value: an ErrorCode named after the DynamoDB exception it stands for, a
// message worded as the service words it, and, where the service returns one, a detail payload
// (the old item of a failed condition, a transaction's cancellation reasons). Expected outcomes
// (a failed condition, a throttle) are Statuses, never exceptions.
//
// Thread safety: Status and Result are values; distinct objects may be used from any thread.
#pragma once

#include <cassert>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace stator {

// One code per DynamoDB exception. The api layer maps each to its `__type` and HTTP status.
enum class ErrorCode : unsigned char {
  kOk = 0,
  kValidation,                      // ValidationException
  kSerialization,                   // SerializationException
  kResourceNotFound,                // ResourceNotFoundException
  kResourceInUse,                   // ResourceInUseException
  kTableNotFound,                   // TableNotFoundException (backup operations)
  kTableAlreadyExists,              // TableAlreadyExistsException (restores)
  kBackupNotFound,                  // BackupNotFoundException
  kBackupInUse,                     // BackupInUseException
  kSourceTableNotFound,             // SourceTableNotFoundException (point-in-time restores)
  kPointInTimeRecoveryUnavailable,  // PointInTimeRecoveryUnavailableException
  kInvalidRestoreTime,              // InvalidRestoreTimeException
  kConditionalCheckFailed,          // ConditionalCheckFailedException
  kProvisionedThroughputExceeded,   // ProvisionedThroughputExceededException
  kThrottling,                      // ThrottlingException
  kRequestLimitExceeded,            // RequestLimitExceeded
  kLimitExceeded,                   // LimitExceededException
  kItemCollectionSizeLimitExceeded,
  kTransactionCanceled,
  kTransactionConflict,
  kTransactionInProgress,
  kIdempotentParameterMismatch,
  kPolicyNotFound,              // PolicyNotFoundException
  kDuplicateItem,               // DuplicateItemException (a PartiQL INSERT of a key that exists)
  kTrimmedDataAccess,           // TrimmedDataAccessException (Streams)
  kExpiredIterator,             // ExpiredIteratorException (Streams)
  kUnknownOperation,            // UnknownOperationException
  kMissingAuthenticationToken,  // MissingAuthenticationTokenException
  kIncompleteSignature,         // IncompleteSignatureException
  kInvalidSignature,            // InvalidSignatureException
  kUnrecognizedClient,          // UnrecognizedClientException
  kAccessDenied,                // AccessDeniedException
  kInternalServerError,         // InternalServerError
  kIOError,                     // a storage failure; reported as InternalServerError
  kWouldBlock,                  // the call would wait on the network (CallOptions::may_block)
};

// Optional payload of a failed Status; defined with the request types (stator/types.h).
struct ErrorDetail;

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(ErrorCode code, std::string message, std::shared_ptr<const ErrorDetail> detail = nullptr)
      : code_(code), message_(std::move(message)), detail_(std::move(detail)) {}

  static Status OK() { return Status(); }
  static Status Validation(std::string message) {
    return Status(ErrorCode::kValidation, std::move(message));
  }
  static Status NotFound(std::string message) {
    return Status(ErrorCode::kResourceNotFound, std::move(message));
  }
  static Status InUse(std::string message) {
    return Status(ErrorCode::kResourceInUse, std::move(message));
  }
  static Status IOError(std::string message) {
    return Status(ErrorCode::kIOError, std::move(message));
  }

  bool ok() const { return code_ == ErrorCode::kOk; }
  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // Null unless the service returns a payload with this error.
  const ErrorDetail* detail() const { return detail_.get(); }

 private:
  ErrorCode code_ = ErrorCode::kOk;
  std::string message_;
  std::shared_ptr<const ErrorDetail> detail_;
};

// Either a T or a failed Status.
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {  // NOLINT
    assert(!status_.ok() && "a Result holds a value or a failure");
  }

  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }

  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T& operator*() & { return *value_; }
  const T& operator*() const& { return *value_; }

 private:
  Status status_;
  std::optional<T> value_;
};

// Propagates a failed Status out of the enclosing function.
#define STATOR_RETURN_IF_ERROR(expr)          \
  do {                                        \
    ::stator::Status _st = (expr);            \
    if (!_st.ok()) return _st;                \
  } while (0)

}  // namespace stator
