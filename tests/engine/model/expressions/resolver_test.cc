#include "engine/model/expressions/resolver.h"

#include <gtest/gtest.h>

#include "tests/engine/model/expressions/expression_test_util.h"

namespace stator::expr {
namespace {

using testing::ApplyUpdateText;
using testing::EvalCondition;
using testing::N;
using testing::S;

const Item kEmpty;

TEST(ResolverTest, UndefinedNamesAndValues) {
  EXPECT_ERROR(EvalCondition("#a = :a", kEmpty, {{":a", S("x")}}),
               "Invalid ConditionExpression: An expression attribute name used in the document "
               "path is not defined; attribute name: #a");
  EXPECT_ERROR(ApplyUpdateText("SET attr1 = :v", kEmpty),
               "Invalid UpdateExpression: An expression attribute value used in expression is "
               "not defined; attribute value: :v");
}

TEST(ResolverTest, UnusedNamesAndValues) {
  EXPECT_ERROR(EvalCondition("a = :v", kEmpty, {{":v", S("x")}}, {{"#unused", "x"}}),
               "Value provided in ExpressionAttributeNames unused in expressions: keys: "
               "{#unused}");
  EXPECT_ERROR(EvalCondition("a = :v", kEmpty, {{":v", S("x")}, {":a", S("y")}, {":c", S("z")}}),
               "Value provided in ExpressionAttributeValues unused in expressions: keys: "
               "{:a, :c}");
}

TEST(ResolverTest, ReservedWordsUnlessSubstituted) {
  EXPECT_ERROR(EvalCondition("date = :v", kEmpty, {{":v", S("x")}}),
               "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved "
               "keyword: date");
  EXPECT_ERROR(ApplyUpdateText(" remove Absolute ", kEmpty),
               "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved "
               "keyword: Absolute");
  auto ok = EvalCondition("#d = :v", {{"date", S("x")}}, {{":v", S("x")}}, {{"#d", "date"}});
  ASSERT_TRUE(ok.ok()) << ok.status().message();
  EXPECT_TRUE(*ok);
}

TEST(ResolverTest, FunctionNamesCountsAndTypes) {
  EXPECT_ERROR(EvalCondition("attRIbute_exIsts(views)", kEmpty),
               "Invalid ConditionExpression: Invalid function name; function: attRIbute_exIsts");
  EXPECT_ERROR(EvalCondition("attribute_exists(a, b)", kEmpty),
               "Invalid ConditionExpression: Incorrect number of operands for operator or "
               "function; operator or function: attribute_exists, number of operands: 2");
  EXPECT_ERROR(EvalCondition("attribute_exists(:v)", kEmpty, {{":v", S("x")}}),
               "Invalid ConditionExpression: Operator or function requires a document path; "
               "operator or function: attribute_exists");
  EXPECT_ERROR(EvalCondition("begins_with(a, :v)", kEmpty, {{":v", N("1")}}),
               "Invalid ConditionExpression: Incorrect operand type for operator or function; "
               "operator or function: begins_with, operand type: N");
  EXPECT_ERROR(EvalCondition("size(a)", kEmpty),
               "Invalid ConditionExpression: The function is not allowed to be used this way in "
               "an expression; function: size");
  EXPECT_ERROR(EvalCondition("attribute_exists(a) = :v", kEmpty, {{":v", S("x")}}),
               "Invalid ConditionExpression: The function is not allowed to be used this way in "
               "an expression; function: attribute_exists");
  EXPECT_ERROR(EvalCondition("attribute_type(a, :t)", kEmpty, {{":t", S("X")}}),
               "Invalid ConditionExpression: Invalid attribute type name found; type: X, valid "
               "types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}");
  EXPECT_ERROR(EvalCondition("size(:v) > :v", kEmpty, {{":v", N("1")}}),
               "Invalid ConditionExpression: Incorrect operand type for operator or function; "
               "operator or function: size, operand type: N");
}

TEST(ResolverTest, ErrorPrecedence) {
  // An unknown function outranks an undefined value, which outranks an operand count.
  EXPECT_ERROR(EvalCondition("a = :nope AND whatever(b)", kEmpty),
               "Invalid ConditionExpression: Invalid function name; function: whatever");
  EXPECT_ERROR(EvalCondition("attribute_exists(a, b) AND c = :nope", kEmpty),
               "Invalid ConditionExpression: An expression attribute value used in expression is "
               "not defined; attribute value: :nope");
}

TEST(ResolverTest, DistinctOperands) {
  EXPECT_ERROR(EvalCondition("a.b = a.b", kEmpty),
               "Invalid ConditionExpression: The first operand must be distinct from the "
               "remaining operands for this operator or function; operator: =, first operand: "
               "[a, b]");
}

TEST(ResolverTest, BetweenBounds) {
  EXPECT_ERROR(EvalCondition("a BETWEEN :hi AND :lo", kEmpty, {{":hi", N("2")}, {":lo", N("1")}}),
               "Invalid ConditionExpression: The BETWEEN operator requires upper bound to be "
               "greater than or equal to lower bound; lower bound operand: AttributeValue: {N:2}, "
               "upper bound operand: AttributeValue: {N:1}");
  EXPECT_ERROR(EvalCondition("a BETWEEN :x AND :y", kEmpty, {{":x", N("1")}, {":y", S("a")}}),
               "Invalid ConditionExpression: The BETWEEN operator requires same data type for "
               "lower and upper bounds; lower bound operand: AttributeValue: {N:1}, upper bound "
               "operand: AttributeValue: {S:a}");
}

TEST(ResolverTest, InOperandLimit) {
  std::string text = "a IN (:v0";
  for (int i = 1; i <= 100; ++i) text += ", :v0";
  text += ")";
  EXPECT_ERROR(EvalCondition(text, kEmpty, {{":v0", N("1")}}),
               "Invalid ConditionExpression: The IN operator is provided with too many operands; "
               "number of operands: 101");
}

TEST(ResolverTest, PathDepthLimit) {
  std::string path = "a";
  for (int i = 0; i < 31; ++i) path += ".a";
  EXPECT_TRUE(EvalCondition("attribute_exists(" + path + ")", kEmpty).ok());
  EXPECT_ERROR(EvalCondition("attribute_exists(" + path + ".a)", kEmpty),
               "Invalid ConditionExpression: The document path has too many nesting levels; "
               "nesting levels: 33");
}

TEST(ResolverTest, UpdateOperandTypes) {
  EXPECT_ERROR(ApplyUpdateText("delete a.b :a", kEmpty, {{":a", S("a")}}),
               "Invalid UpdateExpression: Incorrect operand type for operator or function; "
               "operator: DELETE, operand type: STRING");
  EXPECT_ERROR(ApplyUpdateText("add a.b :a", kEmpty, {{":a", AttributeValue::Bool(true)}}),
               "Invalid UpdateExpression: Incorrect operand type for operator or function; "
               "operator: ADD, operand type: BOOLEAN");
  EXPECT_ERROR(ApplyUpdateText("delete a.b :a", kEmpty, {{":a", N("1")}}),
               "Invalid UpdateExpression: Incorrect operand type for operator or function; "
               "operator: DELETE, operand type: NUMBER");
  EXPECT_ERROR(ApplyUpdateText("set a = list_append(:a, a)", kEmpty, {{":a", S("a")}}),
               "Invalid UpdateExpression: Incorrect operand type for operator or function; "
               "operator or function: list_append, operand type: S");
  EXPECT_ERROR(ApplyUpdateText("set a = a - :a", kEmpty, {{":a", AttributeValue::M({})}}),
               "Invalid UpdateExpression: Incorrect operand type for operator or function; "
               "operator or function: -, operand type: M");
  EXPECT_ERROR(ApplyUpdateText("set a = if_not_exists(:a, c)", kEmpty, {{":a", S("a")}}),
               "Invalid UpdateExpression: Operator or function requires a document path; "
               "operator or function: if_not_exists");
  EXPECT_ERROR(ApplyUpdateText("set a = if_not_exists(c)", kEmpty),
               "Invalid UpdateExpression: Incorrect number of operands for operator or "
               "function; operator or function: if_not_exists, number of operands: 1");
  EXPECT_ERROR(ApplyUpdateText("set #c = if_not_exist(:c)", kEmpty, {{":c", S("a")}},
                               {{"#c", "c"}}),
               "Invalid UpdateExpression: Invalid function name; function: if_not_exist");
}

TEST(ResolverTest, OverlappingAndConflictingUpdatePaths) {
  const ExpressionAttributeNames names = {{"#c", "c"}, {"#d", "[3]"}};
  struct Case { const char* text; const char* one; const char* two; };
  for (const Case& c : {
           Case{"set d[1] = a, d.b = a, c[1].a = a, #c = if_not_exists(a)", "[c, [1], a]", "[c]"},
           Case{"set c.b.#c = a, c = a, #d = a", "[c, b, c]", "[c]"},
           Case{"set a = b remove a, #c, #d", "[a]", "[a]"},
           Case{"set #c[3].#d = a, #c[3] = a", "[c, [3], [3]]", "[c, [3]]"},
           Case{"remove c, #c.a, #d", "[c]", "[c, a]"},
       }) {
    EXPECT_ERROR(ApplyUpdateText(c.text, kEmpty, {}, names),
                 std::string("Invalid UpdateExpression: Two document paths overlap with each "
                             "other; must remove or rewrite one of these paths; path one: ") +
                     c.one + ", path two: " + c.two);
  }
  EXPECT_ERROR(ApplyUpdateText("remove a.#c set a[1] = #d", kEmpty, {}, names),
               "Invalid UpdateExpression: Two document paths conflict with each other; must "
               "remove or rewrite one of these paths; path one: [a, c], path two: [a, [1]]");
}

TEST(ResolverTest, ExpressionAttributeKeysAndValues) {
  ExpressionAttributeValues values = {{"b", S("a")}};
  EXPECT_ERROR(NormalizeExpressionValues(&values),
               "ExpressionAttributeValues contains invalid key: Syntax error; key: \"b\"");
  values = {{":b", AttributeValue::SS({"a", "a"})}};
  EXPECT_ERROR(NormalizeExpressionValues(&values),
               "ExpressionAttributeValues contains invalid value: One or more parameter values "
               "were invalid: Input collection [a, a] contains duplicates. for key :b");
  values = {{":b", N("b")}};
  EXPECT_ERROR(NormalizeExpressionValues(&values),
               "ExpressionAttributeValues contains invalid value: The parameter cannot be "
               "converted to a numeric value: b for key :b");
  EXPECT_ERROR(CheckExpressionNames({{"a", "b"}}),
               "ExpressionAttributeNames contains invalid key: Syntax error; key: \"a\"");
}

}  // namespace
}  // namespace stator::expr
