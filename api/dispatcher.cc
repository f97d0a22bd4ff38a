// Dispatcher: parse the body, look the operation up in the operation table, run its handler, and
// turn a failed Status into the service's error response.
#include "api/dispatcher.h"

#include "api/attribute_json.h"
#include "api/errors.h"
#include "api/json_reader.h"
#include "api/operations.h"

namespace stator::api {
namespace {

ApiResponse ErrorResponse(const Status& status) {
  return {ErrorShapeOf(status.code()).http_status, ErrorBody(status)};
}

}  // namespace

ApiResponse Dispatcher::Handle(const RequestContext& ctx, std::string_view operation,
                               std::string_view body) const {
  // The service parses the body before it looks at the operation: a malformed body is a
  // SerializationException whatever the target.
  simdjson::dom::object request;
  Status parsed = ParseBody(body, &request);
  if (!parsed.ok()) return ErrorResponse(parsed);

  const OperationRegistry::Entry* entry = DynamoDbOperations().Find(operation);
  if (entry == nullptr) return ErrorResponse(Status(ErrorCode::kUnknownOperation, ""));
  if (entry->handler == nullptr) {
    return ErrorResponse(Status(ErrorCode::kUnknownOperation, NotImplementedMessage(operation)));
  }
  Result<std::string> response = entry->handler(OperationArgs{db_, ctx, request});
  if (!response.ok()) return ErrorResponse(response.status());
  return {200, std::move(response).value()};
}

}  // namespace stator::api
