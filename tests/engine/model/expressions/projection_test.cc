#include "engine/model/expressions/projection.h"

#include <gtest/gtest.h>

#include "engine/model/expressions/parser.h"
#include "engine/model/expressions/request_expressions.h"
#include "tests/engine/model/expressions/expression_test_util.h"

namespace stator::expr {
namespace {

using testing::N;
using testing::S;

Item Sample() {
  return {{"a", S("1")},
          {"l", AttributeValue::L({S("x"), S("y"), S("z"), AttributeValue::M({{"q", N("1")}})})},
          {"m", AttributeValue::M({{"k", S("v")}, {"j", S("w")}})}};
}

Item ProjectText(const std::string& text, const ExpressionAttributeNames& names = {}) {
  auto paths = PrepareProjection(text, std::nullopt, names);
  EXPECT_TRUE(paths.ok()) << paths.status().message();
  return paths.ok() && *paths ? Project(Sample(), **paths) : Item{};
}

TEST(ProjectionTest, TopLevelNestedAndListElements) {
  Item p = ProjectText("a, m.k, l[1], l[3].q, nope, m.nope");
  EXPECT_EQ(p.at("a").s(), "1");
  EXPECT_EQ(p.at("m"), AttributeValue::M({{"k", S("v")}}));
  ASSERT_EQ(p.at("l").l().size(), 2u);
  EXPECT_EQ(p.at("l").l()[0].s(), "y");
  EXPECT_EQ(p.at("l").l()[1], AttributeValue::M({{"q", N("1")}}));
  EXPECT_EQ(p.count("nope"), 0u);
}

TEST(ProjectionTest, PlaceholdersAndTheirUse) {
  Item p = ProjectText("#m.#k", {{"#m", "m"}, {"#k", "k"}});
  EXPECT_EQ(p.at("m"), AttributeValue::M({{"k", S("v")}}));
  EXPECT_ERROR(PrepareProjection("a", std::nullopt, {{"#m", "m"}}),
               "Value provided in ExpressionAttributeNames unused in expressions: keys: {#m}");
}

TEST(ProjectionTest, OverlapsAndConflictsAreRefused) {
  EXPECT_ERROR(PrepareProjection("a, a.b", std::nullopt, {}),
               "Invalid ProjectionExpression: Two document paths overlap with each other; must "
               "remove or rewrite one of these paths; path one: [a], path two: [a, b]");
  EXPECT_ERROR(PrepareProjection("a.b, a[0]", std::nullopt, {}),
               "Invalid ProjectionExpression: Two document paths conflict with each other; must "
               "remove or rewrite one of these paths; path one: [a, b], path two: [a, [0]]");
  EXPECT_ERROR(PrepareProjection("a, name", std::nullopt, {}),
               "Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved "
               "keyword: name");
}

TEST(ProjectionTest, AttributesToGetAndMixing) {
  auto paths = PrepareProjection(std::nullopt, std::vector<std::string>{"a", "m"}, {});
  ASSERT_TRUE(paths.ok());
  Item p = Project(Sample(), **paths);
  EXPECT_EQ(p.size(), 2u);
  EXPECT_ERROR(PrepareProjection("a", std::vector<std::string>{"a"}, {}),
               "Can not use both expression and non-expression parameters in the same request: "
               "Non-expression parameters: {AttributesToGet} Expression parameters: "
               "{ProjectionExpression}");
  EXPECT_ERROR(PrepareProjection(std::nullopt, std::nullopt, {{"#a", "a"}}),
               "ExpressionAttributeNames can only be specified when using expressions");
}

}  // namespace
}  // namespace stator::expr
