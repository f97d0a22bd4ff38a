// ExecuteStatement: one statement, a read (read_runner.cc) or a write.
#include "api/partiql/runner.h"
#include "api/partiql/values.h"
#include "api/partiql/write_plan.h"

namespace stator {
namespace {

constexpr size_t kMaxStatementLength = 8192;

// A write's response: its RETURNING item, if any, as the statement's one item.
ExecuteStatementResponse WriteResponse(WriteItemResponse&& r) {
  ExecuteStatementResponse out;
  if (r.attributes && !r.attributes->empty()) out.items.push_back(std::move(*r.attributes));
  out.consumed_capacity = std::move(r.consumed_capacity);
  return out;
}

void SetReturns(ReturnConsumedCapacity capacity, bool old_on_failure, WriteConditions* w) {
  w->return_consumed_capacity = capacity;
  w->return_old_item_on_condition_check_failure = old_on_failure;
}

}  // namespace

namespace partiql {

Status DuplicateItem() { return Status(ErrorCode::kDuplicateItem, std::string(kDuplicateItem)); }

}  // namespace partiql

Result<std::shared_ptr<const partiql::Statement>> Partiql::Rep::Prepare(
    std::string_view text, const std::vector<AttributeValue>& parameters) {
  if (text.empty() || text.size() > kMaxStatementLength) {
    return Status::Validation(
        "1 validation error detected: Value '" + std::string(text) +
        "' at 'statement' failed to satisfy constraint: Member must have length " +
        (text.empty() ? "greater than or equal to 1" : "less than or equal to 8192"));
  }
  auto statement = statements_.Get(text);
  if (!statement.ok()) return statement;
  STATOR_RETURN_IF_ERROR(
      partiql::CheckParameterCount((*statement)->parameter_count, parameters.size()));
  return statement;
}

Result<ExecuteStatementResponse> Partiql::Rep::ExecuteStatement(const CallOptions& call,
                                                                const ExecuteStatementRequest& r) {
  if (r.limit && *r.limit < 1) {
    return Status::Validation("1 validation error detected: Value '" + std::to_string(*r.limit) +
                              "' at 'limit' failed to satisfy constraint: Member must have value "
                              "greater than or equal to 1");
  }
  auto prepared = Prepare(r.statement, r.parameters);
  if (!prepared.ok()) return prepared.status();
  const partiql::Statement& statement = **prepared;
  if (std::holds_alternative<partiql::ExistsStatement>(statement.body)) {
    return Status::Validation("EXISTS can only be used in ExecuteTransaction write requests.");
  }
  return WithKeys<ExecuteStatementResponse>(
      call, partiql::TableOf(statement), [&](const partiql::TableKeys& keys) {
        if (const auto* select = std::get_if<partiql::SelectStatement>(&statement.body)) {
          return Read(call, *select, keys, r);
        }
        return Write(call, statement, keys, r.parameters, r.return_consumed_capacity,
                     r.return_old_item_on_condition_check_failure);
      });
}

Result<ExecuteStatementResponse> Partiql::Rep::Write(
    const CallOptions& call, const partiql::Statement& statement, const partiql::TableKeys& keys,
    const std::vector<AttributeValue>& parameters, ReturnConsumedCapacity capacity,
    bool return_old_item_on_condition_check_failure) {
  auto plan = partiql::PlanWrite(statement, keys, parameters);
  if (!plan.ok()) return plan.status();
  const bool old_on_failure = return_old_item_on_condition_check_failure;
  if (auto* put = std::get_if<PutItemRequest>(&*plan)) {
    SetReturns(capacity, false, put);
    auto response = db_.PutItem(call, *put);
    if (!response.ok()) {
      if (response.status().code() == ErrorCode::kConditionalCheckFailed) {
        return partiql::DuplicateItem();
      }
      return response.status();
    }
    return WriteResponse(std::move(response).value());
  }
  if (auto* update = std::get_if<UpdateItemRequest>(&*plan)) {
    SetReturns(capacity, old_on_failure, update);
    auto response = db_.UpdateItem(call, *update);
    if (!response.ok()) return response.status();
    return WriteResponse(std::move(response).value());
  }
  auto& del = std::get<DeleteItemRequest>(*plan);
  SetReturns(capacity, old_on_failure, &del);
  auto response = db_.DeleteItem(call, del);
  if (!response.ok()) return response.status();
  return WriteResponse(std::move(response).value());
}

}  // namespace stator
