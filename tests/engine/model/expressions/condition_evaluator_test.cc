#include "engine/model/expressions/condition_evaluator.h"

#include <gtest/gtest.h>

#include "tests/engine/model/expressions/expression_test_util.h"

namespace stator::expr {
namespace {

using testing::EvalCondition;
using testing::N;
using testing::S;

class ConditionEvaluatorTest : public ::testing::Test {
 protected:
  bool Eval(const std::string& text, ExpressionAttributeValues values = {},
            const ExpressionAttributeNames& names = {}) {
    auto r = EvalCondition(text, item_, std::move(values), names);
    EXPECT_TRUE(r.ok()) << text << ": " << r.status().message();
    return r.ok() && *r;
  }

  Item item_ = {
      {"s", S("hello")},
      {"n", N("10")},
      {"big", N("12345678901234567890123456789012345678")},
      {"b", AttributeValue::B(std::string("\x01\xff", 2))},
      {"t", AttributeValue::Bool(true)},
      {"z", AttributeValue::Null()},
      {"ss", AttributeValue::SS({"a", "b"})},
      {"ns", AttributeValue::NS({"1", "2.5"})},
      {"l", AttributeValue::L({S("x"), N("2"), AttributeValue::M({{"deep", S("y")}})})},
      {"m", AttributeValue::M({{"k", S("v")}, {"nest", AttributeValue::M({{"x", N("1")}})}})},
  };
};

TEST_F(ConditionEvaluatorTest, Comparisons) {
  EXPECT_TRUE(Eval("s = :v", {{":v", S("hello")}}));
  EXPECT_TRUE(Eval("n > :v", {{":v", N("9.5")}}));
  EXPECT_TRUE(Eval("n >= :v AND n <= :w", {{":v", N("10")}, {":w", N("1e1")}}));
  EXPECT_FALSE(Eval("n < :v", {{":v", N("-1")}}));
  EXPECT_TRUE(Eval("big > :v", {{":v", N("12345678901234567890123456789012345677")}}));
  EXPECT_TRUE(Eval("s < :v", {{":v", S("help")}}));
  EXPECT_TRUE(Eval("b > :v", {{":v", AttributeValue::B(std::string("\x01\x7f", 2))}}));
}

TEST_F(ConditionEvaluatorTest, AcrossTypesComparisonsAreFalseButNotEqualIsTrue) {
  EXPECT_FALSE(Eval("n = :v", {{":v", S("10")}}));
  EXPECT_FALSE(Eval("n < :v", {{":v", S("99")}}));
  EXPECT_TRUE(Eval("n <> :v", {{":v", S("10")}}));
  EXPECT_FALSE(Eval("absent = :v", {{":v", S("x")}}));
  EXPECT_TRUE(Eval("absent <> :v", {{":v", S("x")}}));
  EXPECT_FALSE(Eval("ss < :v", {{":v", S("x")}}));
}

TEST_F(ConditionEvaluatorTest, BetweenAndIn) {
  EXPECT_TRUE(Eval("n BETWEEN :a AND :b", {{":a", N("10")}, {":b", N("11")}}));
  EXPECT_FALSE(Eval("n BETWEEN :a AND :b", {{":a", N("11")}, {":b", N("12")}}));
  EXPECT_TRUE(Eval("s IN (:a, :b)", {{":a", S("x")}, {":b", S("hello")}}));
  EXPECT_FALSE(Eval("s IN (:a)", {{":a", S("x")}}));
  EXPECT_TRUE(Eval("ss IN (:a)", {{":a", AttributeValue::SS({"b", "a"})}}));
}

TEST_F(ConditionEvaluatorTest, LogicalOperators) {
  EXPECT_TRUE(Eval("NOT s = :v OR n = :n", {{":v", S("hello")}, {":n", N("10")}}));
  EXPECT_FALSE(Eval("NOT (s = :v OR n = :n)", {{":v", S("hello")}, {":n", N("1")}}));
  EXPECT_TRUE(Eval("s = :v AND (n = :n OR t = :t)",
                   {{":v", S("hello")}, {":n", N("1")}, {":t", AttributeValue::Bool(true)}}));
}

TEST_F(ConditionEvaluatorTest, ExistenceAndType) {
  EXPECT_TRUE(Eval("attribute_exists(s) AND attribute_not_exists(nope)"));
  EXPECT_TRUE(Eval("attribute_exists(m.nest.x) AND attribute_exists(l[2].deep)"));
  EXPECT_FALSE(Eval("attribute_exists(l[3])"));
  EXPECT_FALSE(Eval("attribute_exists(s.x)"));
  for (const auto& [path, type] : std::vector<std::pair<std::string, std::string>>{
           {"s", "S"}, {"n", "N"}, {"b", "B"}, {"t", "BOOL"}, {"z", "NULL"}, {"ss", "SS"},
           {"ns", "NS"}, {"l", "L"}, {"m", "M"}}) {
    EXPECT_TRUE(Eval("attribute_type(" + path + ", :t)", {{":t", S(type)}})) << path;
    EXPECT_FALSE(Eval("attribute_type(" + path + ", :t)", {{":t", S("BS")}})) << path;
  }
}

TEST_F(ConditionEvaluatorTest, BeginsWithAndContains) {
  EXPECT_TRUE(Eval("begins_with(s, :p)", {{":p", S("he")}}));
  EXPECT_FALSE(Eval("begins_with(s, :p)", {{":p", S("hello!")}}));
  EXPECT_TRUE(Eval("begins_with(b, :p)", {{":p", AttributeValue::B("\x01")}}));
  EXPECT_TRUE(Eval("contains(s, :p)", {{":p", S("ell")}}));
  EXPECT_TRUE(Eval("contains(ss, :p)", {{":p", S("b")}}));
  EXPECT_FALSE(Eval("contains(ss, :p)", {{":p", S("c")}}));
  EXPECT_TRUE(Eval("contains(ns, :p)", {{":p", N("2.50")}}));
  EXPECT_TRUE(Eval("contains(l, :p)", {{":p", N("2")}}));
  EXPECT_FALSE(Eval("contains(n, :p)", {{":p", N("1")}}));
}

TEST_F(ConditionEvaluatorTest, Size) {
  EXPECT_TRUE(Eval("size(s) = :v", {{":v", N("5")}}));
  EXPECT_TRUE(Eval("size(b) = :v", {{":v", N("2")}}));
  EXPECT_TRUE(Eval("size(ss) = :v AND size(l) = :w AND size(m) = :v",
                   {{":v", N("2")}, {":w", N("3")}}));
  EXPECT_FALSE(Eval("size(n) = :v", {{":v", N("2")}}));
  EXPECT_FALSE(Eval("size(absent) < :v", {{":v", N("2")}}));
}

TEST_F(ConditionEvaluatorTest, BindingsEvaluateASharedTreeLikeAResolvedCopy) {
  const ExpressionAttributeNames names = {{"#m", "m"}, {"#k", "k"}};
  ExpressionAttributeValues values = {{":v", S("v")}, {":n", N("10")}};
  auto parsed = ParseCondition("#m.#k = :v AND n = :n AND NOT #m.#k <> :v",
                               ExpressionKind::kCondition);
  ASSERT_TRUE(parsed.ok());
  Resolver resolver(names, values);
  auto bindings = resolver.BindCondition(*parsed, ExpressionKind::kCondition);
  ASSERT_TRUE(bindings.ok()) << bindings.status().message();
  EXPECT_TRUE(resolver.CheckUnused().ok());
  EXPECT_TRUE(Evaluate(*parsed, item_, *bindings));
  values[":v"] = S("other");
  EXPECT_FALSE(Evaluate(*parsed, item_, *bindings));  // bindings point at the request's values
  auto same = ParseCondition("#m.#k = m.k", ExpressionKind::kCondition);
  ASSERT_TRUE(same.ok());
  EXPECT_ERROR(Resolver(names, values).BindCondition(*same, ExpressionKind::kCondition),
               "Invalid ConditionExpression: The first operand must be distinct from the "
               "remaining operands for this operator or function; operator: =, first operand: "
               "[m, k]");
  auto undefined = ParseCondition("#x = :y", ExpressionKind::kCondition);
  ASSERT_TRUE(undefined.ok());
  EXPECT_ERROR(Resolver(names, values).BindCondition(*undefined, ExpressionKind::kCondition),
               "Invalid ConditionExpression: An expression attribute name used in the document "
               "path is not defined; attribute name: #x");
}

TEST_F(ConditionEvaluatorTest, PlaceholdersForNamesWithDots) {
  item_["a.b"] = S("dotted");
  EXPECT_TRUE(Eval("#ab = :v", {{":v", S("dotted")}}, {{"#ab", "a.b"}}));
}

}  // namespace
}  // namespace stator::expr
