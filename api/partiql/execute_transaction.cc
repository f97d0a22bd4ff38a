// ExecuteTransaction: up to 100 statements as one transaction, all reads (TransactGetItems) or
// all writes (TransactWriteItems, EXISTS(SELECT ...) as condition checks).
#include "api/partiql/read_plan.h"
#include "api/partiql/results.h"
#include "api/partiql/runner.h"
#include "api/partiql/write_plan.h"

namespace stator {
namespace {

constexpr size_t kMaxTransactStatements = 100;

Status CountError(size_t n) {
  return Status::Validation(
      std::string("1 validation error detected: Value '") + (n == 0 ? "[]" : "[...]") +
      "' at 'transactStatements' failed to satisfy constraint: Member must have length " +
      (n == 0 ? "greater than or equal to 1" : "less than or equal to 100"));
}

// A read of the transaction: a GetItem of the whole key of a table.
Result<GetItemRequest> PlanTransactRead(const partiql::SelectStatement& s,
                                        const partiql::TableKeys& keys,
                                        const std::vector<AttributeValue>& parameters) {
  if (s.index) return Status::Validation("Reads on indices are not supported within transactions.");
  auto plan = partiql::PlanSelect(s, keys, parameters, partiql::ReadSettings{});
  if (!plan.ok()) return plan.status();
  if (plan->kind != partiql::ReadPlan::Kind::kGet || plan->gets.size() != 1) {
    return Status::Validation(
        "Select statements within ExecuteTransaction must specify the primary key in the where "
        "clause.");
  }
  return std::move(plan->gets.front());
}

// An INSERT whose condition failed found its key taken: the reason says so as the service does.
Status RenameInsertFailures(const Status& st, const std::vector<bool>& inserts) {
  if (st.code() != ErrorCode::kTransactionCanceled || st.detail() == nullptr) return st;
  auto detail = std::make_shared<ErrorDetail>(*st.detail());
  for (size_t i = 0; i < detail->cancellation_reasons.size() && i < inserts.size(); ++i) {
    CancellationReason& reason = detail->cancellation_reasons[i];
    if (inserts[i] && reason.code == "ConditionalCheckFailed") {
      reason.code = "DuplicateItem";
      reason.message = std::string(partiql::kDuplicateItem);
      reason.item.reset();
    }
  }
  std::string message =
      "Transaction cancelled, please refer cancellation reasons for specific "
      "reasons [";
  for (size_t i = 0; i < detail->cancellation_reasons.size(); ++i) {
    message += (i > 0 ? ", " : "") + detail->cancellation_reasons[i].code;
  }
  message += "]";
  return Status(ErrorCode::kTransactionCanceled, std::move(message), std::move(detail));
}

}  // namespace

Result<ExecuteTransactionResponse> Partiql::Rep::ExecuteTransaction(
    const CallOptions& call, const ExecuteTransactionRequest& r) {
  const size_t n = r.transact_statements.size();
  if (n == 0 || n > kMaxTransactStatements) return CountError(n);
  std::vector<std::shared_ptr<const partiql::Statement>> statements;
  bool reads = false, writes = false;
  for (const ParameterizedStatement& s : r.transact_statements) {
    auto prepared = Prepare(s.statement, s.parameters);
    if (!prepared.ok()) return prepared.status();
    ((*prepared)->is_read() ? reads : writes) = true;
    statements.push_back(std::move(prepared).value());
  }
  if (reads && writes) {
    return Status::Validation(
        "ExecuteTransaction API does not support both read and write operations in the same "
        "request.");
  }
  ExecuteTransactionResponse out;
  out.reads = reads;
  if (reads) {
    TransactGetItemsRequest get;
    get.return_consumed_capacity = r.return_consumed_capacity;
    for (size_t i = 0; i < n; ++i) {
      const auto& select = std::get<partiql::SelectStatement>(statements[i]->body);
      bool cached = false;
      auto keys = keys_.Get(db_, call, select.table, &cached);
      if (!keys.ok()) return keys.status();
      auto planned = PlanTransactRead(select, **keys, r.transact_statements[i].parameters);
      if (!planned.ok()) return planned.status();
      get.transact_items.push_back(std::move(planned).value());
    }
    auto got = db_.TransactGetItems(call, get);
    if (!got.ok()) return got.status();
    out.responses = std::move(got->responses);
    for (size_t i = 0; i < n && i < out.responses.size(); ++i) {
      const auto& select = std::get<partiql::SelectStatement>(statements[i]->body);
      if (out.responses[i] && partiql::NeedsShaping(select.projection)) {
        *out.responses[i] = partiql::ShapeItem(*out.responses[i], select.projection);
      }
    }
    out.consumed_capacity = std::move(got->consumed_capacity);
    return out;
  }
  TransactWriteItemsRequest write;
  write.client_request_token = r.client_request_token;
  write.return_consumed_capacity = r.return_consumed_capacity;
  std::vector<bool> inserts;
  for (size_t i = 0; i < n; ++i) {
    const partiql::Statement& statement = *statements[i];
    const auto* update = std::get_if<partiql::UpdateStatement>(&statement.body);
    const auto* del = std::get_if<partiql::DeleteStatement>(&statement.body);
    if ((update && update->returning != ReturnValue::kNone) ||
        (del && del->returning != ReturnValue::kNone)) {
      return Status::Validation("Unsupported operation in transaction.");
    }
    bool cached = false;
    auto keys = keys_.Get(db_, call, partiql::TableOf(statement), &cached);
    if (!keys.ok()) return keys.status();
    auto planned = partiql::PlanWrite(statement, **keys, r.transact_statements[i].parameters);
    if (!planned.ok()) return planned.status();
    write.transact_items.push_back(std::move(planned).value());
    inserts.push_back(std::holds_alternative<partiql::InsertStatement>(statement.body));
  }
  auto written = db_.TransactWriteItems(call, write);
  if (!written.ok()) return RenameInsertFailures(written.status(), inserts);
  out.consumed_capacity = std::move(written->consumed_capacity);
  return out;
}

}  // namespace stator
