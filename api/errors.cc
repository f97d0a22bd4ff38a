#include "api/errors.h"

#include "api/attribute_json.h"
#include "api/codec_transact.h"
#include "api/json_writer.h"

namespace stator::api {

ErrorShape ErrorShapeOf(ErrorCode code) {
  // The service's own `__type` strings: validation and protocol errors come from the Coral
  // front end, the rest from DynamoDB itself.
  switch (code) {
    case ErrorCode::kOk:
      break;
    case ErrorCode::kValidation:
      return {"com.amazon.coral.validate#ValidationException", 400};
    case ErrorCode::kSerialization:
      return {"com.amazon.coral.service#SerializationException", 400};
    case ErrorCode::kResourceNotFound:
      return {"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException", 400};
    case ErrorCode::kTableNotFound:
      return {"com.amazonaws.dynamodb.v20120810#TableNotFoundException", 400};
    case ErrorCode::kTableAlreadyExists:
      return {"com.amazonaws.dynamodb.v20120810#TableAlreadyExistsException", 400};
    case ErrorCode::kBackupNotFound:
      return {"com.amazonaws.dynamodb.v20120810#BackupNotFoundException", 400};
    case ErrorCode::kBackupInUse:
      return {"com.amazonaws.dynamodb.v20120810#BackupInUseException", 400};
    case ErrorCode::kSourceTableNotFound:
      return {"com.amazonaws.dynamodb.v20120810#SourceTableNotFoundException", 400};
    case ErrorCode::kPointInTimeRecoveryUnavailable:
      return {"com.amazonaws.dynamodb.v20120810#PointInTimeRecoveryUnavailableException", 400};
    case ErrorCode::kInvalidRestoreTime:
      return {"com.amazonaws.dynamodb.v20120810#InvalidRestoreTimeException", 400};
    case ErrorCode::kResourceInUse:
      return {"com.amazonaws.dynamodb.v20120810#ResourceInUseException", 400};
    case ErrorCode::kConditionalCheckFailed:
      return {"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException", 400};
    case ErrorCode::kProvisionedThroughputExceeded:
      return {"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException", 400};
    case ErrorCode::kThrottling:
      return {"com.amazon.coral.availability#ThrottlingException", 400};
    case ErrorCode::kRequestLimitExceeded:
      return {"com.amazonaws.dynamodb.v20120810#RequestLimitExceeded", 400};
    case ErrorCode::kLimitExceeded:
      return {"com.amazonaws.dynamodb.v20120810#LimitExceededException", 400};
    case ErrorCode::kItemCollectionSizeLimitExceeded:
      return {"com.amazonaws.dynamodb.v20120810#ItemCollectionSizeLimitExceededException", 400};
    case ErrorCode::kTransactionCanceled:
      return {"com.amazonaws.dynamodb.v20120810#TransactionCanceledException", 400};
    case ErrorCode::kTransactionConflict:
      return {"com.amazonaws.dynamodb.v20120810#TransactionConflictException", 400};
    case ErrorCode::kTransactionInProgress:
      return {"com.amazonaws.dynamodb.v20120810#TransactionInProgressException", 400};
    case ErrorCode::kIdempotentParameterMismatch:
      return {"com.amazonaws.dynamodb.v20120810#IdempotentParameterMismatchException", 400};
    case ErrorCode::kPolicyNotFound:
      return {"com.amazonaws.dynamodb.v20120810#PolicyNotFoundException", 400};
    case ErrorCode::kDuplicateItem:
      return {"com.amazonaws.dynamodb.v20120810#DuplicateItemException", 400};
    // The Streams API's own exceptions, in DynamoDB's namespace as the errors both APIs share
    // are; SDKs match only the name after '#'.
    case ErrorCode::kTrimmedDataAccess:
      return {"com.amazonaws.dynamodb.v20120810#TrimmedDataAccessException", 400};
    case ErrorCode::kExpiredIterator:
      return {"com.amazonaws.dynamodb.v20120810#ExpiredIteratorException", 400};
    case ErrorCode::kUnknownOperation:
      return {"com.amazon.coral.service#UnknownOperationException", 400};
    case ErrorCode::kMissingAuthenticationToken:
      return {"com.amazon.coral.service#MissingAuthenticationTokenException", 400};
    case ErrorCode::kIncompleteSignature:
      return {"com.amazon.coral.service#IncompleteSignatureException", 400};
    case ErrorCode::kInvalidSignature:
      return {"com.amazon.coral.service#InvalidSignatureException", 400};
    case ErrorCode::kUnrecognizedClient:
      return {"com.amazon.coral.service#UnrecognizedClientException", 400};
    case ErrorCode::kAccessDenied:
      return {"com.amazon.coral.service#AccessDeniedException", 400};
    case ErrorCode::kInternalServerError:
    case ErrorCode::kIOError:
    case ErrorCode::kWouldBlock:  // made again where it may wait; never a client's answer
      break;
  }
  return {"com.amazonaws.dynamodb.v20120810#InternalServerError", 500};
}

ErrorShape ErrorShapeOf(const Status& status) {
  const ErrorDetail* detail = status.detail();
  if (detail && !detail->service_type.empty()) {
    return {detail->service_type, detail->service_http_status};
  }
  return ErrorShapeOf(status.code());
}

std::string_view MessageKey(ErrorCode code) {
  return code == ErrorCode::kSerialization || code == ErrorCode::kAccessDenied ? "Message"
                                                                               : "message";
}

std::string ErrorBody(ErrorCode code, std::string_view message) {
  JsonWriter w;
  w.BeginObject();
  w.Key("__type");
  w.String(ErrorShapeOf(code).type);
  if (!message.empty()) {
    w.Key(MessageKey(code));
    w.String(message);
  }
  w.EndObject();
  return std::move(w).Take();
}

std::string ErrorBody(const Status& status) {
  const ErrorDetail* detail = status.detail();
  const bool item = status.code() == ErrorCode::kConditionalCheckFailed && detail && detail->item;
  const bool reasons = status.code() == ErrorCode::kTransactionCanceled && detail;
  const bool throttled = detail && !detail->throttling_reasons.empty();
  const bool foreign = detail && !detail->service_type.empty();
  if (!item && !reasons && !throttled && !foreign) {
    return ErrorBody(status.code(), status.message());
  }
  JsonWriter w;
  w.BeginObject();
  w.Key("__type");
  w.String(ErrorShapeOf(status).type);
  if (!status.message().empty() || item || reasons || throttled) {
    w.Key(MessageKey(status.code()));
    w.String(status.message());
  }
  if (item) {
    // ReturnValuesOnConditionCheckFailure=ALL_OLD: the service adds the item to the error.
    w.Key("Item");
    EncodeAttributeMap(*detail->item, &w);
  } else if (reasons) {
    EncodeCancellationReasons(detail->cancellation_reasons, &w);
  } else if (throttled) {
    w.Key("ThrottlingReasons");
    w.BeginArray();
    for (const ThrottlingReason& t : detail->throttling_reasons) {
      w.BeginObject();
      w.Key("reason");
      w.String(t.reason);
      w.Key("resource");
      w.String(t.resource);
      w.EndObject();
    }
    w.EndArray();
  }
  w.EndObject();
  return std::move(w).Take();
}

}  // namespace stator::api
