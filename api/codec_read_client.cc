#include "api/codec_read_client.h"

#include "api/attribute_json.h"
#include "api/codec_item_client.h"

namespace stator::api {
namespace {

std::string_view SelectName(Select s) {
  switch (s) {
    case Select::kAllAttributes:
      return "ALL_ATTRIBUTES";
    case Select::kAllProjectedAttributes:
      return "ALL_PROJECTED_ATTRIBUTES";
    case Select::kSpecificAttributes:
      return "SPECIFIC_ATTRIBUTES";
    case Select::kCount:
      break;
  }
  return "COUNT";
}

void WriteConditions(std::string_view key, const std::optional<ConditionMap>& conditions,
                     JsonWriter* w) {
  if (!conditions) return;
  w->Key(key);
  w->BeginObject();
  for (const auto& [name, c] : *conditions) {
    w->Key(name);
    w->BeginObject();
    WriteComparisonOperator(c.comparison_operator, w);
    if (!c.attribute_value_list.empty()) {
      w->Key("AttributeValueList");
      w->BeginArray();
      for (const auto& v : c.attribute_value_list) EncodeAttributeValue(v, w);
      w->EndArray();
    }
    w->EndObject();
  }
  w->EndObject();
}

// The members Query and Scan share.
void WriteReadRequest(const ReadRequest& r, JsonWriter* w) {
  w->Key("TableName");
  w->String(r.table_name);
  WriteOptString("IndexName", r.index_name, w);
  WriteOptString("FilterExpression", r.filter_expression, w);
  if (r.conditional_operator) WriteConditionalOperator(*r.conditional_operator, w);
  WriteOptString("ProjectionExpression", r.projection_expression, w);
  if (r.attributes_to_get) WriteStringList("AttributesToGet", *r.attributes_to_get, w);
  WriteNames(r.expression_attribute_names, w);
  WriteValues(r.expression_attribute_values, w);
  if (r.select) {
    w->Key("Select");
    w->String(SelectName(*r.select));
  }
  if (r.limit) {
    w->Key("Limit");
    w->Int(*r.limit);
  }
  if (r.exclusive_start_key) {
    w->Key("ExclusiveStartKey");
    EncodeAttributeMap(*r.exclusive_start_key, w);
  }
  if (r.consistent_read) {
    w->Key("ConsistentRead");
    w->Bool(true);
  }
  WriteReturnConsumedCapacity(r.return_consumed_capacity, w);
}

}  // namespace

std::string EncodeQueryRequest(const QueryRequest& r) {
  JsonWriter w;
  w.BeginObject();
  WriteReadRequest(r, &w);
  WriteOptString("KeyConditionExpression", r.key_condition_expression, &w);
  WriteConditions("KeyConditions", r.key_conditions, &w);
  WriteConditions("QueryFilter", r.query_filter, &w);
  if (!r.scan_index_forward) {
    w.Key("ScanIndexForward");
    w.Bool(false);
  }
  w.EndObject();
  return std::move(w).Take();
}

std::string EncodeScanRequest(const ScanRequest& r) {
  JsonWriter w;
  w.BeginObject();
  WriteReadRequest(r, &w);
  WriteConditions("ScanFilter", r.scan_filter, &w);
  if (r.segment) {
    w.Key("Segment");
    w.Int(*r.segment);
  }
  if (r.total_segments) {
    w.Key("TotalSegments");
    w.Int(*r.total_segments);
  }
  w.EndObject();
  return std::move(w).Take();
}

Status DecodeReadResponse(std::string_view body, ReadResponse* out) {
  simdjson::dom::object o;
  STATOR_RETURN_IF_ERROR(ParseAnswer(body, &o));
  DecodeErrors errors;
  StructReader r(o, "", &errors);
  simdjson::dom::array items;
  if (r.Array("Items", &items)) {
    auto& list = out->items.emplace();
    for (simdjson::dom::element e : items) {
      if (!DecodeAttributeMap(e, &errors, &list.emplace_back())) break;
    }
  }
  r.Long("Count", &out->count);
  r.Long("ScannedCount", &out->scanned_count);
  Item last;
  if (ReadAttributeMap(r, "LastEvaluatedKey", &last)) out->last_evaluated_key = std::move(last);
  ReadConsumedCapacityMember(r, &out->consumed_capacity);
  return AnswerStatus(errors, "Query/Scan");
}

}  // namespace stator::api
