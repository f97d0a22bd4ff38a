#include "api/codec_item_client.h"

#include "api/attribute_json.h"
#include "api/codec_enums.h"

namespace stator::api {

Status ParseAnswer(std::string_view body, simdjson::dom::object* out) {
  Status parsed = ParseBody(body, out);
  if (!parsed.ok()) return Status::IOError("malformed answer: " + parsed.message());
  return Status::OK();
}

Status AnswerStatus(const DecodeErrors& errors, std::string_view operation) {
  if (errors.ok()) return Status::OK();
  return Status::IOError("malformed " + std::string(operation) +
                         " answer: " + errors.ToStatus().message());
}

bool ReadDouble(StructReader& r, std::string_view name, double* out) {
  auto v = r.Member(name);
  if (!v) return false;
  if (v->get_double().get(*out) != simdjson::SUCCESS) {
    r.errors()->Serialization("expected a number at " + r.PathOf(name));
    return false;
  }
  return true;
}

void ReadOptDouble(StructReader& r, std::string_view name, std::optional<double>* out) {
  double d = 0;
  if (ReadDouble(r, name, &d)) *out = d;
}

void WriteReturnConsumedCapacity(ReturnConsumedCapacity v, JsonWriter* w) {
  if (v == ReturnConsumedCapacity::kNone) return;
  w->Key("ReturnConsumedCapacity");
  w->String(NameOf(kReturnConsumedCapacities, v));
}

void WriteReturnItemCollectionMetrics(ReturnItemCollectionMetrics v, JsonWriter* w) {
  if (v == ReturnItemCollectionMetrics::kNone) return;
  w->Key("ReturnItemCollectionMetrics");
  w->String(NameOf(kReturnItemCollectionMetrics, v));
}

void WriteNames(const ExpressionAttributeNames& names, JsonWriter* w) {
  if (names.empty()) return;
  w->Key("ExpressionAttributeNames");
  w->BeginObject();
  for (const auto& [k, v] : names) {
    w->Key(k);
    w->String(v);
  }
  w->EndObject();
}

void WriteValues(const ExpressionAttributeValues& values, JsonWriter* w) {
  if (values.empty()) return;
  w->Key("ExpressionAttributeValues");
  EncodeAttributeMap(values, w);
}

void WriteOptString(std::string_view key, const std::optional<std::string>& v, JsonWriter* w) {
  if (!v) return;
  w->Key(key);
  w->String(*v);
}

void WriteStringList(std::string_view key, const std::vector<std::string>& v, JsonWriter* w) {
  w->Key(key);
  w->BeginArray();
  for (const auto& s : v) w->String(s);
  w->EndArray();
}

void WriteComparisonOperator(ComparisonOperator op, JsonWriter* w) {
  w->Key("ComparisonOperator");
  w->String(NameOf(kComparisonOperators, op));
}

void WriteConditionalOperator(ConditionalOperator op, JsonWriter* w) {
  w->Key("ConditionalOperator");
  w->String(NameOf(kConditionalOperators, op));
}

void WriteTransactConditions(const WriteConditions& c, JsonWriter* w) {
  WriteOptString("ConditionExpression", c.condition_expression, w);
  WriteNames(c.expression_attribute_names, w);
  WriteValues(c.expression_attribute_values, w);
  if (c.return_old_item_on_condition_check_failure) {
    w->Key("ReturnValuesOnConditionCheckFailure");
    w->String("ALL_OLD");
  }
}

namespace {

void WriteExpected(const ExpectedMap& expected, JsonWriter* w) {
  if (expected.empty()) return;
  w->Key("Expected");
  w->BeginObject();
  for (const auto& [name, e] : expected) {
    w->Key(name);
    w->BeginObject();
    if (e.value) {
      w->Key("Value");
      EncodeAttributeValue(*e.value, w);
    }
    if (e.exists) {
      w->Key("Exists");
      w->Bool(*e.exists);
    }
    if (e.comparison_operator) WriteComparisonOperator(*e.comparison_operator, w);
    if (e.attribute_value_list) {
      w->Key("AttributeValueList");
      w->BeginArray();
      for (const auto& v : *e.attribute_value_list) EncodeAttributeValue(v, w);
      w->EndArray();
    }
    w->EndObject();
  }
  w->EndObject();
}

void WriteProjection(const std::optional<std::vector<std::string>>& attributes_to_get,
                     const std::optional<std::string>& projection, JsonWriter* w) {
  if (attributes_to_get) WriteStringList("AttributesToGet", *attributes_to_get, w);
  WriteOptString("ProjectionExpression", projection, w);
}

void ReadCapacity(StructReader& r, Capacity* c) {
  ReadOptDouble(r, "ReadCapacityUnits", &c->read_capacity_units);
  ReadOptDouble(r, "WriteCapacityUnits", &c->write_capacity_units);
  ReadDouble(r, "CapacityUnits", &c->capacity_units);
}

void ReadIndexCapacities(StructReader& r, std::string_view name,
                         std::map<std::string, Capacity, std::less<>>* out) {
  auto v = r.Member(name);
  simdjson::dom::object map;
  if (!v || !ExpectMap(*v, "Capacity", r.errors(), &map)) return;
  for (auto [key, value] : map) {
    simdjson::dom::object o;
    if (!ExpectStruct(value, "Capacity", StructPlace::kElement, r.errors(), &o)) return;
    StructReader cr(o, std::string(key), r.errors());
    ReadCapacity(cr, &(*out)[std::string(key)]);
  }
}

}  // namespace

void WriteWriteConditions(const WriteConditions& c, JsonWriter* w) {
  WriteOptString("ConditionExpression", c.condition_expression, w);
  WriteExpected(c.expected, w);
  if (c.conditional_operator) WriteConditionalOperator(*c.conditional_operator, w);
  WriteNames(c.expression_attribute_names, w);
  WriteValues(c.expression_attribute_values, w);
  if (c.return_values != ReturnValue::kNone) {
    w->Key("ReturnValues");
    w->String(NameOf(kReturnValues, c.return_values));
  }
  WriteReturnConsumedCapacity(c.return_consumed_capacity, w);
  WriteReturnItemCollectionMetrics(c.return_item_collection_metrics, w);
  if (c.return_old_item_on_condition_check_failure) {
    w->Key("ReturnValuesOnConditionCheckFailure");
    w->String("ALL_OLD");
  }
}

std::string EncodePutItemRequest(const PutItemRequest& r) {
  JsonWriter w;
  w.BeginObject();
  w.Key("TableName");
  w.String(r.table_name);
  w.Key("Item");
  EncodeAttributeMap(r.item, &w);
  WriteWriteConditions(r, &w);
  w.EndObject();
  return std::move(w).Take();
}

std::string EncodeDeleteItemRequest(const DeleteItemRequest& r) {
  JsonWriter w;
  w.BeginObject();
  w.Key("TableName");
  w.String(r.table_name);
  w.Key("Key");
  EncodeAttributeMap(r.key, &w);
  WriteWriteConditions(r, &w);
  w.EndObject();
  return std::move(w).Take();
}

std::string EncodeUpdateItemRequest(const UpdateItemRequest& r) {
  JsonWriter w;
  w.BeginObject();
  w.Key("TableName");
  w.String(r.table_name);
  w.Key("Key");
  EncodeAttributeMap(r.key, &w);
  WriteOptString("UpdateExpression", r.update_expression, &w);
  if (!r.attribute_updates.empty()) {
    w.Key("AttributeUpdates");
    w.BeginObject();
    for (const auto& [name, u] : r.attribute_updates) {
      w.Key(name);
      w.BeginObject();
      if (u.value) {
        w.Key("Value");
        EncodeAttributeValue(*u.value, &w);
      }
      w.Key("Action");
      w.String(NameOf(kAttributeActions, u.action));
      w.EndObject();
    }
    w.EndObject();
  }
  WriteWriteConditions(r, &w);
  w.EndObject();
  return std::move(w).Take();
}

std::string EncodeGetItemRequest(const GetItemRequest& r) {
  JsonWriter w;
  w.BeginObject();
  w.Key("TableName");
  w.String(r.table_name);
  w.Key("Key");
  EncodeAttributeMap(r.key, &w);
  if (r.consistent_read) {
    w.Key("ConsistentRead");
    w.Bool(true);
  }
  WriteProjection(r.attributes_to_get, r.projection_expression, &w);
  WriteNames(r.expression_attribute_names, &w);
  WriteReturnConsumedCapacity(r.return_consumed_capacity, &w);
  w.EndObject();
  return std::move(w).Take();
}

bool ReadConsumedCapacity(simdjson::dom::element v, DecodeErrors* errors, ConsumedCapacity* out) {
  simdjson::dom::object o;
  if (!ExpectStruct(v, "ConsumedCapacity", StructPlace::kElement, errors, &o)) return false;
  StructReader r(o, "ConsumedCapacity", errors);
  r.String("TableName", &out->table_name);
  ReadDouble(r, "CapacityUnits", &out->capacity_units);
  ReadOptDouble(r, "ReadCapacityUnits", &out->read_capacity_units);
  ReadOptDouble(r, "WriteCapacityUnits", &out->write_capacity_units);
  r.ReadStruct("Table", "Capacity",
               [&](StructReader& t) { ReadCapacity(t, &out->table.emplace()); });
  ReadIndexCapacities(r, "GlobalSecondaryIndexes", &out->global_secondary_indexes);
  ReadIndexCapacities(r, "LocalSecondaryIndexes", &out->local_secondary_indexes);
  return !errors->stopped();
}

void ReadConsumedCapacityMember(StructReader& r, std::optional<ConsumedCapacity>* out) {
  auto v = r.Member("ConsumedCapacity");
  if (v) ReadConsumedCapacity(*v, r.errors(), &out->emplace());
}

void ReadConsumedCapacityList(StructReader& r, std::vector<ConsumedCapacity>* out) {
  simdjson::dom::array list;
  if (!r.Array("ConsumedCapacity", &list)) return;
  for (simdjson::dom::element e : list) {
    if (!ReadConsumedCapacity(e, r.errors(), &out->emplace_back())) return;
  }
}

bool ReadItemCollectionMetrics(simdjson::dom::element v, DecodeErrors* errors,
                               ItemCollectionMetrics* out) {
  simdjson::dom::object o;
  if (!ExpectStruct(v, "ItemCollectionMetrics", StructPlace::kElement, errors, &o)) return false;
  StructReader r(o, "ItemCollectionMetrics", errors);
  ReadAttributeMap(r, "ItemCollectionKey", &out->item_collection_key);
  simdjson::dom::array range;
  if (r.Array("SizeEstimateRangeGB", &range)) {
    for (simdjson::dom::element e : range) {
      double gb = 0;
      if (e.get_double().get(gb) != simdjson::SUCCESS) {
        errors->Serialization("expected a number in SizeEstimateRangeGB");
        return false;
      }
      out->size_estimate_range_gb.push_back(gb);
    }
  }
  return !errors->stopped();
}

void ReadItemCollectionMetricsPerTable(
    StructReader& r, std::map<std::string, std::vector<ItemCollectionMetrics>, std::less<>>* out) {
  auto v = r.Member("ItemCollectionMetrics");
  simdjson::dom::object tables;
  if (!v || !ExpectMap(*v, "ItemCollectionMetrics", r.errors(), &tables)) return;
  for (auto [table, list] : tables) {
    simdjson::dom::array metrics;
    if (!ExpectArray(list, r.errors(), &metrics)) return;
    auto& into = (*out)[std::string(table)];
    for (simdjson::dom::element m : metrics) {
      if (!ReadItemCollectionMetrics(m, r.errors(), &into.emplace_back())) return;
    }
  }
}

Status DecodeWriteItemResponse(std::string_view body, WriteItemResponse* out) {
  simdjson::dom::object o;
  STATOR_RETURN_IF_ERROR(ParseAnswer(body, &o));
  DecodeErrors errors;
  StructReader r(o, "", &errors);
  Item attributes;
  if (ReadAttributeMap(r, "Attributes", &attributes)) out->attributes = std::move(attributes);
  ReadConsumedCapacityMember(r, &out->consumed_capacity);
  if (auto m = r.Member("ItemCollectionMetrics")) {
    ReadItemCollectionMetrics(*m, &errors, &out->item_collection_metrics.emplace());
  }
  return AnswerStatus(errors, "write");
}

Status DecodeGetItemResponse(std::string_view body, GetItemResponse* out) {
  return DecodeAnswer(body, "GetItem", [&](StructReader& r) {
    Item item;
    if (ReadAttributeMap(r, "Item", &item)) out->item = std::move(item);
    ReadConsumedCapacityMember(r, &out->consumed_capacity);
  });
}

}  // namespace stator::api
