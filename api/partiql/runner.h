// Partiql's implementation: the statement and key caches and the database, shared by the three
// operations, each in its own file (execute_statement.cc, batch_execute.cc,
// execute_transaction.cc).
//
// Thread safety: safe for concurrent use (the caches lock; the database is thread-safe).
#pragma once

#include <memory>
#include <string_view>

#include "api/partiql/ast.h"
#include "api/partiql/read_plan.h"
#include "api/partiql/statement_cache.h"
#include "api/partiql/table_keys.h"
#include "stator/partiql.h"

namespace stator {

class Partiql::Rep {
 public:
  Rep(Database& db, const PartiqlOptions& options)
      : db_(db), statements_(options.statement_cache_entries) {}

  Result<ExecuteStatementResponse> ExecuteStatement(const CallOptions& call,
                                                    const ExecuteStatementRequest& r);
  Result<BatchExecuteStatementResponse> BatchExecuteStatement(
      const CallOptions& call, const BatchExecuteStatementRequest& r);
  Result<ExecuteTransactionResponse> ExecuteTransaction(const CallOptions& call,
                                                        const ExecuteTransactionRequest& r);

 private:
  // A statement's text checked (1..8192 characters) and parsed, with its parameters counted.
  Result<std::shared_ptr<const partiql::Statement>> Prepare(
      std::string_view text, const std::vector<AttributeValue>& parameters);
  // Runs `attempt(keys)` with the keys of `table`; when they came from the cache and the attempt
  // fails as a stale schema would make it fail, forgets them and tries once more.
  template <class T, class F>
  Result<T> WithKeys(const CallOptions& call, const std::string& table, F&& attempt);

  Result<ExecuteStatementResponse> Read(const CallOptions& call, const partiql::SelectStatement& s,
                                        const partiql::TableKeys& keys,
                                        const ExecuteStatementRequest& r);
  Result<ExecuteStatementResponse> Write(const CallOptions& call,
                                         const partiql::Statement& statement,
                                         const partiql::TableKeys& keys,
                                         const std::vector<AttributeValue>& parameters,
                                         ReturnConsumedCapacity capacity,
                                         bool return_old_item_on_condition_check_failure);

  Database& db_;
  partiql::StatementCache statements_;
  partiql::TableKeysCache keys_;
};

template <class T, class F>
Result<T> Partiql::Rep::WithKeys(const CallOptions& call, const std::string& table, F&& attempt) {
  bool cached = false;
  auto keys = keys_.Get(db_, call, table, &cached);
  if (!keys.ok()) return keys.status();
  Result<T> result = attempt(**keys);
  const ErrorCode code = result.ok() ? ErrorCode::kOk : result.status().code();
  if (!cached || (code != ErrorCode::kValidation && code != ErrorCode::kResourceNotFound)) {
    return result;
  }
  keys_.Forget(call, table);
  keys = keys_.Get(db_, call, table, &cached);
  if (!keys.ok()) return keys.status();
  return attempt(**keys);
}

namespace partiql {

// An INSERT's PutItem failed its condition: the key exists.
Status DuplicateItem();

}  // namespace partiql
}  // namespace stator
