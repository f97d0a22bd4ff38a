#include "api/codec_transact_client.h"

#include <type_traits>

#include "api/attribute_json.h"
#include "api/codec_item_client.h"

namespace stator::api {
namespace {

void WriteKeyed(std::string_view table, std::string_view key_member, const Item& key,
                JsonWriter* w) {
  w->Key("TableName");
  w->String(table);
  w->Key(key_member);
  EncodeAttributeMap(key, w);
}

void WriteAction(const TransactWriteItem& action, JsonWriter* w) {
  w->BeginObject();
  std::visit(
      [&](const auto& a) {
        using A = std::decay_t<decltype(a)>;
        if constexpr (std::is_same_v<A, ConditionCheck>) {
          w->Key("ConditionCheck");
          w->BeginObject();
          WriteKeyed(a.table_name, "Key", a.key, w);
        } else if constexpr (std::is_same_v<A, PutItemRequest>) {
          w->Key("Put");
          w->BeginObject();
          WriteKeyed(a.table_name, "Item", a.item, w);
        } else if constexpr (std::is_same_v<A, DeleteItemRequest>) {
          w->Key("Delete");
          w->BeginObject();
          WriteKeyed(a.table_name, "Key", a.key, w);
        } else {
          w->Key("Update");
          w->BeginObject();
          WriteKeyed(a.table_name, "Key", a.key, w);
          WriteOptString("UpdateExpression", a.update_expression, w);
        }
        WriteTransactConditions(a, w);
        w->EndObject();
      },
      action);
  w->EndObject();
}

}  // namespace

std::string EncodeTransactWriteItemsRequest(const TransactWriteItemsRequest& r) {
  JsonWriter w;
  w.BeginObject();
  w.Key("TransactItems");
  w.BeginArray();
  for (const auto& action : r.transact_items) WriteAction(action, &w);
  w.EndArray();
  WriteOptString("ClientRequestToken", r.client_request_token, &w);
  WriteReturnConsumedCapacity(r.return_consumed_capacity, &w);
  WriteReturnItemCollectionMetrics(r.return_item_collection_metrics, &w);
  w.EndObject();
  return std::move(w).Take();
}

std::string EncodeTransactGetItemsRequest(const TransactGetItemsRequest& r) {
  JsonWriter w;
  w.BeginObject();
  w.Key("TransactItems");
  w.BeginArray();
  for (const GetItemRequest& g : r.transact_items) {
    w.BeginObject();
    w.Key("Get");
    w.BeginObject();
    WriteKeyed(g.table_name, "Key", g.key, &w);
    WriteOptString("ProjectionExpression", g.projection_expression, &w);
    WriteNames(g.expression_attribute_names, &w);
    w.EndObject();
    w.EndObject();
  }
  w.EndArray();
  WriteReturnConsumedCapacity(r.return_consumed_capacity, &w);
  w.EndObject();
  return std::move(w).Take();
}

Status DecodeTransactWriteItemsResponse(std::string_view body, TransactWriteItemsResponse* out) {
  return DecodeAnswer(body, "TransactWriteItems", [&](StructReader& r) {
    ReadConsumedCapacityList(r, &out->consumed_capacity);
    ReadItemCollectionMetricsPerTable(r, &out->item_collection_metrics);
  });
}

Status DecodeTransactGetItemsResponse(std::string_view body, TransactGetItemsResponse* out) {
  return DecodeAnswer(body, "TransactGetItems", [&](StructReader& r) {
    r.ForEachStruct("Responses", "ItemResponse", [&](StructReader& e) {
      Item item;
      auto& slot = out->responses.emplace_back();
      if (ReadAttributeMap(e, "Item", &item)) slot = std::move(item);
    });
    ReadConsumedCapacityList(r, &out->consumed_capacity);
  });
}

}  // namespace stator::api
