#include "api/codec_batch_client.h"

#include "api/attribute_json.h"
#include "api/codec_batch.h"
#include "api/codec_item_client.h"

namespace stator::api {
namespace {

bool ReadKeysAndAttributes(simdjson::dom::element v, DecodeErrors* errors, KeysAndAttributes* out) {
  simdjson::dom::object o;
  if (!ExpectStruct(v, "KeysAndAttributes", StructPlace::kElement, errors, &o)) return false;
  StructReader r(o, "KeysAndAttributes", errors);
  simdjson::dom::array keys;
  if (r.Array("Keys", &keys)) {
    for (simdjson::dom::element k : keys) {
      if (!DecodeAttributeMap(k, errors, &out->keys.emplace_back())) return false;
    }
  }
  std::vector<std::string> attributes;
  if (r.StringList("AttributesToGet", &attributes)) out->attributes_to_get = std::move(attributes);
  r.Bool("ConsistentRead", &out->consistent_read);
  r.OptString("ProjectionExpression", &out->projection_expression);
  r.StringMap("ExpressionAttributeNames", &out->expression_attribute_names);
  return !errors->stopped();
}

bool ReadWriteRequest(simdjson::dom::element v, DecodeErrors* errors, WriteRequest* out) {
  simdjson::dom::object o;
  if (!ExpectStruct(v, "WriteRequest", StructPlace::kElement, errors, &o)) return false;
  StructReader r(o, "WriteRequest", errors);
  r.ReadStruct("PutRequest", "PutRequest",
               [&](StructReader& p) { ReadAttributeMap(p, "Item", &out->put_item.emplace()); });
  r.ReadStruct("DeleteRequest", "DeleteRequest",
               [&](StructReader& d) { ReadAttributeMap(d, "Key", &out->delete_key.emplace()); });
  return !errors->stopped();
}

// Calls read(table, value) for each member of the map member `name`.
template <class F>
void ForEachTable(StructReader& r, std::string_view name, F&& read) {
  auto v = r.Member(name);
  simdjson::dom::object tables;
  if (!v || !ExpectMap(*v, "Map", r.errors(), &tables)) return;
  for (auto [table, value] : tables) {
    if (!read(std::string(table), value)) return;
  }
}

}  // namespace

std::string EncodeBatchGetItemRequest(const BatchGetItemRequest& r) {
  JsonWriter w;
  w.BeginObject();
  w.Key("RequestItems");
  w.BeginObject();
  for (const auto& [table, keys] : r.request_items) {
    w.Key(table);
    EncodeKeysAndAttributes(keys, &w);
  }
  w.EndObject();
  WriteReturnConsumedCapacity(r.return_consumed_capacity, &w);
  w.EndObject();
  return std::move(w).Take();
}

std::string EncodeBatchWriteItemRequest(const BatchWriteItemRequest& r) {
  JsonWriter w;
  w.BeginObject();
  w.Key("RequestItems");
  w.BeginObject();
  for (const auto& [table, requests] : r.request_items) {
    w.Key(table);
    w.BeginArray();
    for (const auto& request : requests) EncodeWriteRequest(request, &w);
    w.EndArray();
  }
  w.EndObject();
  WriteReturnConsumedCapacity(r.return_consumed_capacity, &w);
  WriteReturnItemCollectionMetrics(r.return_item_collection_metrics, &w);
  w.EndObject();
  return std::move(w).Take();
}

Status DecodeBatchGetItemResponse(std::string_view body, BatchGetItemResponse* out) {
  simdjson::dom::object o;
  STATOR_RETURN_IF_ERROR(ParseAnswer(body, &o));
  DecodeErrors errors;
  StructReader r(o, "", &errors);
  ForEachTable(r, "Responses", [&](std::string table, simdjson::dom::element v) {
    simdjson::dom::array items;
    if (!ExpectArray(v, &errors, &items)) return false;
    auto& into = out->responses[std::move(table)];
    for (simdjson::dom::element item : items) {
      if (!DecodeAttributeMap(item, &errors, &into.emplace_back())) return false;
    }
    return true;
  });
  ForEachTable(r, "UnprocessedKeys", [&](std::string table, simdjson::dom::element v) {
    return ReadKeysAndAttributes(v, &errors, &out->unprocessed_keys[std::move(table)]);
  });
  ReadConsumedCapacityList(r, &out->consumed_capacity);
  return AnswerStatus(errors, "BatchGetItem");
}

Status DecodeBatchWriteItemResponse(std::string_view body, BatchWriteItemResponse* out) {
  simdjson::dom::object o;
  STATOR_RETURN_IF_ERROR(ParseAnswer(body, &o));
  DecodeErrors errors;
  StructReader r(o, "", &errors);
  ForEachTable(r, "UnprocessedItems", [&](std::string table, simdjson::dom::element v) {
    simdjson::dom::array requests;
    if (!ExpectArray(v, &errors, &requests)) return false;
    auto& into = out->unprocessed_items[std::move(table)];
    for (simdjson::dom::element request : requests) {
      if (!ReadWriteRequest(request, &errors, &into.emplace_back())) return false;
    }
    return true;
  });
  ReadConsumedCapacityList(r, &out->consumed_capacity);
  ReadItemCollectionMetricsPerTable(r, &out->item_collection_metrics);
  return AnswerStatus(errors, "BatchWriteItem");
}

}  // namespace stator::api
