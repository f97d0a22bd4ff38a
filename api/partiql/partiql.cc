// Partiql: the public face (stator/partiql.h) over its implementation (runner.h).
#include "api/partiql/runner.h"

namespace stator {

Partiql::Partiql(Database& db, PartiqlOptions options) : rep_(std::make_unique<Rep>(db, options)) {}

Partiql::~Partiql() = default;

Result<ExecuteStatementResponse> Partiql::ExecuteStatement(const CallOptions& call,
                                                           const ExecuteStatementRequest& r) {
  return rep_->ExecuteStatement(call, r);
}

Result<BatchExecuteStatementResponse> Partiql::BatchExecuteStatement(
    const CallOptions& call, const BatchExecuteStatementRequest& r) {
  return rep_->BatchExecuteStatement(call, r);
}

Result<ExecuteTransactionResponse> Partiql::ExecuteTransaction(const CallOptions& call,
                                                               const ExecuteTransactionRequest& r) {
  return rep_->ExecuteTransaction(call, r);
}

}  // namespace stator
