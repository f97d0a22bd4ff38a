// BatchExecuteStatement: up to 25 statements, each run on its own (a read by its full key, or a
// write); a statement's failure is its response's Error, not the batch's.
#include "api/partiql/read_plan.h"
#include "api/partiql/results.h"
#include "api/partiql/runner.h"
#include "api/partiql/write_plan.h"

namespace stator {
namespace {

constexpr size_t kMaxBatchStatements = 25;

// The service's BatchStatementErrorCodeEnum value of an error.
std::string_view BatchErrorCode(ErrorCode code) {
  switch (code) {
    case ErrorCode::kConditionalCheckFailed:
      return "ConditionalCheckFailed";
    case ErrorCode::kDuplicateItem:
      return "DuplicateItem";
    case ErrorCode::kValidation:
      return "ValidationError";
    case ErrorCode::kResourceNotFound:
      return "ResourceNotFound";
    case ErrorCode::kProvisionedThroughputExceeded:
      return "ProvisionedThroughputExceeded";
    case ErrorCode::kThrottling:
      return "ThrottlingError";
    case ErrorCode::kRequestLimitExceeded:
      return "RequestLimitExceeded";
    case ErrorCode::kTransactionConflict:
      return "TransactionConflict";
    case ErrorCode::kItemCollectionSizeLimitExceeded:
      return "ItemCollectionSizeLimitExceeded";
    case ErrorCode::kAccessDenied:
      return "AccessDenied";
    default:
      return "InternalServerError";
  }
}

BatchStatementError ErrorOf(const Status& st) {
  BatchStatementError e{std::string(BatchErrorCode(st.code())), st.message(), std::nullopt};
  if (st.code() == ErrorCode::kConditionalCheckFailed && st.detail() && st.detail()->item) {
    e.item = *st.detail()->item;
  }
  return e;
}

Status CountError(size_t n) {
  return Status::Validation(
      std::string("1 validation error detected: Value '") + (n == 0 ? "[]" : "[...]") +
      "' at 'statements' failed to satisfy constraint: Member must have length " +
      (n == 0 ? "greater than or equal to 1" : "less than or equal to 25"));
}

}  // namespace

Result<BatchExecuteStatementResponse> Partiql::Rep::BatchExecuteStatement(
    const CallOptions& call, const BatchExecuteStatementRequest& r) {
  const size_t n = r.statements.size();
  if (n == 0 || n > kMaxBatchStatements) return CountError(n);
  std::vector<Result<std::shared_ptr<const partiql::Statement>>> prepared;
  bool reads = false, writes = false;
  for (const BatchStatementRequest& s : r.statements) {
    prepared.push_back(Prepare(s.statement, s.parameters));
    if (!prepared.back().ok()) continue;
    ((*prepared.back())->is_read() ? reads : writes) = true;
  }
  if (reads && writes) {
    return Status::Validation(
        "Unsupported operation: A batch must consist of either read statements or write "
        "statements, not both");
  }
  BatchExecuteStatementResponse out;
  for (size_t i = 0; i < n; ++i) {
    BatchStatementResponse& response = out.responses.emplace_back();
    if (!prepared[i].ok()) {
      response.error = ErrorOf(prepared[i].status());
      continue;
    }
    const partiql::Statement& statement = **prepared[i];
    const BatchStatementRequest& s = r.statements[i];
    const std::string& table = partiql::TableOf(statement);
    auto ran = WithKeys<ExecuteStatementResponse>(
        call, table, [&](const partiql::TableKeys& keys) -> Result<ExecuteStatementResponse> {
          if (const auto* select = std::get_if<partiql::SelectStatement>(&statement.body)) {
            partiql::ReadSettings settings{s.consistent_read, std::nullopt,
                                           r.return_consumed_capacity};
            auto plan = partiql::PlanSelect(*select, keys, s.parameters, settings);
            if (!plan.ok()) return plan.status();
            if (plan->kind != partiql::ReadPlan::Kind::kGet || plan->gets.size() != 1) {
              return Status::Validation(std::string(partiql::kIncompleteKey));
            }
            auto got = db_.GetItem(call, plan->gets.front());
            if (!got.ok()) return got.status();
            ExecuteStatementResponse read;
            if (got->item) read.items.push_back(std::move(*got->item));
            read.consumed_capacity = std::move(got->consumed_capacity);
            if (partiql::NeedsShaping(select->projection)) {
              for (Item& item : read.items) item = partiql::ShapeItem(item, select->projection);
            }
            return read;
          }
          if (std::holds_alternative<partiql::ExistsStatement>(statement.body)) {
            return Status::Validation(
                "EXISTS can only be used in ExecuteTransaction write requests.");
          }
          return Write(call, statement, keys, s.parameters, r.return_consumed_capacity,
                       s.return_old_item_on_condition_check_failure);
        });
    if (!ran.ok()) {
      response.error = ErrorOf(ran.status());
      continue;
    }
    response.table_name = table;
    if (statement.is_read() && !ran->items.empty()) response.item = std::move(ran->items.front());
    if (ran->consumed_capacity)
      partiql::AddCapacity(*ran->consumed_capacity, &out.consumed_capacity);
  }
  return out;
}

}  // namespace stator
