#include "api/errors_client.h"

#include <memory>

#include "api/attribute_json.h"
#include "api/codec_item_client.h"
#include "api/errors.h"
#include "stator/requests.h"

namespace stator::api {
namespace {

std::string_view AfterHash(std::string_view type) {
  const size_t hash = type.rfind('#');
  return hash == std::string_view::npos ? type : type.substr(hash + 1);
}

void ReadReasons(StructReader& r, ErrorDetail* detail) {
  r.ForEachStruct("CancellationReasons", "CancellationReason", [&](StructReader& e) {
    CancellationReason& reason = detail->cancellation_reasons.emplace_back();
    e.String("Code", &reason.code);
    e.OptString("Message", &reason.message);
    Item item;
    if (ReadAttributeMap(e, "Item", &item)) reason.item = std::move(item);
  });
  r.ForEachStruct("ThrottlingReasons", "ThrottlingReason", [&](StructReader& e) {
    ThrottlingReason& t = detail->throttling_reasons.emplace_back();
    e.String("reason", &t.reason);
    e.String("resource", &t.resource);
  });
}

}  // namespace

ErrorCode ErrorCodeOfType(std::string_view type) {
  const std::string_view name = AfterHash(type);
  for (int c = 1; c <= static_cast<int>(ErrorCode::kIOError); ++c) {
    const auto code = static_cast<ErrorCode>(c);
    if (code == ErrorCode::kIOError) continue;  // sent as InternalServerError
    if (AfterHash(ErrorShapeOf(code).type) == name) return code;
  }
  return ErrorCode::kInternalServerError;
}

Status DecodeErrorResponse(int http_status, std::string_view body) {
  const ErrorCode fallback =
      http_status >= 500 ? ErrorCode::kInternalServerError : ErrorCode::kValidation;
  simdjson::dom::object o;
  if (!ParseAnswer(body, &o).ok()) {
    return Status(fallback, "HTTP " + std::to_string(http_status) + ": " + std::string(body));
  }
  DecodeErrors errors;
  StructReader r(o, "", &errors);
  std::string type, message;
  if (!r.String("__type", &type)) {
    return Status(fallback, "HTTP " + std::to_string(http_status) + ": " + std::string(body));
  }
  const ErrorCode code = ErrorCodeOfType(type);
  if (!r.String("message", &message)) r.String("Message", &message);
  auto detail = std::make_shared<ErrorDetail>();
  Item item;
  if (ReadAttributeMap(r, "Item", &item)) detail->item = std::move(item);
  ReadReasons(r, detail.get());
  const ErrorShape known = ErrorShapeOf(code);
  if (AfterHash(known.type) != AfterHash(type) || known.http_status != http_status) {
    detail->service_type = type;
    detail->service_http_status = http_status;
  }
  const bool has_detail = detail->item || !detail->cancellation_reasons.empty() ||
                          !detail->throttling_reasons.empty() || !detail->service_type.empty();
  return Status(code, std::move(message), has_detail ? std::move(detail) : nullptr);
}

}  // namespace stator::api
