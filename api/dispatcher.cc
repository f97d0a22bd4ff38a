// Dispatcher: parse the body, look the operation up in its API's registry, run its handler, and
// turn a failed Status into the service's error response.
#include "api/dispatcher.h"

#include "api/attribute_json.h"
#include "api/errors.h"
#include "api/json_reader.h"
#include "api/operations.h"
#include "api/shape_check.h"

namespace stator::api {
namespace {

ApiResponse ErrorResponse(const Status& status) {
  return {ErrorShapeOf(status).http_status, ErrorBody(status)};
}

// What a name the registry has no handler for answers.
ApiResponse UnknownOperation(const OperationRegistry::Entry* entry, std::string_view operation) {
  const bool say_so = entry != nullptr && entry->not_implemented == NotImplementedAnswer::kSaySo;
  return ErrorResponse(
      Status(ErrorCode::kUnknownOperation, say_so ? NotImplementedMessage(operation) : ""));
}

// Whether a call that may not wait tries the operation: only the reads a cache may answer.
bool TriedWithoutWaiting(const OperationRegistry::Entry* entry) {
  return entry != nullptr && entry->cached_read;
}

ApiResponse WouldBlock() {
  ApiResponse out;
  out.would_block = true;
  return out;
}

}  // namespace

Dispatcher::Dispatcher(Database& db) : db_(db), partiql_(std::make_unique<Partiql>(db)) {}

Dispatcher::~Dispatcher() = default;

Target Dispatcher::Resolve(std::string_view x_amz_target) {
  const size_t dot = x_amz_target.find('.');
  if (dot == std::string_view::npos) return {};
  const std::string_view operation = x_amz_target.substr(dot + 1);
  if (operation.empty() || operation.find('.') != std::string_view::npos) return {};
  const OperationRegistry* api = OperationsOf(x_amz_target.substr(0, dot));
  if (api == nullptr) return {};
  return {api, operation};
}

bool Dispatcher::AnswersAtOnce(const Target& target) {
  return target.api != nullptr && TriedWithoutWaiting(target.api->Resolve(target.operation));
}

ApiResponse Dispatcher::Handle(const RequestContext& ctx, const Target& target,
                               std::string_view body) const {
  // The service parses the body before it looks at the operation: a malformed body is a
  // SerializationException whatever the target.
  simdjson::dom::object request;
  Status parsed = ParseBody(body, &request);
  if (!parsed.ok()) return ErrorResponse(parsed);

  const OperationRegistry::Entry* entry = target.api->Resolve(target.operation);
  if (entry == nullptr || entry->handler == nullptr) {
    // An operation of the service that Stator lacks still answers a request the service would
    // refuse with the service's ValidationException: only a valid one hears "not implemented".
    if (entry != nullptr) {
      Status shape = CheckRequestShape(target.operation, request);
      if (!shape.ok()) return ErrorResponse(shape);
    }
    return UnknownOperation(entry, target.operation);
  }
  if (!ctx.call.may_block && !TriedWithoutWaiting(entry)) return WouldBlock();
  CacheOutcome cache = CacheOutcome::kNone;
  Result<std::string> response =
      entry->handler(OperationArgs{db_, ctx, request, target.operation, *partiql_, &cache});
  if (!response.ok()) {
    if (response.status().code() == ErrorCode::kWouldBlock) return WouldBlock();
    return ErrorResponse(response.status());
  }
  return {200, std::move(response).value(), cache};
}

ApiResponse Dispatcher::Handle(const RequestContext& ctx, std::string_view operation,
                               std::string_view body) const {
  return Handle(ctx, Target{&DynamoDbOperations(), operation}, body);
}

}  // namespace stator::api
