// Dispatcher: the pure request handler behind the HTTP server. Given the operation named by
// X-Amz-Target and the (already decompressed) JSON body, it decodes the typed request, calls the
// one Database method, and encodes the typed response or the error.
//
// Thread safety: Handle may be called from any number of threads at once.
#pragma once

#include <string>
#include <string_view>

#include "stator/database.h"

namespace stator::api {

// What every handler needs, instead of a repeated parameter list.
struct RequestContext {
  std::string_view request_id;  // lives as long as the request
  CallOptions call;  // tenant (access key id and region unless shared), region for ARNs
};

struct ApiResponse {
  int http_status = 200;
  std::string body;  // JSON, application/x-amz-json-1.0
};

class Dispatcher {
 public:
  explicit Dispatcher(Database& db) : db_(db) {}

  // `operation` is the part of X-Amz-Target after "DynamoDB_20120810.". Unknown operations
  // answer UnknownOperationException; malformed JSON SerializationException.
  ApiResponse Handle(const RequestContext& ctx, std::string_view operation,
                     std::string_view body) const;

 private:
  Database& db_;
};

}  // namespace stator::api
