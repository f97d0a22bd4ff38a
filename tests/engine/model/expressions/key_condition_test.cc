#include "engine/model/expressions/key_condition.h"

#include <gtest/gtest.h>

#include "tests/engine/model/expressions/expression_test_util.h"

namespace stator::expr {
namespace {

using testing::N;
using testing::S;

const KeySchema kSchema = [] {
  KeySchema schema;
  schema.hash = {"id", ScalarType::kS};
  schema.range = KeyAttribute{"ts", ScalarType::kN};
  return schema;
}();

Result<KeyCondition> FromText(const std::string& text, ExpressionAttributeValues values = {},
                              const ExpressionAttributeNames& names = {}) {
  STATOR_RETURN_IF_ERROR(NormalizeExpressionValues(&values));
  auto parsed = ParseCondition(text, ExpressionKind::kKeyCondition);
  if (!parsed.ok()) return parsed.status();
  Resolver resolver(names, values);
  auto resolved = resolver.ResolveCondition(*parsed, ExpressionKind::kKeyCondition);
  if (!resolved.ok()) return resolved.status();
  STATOR_RETURN_IF_ERROR(resolver.CheckUnused());
  return KeyConditionFromExpression(*resolved, kSchema);
}

TEST(KeyConditionTest, PartitionAndSortConditions) {
  auto k = FromText("id = :id AND ts BETWEEN :a AND :b",
                    {{":id", S("x")}, {":a", N("1")}, {":b", N("2")}});
  ASSERT_TRUE(k.ok()) << k.status().message();
  EXPECT_EQ(k->partition_value, S("x"));
  ASSERT_TRUE(k->sort.has_value());
  EXPECT_EQ(k->sort->op, SortKeyCondition::kBetween);
  EXPECT_EQ(k->sort->high, N("2"));

  auto flipped = FromText(":t < #t AND :id = id", {{":id", S("x")}, {":t", N("5")}},
                          {{"#t", "ts"}});
  ASSERT_TRUE(flipped.ok()) << flipped.status().message();
  EXPECT_EQ(flipped->sort->op, SortKeyCondition::kGt);

  auto only_hash = FromText("id = :id", {{":id", S("x")}});
  ASSERT_TRUE(only_hash.ok());
  EXPECT_FALSE(only_hash->sort.has_value());
}

TEST(KeyConditionTest, InvalidOperators) {
  const ExpressionAttributeValues v = {{":a", S("x")}, {":b", S("y")}};
  EXPECT_ERROR(FromText("id = :a OR id = :b", v),
               "Invalid operator used in KeyConditionExpression: OR");
  EXPECT_ERROR(FromText("id IN (:a, :b)", v),
               "Invalid operator used in KeyConditionExpression: IN");
  EXPECT_ERROR(FromText("NOT id = :a AND ts = :b", v),
               "Invalid operator used in KeyConditionExpression: NOT");
  EXPECT_ERROR(FromText("attribute_exists(id)"),
               "Invalid operator used in KeyConditionExpression: attribute_exists");
  EXPECT_ERROR(FromText("id <> :a", {{":a", S("x")}}),
               "Invalid operator used in KeyConditionExpression: <>");
}

TEST(KeyConditionTest, SchemaRules) {
  EXPECT_ERROR(FromText("ts = :t", {{":t", N("1")}}),
               "Query condition missed key schema element: id");
  EXPECT_ERROR(FromText("id = :a AND colour = :b", {{":a", S("x")}, {":b", S("y")}}),
               "Query condition missed key schema element: ts");
  EXPECT_ERROR(FromText("id > :a", {{":a", S("x")}}), "Query key condition not supported");
  EXPECT_ERROR(FromText("id = :a AND id = :b", {{":a", S("x")}, {":b", S("y")}}),
               "KeyConditionExpressions must only contain one condition per key");
  EXPECT_ERROR(FromText("id = :a AND ts.x = :b", {{":a", S("x")}, {":b", S("y")}}),
               "KeyConditionExpressions cannot have conditions on nested attributes");
  EXPECT_ERROR(FromText("id = :a", {{":a", N("1")}}),
               "One or more parameter values were invalid: Condition parameter type does not "
               "match schema type");
}

TEST(KeyConditionTest, LegacyKeyConditions) {
  LegacyConditions c = {{"id", {ComparisonOperator::kEQ, {S("x")}}},
                        {"ts", {ComparisonOperator::kBETWEEN, {N("01"), N("2")}}}};
  auto k = KeyConditionFromLegacy(&c, kSchema);
  ASSERT_TRUE(k.ok()) << k.status().message();
  EXPECT_EQ(k->sort->low, N("1"));
  LegacyConditions bad = {{"id", {ComparisonOperator::kNE, {S("x")}}}};
  EXPECT_ERROR(KeyConditionFromLegacy(&bad, kSchema), "Query key condition not supported");
  LegacyConditions none;
  EXPECT_ERROR(KeyConditionFromLegacy(&none, kSchema), "Conditions can be of length 1 or 2 only");
}

TEST(KeyConditionTest, FiltersAvoidKeysInQuery) {
  ExpressionAttributeValues values = {{":v", N("1")}};
  auto parsed = ParseCondition("size(ts) > :v", ExpressionKind::kFilter);
  ASSERT_TRUE(parsed.ok());
  Resolver resolver({}, values);
  auto resolved = resolver.ResolveCondition(*parsed, ExpressionKind::kFilter);
  ASSERT_TRUE(resolved.ok());
  EXPECT_ERROR(CheckFilterAvoidsKeys(*resolved, kSchema),
               "Filter Expression can only contain non-primary key attributes: Primary key "
               "attribute: ts");
  LegacyConditions filter = {{"id", {ComparisonOperator::kEQ, {S("x")}}}};
  EXPECT_ERROR(CheckLegacyFilter(&filter, "QueryFilter", &kSchema),
               "QueryFilter can only contain non-primary key attributes: Primary key attribute: "
               "id");
  LegacyConditions scan = {{"a", {ComparisonOperator::kGT, {N("1")}}},
                           {"b", {ComparisonOperator::kNULL, {}}}};
  ASSERT_TRUE(CheckLegacyFilter(&scan, "ScanFilter", nullptr).ok());
  EXPECT_TRUE(MatchesLegacyFilter(scan, std::nullopt, {{"a", N("2")}}));
  EXPECT_FALSE(MatchesLegacyFilter(scan, std::nullopt, {{"a", N("2")}, {"b", S("x")}}));
  EXPECT_TRUE(MatchesLegacyFilter(scan, ConditionalOperator::kOr, {{"b", S("x")}, {"a", N("5")}}));
}

}  // namespace
}  // namespace stator::expr
