#include "api/codec_item.h"

#include "api/attribute_json.h"
#include "api/codec_enums.h"
#include "api/json_reader.h"

namespace stator::api {
namespace {

constexpr std::string_view kShapePrefix = "com.amazonaws.dynamodb.v20120810.";

// Calls read(key, StructReader&) for each entry of the map member `name`, whose values are
// structures of the service's shape `shape` ("expected.a.member" is the path of entry "a").
template <class F>
void ForEachMapStruct(StructReader& r, std::string_view name, std::string_view shape, F&& read) {
  auto v = r.Member(name);
  simdjson::dom::object map;
  if (!v || !ExpectMap(*v, std::string(kShapePrefix) + std::string(shape), r.errors(), &map)) {
    return;
  }
  for (auto [key, value] : map) {
    if (value.is_null()) continue;
    simdjson::dom::object entry;
    if (!ExpectStruct(value, shape, StructPlace::kElement, r.errors(), &entry)) return;
    StructReader er(entry, r.PathOf(name) + "." + std::string(key) + ".member", r.errors());
    read(key, er);
    if (r.errors()->stopped()) return;
  }
}

// Reads the single AttributeValue member `name` of `r`.
bool ReadValue(StructReader& r, std::string_view name, std::optional<AttributeValue>* out) {
  auto v = r.Member(name);
  if (!v) return false;
  return DecodeAttributeValue(*v, r.errors(), &out->emplace());
}

void ReadExpected(StructReader& r, ExpectedMap* out) {
  ForEachMapStruct(r, "Expected", "ExpectedAttributeValue",
                   [&](std::string_view key, StructReader& e) {
                     ExpectedAttributeValue& x = (*out)[std::string(key)];
                     ReadValue(e, "Value", &x.value);
                     e.OptBool("Exists", &x.exists);
                     e.OptEnum("ComparisonOperator", kComparisonOperators, kComparisonOperatorSet,
                               &x.comparison_operator);
                     simdjson::dom::array list;
                     if (!e.Array("AttributeValueList", &list)) return;
                     auto& values = x.attribute_value_list.emplace();
                     for (simdjson::dom::element item : list) {
                       if (!DecodeAttributeValue(item, e.errors(), &values.emplace_back())) return;
                     }
                   });
}

// What PutItem, DeleteItem and UpdateItem share. Members are read in the order in which the
// service lists their constraint violations (see PutItem's), around the key or item that
// `read_target` reads.
template <class F>
void ReadWriteRequest(StructReader& r, std::string* table_name, F&& read_target,
                      WriteConditions* c) {
  ReadReturnConsumedCapacity(r, &c->return_consumed_capacity);
  r.String("TableName", table_name, true);
  read_target();
  r.Enum("ReturnValues", kReturnValues, kReturnValueSet, &c->return_values);
  r.Enum("ReturnItemCollectionMetrics", kReturnItemCollectionMetrics,
         kReturnItemCollectionMetricsSet, &c->return_item_collection_metrics);
  r.Enum("ReturnValuesOnConditionCheckFailure", kReturnOnConditionFailure,
         kReturnOnConditionFailureSet, &c->return_old_item_on_condition_check_failure);
  r.OptString("ConditionExpression", &c->condition_expression);
  ReadExpected(r, &c->expected);
  r.OptEnum("ConditionalOperator", kConditionalOperators, kConditionalOperatorSet,
            &c->conditional_operator);
  r.StringMap("ExpressionAttributeNames", &c->expression_attribute_names);
  ReadAttributeMap(r, "ExpressionAttributeValues", &c->expression_attribute_values);
}

}  // namespace

void ReadReturnConsumedCapacity(StructReader& r, ReturnConsumedCapacity* out) {
  r.Enum("ReturnConsumedCapacity", kReturnConsumedCapacities, kReturnConsumedCapacitySet, out);
}

void ReadReturnItemCollectionMetrics(StructReader& r, ReturnItemCollectionMetrics* out) {
  r.Enum("ReturnItemCollectionMetrics", kReturnItemCollectionMetrics,
         kReturnItemCollectionMetricsSet, out);
}

void ReadTransactConditions(StructReader& r, WriteConditions* c) {
  r.OptString("ConditionExpression", &c->condition_expression);
  r.StringMap("ExpressionAttributeNames", &c->expression_attribute_names);
  ReadAttributeMap(r, "ExpressionAttributeValues", &c->expression_attribute_values);
  r.Enum("ReturnValuesOnConditionCheckFailure", kReturnOnConditionFailure,
         kReturnOnConditionFailureSet, &c->return_old_item_on_condition_check_failure);
}

Status DecodePutItem(simdjson::dom::object body, PutItemRequest* out) {
  DecodeErrors errors;
  StructReader r(body, "", &errors);
  ReadWriteRequest(
      r, &out->table_name, [&] { ReadAttributeMap(r, "Item", &out->item, true); }, out);
  return errors.ToStatus();
}

Status DecodeDeleteItem(simdjson::dom::object body, DeleteItemRequest* out) {
  DecodeErrors errors;
  StructReader r(body, "", &errors);
  ReadWriteRequest(
      r, &out->table_name, [&] { ReadAttributeMap(r, "Key", &out->key, true); }, out);
  return errors.ToStatus();
}

Status DecodeUpdateItem(simdjson::dom::object body, UpdateItemRequest* out) {
  DecodeErrors errors;
  StructReader r(body, "", &errors);
  ReadWriteRequest(
      r, &out->table_name, [&] { ReadAttributeMap(r, "Key", &out->key, true); }, out);
  ForEachMapStruct(r, "AttributeUpdates", "AttributeValueUpdate",
                   [&](std::string_view key, StructReader& e) {
                     AttributeValueUpdate& u = out->attribute_updates[std::string(key)];
                     ReadValue(e, "Value", &u.value);
                     e.Enum("Action", kAttributeActions, kAttributeActionSet, &u.action);
                   });
  r.OptString("UpdateExpression", &out->update_expression);
  return errors.ToStatus();
}

Status DecodeGetItem(simdjson::dom::object body, GetItemRequest* out) {
  DecodeErrors errors;
  StructReader r(body, "", &errors);
  ReadReturnConsumedCapacity(r, &out->return_consumed_capacity);
  r.String("TableName", &out->table_name, true);
  ReadAttributeMap(r, "Key", &out->key, true);
  r.Bool("ConsistentRead", &out->consistent_read);
  std::vector<std::string> attributes;
  if (r.StringList("AttributesToGet", &attributes)) out->attributes_to_get = std::move(attributes);
  r.OptString("ProjectionExpression", &out->projection_expression);
  r.StringMap("ExpressionAttributeNames", &out->expression_attribute_names);
  return errors.ToStatus();
}

namespace {

// "ReadCapacityUnits" and "WriteCapacityUnits", each when set.
void EncodeReadWriteUnits(const std::optional<double>& read, const std::optional<double>& write,
                          JsonWriter* w) {
  if (read) {
    w->Key("ReadCapacityUnits");
    w->Double(*read);
  }
  if (write) {
    w->Key("WriteCapacityUnits");
    w->Double(*write);
  }
}

void EncodeCapacity(const Capacity& c, JsonWriter* w) {
  w->BeginObject();
  EncodeReadWriteUnits(c.read_capacity_units, c.write_capacity_units, w);
  w->Key("CapacityUnits");
  w->Double(c.capacity_units);
  w->EndObject();
}

// "GlobalSecondaryIndexes"/"LocalSecondaryIndexes": {name: Capacity}, when any index was used.
void EncodeIndexCapacities(std::string_view member,
                           const std::map<std::string, Capacity, std::less<>>& indexes,
                           JsonWriter* w) {
  if (indexes.empty()) return;
  w->Key(member);
  w->BeginObject();
  for (const auto& [name, capacity] : indexes) {
    w->Key(name);
    EncodeCapacity(capacity, w);
  }
  w->EndObject();
}

}  // namespace

void EncodeConsumedCapacity(const ConsumedCapacity& c, JsonWriter* w) {
  w->BeginObject();
  w->Key("TableName");
  w->String(c.table_name);
  w->Key("CapacityUnits");
  w->Double(c.capacity_units);
  EncodeReadWriteUnits(c.read_capacity_units, c.write_capacity_units, w);
  if (c.table) {
    w->Key("Table");
    EncodeCapacity(*c.table, w);
  }
  EncodeIndexCapacities("GlobalSecondaryIndexes", c.global_secondary_indexes, w);
  EncodeIndexCapacities("LocalSecondaryIndexes", c.local_secondary_indexes, w);
  w->EndObject();
}

void EncodeItemCollectionMetrics(const ItemCollectionMetrics& m, JsonWriter* w) {
  w->BeginObject();
  w->Key("ItemCollectionKey");
  EncodeAttributeMap(m.item_collection_key, w);
  w->Key("SizeEstimateRangeGB");
  w->BeginArray();
  for (double gb : m.size_estimate_range_gb) w->Double(gb);
  w->EndArray();
  w->EndObject();
}

void EncodeItemCollectionMetricsPerTable(
    const std::map<std::string, std::vector<ItemCollectionMetrics>, std::less<>>& m,
    JsonWriter* w) {
  if (m.empty()) return;
  w->Key("ItemCollectionMetrics");
  w->BeginObject();
  for (const auto& [table, list] : m) {
    w->Key(table);
    w->BeginArray();
    for (const auto& one : list) EncodeItemCollectionMetrics(one, w);
    w->EndArray();
  }
  w->EndObject();
}

void EncodeConsumedCapacities(const std::optional<ConsumedCapacity>& c, JsonWriter* w) {
  if (!c) return;
  w->Key("ConsumedCapacity");
  EncodeConsumedCapacity(*c, w);
}

void EncodeConsumedCapacities(const std::vector<ConsumedCapacity>& c, JsonWriter* w) {
  if (c.empty()) return;
  w->Key("ConsumedCapacity");
  w->BeginArray();
  for (const auto& one : c) EncodeConsumedCapacity(one, w);
  w->EndArray();
}

std::string EncodeWriteItemResponse(const WriteItemResponse& r) {
  JsonWriter w;
  w.BeginObject();
  if (r.attributes) {
    w.Key("Attributes");
    EncodeAttributeMap(*r.attributes, &w);
  }
  EncodeConsumedCapacities(r.consumed_capacity, &w);
  if (r.item_collection_metrics) {
    w.Key("ItemCollectionMetrics");
    EncodeItemCollectionMetrics(*r.item_collection_metrics, &w);
  }
  w.EndObject();
  return std::move(w).Take();
}

std::string EncodeGetItemResponse(const GetItemResponse& r) {
  JsonWriter w;
  w.BeginObject();
  if (r.item) {
    w.Key("Item");
    EncodeAttributeMap(*r.item, &w);
  }
  EncodeConsumedCapacities(r.consumed_capacity, &w);
  w.EndObject();
  return std::move(w).Take();
}

std::string EncodeSharedGetItemResponse(const SharedGetItemResponse& r) {
  if (!r.item) {
    if (!r.consumed_capacity) return "{}";
    return EncodeGetItemResponse(GetItemResponse{std::nullopt, r.consumed_capacity});
  }
  const std::string* fragment = r.encoded ? r.encoded->Get() : nullptr;
  std::string local;
  if (fragment == nullptr) {
    JsonWriter item;
    EncodeAttributeMap(*r.item, &item);
    if (r.encoded) {
      fragment = &r.encoded->Fill(std::move(item).Take());
    } else {
      local = std::move(item).Take();
      fragment = &local;
    }
  }
  JsonWriter w;
  w.BeginObject();
  w.Key("Item");
  w.Raw(*fragment);
  EncodeConsumedCapacities(r.consumed_capacity, &w);
  w.EndObject();
  return std::move(w).Take();
}

}  // namespace stator::api
