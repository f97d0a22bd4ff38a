#include "api/codec_batch.h"

#include "api/attribute_json.h"
#include "api/codec_item.h"
#include "api/json_reader.h"
#include "api/json_writer.h"

namespace stator::api {
namespace {

constexpr std::string_view kShapePrefix = "com.amazonaws.dynamodb.v20120810.";

// Calls read(table_name, element, path) for each entry of the RequestItems map.
template <class F>
void ForEachRequestItem(StructReader& r, std::string_view value_shape, F&& read) {
  auto v = r.Member("RequestItems", true);
  simdjson::dom::object map;
  if (!v || !ExpectMap(*v, std::string(kShapePrefix) + std::string(value_shape), r.errors(),
                       &map)) {
    return;
  }
  for (auto [key, value] : map) {
    if (value.is_null()) continue;
    read(std::string(key), value, "requestItems." + std::string(key) + ".member");
    if (r.errors()->stopped()) return;
  }
}

void ReadKeysAndAttributes(StructReader& e, KeysAndAttributes* out) {
  simdjson::dom::array keys;
  if (e.Array("Keys", &keys, true)) {
    for (simdjson::dom::element key : keys) {
      if (!DecodeAttributeMap(key, e.errors(), &out->keys.emplace_back())) return;
    }
  }
  std::vector<std::string> attributes;
  if (e.StringList("AttributesToGet", &attributes)) out->attributes_to_get = std::move(attributes);
  e.Bool("ConsistentRead", &out->consistent_read);
  e.OptString("ProjectionExpression", &out->projection_expression);
  e.StringMap("ExpressionAttributeNames", &out->expression_attribute_names);
}

void ReadWriteRequest(StructReader& e, WriteRequest* out) {
  e.ReadStruct("PutRequest", "PutRequest", [&](StructReader& p) {
    ReadAttributeMap(p, "Item", &out->put_item.emplace(), true);
  });
  e.ReadStruct("DeleteRequest", "DeleteRequest", [&](StructReader& d) {
    ReadAttributeMap(d, "Key", &out->delete_key.emplace(), true);
  });
}

}  // namespace

void EncodeKeysAndAttributes(const KeysAndAttributes& k, JsonWriter* w) {
  w->BeginObject();
  w->Key("Keys");
  w->BeginArray();
  for (const Item& key : k.keys) EncodeAttributeMap(key, w);
  w->EndArray();
  if (k.attributes_to_get) {
    w->Key("AttributesToGet");
    w->BeginArray();
    for (const auto& a : *k.attributes_to_get) w->String(a);
    w->EndArray();
  }
  if (k.consistent_read) {
    w->Key("ConsistentRead");
    w->Bool(true);
  }
  if (k.projection_expression) {
    w->Key("ProjectionExpression");
    w->String(*k.projection_expression);
  }
  if (!k.expression_attribute_names.empty()) {
    w->Key("ExpressionAttributeNames");
    w->BeginObject();
    for (const auto& [name, value] : k.expression_attribute_names) {
      w->Key(name);
      w->String(value);
    }
    w->EndObject();
  }
  w->EndObject();
}

void EncodeWriteRequest(const WriteRequest& request, JsonWriter* w) {
  w->BeginObject();
  if (request.put_item) {
    w->Key("PutRequest");
    w->BeginObject();
    w->Key("Item");
    EncodeAttributeMap(*request.put_item, w);
    w->EndObject();
  } else if (request.delete_key) {
    w->Key("DeleteRequest");
    w->BeginObject();
    w->Key("Key");
    EncodeAttributeMap(*request.delete_key, w);
    w->EndObject();
  }
  w->EndObject();
}

Status DecodeBatchGetItem(simdjson::dom::object body, BatchGetItemRequest* out) {
  DecodeErrors errors;
  StructReader r(body, "", &errors);
  ForEachRequestItem(r, "KeysAndAttributes",
                     [&](std::string name, simdjson::dom::element value, std::string path) {
                       simdjson::dom::object o;
                       if (!ExpectStruct(value, "KeysAndAttributes", StructPlace::kElement,
                                         &errors, &o)) {
                         return;
                       }
                       StructReader e(o, std::move(path), &errors);
                       ReadKeysAndAttributes(e, &out->request_items[name]);
                     });
  ReadReturnConsumedCapacity(r, &out->return_consumed_capacity);
  return errors.ToStatus();
}

Status DecodeBatchWriteItem(simdjson::dom::object body, BatchWriteItemRequest* out) {
  DecodeErrors errors;
  StructReader r(body, "", &errors);
  ForEachRequestItem(r, "WriteRequest",
                     [&](std::string name, simdjson::dom::element value, std::string path) {
                       simdjson::dom::array list;
                       if (!ExpectArray(value, &errors, &list)) return;
                       auto& requests = out->request_items[name];
                       size_t i = 0;
                       for (simdjson::dom::element e : list) {
                         simdjson::dom::object o;
                         if (!ExpectStruct(e, "WriteRequest", StructPlace::kElement, &errors,
                                           &o)) {
                           return;
                         }
                         StructReader er(o, path + "." + std::to_string(++i) + ".member",
                                         &errors);
                         ReadWriteRequest(er, &requests.emplace_back());
                         if (errors.stopped()) return;
                       }
                     });
  ReadReturnConsumedCapacity(r, &out->return_consumed_capacity);
  ReadReturnItemCollectionMetrics(r, &out->return_item_collection_metrics);
  return errors.ToStatus();
}

std::string EncodeBatchGetItemResponse(const BatchGetItemResponse& r) {
  JsonWriter w;
  w.BeginObject();
  w.Key("Responses");
  w.BeginObject();
  for (const auto& [table, items] : r.responses) {
    w.Key(table);
    w.BeginArray();
    for (const Item& item : items) EncodeAttributeMap(item, &w);
    w.EndArray();
  }
  w.EndObject();
  w.Key("UnprocessedKeys");
  w.BeginObject();
  for (const auto& [table, keys] : r.unprocessed_keys) {
    w.Key(table);
    EncodeKeysAndAttributes(keys, &w);
  }
  w.EndObject();
  EncodeConsumedCapacities(r.consumed_capacity, &w);
  w.EndObject();
  return std::move(w).Take();
}

std::string EncodeBatchWriteItemResponse(const BatchWriteItemResponse& r) {
  JsonWriter w;
  w.BeginObject();
  w.Key("UnprocessedItems");
  w.BeginObject();
  for (const auto& [table, requests] : r.unprocessed_items) {
    w.Key(table);
    w.BeginArray();
    for (const auto& request : requests) EncodeWriteRequest(request, &w);
    w.EndArray();
  }
  w.EndObject();
  EncodeConsumedCapacities(r.consumed_capacity, &w);
  EncodeItemCollectionMetricsPerTable(r.item_collection_metrics, &w);
  w.EndObject();
  return std::move(w).Take();
}

}  // namespace stator::api
