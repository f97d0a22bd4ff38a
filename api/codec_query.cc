#include "api/codec_query.h"

#include "api/attribute_json.h"
#include "api/codec_enums.h"
#include "api/codec_item.h"
#include "api/json_reader.h"
#include "api/json_writer.h"

namespace stator::api {
namespace {

// Enum members and their value sets in the service's order.
constexpr EnumEntry<Select> kSelects[] = {
    {"ALL_ATTRIBUTES", Select::kAllAttributes},
    {"ALL_PROJECTED_ATTRIBUTES", Select::kAllProjectedAttributes},
    {"SPECIFIC_ATTRIBUTES", Select::kSpecificAttributes},
    {"COUNT", Select::kCount}};
constexpr std::string_view kSelectSet =
    "[SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]";

// A map of legacy Conditions (KeyConditions, QueryFilter, ScanFilter); "keyConditions.a.member"
// is the service's path of entry "a".
void ReadConditions(StructReader& r, std::string_view name, std::optional<ConditionMap>* out) {
  auto v = r.Member(name);
  simdjson::dom::object map;
  if (!v || !ExpectMap(*v, "com.amazonaws.dynamodb.v20120810.Condition", r.errors(), &map)) {
    return;
  }
  ConditionMap& conditions = out->emplace();
  for (auto [key, value] : map) {
    if (value.is_null()) continue;
    simdjson::dom::object entry;
    if (!ExpectStruct(value, "Condition", StructPlace::kElement, r.errors(), &entry)) return;
    StructReader e(entry, r.PathOf(name) + "." + std::string(key) + ".member", r.errors());
    ComparisonCondition& c = conditions[std::string(key)];
    e.Enum("ComparisonOperator", kComparisonOperators, kComparisonOperatorSet,
           &c.comparison_operator, true);
    simdjson::dom::array list;
    if (e.Array("AttributeValueList", &list)) {
      for (simdjson::dom::element item : list) {
        if (!DecodeAttributeValue(item, e.errors(), &c.attribute_value_list.emplace_back())) {
          return;
        }
      }
    }
    if (r.errors()->stopped()) return;
  }
}

// What Query and Scan share, after the legacy condition maps (read first, as the service lists
// their violations first).
void ReadCommon(StructReader& r, ReadRequest* out) {
  r.Enum("ReturnConsumedCapacity", kReturnConsumedCapacities, kReturnConsumedCapacitySet,
         &out->return_consumed_capacity);
  std::vector<std::string> attributes;
  if (r.StringList("AttributesToGet", &attributes)) out->attributes_to_get = std::move(attributes);
  r.String("TableName", &out->table_name, true);
  r.OptEnum("Select", kSelects, kSelectSet, &out->select);
  r.OptString("IndexName", &out->index_name);
  int64_t limit = 0;
  if (r.Integer("Limit", &limit)) out->limit = limit;
  r.Bool("ConsistentRead", &out->consistent_read);
  r.OptEnum("ConditionalOperator", kConditionalOperators, kConditionalOperatorSet,
            &out->conditional_operator);
  r.OptString("FilterExpression", &out->filter_expression);
  r.OptString("ProjectionExpression", &out->projection_expression);
  r.StringMap("ExpressionAttributeNames", &out->expression_attribute_names);
  ReadAttributeMap(r, "ExpressionAttributeValues", &out->expression_attribute_values);
  Item start;
  if (ReadAttributeMap(r, "ExclusiveStartKey", &start)) out->exclusive_start_key = std::move(start);
}

}  // namespace

Status DecodeQuery(simdjson::dom::object body, QueryRequest* out) {
  DecodeErrors errors;
  StructReader r(body, "", &errors);
  ReadConditions(r, "KeyConditions", &out->key_conditions);
  ReadConditions(r, "QueryFilter", &out->query_filter);
  ReadCommon(r, out);
  r.OptString("KeyConditionExpression", &out->key_condition_expression);
  r.Bool("ScanIndexForward", &out->scan_index_forward);
  return errors.ToStatus();
}

Status DecodeScan(simdjson::dom::object body, ScanRequest* out) {
  DecodeErrors errors;
  StructReader r(body, "", &errors);
  ReadConditions(r, "ScanFilter", &out->scan_filter);
  ReadCommon(r, out);
  int64_t n = 0;
  if (r.Integer("Segment", &n)) out->segment = n;
  if (r.Integer("TotalSegments", &n)) out->total_segments = n;
  return errors.ToStatus();
}

std::string EncodeReadResponse(const ReadResponse& r) {
  JsonWriter w;
  w.BeginObject();
  if (r.items) {
    w.Key("Items");
    w.BeginArray();
    for (const Item& item : *r.items) EncodeAttributeMap(item, &w);
    w.EndArray();
  }
  w.Key("Count");
  w.Int(r.count);
  w.Key("ScannedCount");
  w.Int(r.scanned_count);
  if (r.last_evaluated_key) {
    w.Key("LastEvaluatedKey");
    EncodeAttributeMap(*r.last_evaluated_key, &w);
  }
  EncodeConsumedCapacities(r.consumed_capacity, &w);
  w.EndObject();
  return std::move(w).Take();
}

}  // namespace stator::api
