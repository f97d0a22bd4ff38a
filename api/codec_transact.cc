#include "api/codec_transact.h"

#include "api/attribute_json.h"
#include "api/codec_item.h"
#include "api/json_reader.h"

namespace stator::api {
namespace {

// Reads the one action member (Put, Update, Delete or ConditionCheck) of a TransactWriteItem.
void ReadTransactWriteItem(StructReader& e, std::vector<TransactWriteItem>* out) {
  e.ReadStruct("ConditionCheck", "ConditionCheck", [&](StructReader& a) {
    auto& c = std::get<ConditionCheck>(out->emplace_back(std::in_place_type<ConditionCheck>));
    a.String("TableName", &c.table_name, true);
    ReadAttributeMap(a, "Key", &c.key, true);
    ReadTransactConditions(a, &c);
  });
  e.ReadStruct("Put", "Put", [&](StructReader& a) {
    auto& p = std::get<PutItemRequest>(out->emplace_back(std::in_place_type<PutItemRequest>));
    a.String("TableName", &p.table_name, true);
    ReadAttributeMap(a, "Item", &p.item, true);
    ReadTransactConditions(a, &p);
  });
  e.ReadStruct("Delete", "Delete", [&](StructReader& a) {
    auto& d = std::get<DeleteItemRequest>(out->emplace_back(std::in_place_type<DeleteItemRequest>));
    a.String("TableName", &d.table_name, true);
    ReadAttributeMap(a, "Key", &d.key, true);
    ReadTransactConditions(a, &d);
  });
  e.ReadStruct("Update", "Update", [&](StructReader& a) {
    auto& u = std::get<UpdateItemRequest>(out->emplace_back(std::in_place_type<UpdateItemRequest>));
    a.String("TableName", &u.table_name, true);
    ReadAttributeMap(a, "Key", &u.key, true);
    a.String("UpdateExpression", &u.update_expression.emplace(), true);
    ReadTransactConditions(a, &u);
  });
}

}  // namespace

Status DecodeTransactWriteItems(simdjson::dom::object body, TransactWriteItemsRequest* out) {
  DecodeErrors errors;
  StructReader r(body, "", &errors);
  r.ForEachStruct(
      "TransactItems", "TransactWriteItem",
      [&](StructReader& e) { ReadTransactWriteItem(e, &out->transact_items); }, true);
  ReadReturnConsumedCapacity(r, &out->return_consumed_capacity);
  ReadReturnItemCollectionMetrics(r, &out->return_item_collection_metrics);
  r.OptString("ClientRequestToken", &out->client_request_token);
  return errors.ToStatus();
}

Status DecodeTransactGetItems(simdjson::dom::object body, TransactGetItemsRequest* out) {
  DecodeErrors errors;
  StructReader r(body, "", &errors);
  r.ForEachStruct(
      "TransactItems", "TransactGetItem",
      [&](StructReader& e) {
        e.ReadStruct(
            "Get", "Get",
            [&](StructReader& a) {
              GetItemRequest& g = out->transact_items.emplace_back();
              a.String("TableName", &g.table_name, true);
              ReadAttributeMap(a, "Key", &g.key, true);
              a.OptString("ProjectionExpression", &g.projection_expression);
              a.StringMap("ExpressionAttributeNames", &g.expression_attribute_names);
            },
            true);
      },
      true);
  ReadReturnConsumedCapacity(r, &out->return_consumed_capacity);
  return errors.ToStatus();
}

std::string EncodeTransactWriteItemsResponse(const TransactWriteItemsResponse& r) {
  JsonWriter w;
  w.BeginObject();
  EncodeConsumedCapacities(r.consumed_capacity, &w);
  EncodeItemCollectionMetricsPerTable(r.item_collection_metrics, &w);
  w.EndObject();
  return std::move(w).Take();
}

void EncodeItemResponses(const std::vector<std::optional<Item>>& responses, JsonWriter* w) {
  w->Key("Responses");
  w->BeginArray();
  for (const auto& item : responses) {
    w->BeginObject();
    if (item) {
      w->Key("Item");
      EncodeAttributeMap(*item, w);
    }
    w->EndObject();
  }
  w->EndArray();
}

std::string EncodeTransactGetItemsResponse(const TransactGetItemsResponse& r) {
  JsonWriter w;
  w.BeginObject();
  EncodeItemResponses(r.responses, &w);
  EncodeConsumedCapacities(r.consumed_capacity, &w);
  w.EndObject();
  return std::move(w).Take();
}

void EncodeCancellationReasons(const std::vector<CancellationReason>& reasons, JsonWriter* w) {
  w->Key("CancellationReasons");
  w->BeginArray();
  for (const auto& reason : reasons) {
    w->BeginObject();
    if (reason.item) {
      w->Key("Item");
      EncodeAttributeMap(*reason.item, w);
    }
    w->Key("Code");
    w->String(reason.code);
    if (reason.message) {
      w->Key("Message");
      w->String(*reason.message);
    }
    w->EndObject();
  }
  w->EndArray();
}

}  // namespace stator::api
