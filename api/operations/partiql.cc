// PartiQL: the same reads and writes spelled as SQL-like statements, run by the Dispatcher's
// Partiql (stator/partiql.h) over its database.
#include "api/codec_partiql.h"
#include "api/operations.h"
#include "api/operations/call.h"
#include "api/operations/families.h"

namespace stator::api {
namespace {

// Decode, call the one Partiql method, encode: Call's shape (call.h), on the Dispatcher's Partiql.
template <class Request, class Response, Status (*kDecode)(simdjson::dom::object, Request*),
          Result<Response> (Partiql::*kMethod)(const CallOptions&, const Request&),
          std::string (*kEncode)(const Response&)>
Result<std::string> Run(const OperationArgs& a) {
  Request request;
  STATOR_RETURN_IF_ERROR(kDecode(a.body, &request));
  auto response = (a.partiql.*kMethod)(a.ctx.call, request);
  if (!response.ok()) return response.status();
  NoteCache(a, *response);
  return kEncode(*response);
}

}  // namespace

void RegisterPartiqlOperations(OperationRegistry& r) {
  r.Register("ExecuteStatement",
             Run<ExecuteStatementRequest, ExecuteStatementResponse, DecodeExecuteStatement,
                 &Partiql::ExecuteStatement, EncodeExecuteStatementResponse>);
  r.Register(
      "BatchExecuteStatement",
      Run<BatchExecuteStatementRequest, BatchExecuteStatementResponse, DecodeBatchExecuteStatement,
          &Partiql::BatchExecuteStatement, EncodeBatchExecuteStatementResponse>);
  r.Register("ExecuteTransaction",
             Run<ExecuteTransactionRequest, ExecuteTransactionResponse, DecodeExecuteTransaction,
                 &Partiql::ExecuteTransaction, EncodeExecuteTransactionResponse>);
}

}  // namespace stator::api
