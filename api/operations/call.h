// The common shapes of a handler, shared by the families' files: decode the request body, call the
// one Database method, encode its result. A family registers `Call<DecodeX, &Database::X,
// EncodeXResponse>` and writes a handler by hand only where an operation departs from that shape.
//
// Thread safety: as the Database method called.
#pragma once

#include <string>

#include "api/codec_misc.h"
#include "api/expression_maps.h"
#include "api/operations.h"
#include "api/shape_check.h"

namespace stator::api {

// The request type a decoder fills: Status Decode(simdjson::dom::object, Request*).
template <class F>
struct DecodedType;
template <class R>
struct DecodedType<Status (*)(simdjson::dom::object, R*)> {
  using type = R;
};

// Decodes the request with kDecode and reports its first error in the service's order: a
// mistyped member (the decoder's SerializationException), then the violations of the operation's
// shape, then an empty expression map, then the decoder's own errors (see shape_check.h for the
// whole order).
template <auto kDecode, class R>
Status DecodeRequest(const OperationArgs& a, R* request) {
  Status decoded = kDecode(a.body, request);
  if (decoded.code() == ErrorCode::kSerialization) return decoded;
  STATOR_RETURN_IF_ERROR(CheckRequestShape(a.operation, a.body));
  STATOR_RETURN_IF_ERROR(CheckExpressionMapsNotEmpty(a.body));
  return decoded;
}

// Hands a read's CacheOutcome (responses that have one) to the dispatcher.
template <class Response>
void NoteCache(const OperationArgs& a, const Response& response) {
  if constexpr (requires { response.cache; }) *a.cache = response.cache;
}

// Decode, call the one Database method, encode.
template <auto kDecode, auto kMethod, auto kEncode>
Result<std::string> Call(const OperationArgs& a) {
  typename DecodedType<decltype(kDecode)>::type request;
  STATOR_RETURN_IF_ERROR(DecodeRequest<kDecode>(a, &request));
  auto response = (a.db.*kMethod)(a.ctx.call, request);
  if (!response.ok()) return response.status();
  NoteCache(a, *response);
  return kEncode(*response);
}

// Operations whose response is empty ("{}") and whose Database method returns a Status.
template <auto kDecode, auto kMethod>
Result<std::string> CallNoResult(const OperationArgs& a) {
  typename DecodedType<decltype(kDecode)>::type request;
  STATOR_RETURN_IF_ERROR(DecodeRequest<kDecode>(a, &request));
  STATOR_RETURN_IF_ERROR((a.db.*kMethod)(a.ctx.call, request));
  return EncodeEmptyResponse();
}

}  // namespace stator::api
