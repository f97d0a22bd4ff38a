// PartiQL: DynamoDB's SQL-compatible statements (ExecuteStatement, BatchExecuteStatement,
// ExecuteTransaction) over the public Database API.
//
// A statement is parsed once (parses are kept by statement text, bounded) and translated into
// the operations it stands for: GetItem, Query or Scan for a SELECT, PutItem for an INSERT,
// UpdateItem and DeleteItem, TransactGetItems and TransactWriteItems for a transaction. The
// database sees exactly those calls, so the cache, indexes, streams, capacity accounting and
// throttling treat a statement as the equivalent API call.
//
// Errors: ValidationException worded as the service words it ("Statement wasn't well formed,
// can't be processed: ...", "Where clause does not contain a mandatory equality on all key
// attributes", ...), DuplicateItemException (an INSERT of a key that exists),
// ConditionalCheckFailedException, ResourceNotFoundException, TransactionCanceledException and
// every error of the operations a statement runs.
//
// Thread safety: a Partiql is safe for concurrent use; it must not outlive its Database.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "stator/database.h"

namespace stator {

struct ExecuteStatementRequest {
  std::string statement;
  std::vector<AttributeValue> parameters;  // bound to the statement's `?`, in order
  bool consistent_read = false;
  std::optional<std::string> next_token;  // from the previous page's response
  std::optional<int64_t> limit;           // items evaluated, >= 1
  ReturnConsumedCapacity return_consumed_capacity = ReturnConsumedCapacity::kNone;
  bool return_old_item_on_condition_check_failure = false;  // ReturnValuesOnConditionCheckFailure
};

struct ExecuteStatementResponse {
  std::vector<Item> items;  // a SELECT's items; a write's RETURNING item; else empty
  std::optional<std::string> next_token;
  std::optional<Item> last_evaluated_key;
  std::optional<ConsumedCapacity> consumed_capacity;
  // A SELECT's: kHit only when the cache answered every read under it, as for BatchGetItem.
  CacheOutcome cache = CacheOutcome::kNone;
};

// One statement of BatchExecuteStatement.
struct BatchStatementRequest {
  std::string statement;
  std::vector<AttributeValue> parameters;
  bool consistent_read = false;
  bool return_old_item_on_condition_check_failure = false;
};

struct BatchExecuteStatementRequest {
  std::vector<BatchStatementRequest> statements;  // 1..25, all reads or all writes
  ReturnConsumedCapacity return_consumed_capacity = ReturnConsumedCapacity::kNone;
};

// Why one statement of a batch failed. `code` is the service's BatchStatementErrorCodeEnum:
// ConditionalCheckFailed, DuplicateItem, ValidationError, ResourceNotFound, ...
struct BatchStatementError {
  std::string code;
  std::string message;
  std::optional<Item> item;  // ConditionalCheckFailed with ReturnValuesOnConditionCheckFailure
};

struct BatchStatementResponse {
  std::optional<BatchStatementError> error;
  std::string table_name;
  std::optional<Item> item;  // a read that found its item
};

struct BatchExecuteStatementResponse {
  std::vector<BatchStatementResponse> responses;  // in request order
  std::vector<ConsumedCapacity> consumed_capacity;
};

// One statement of ExecuteTransaction.
struct ParameterizedStatement {
  std::string statement;
  std::vector<AttributeValue> parameters;
};

struct ExecuteTransactionRequest {
  std::vector<ParameterizedStatement> transact_statements;  // 1..100, all reads or all writes
  std::optional<std::string> client_request_token;
  ReturnConsumedCapacity return_consumed_capacity = ReturnConsumedCapacity::kNone;
};

struct ExecuteTransactionResponse {
  // A transaction of reads: one entry per statement (nullopt: no such item). Writes: empty.
  std::vector<std::optional<Item>> responses;
  bool reads = false;
  std::vector<ConsumedCapacity> consumed_capacity;
};

// Settings of a Partiql.
struct PartiqlOptions {
  // Parsed statements kept by statement text; when full, the cache starts over.
  // Default: 1024
  size_t statement_cache_entries = 1024;
};

class Partiql {
 public:
  // `db` is borrowed and must outlive this object.
  explicit Partiql(Database& db, PartiqlOptions options = {});
  ~Partiql();
  Partiql(const Partiql&) = delete;
  Partiql& operator=(const Partiql&) = delete;

  // Runs one statement. A SELECT answers one page: at most `limit` items evaluated and about
  // 1 MB, with next_token when more follow.
  Result<ExecuteStatementResponse> ExecuteStatement(const CallOptions& call,
                                                    const ExecuteStatementRequest& request);

  // Runs each statement on its own; a statement's failure is its response's error, not the
  // call's. The call fails only when the batch itself is malformed.
  Result<BatchExecuteStatementResponse> BatchExecuteStatement(
      const CallOptions& call, const BatchExecuteStatementRequest& request);

  // Runs the statements as one transaction: every write or none (TransactWriteItems), or every
  // read from one snapshot (TransactGetItems).
  Result<ExecuteTransactionResponse> ExecuteTransaction(const CallOptions& call,
                                                        const ExecuteTransactionRequest& request);

 private:
  class Rep;
  std::unique_ptr<Rep> rep_;
};

}  // namespace stator
