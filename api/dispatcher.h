// Dispatcher: the pure request handler behind the HTTP server. Given an X-Amz-Target resolved to
// its API's operation registry and the (already decompressed) JSON body, it decodes the typed
// request, calls the one Database method, and encodes the typed response or the error.
//
// Thread safety: Resolve and Handle may be called from any number of threads at once.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "stator/database.h"
#include "stator/partiql.h"

namespace stator::api {

class OperationRegistry;

// What every handler needs, instead of a repeated parameter list.
struct RequestContext {
  std::string_view request_id;  // lives as long as the request
  CallOptions call;  // tenant (access key id and region unless shared), region for ARNs
  std::string_view host;  // the Host header the client used, empty when none; lives as long too
};

struct ApiResponse {
  int http_status = 200;
  std::string body;  // JSON, application/x-amz-json-1.0
  // Whether the cache answered the read (GetItem, BatchGetItem, Query, Scan), for the
  // x-stator-cache response header; kNone for every other request, and without a cache.
  CacheOutcome cache = CacheOutcome::kNone;
  // The request was handled with ctx.call.may_block false and its answer has to wait on the
  // network: nothing was done, the rest of the response is empty, and the request is to be
  // handled again where waiting is fine.
  bool would_block = false;
};

// An X-Amz-Target "<API prefix>.<Operation>", resolved.
struct Target {
  const OperationRegistry* api = nullptr;  // null: no API Stator serves
  std::string_view operation;              // points into the X-Amz-Target value
};

class Dispatcher {
 public:
  explicit Dispatcher(Database& db);
  ~Dispatcher();

  // The registry of the target's prefix and the operation it names. A target without a prefix or
  // an operation, with more than one dot, or of another API resolves to no registry. Allocates
  // nothing.
  static Target Resolve(std::string_view x_amz_target);

  // Whether Handle may answer `target` with ctx.call.may_block false: a read a cache may hold
  // (OperationRegistry::Entry::cached_read). Every other target answers would_block.
  static bool AnswersAtOnce(const Target& target);

  // Runs `target`'s operation; target.api must not be null. Names the registry does not have
  // answer UnknownOperationException, malformed JSON SerializationException. With
  // ctx.call.may_block false, only a cached read is tried: every other operation, and a read the
  // cache does not hold, answers would_block.
  ApiResponse Handle(const RequestContext& ctx, const Target& target, std::string_view body) const;

  // DynamoDB_20120810's `operation`.
  ApiResponse Handle(const RequestContext& ctx, std::string_view operation,
                     std::string_view body) const;

  // The database the operations run on, for the requests outside the API that read it.
  const Database& database() const { return db_; }

 private:
  Database& db_;
  std::unique_ptr<Partiql> partiql_;  // PartiQL statements over db_, with their parse cache
};

}  // namespace stator::api
