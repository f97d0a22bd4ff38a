// AttributeValue <-> DynamoDB JSON ({"S":"x"}, {"N":"1"}, {"B":"<base64>"}, {"M":{...}}, ...).
//
// Decoding reports errors through DecodeErrors (api/json_reader.h): a value of the wrong JSON
// type is a SerializationException and stops decoding; the service's semantic checks of a value
// (exactly one type, NULL must be true, sets non-empty and without duplicates, at most 32 levels
// of nested documents) are reported as deferred ValidationExceptions. Numbers stay as text: the
// engine validates and normalises them. B and BS are decoded from base64 to raw bytes.
//
// Thread safety: pure functions.
#pragma once

#include <simdjson.h>

#include <string_view>

#include "api/json_reader.h"
#include "api/json_writer.h"
#include "stator/attribute_value.h"

namespace stator::api {

// The service's texts for the semantic errors of an AttributeValue.
inline constexpr std::string_view kEmptyAttributeValue =
    "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes";
inline constexpr std::string_view kMultipleDatatypes =
    "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the "
    "supported datatypes";
inline constexpr std::string_view kNullMustBeTrue =
    "One or more parameter values were invalid: Null attribute value types must have the value of "
    "true";
inline constexpr std::string_view kEmptyStringSet =
    "One or more parameter values were invalid: An string set  may not be empty";
inline constexpr std::string_view kEmptyNumberSet =
    "One or more parameter values were invalid: An number set  may not be empty";
inline constexpr std::string_view kEmptyBinarySet =
    "One or more parameter values were invalid: Binary sets should not be empty";
inline constexpr std::string_view kNestingTooDeep =
    "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels "
    "beyond supported limit";

// Documents (M, L) may nest this deep; deeper input is rejected without recursing further, so
// hostile input cannot exhaust the stack.
inline constexpr int kMaxDocumentDepth = 32;

// The Java class the service names for a map of AttributeValues given as a JSON array.
inline constexpr std::string_view kAttributeValueClass =
    "com.amazonaws.dynamodb.v20120810.AttributeValue";

// Decodes the JSON value `v` standing for one AttributeValue. Returns false when decoding must
// stop (a SerializationException was reported).
bool DecodeAttributeValue(simdjson::dom::element v, DecodeErrors* errors, AttributeValue* out);

// Decodes a JSON object of AttributeValues (an Item, a Key, ExpressionAttributeValues).
bool DecodeAttributeMap(simdjson::dom::element v, DecodeErrors* errors, AttributeMap* out);

// Reads member `name` of `r` as a map of AttributeValues; false when absent or malformed.
bool ReadAttributeMap(StructReader& r, std::string_view name, AttributeMap* out,
                      bool required = false);

// Appends the JSON of a value / a map of values.
void EncodeAttributeValue(const AttributeValue& v, JsonWriter* w);
void EncodeAttributeMap(const AttributeMap& m, JsonWriter* w);

}  // namespace stator::api
