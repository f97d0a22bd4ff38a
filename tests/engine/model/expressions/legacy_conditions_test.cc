#include "engine/model/expressions/legacy_conditions.h"

#include <gtest/gtest.h>

#include "tests/engine/model/expressions/expression_test_util.h"

namespace stator::expr {
namespace {

using testing::N;
using testing::S;

ExpectedAttributeValue E(std::optional<AttributeValue> value, std::optional<bool> exists = {},
                         std::optional<ComparisonOperator> op = {},
                         std::optional<std::vector<AttributeValue>> list = {}) {
  ExpectedAttributeValue e;
  e.value = std::move(value);
  e.exists = exists;
  e.comparison_operator = op;
  e.attribute_value_list = std::move(list);
  return e;
}

Status Check(ExpectedAttributeValue e) {
  ExpectedMap m = {{"a", std::move(e)}};
  return CheckExpected(&m);
}

TEST(LegacyConditionsTest, ValidationMessages) {
  const std::string prefix = "One or more parameter values were invalid: ";
  const std::string counted = "1 validation error detected: " + prefix;
  EXPECT_ERROR(Check(E(std::nullopt)),
               counted + "Value must be provided when Exists is null for Attribute: a");
  EXPECT_ERROR(Check(E(std::nullopt, true)),
               counted + "Value must be provided when Exists is true for Attribute: a");
  EXPECT_ERROR(Check(E(S("a"), false)),
               counted + "Value cannot be used when Exists is false for Attribute: a");
  EXPECT_ERROR(Check(E(std::nullopt, std::nullopt, ComparisonOperator::kLT)),
               prefix + "Value or AttributeValueList must be used with ComparisonOperator: LT "
                        "for Attribute: a");
  EXPECT_ERROR(Check(E(std::nullopt, true, ComparisonOperator::kLT)),
               counted + "Exists and ComparisonOperator cannot be used together for Attribute: a");
  EXPECT_ERROR(Check(E(S("a"), std::nullopt, ComparisonOperator::kLT,
                      std::vector<AttributeValue>{S("a")})),
               prefix + "Value and AttributeValueList cannot be used together for Attribute: a");
  EXPECT_ERROR(Check(E(std::nullopt, true, std::nullopt, std::vector<AttributeValue>{S("a")})),
               prefix + "AttributeValueList can only be used with a ComparisonOperator for "
                        "Attribute: a");
  EXPECT_ERROR(Check(E(std::nullopt, std::nullopt, ComparisonOperator::kEQ,
                      std::vector<AttributeValue>{})),
               prefix + "Invalid number of argument(s) for the EQ ComparisonOperator");
  EXPECT_ERROR(Check(E(S("a"), std::nullopt, ComparisonOperator::kNULL)),
               prefix + "Invalid number of argument(s) for the NULL ComparisonOperator");
  EXPECT_ERROR(Check(E(S("a"), std::nullopt, ComparisonOperator::kBETWEEN)),
               prefix + "Invalid number of argument(s) for the BETWEEN ComparisonOperator");
  EXPECT_TRUE(Check(E(std::nullopt, std::nullopt, ComparisonOperator::kNOT_NULL)).ok());
}

TEST(LegacyConditionsTest, Evaluation) {
  const Item item = {{"a", N("5")}, {"s", S("hello")}, {"ss", AttributeValue::SS({"x"})}};
  auto match = [&](ExpectedMap m, std::optional<ConditionalOperator> op = std::nullopt) {
    EXPECT_TRUE(CheckExpected(&m).ok());
    return MatchesExpected(m, op, &item);
  };
  EXPECT_TRUE(match({{"a", E(N("5.0"))}}));
  EXPECT_FALSE(match({{"a", E(N("6"))}}));
  EXPECT_TRUE(match({{"b", E(std::nullopt, false)}}));
  EXPECT_FALSE(match({{"a", E(std::nullopt, false)}}));
  EXPECT_TRUE(match({{"a", E(N("4"), std::nullopt, ComparisonOperator::kGT)},
                     {"s", E(S("he"), std::nullopt, ComparisonOperator::kBEGINS_WITH)}}));
  EXPECT_TRUE(match({{"a", E(N("9"), std::nullopt, ComparisonOperator::kGT)},
                     {"ss", E(S("x"), std::nullopt, ComparisonOperator::kCONTAINS)}},
                    ConditionalOperator::kOr));
  EXPECT_FALSE(match({{"a", E(N("9"), std::nullopt, ComparisonOperator::kGT)},
                      {"ss", E(S("x"), std::nullopt, ComparisonOperator::kCONTAINS)}}));
  EXPECT_TRUE(match({{"b", E(S("x"), std::nullopt, ComparisonOperator::kNE)}}));
  EXPECT_TRUE(match({{"a", E(std::nullopt, std::nullopt, ComparisonOperator::kBETWEEN,
                            std::vector<AttributeValue>{N("1"), N("5")})}}));
  EXPECT_TRUE(match({{"a", E(std::nullopt, std::nullopt, ComparisonOperator::kIN,
                            std::vector<AttributeValue>{N("1"), N("5")})}}));
  EXPECT_TRUE(match({{"z", E(std::nullopt, std::nullopt, ComparisonOperator::kNULL)}}));
  EXPECT_FALSE(MatchesExpected({{"a", E(N("5"))}}, std::nullopt, nullptr));
}

}  // namespace
}  // namespace stator::expr
