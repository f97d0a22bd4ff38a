#include "engine/model/expressions/parser.h"

#include <gtest/gtest.h>

#include "tests/engine/model/expressions/expression_test_util.h"

namespace stator::expr {
namespace {

TEST(ParserTest, ConditionPrecedenceIsNotThenAndThenOr) {
  auto c = ParseCondition("a = :a OR b = :b AND NOT c = :c", ExpressionKind::kCondition);
  ASSERT_TRUE(c.ok()) << c.status().message();
  ASSERT_EQ(c->kind, Condition::Kind::kOr);
  EXPECT_EQ(c->children[0].kind, Condition::Kind::kCompare);
  ASSERT_EQ(c->children[1].kind, Condition::Kind::kAnd);
  EXPECT_EQ(c->children[1].children[1].kind, Condition::Kind::kNot);
}

TEST(ParserTest, ParenthesesGroupConditionsAndOperands) {
  auto c = ParseCondition("(a = :a OR b = :b) AND (c) < :c", ExpressionKind::kCondition);
  ASSERT_TRUE(c.ok()) << c.status().message();
  ASSERT_EQ(c->kind, Condition::Kind::kAnd);
  EXPECT_EQ(c->children[0].kind, Condition::Kind::kOr);
  EXPECT_EQ(c->children[1].comparator, Comparator::kLt);
}

TEST(ParserTest, PathsWithMapsListsAndPlaceholders) {
  auto c = ParseCondition("a.#b[2].c[10] = :v", ExpressionKind::kCondition);
  ASSERT_TRUE(c.ok());
  const Path& p = c->operands[0].path;
  ASSERT_EQ(p.size(), 5u);
  EXPECT_EQ(p[1].name, "#b");
  EXPECT_TRUE(p[1].placeholder);
  EXPECT_EQ(p[2].index, 2);
  EXPECT_EQ(p[4].index, 10);
  EXPECT_EQ(PathToString(p), "[a, #b, [2], c, [10]]");
}

TEST(ParserTest, BetweenInAndFunctions) {
  auto c = ParseCondition("a BETWEEN :lo AND :hi AND b IN (:x, :y, :z) AND begins_with(c, :p)",
                          ExpressionKind::kCondition);
  ASSERT_TRUE(c.ok()) << c.status().message();
  const auto& left = c->children[0].children[0];
  EXPECT_EQ(left.kind, Condition::Kind::kBetween);
  EXPECT_EQ(c->children[0].children[1].operands.size(), 4u);
  EXPECT_EQ(c->children[1].kind, Condition::Kind::kFunction);
  EXPECT_EQ(c->children[1].operands[0].function, Function::kBeginsWith);
}

TEST(ParserTest, KeywordsAreCaseInsensitive) {
  EXPECT_TRUE(ParseCondition("a = :a and not b = :b Or c between :c aNd :d",
                             ExpressionKind::kCondition).ok());
  EXPECT_TRUE(ParseUpdate("set a = :a remove b add c :c delete d :d").ok());
}

TEST(ParserTest, SyntaxErrorsNameTheTokenAndItsNeighbours) {
  EXPECT_ERROR(ParseUpdate("INVALID SYNTAX HERE"),
               "Invalid UpdateExpression: Syntax error; token: \"INVALID\", near: "
               "\"INVALID SYNTAX\"");
  EXPECT_ERROR(ParseCondition("attribute_not_exists(", ExpressionKind::kCondition),
               "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"(\"");
  EXPECT_ERROR(ParseCondition("contains (themes, :theme", ExpressionKind::kFilter),
               "Invalid FilterExpression: Syntax error; token: \"<EOF>\", near: \":theme\"");
  EXPECT_ERROR(ParseUpdate("SET a = :a,"),
               "Invalid UpdateExpression: Syntax error; token: \"<EOF>\", near: \",\"");
  EXPECT_ERROR(ParseCondition("foo", ExpressionKind::kCondition),
               "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"foo\"");
  EXPECT_ERROR(ParseCondition("a = :v $", ExpressionKind::kCondition),
               "Invalid ConditionExpression: Syntax error; token: \"$\", near: \":v $\"");
  // A name does not start with '_' (alternator's suite, recorded against the service); inside
  // one, and in placeholders, '_' is fine.
  EXPECT_ERROR(ParseUpdate("SET _123 = :val1"),
               "Invalid UpdateExpression: Syntax error; token: \"_\", near: \"SET _123\"");
  EXPECT_ERROR(ParseCondition("_f(a)", ExpressionKind::kCondition),
               "Invalid ConditionExpression: Syntax error; token: \"_\", near: \"_f\"");
  EXPECT_TRUE(ParseUpdate("SET a_1 = :v_1, #_n = :_v").ok());
}

TEST(ParserTest, UpdateSyntaxErrorsOfTheServiceSuite) {
  for (const char* text :
       {"whatever", "set a", "add a", "delete a", "set a=set", "remove a = b", "add a = b",
        "delete a = b", "delete a b", "delete a if_not_exist(b)", "add abort b",
        "add a if_not_exist(b)", "remove a b", "set a b", "set :a = b", "add :a b",
        "delete :a b", "remove :a", "set a = b / c", "set a = b * c", "set a[1] = \"eight\"",
        "SET if_not_exist(a, b) = a", "set (a = (b + c))", "set a = b + c + d"}) {
    auto u = ParseUpdate(text);
    ASSERT_FALSE(u.ok()) << text;
    EXPECT_EQ(u.status().message().rfind("Invalid UpdateExpression: Syntax error; ", 0), 0u)
        << text << ": " << u.status().message();
  }
}

TEST(ParserTest, ArithmeticIsNotAFunctionArgument) {
  auto u = ParseUpdate("SET c = if_not_exists(c, :a + :b)");
  ASSERT_FALSE(u.ok());
  EXPECT_EQ(u.status().message(),
            "Invalid UpdateExpression: Syntax error; token: \"+\", near: \":a + :b\"");
  u = ParseUpdate("SET c = list_append(:a, :b - :a)");
  ASSERT_FALSE(u.ok());
  EXPECT_EQ(u.status().message(),
            "Invalid UpdateExpression: Syntax error; token: \"-\", near: \":b - :a\"");
  // A function's result may be an operand of the arithmetic.
  EXPECT_TRUE(ParseUpdate("SET c = if_not_exists(c, :a) + :b").ok());
  EXPECT_TRUE(ParseUpdate("SET c = list_append(if_not_exists(c, :e), :l)").ok());
}

TEST(ParserTest, EmptyAndOversizedExpressions) {
  EXPECT_ERROR(ParseCondition("", ExpressionKind::kCondition),
               "Invalid ConditionExpression: The expression can not be empty;");
  EXPECT_ERROR(ParseUpdate(""), "Invalid UpdateExpression: The expression can not be empty;");
  std::string big = "a = :v";
  big += std::string(4096, ' ');
  EXPECT_ERROR(ParseCondition(big, ExpressionKind::kCondition),
               "Invalid ConditionExpression: Expression size has exceeded the maximum allowed "
               "size; expression size: 4102");
  std::string exact = "a = :v" + std::string(4090, ' ');
  EXPECT_TRUE(ParseCondition(exact, ExpressionKind::kCondition).ok());
}

TEST(ParserTest, RedundantParenthesesAreRefused) {
  for (const char* text : {"((a = :a))", "a=a OR ((a=a OR a=a)) OR a=a",
                           "a=a AND ((a=a AND (a=a AND a=a)))", "((a)) = :a"}) {
    EXPECT_ERROR(ParseCondition(text, ExpressionKind::kFilter),
                 "Invalid FilterExpression: The expression has redundant parentheses;");
  }
  EXPECT_TRUE(ParseCondition("((a = :a) AND (b = :b))", ExpressionKind::kFilter).ok());
  EXPECT_TRUE(ParseCondition("(a = :a)", ExpressionKind::kFilter).ok());
}

TEST(ParserTest, EachUpdateSectionOnce) {
  EXPECT_ERROR(ParseUpdate("set a = #c set c = :d"),
               "Invalid UpdateExpression: The \"SET\" section can only be used once in an update "
               "expression;");
  EXPECT_ERROR(ParseUpdate("remove #d set a = b remove e"),
               "Invalid UpdateExpression: The \"REMOVE\" section can only be used once in an "
               "update expression;");
}

TEST(ParserTest, UpdateActions) {
  auto u = ParseUpdate("SET a = b + :c, d = list_append(if_not_exists(d, :e), :f) REMOVE g[1] "
                       "ADD h :i DELETE j :k");
  ASSERT_TRUE(u.ok()) << u.status().message();
  ASSERT_EQ(u->actions.size(), 5u);
  EXPECT_EQ(u->actions[0].value.kind, Operand::Kind::kPlus);
  EXPECT_EQ(u->actions[1].value.function, Function::kListAppend);
  EXPECT_EQ(u->actions[2].kind, UpdateAction::Kind::kRemove);
  EXPECT_EQ(u->actions[4].kind, UpdateAction::Kind::kDelete);
}

TEST(ParserTest, Projection) {
  auto p = ParseProjection("a, b.c, #d[3]");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->paths.size(), 3u);
  EXPECT_ERROR(ParseProjection("a,"),
               "Invalid ProjectionExpression: Syntax error; token: \"<EOF>\", near: \",\"");
}

TEST(ParserTest, DeepNestingWithinTheSizeLimitEndsInAnAnswer) {
  const std::string open(2040, '(');
  const std::string close(2040, ')');
  auto nested = ParseCondition(open + "a=:v" + close, ExpressionKind::kCondition);
  ASSERT_FALSE(nested.ok());
  EXPECT_EQ(nested.status().message(),
            "Invalid ConditionExpression: The expression has redundant parentheses;");
  std::string nots;
  for (int i = 0; i < 1000; ++i) nots += "NOT ";
  EXPECT_TRUE(ParseCondition(nots + "a = :v", ExpressionKind::kCondition).ok());
  auto unclosed = ParseCondition(std::string(4096, '('), ExpressionKind::kCondition);
  ASSERT_FALSE(unclosed.ok());
  EXPECT_EQ(unclosed.status().message().rfind("Invalid ConditionExpression: Syntax error;", 0), 0u);
}

TEST(ParserTest, ArbitraryBytesNeverCrash) {
  const std::string samples[] = {"(((((", ")))", "a[", "a[99999999999999999999]", "#", ":",
                                 "NOT", "a IN ()", "size(", "\xff\xfe", "a.b.", "[1]"};
  for (const auto& s : samples) {
    (void)ParseCondition(s, ExpressionKind::kCondition);
    (void)ParseUpdate(s);
    (void)ParseProjection(s);
  }
}

}  // namespace
}  // namespace stator::expr
