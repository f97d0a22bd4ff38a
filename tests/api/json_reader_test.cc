#include "api/json_reader.h"

#include <gtest/gtest.h>

#include "tests/api/test_util.h"

namespace stator::api {
namespace {

using testing::ParseObject;

TEST(ParseBody, RejectsMalformedEmptyAndNonObjectBodies) {
  simdjson::dom::object obj;
  for (std::string_view body : {"", "{", "not json", "[]", "5", "\"s\"", "null"}) {
    Status st = ParseBody(body, &obj);
    EXPECT_EQ(st.code(), ErrorCode::kSerialization) << body;
    EXPECT_EQ(st.message(), "") << body;
  }
  EXPECT_TRUE(ParseBody("{}", &obj).ok());
}

// Reads member "TableName" (a String) of `json` and returns the error.
Status ReadTableName(std::string_view json) {
  DecodeErrors errors;
  std::string name;
  StructReader(ParseObject(json), "", &errors).String("TableName", &name, true);
  return errors.ToStatus();
}

TEST(StructReader, StringMemberOfWrongTypeIsSerializationException) {
  struct Case {
    std::string_view json, message;
  } cases[] = {
      {R"({"TableName": 5})", "NUMBER_VALUE cannot be converted to String"},
      {R"({"TableName": 3.5})", "DECIMAL_VALUE cannot be converted to String"},
      {R"({"TableName": true})", "TRUE_VALUE cannot be converted to String"},
      {R"({"TableName": false})", "FALSE_VALUE cannot be converted to String"},
      {R"({"TableName": []})", "Unrecognized collection type class java.lang.String"},
      {R"({"TableName": {}})", "Start of structure or map found where not expected"},
  };
  for (const auto& c : cases) {
    Status st = ReadTableName(c.json);
    EXPECT_EQ(st.code(), ErrorCode::kSerialization) << c.json;
    EXPECT_EQ(st.message(), c.message) << c.json;
  }
}

TEST(StructReader, MissingOrNullRequiredMemberIsNotNullConstraint) {
  for (std::string_view json : {"{}", R"({"TableName": null})", R"({"Other": "x"})"}) {
    Status st = ReadTableName(json);
    EXPECT_EQ(st.code(), ErrorCode::kValidation);
    EXPECT_EQ(st.message(),
              "1 validation error detected: Value null at 'tableName' failed to satisfy "
              "constraint: Member must not be null");
  }
  EXPECT_TRUE(ReadTableName(R"({"TableName": "t"})").ok());
}

TEST(StructReader, BooleanAndLongMembers) {
  DecodeErrors errors;
  bool b = false;
  StructReader(ParseObject(R"({"ConsistentRead": "yes"})"), "", &errors).Bool("ConsistentRead", &b);
  EXPECT_EQ(errors.ToStatus().message(), "Unexpected token received from parser");

  DecodeErrors errors2;
  StructReader(ParseObject(R"({"ConsistentRead": 1})"), "", &errors2).Bool("ConsistentRead", &b);
  EXPECT_EQ(errors2.ToStatus().message(), "NUMBER_VALUE cannot be converted to Boolean");

  DecodeErrors errors3;
  int64_t n = 0;
  StructReader(ParseObject(R"({"Limit": "5"})"), "", &errors3).Integer("Limit", &n);
  EXPECT_EQ(errors3.ToStatus().message(), "STRING_VALUE cannot be converted to Integer");

  DecodeErrors errors4;
  StructReader r(ParseObject(R"({"Limit": 7.9, "B": true})"), "", &errors4);
  EXPECT_TRUE(r.Integer("Limit", &n));
  EXPECT_EQ(n, 7);  // truncated, as the service's JSON front end does
  EXPECT_TRUE(r.Bool("B", &b));
  EXPECT_TRUE(b);
  EXPECT_TRUE(errors4.ok());
}

TEST(StructReader, EnumAndSeveralConstraintsAreReportedTogether) {
  constexpr EnumEntry<int> kModes[] = {{"PROVISIONED", 0}, {"PAY_PER_REQUEST", 1}};
  DecodeErrors errors;
  StructReader r(ParseObject(R"({"BillingMode": "X"})"), "", &errors);
  std::string name;
  int mode = -1;
  r.String("TableName", &name, true);
  EXPECT_FALSE(r.Enum("BillingMode", kModes, "[PROVISIONED, PAY_PER_REQUEST]", &mode));
  EXPECT_EQ(errors.ToStatus().message(),
            "2 validation errors detected: Value null at 'tableName' failed to satisfy "
            "constraint: Member must not be null; Value 'X' at 'billingMode' failed to satisfy "
            "constraint: Member must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]");
}

TEST(StructReader, SerializationErrorStopsFurtherReadsAndWins) {
  DecodeErrors errors;
  StructReader r(ParseObject(R"({"A": 1, "B": 2})"), "", &errors);
  std::string s;
  r.String("Missing", &s, true);  // a constraint violation ...
  EXPECT_FALSE(r.String("A", &s));
  EXPECT_FALSE(r.String("B", &s));  // ... and a second type error, not reported
  errors.Semantic(Status::Validation("later"));
  Status st = errors.ToStatus();
  EXPECT_EQ(st.code(), ErrorCode::kSerialization);
  EXPECT_EQ(st.message(), "NUMBER_VALUE cannot be converted to String");
}

TEST(StructReader, NestedPathsAndStructureShapes) {
  DecodeErrors errors;
  StructReader r(ParseObject(R"({"KeySchema": [{"KeyType": "HASH"}, {}]})"), "", &errors);
  int count = 0;
  EXPECT_TRUE(r.ForEachStruct("KeySchema", "KeySchemaElement", [&](StructReader& e) {
    std::string name;
    e.String("AttributeName", &name, true);
    ++count;
  }));
  EXPECT_EQ(count, 2);
  EXPECT_EQ(errors.ToStatus().message(),
            "2 validation errors detected: Value null at 'keySchema.1.member.attributeName' "
            "failed to satisfy constraint: Member must not be null; Value null at "
            "'keySchema.2.member.attributeName' failed to satisfy constraint: Member must not be "
            "null");

  DecodeErrors errors2;
  StructReader r2(ParseObject(R"({"KeySchema": [5]})"), "", &errors2);
  EXPECT_FALSE(r2.ForEachStruct("KeySchema", "KeySchemaElement", [](StructReader&) {}));
  EXPECT_EQ(errors2.ToStatus().message(), "Unexpected value type in payload");

  DecodeErrors errors3;
  simdjson::dom::object o;
  StructReader r3(ParseObject(R"({"ProvisionedThroughput": []})"), "", &errors3);
  EXPECT_FALSE(r3.Struct("ProvisionedThroughput", "ProvisionedThroughput", &o));
  EXPECT_EQ(errors3.ToStatus().message(),
            "Unrecognized collection type class "
            "com.amazonaws.dynamodb.v20120810.ProvisionedThroughput");

  DecodeErrors errors4;
  StructReader r4(ParseObject(R"({"AttributesToGet": "a"})"), "", &errors4);
  std::vector<std::string> list;
  EXPECT_FALSE(r4.StringList("AttributesToGet", &list));
  EXPECT_EQ(errors4.ToStatus().message(), "Unexpected field type");
}

TEST(DecodeErrors, CountsAllButListsAtMostTen) {
  DecodeErrors errors;
  // Not "m" + std::to_string(i): GCC 12's -Wrestrict false positive.
  for (int i = 0; i < 12; ++i) errors.NotNull(std::string("m").append(std::to_string(i)));
  const std::string msg = errors.ToStatus().message();
  EXPECT_EQ(msg.rfind("12 validation errors detected: ", 0), 0u);
  EXPECT_NE(msg.find("'m9'"), std::string::npos);
  EXPECT_EQ(msg.find("'m10'"), std::string::npos);
}

}  // namespace
}  // namespace stator::api
