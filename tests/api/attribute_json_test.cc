#include "api/attribute_json.h"

#include <gtest/gtest.h>

#include "tests/api/test_util.h"

namespace stator::api {
namespace {

using testing::ParseObject;

// Decodes the AttributeValue JSON `value_json`; returns the first error (or OK).
Status Decode(std::string_view value_json, AttributeValue* out) {
  std::string doc = "{\"v\":" + std::string(value_json) + "}";
  simdjson::dom::object obj = ParseObject(doc);
  DecodeErrors errors;
  DecodeAttributeValue(obj["v"].value(), &errors, out);
  return errors.ToStatus();
}

AttributeValue DecodeOk(std::string_view value_json) {
  AttributeValue v;
  Status st = Decode(value_json, &v);
  EXPECT_TRUE(st.ok()) << value_json << ": " << st.message();
  return v;
}

std::string Encode(const AttributeValue& v) {
  JsonWriter w;
  EncodeAttributeValue(v, &w);
  return std::move(w).Take();
}

TEST(AttributeJson, DecodesEveryType) {
  EXPECT_EQ(DecodeOk(R"({"S":"x"})"), AttributeValue::S("x"));
  EXPECT_EQ(DecodeOk(R"({"N":"-1.50"})"), AttributeValue::N("-1.50"));  // kept as text
  EXPECT_EQ(DecodeOk(R"({"B":"AAEC"})"), AttributeValue::B(std::string("\0\1\2", 3)));
  EXPECT_EQ(DecodeOk(R"({"BOOL":false})"), AttributeValue::Bool(false));
  EXPECT_EQ(DecodeOk(R"({"NULL":true})"), AttributeValue::Null());
  EXPECT_EQ(DecodeOk(R"({"M":{"a":{"S":"b"},"n":{"NULL":true}}})"),
            AttributeValue::M({{"a", AttributeValue::S("b")}, {"n", AttributeValue::Null()}}));
  EXPECT_EQ(DecodeOk(R"({"L":[{"N":"1"},{"L":[]}]})"),
            AttributeValue::L({AttributeValue::N("1"), AttributeValue::L({})}));
  EXPECT_EQ(DecodeOk(R"({"SS":["a","b"]})"), AttributeValue::SS({"a", "b"}));
  EXPECT_EQ(DecodeOk(R"({"NS":["1","2"]})"), AttributeValue::NS({"1", "2"}));
  EXPECT_EQ(DecodeOk(R"({"BS":["YQ==","Yg=="]})"), AttributeValue::BS({"a", "b"}));
}

TEST(AttributeJson, UnknownMembersAndNullsAreIgnored) {
  EXPECT_EQ(DecodeOk(R"({"S":"x","Other":5,"N":null})"), AttributeValue::S("x"));
}

TEST(AttributeJson, SemanticErrorsUseTheServiceTexts) {
  struct Case {
    std::string_view json, message;
  } cases[] = {
      {R"({})",
       "Supplied AttributeValue is empty, must contain exactly one of the supported "
       "datatypes"},
      {R"({"a":"x"})",
       "Supplied AttributeValue is empty, must contain exactly one of the "
       "supported datatypes"},
      {R"({"S":"a","N":"1"})",
       "Supplied AttributeValue has more than one datatypes set, must "
       "contain exactly one of the supported datatypes"},
      {R"({"NULL":false})",
       "One or more parameter values were invalid: Null attribute value "
       "types must have the value of true"},
      {R"({"SS":[]})",
       "One or more parameter values were invalid: An string set  may not be "
       "empty"},
      {R"({"NS":[]})",
       "One or more parameter values were invalid: An number set  may not be "
       "empty"},
      {R"({"BS":[]})",
       "One or more parameter values were invalid: Binary sets should not be "
       "empty"},
      {R"({"SS":["a","b","a"]})",
       "One or more parameter values were invalid: Input collection "
       "[a, b, a] contains duplicates."},
      {R"({"BS":["Yg==","Yg=="]})",
       "One or more parameter values were invalid: Input "
       "collection [Yg==, Yg==]of type BS contains duplicates."},
      {R"({"M":{"x":{"L":[{}]}}})",
       "Supplied AttributeValue is empty, must contain exactly one "
       "of the supported datatypes"},
  };
  for (const auto& c : cases) {
    AttributeValue v;
    Status st = Decode(c.json, &v);
    EXPECT_EQ(st.code(), ErrorCode::kValidation) << c.json;
    EXPECT_EQ(st.message(), c.message) << c.json;
  }
}

TEST(AttributeJson, WrongJsonTypesAreSerializationExceptions) {
  struct Case {
    std::string_view json, message;
  } cases[] = {
      {R"("x")", "Unexpected value type in payload"},
      {R"(5)", "Unexpected value type in payload"},
      {R"([])",
       "Unrecognized collection type class "
       "com.amazonaws.dynamodb.v20120810.AttributeValue"},
      {R"({"S":5})", "NUMBER_VALUE cannot be converted to String"},
      {R"({"N":1})", "NUMBER_VALUE cannot be converted to String"},
      {R"({"BOOL":"true"})", "Unexpected token received from parser"},
      {R"({"B":5})", "only base-64-encoded strings are convertible to bytes"},
      {R"({"B":"abc"})", "Base64 encoded length is expected a multiple of 4 bytes but found: 3"},
      {R"({"B":"+/+="})", "Invalid last non-pad Base64 character dectected"},
      {R"({"BS":["abc"]})", "Base64 encoded length is expected a multiple of 4 bytes but found: 3"},
      {R"({"SS":"a"})", "Unexpected field type"},
      {R"({"SS":[1]})", "NUMBER_VALUE cannot be converted to String"},
      {R"({"L":{}})", "Start of structure or map found where not expected"},
      {R"({"L":[5]})", "Unexpected value type in payload"},
      {R"({"M":[]})",
       "Unrecognized collection type java.util.Map<java.lang.String, "
       "com.amazonaws.dynamodb.v20120810.AttributeValue>"},
      {R"({"M":{"a":true}})", "Unexpected value type in payload"},
  };
  for (const auto& c : cases) {
    AttributeValue v;
    Status st = Decode(c.json, &v);
    EXPECT_EQ(st.code(), ErrorCode::kSerialization) << c.json;
    EXPECT_EQ(st.message(), c.message) << c.json;
  }
}

std::string Nested(int documents) {
  std::string json;
  for (int i = 0; i < documents; ++i) json += R"({"L":[)";
  json += R"({"S":"x"})";
  for (int i = 0; i < documents; ++i) json += "]}";
  return json;
}

TEST(AttributeJson, NestingIsLimitedTo32Documents) {
  DecodeOk(Nested(kMaxDocumentDepth));
  AttributeValue v;
  Status st = Decode(Nested(kMaxDocumentDepth + 1), &v);
  EXPECT_EQ(st.code(), ErrorCode::kValidation);
  EXPECT_EQ(st.message(), kNestingTooDeep);
  // Far deeper input (up to simdjson's own depth limit) neither crashes nor recurses.
  st = Decode(Nested(500), &v);
  EXPECT_EQ(st.message(), kNestingTooDeep);
}

TEST(AttributeJson, EncodesEveryTypeAsTheServiceDoes) {
  EXPECT_EQ(Encode(AttributeValue::S("a\"b")), R"({"S":"a\"b"})");
  EXPECT_EQ(Encode(AttributeValue::N("1E+2")), R"({"N":"1E+2"})");
  EXPECT_EQ(Encode(AttributeValue::B("a")), R"({"B":"YQ=="})");
  EXPECT_EQ(Encode(AttributeValue::Bool(true)), R"({"BOOL":true})");
  EXPECT_EQ(Encode(AttributeValue::Null()), R"({"NULL":true})");
  EXPECT_EQ(Encode(AttributeValue::SS({"x", "y"})), R"({"SS":["x","y"]})");
  EXPECT_EQ(Encode(AttributeValue::NS({"1"})), R"({"NS":["1"]})");
  EXPECT_EQ(Encode(AttributeValue::BS({"a", "b"})), R"({"BS":["YQ==","Yg=="]})");
  EXPECT_EQ(Encode(AttributeValue::L({AttributeValue::M({})})), R"({"L":[{"M":{}}]})");
}

TEST(AttributeJson, ItemsRoundTrip) {
  Item item = {
      {"id", AttributeValue::S("k")},
      {"n", AttributeValue::N("3.14")},
      {"bin", AttributeValue::B(std::string("\xff\x00\x10", 3))},
      {"doc", AttributeValue::M(
                  {{"l", AttributeValue::L({AttributeValue::Bool(false), AttributeValue::Null()})},
                   {"ss", AttributeValue::SS({"p", "q"})}})},
      {"bs", AttributeValue::BS({std::string("\0", 1), "zz"})},
      {"ns", AttributeValue::NS({"1", "-2e3"})},
  };
  JsonWriter w;
  EncodeAttributeMap(item, &w);
  std::string json = "{\"v\":" + std::move(w).Take() + "}";
  simdjson::dom::object obj = ParseObject(json);
  DecodeErrors errors;
  AttributeMap decoded;
  ASSERT_TRUE(DecodeAttributeMap(obj["v"].value(), &errors, &decoded));
  EXPECT_TRUE(errors.ok());
  EXPECT_EQ(decoded, item);
}

}  // namespace
}  // namespace stator::api
