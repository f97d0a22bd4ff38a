#include "api/codec_partiql.h"

#include "api/attribute_json.h"
#include "api/codec_enums.h"
#include "api/codec_item.h"
#include "api/codec_transact.h"
#include "api/json_reader.h"

namespace stator::api {
namespace {

// Parameters: a list of AttributeValues.
void ReadParameters(StructReader& r, std::vector<AttributeValue>* out) {
  simdjson::dom::array list;
  if (!r.Array("Parameters", &list)) return;
  for (simdjson::dom::element e : list) {
    if (!DecodeAttributeValue(e, r.errors(), &out->emplace_back())) return;
  }
}

void ReadOldOnFailure(StructReader& r, bool* out) {
  r.Enum("ReturnValuesOnConditionCheckFailure", kReturnOnConditionFailure,
         kReturnOnConditionFailureSet, out);
}

}  // namespace

Status DecodeExecuteStatement(simdjson::dom::object body, ExecuteStatementRequest* out) {
  DecodeErrors errors;
  StructReader r(body, "", &errors);
  r.String("Statement", &out->statement, true);
  ReadParameters(r, &out->parameters);
  r.Bool("ConsistentRead", &out->consistent_read);
  r.OptString("NextToken", &out->next_token);
  ReadReturnConsumedCapacity(r, &out->return_consumed_capacity);
  int64_t limit = 0;
  if (r.Integer("Limit", &limit)) out->limit = limit;
  ReadOldOnFailure(r, &out->return_old_item_on_condition_check_failure);
  return errors.ToStatus();
}

Status DecodeBatchExecuteStatement(simdjson::dom::object body, BatchExecuteStatementRequest* out) {
  DecodeErrors errors;
  StructReader r(body, "", &errors);
  r.ForEachStruct(
      "Statements", "BatchStatementRequest",
      [&](StructReader& e) {
        BatchStatementRequest& s = out->statements.emplace_back();
        e.String("Statement", &s.statement, true);
        ReadParameters(e, &s.parameters);
        e.Bool("ConsistentRead", &s.consistent_read);
        ReadOldOnFailure(e, &s.return_old_item_on_condition_check_failure);
      },
      true);
  ReadReturnConsumedCapacity(r, &out->return_consumed_capacity);
  return errors.ToStatus();
}

Status DecodeExecuteTransaction(simdjson::dom::object body, ExecuteTransactionRequest* out) {
  DecodeErrors errors;
  StructReader r(body, "", &errors);
  r.ForEachStruct(
      "TransactStatements", "ParameterizedStatement",
      [&](StructReader& e) {
        ParameterizedStatement& s = out->transact_statements.emplace_back();
        e.String("Statement", &s.statement, true);
        ReadParameters(e, &s.parameters);
      },
      true);
  r.OptString("ClientRequestToken", &out->client_request_token);
  ReadReturnConsumedCapacity(r, &out->return_consumed_capacity);
  return errors.ToStatus();
}

std::string EncodeExecuteStatementResponse(const ExecuteStatementResponse& r) {
  JsonWriter w;
  w.BeginObject();
  w.Key("Items");
  w.BeginArray();
  for (const Item& item : r.items) EncodeAttributeMap(item, &w);
  w.EndArray();
  if (r.next_token) {
    w.Key("NextToken");
    w.String(*r.next_token);
  }
  if (r.last_evaluated_key) {
    w.Key("LastEvaluatedKey");
    EncodeAttributeMap(*r.last_evaluated_key, &w);
  }
  EncodeConsumedCapacities(r.consumed_capacity, &w);
  w.EndObject();
  return std::move(w).Take();
}

std::string EncodeBatchExecuteStatementResponse(const BatchExecuteStatementResponse& r) {
  JsonWriter w;
  w.BeginObject();
  w.Key("Responses");
  w.BeginArray();
  for (const BatchStatementResponse& s : r.responses) {
    w.BeginObject();
    if (s.error) {
      w.Key("Error");
      w.BeginObject();
      w.Key("Code");
      w.String(s.error->code);
      w.Key("Message");
      w.String(s.error->message);
      if (s.error->item) {
        w.Key("Item");
        EncodeAttributeMap(*s.error->item, &w);
      }
      w.EndObject();
    }
    if (!s.table_name.empty()) {
      w.Key("TableName");
      w.String(s.table_name);
    }
    if (s.item) {
      w.Key("Item");
      EncodeAttributeMap(*s.item, &w);
    }
    w.EndObject();
  }
  w.EndArray();
  EncodeConsumedCapacities(r.consumed_capacity, &w);
  w.EndObject();
  return std::move(w).Take();
}

std::string EncodeExecuteTransactionResponse(const ExecuteTransactionResponse& r) {
  JsonWriter w;
  w.BeginObject();
  if (r.reads) {
    EncodeItemResponses(r.responses, &w);
  }
  EncodeConsumedCapacities(r.consumed_capacity, &w);
  w.EndObject();
  return std::move(w).Take();
}

}  // namespace stator::api
