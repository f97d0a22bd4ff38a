#include "engine/model/expressions/update_applier.h"

#include <gtest/gtest.h>

#include "tests/engine/model/expressions/expression_test_util.h"

namespace stator::expr {
namespace {

using testing::ApplyUpdateText;
using testing::N;
using testing::S;

Item Base() {
  return {{"id", S("k")},
          {"n", N("5")},
          {"l", AttributeValue::L({S("a"), S("b"), S("c"), S("d"), S("e")})},
          {"m", AttributeValue::M({{"x", N("1")}})},
          {"ss", AttributeValue::SS({"a", "b"})},
          {"s", S("str")}};
}

TEST(UpdateApplierTest, SetWithArithmeticAndFunctions) {
  auto r = ApplyUpdateText(
      "SET n = n + :one, m.y = :one, fresh = if_not_exists(absent, :one), l2 = list_append(l, :l), "
      "s = if_not_exists(s, :one), d = n - :big",
      Base(), {{":one", N("1")}, {":l", AttributeValue::L({S("z")})}, {":big", N("7.5")}});
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->at("n").s(), "6");
  EXPECT_EQ(r->at("m").m().at("y").s(), "1");
  EXPECT_EQ(r->at("fresh").s(), "1");
  EXPECT_EQ(r->at("l2").l().size(), 6u);
  EXPECT_EQ(r->at("s").s(), "str");
  EXPECT_EQ(r->at("d").s(), "-2.5");  // computed from n before the update
}

TEST(UpdateApplierTest, ListIndexesSetAndAppend) {
  auto r = ApplyUpdateText("SET l[1] = :v, l[99] = :w", Base(), {{":v", S("B")}, {":w", S("Z")}});
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->at("l").l()[1].s(), "B");
  EXPECT_EQ(r->at("l").l().size(), 6u);
  EXPECT_EQ(r->at("l").l()[5].s(), "Z");
}

TEST(UpdateApplierTest, AppendsGoInTheOrderOfTheirIndexes) {
  auto r = ApplyUpdateText("SET l[10] = :ten, l[7] = :seven, l[0] = :zero", Base(),
                           {{":ten", S("ten")}, {":seven", S("seven")}, {":zero", S("0")}});
  ASSERT_TRUE(r.ok()) << r.status().message();
  const auto& l = r->at("l").l();
  ASSERT_EQ(l.size(), 7u);
  EXPECT_EQ(l[0].s(), "0");
  EXPECT_EQ(l[5].s(), "seven");
  EXPECT_EQ(l[6].s(), "ten");
}

TEST(UpdateApplierTest, RemoveAndSetBothNumberTheListBeforeTheUpdate) {
  auto r = ApplyUpdateText("REMOVE l[0] SET l[2] = :v", Base(), {{":v", S("C")}});
  ASSERT_TRUE(r.ok()) << r.status().message();
  const auto& l = r->at("l").l();
  ASSERT_EQ(l.size(), 4u);
  EXPECT_EQ(l[0].s(), "b");
  EXPECT_EQ(l[1].s(), "C");  // the original l[2], "c", not "d"
  EXPECT_EQ(l[3].s(), "e");
}

TEST(UpdateApplierTest, RemoveIndexesReferToTheListBeforeTheUpdate) {
  auto r = ApplyUpdateText("REMOVE l[1], l[3], m.x, nope", Base());
  ASSERT_TRUE(r.ok()) << r.status().message();
  const auto& l = r->at("l").l();
  ASSERT_EQ(l.size(), 3u);
  EXPECT_EQ(l[0].s(), "a");
  EXPECT_EQ(l[1].s(), "c");
  EXPECT_EQ(l[2].s(), "e");
  EXPECT_TRUE(r->at("m").m().empty());
}

TEST(UpdateApplierTest, AddAndDelete) {
  auto r = ApplyUpdateText("ADD n :n, ss :s, fresh :n", Base(),
                           {{":n", N("-5")}, {":s", AttributeValue::SS({"c"})}});
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->at("n").s(), "0");
  EXPECT_EQ(r->at("fresh").s(), "-5");
  EXPECT_EQ(r->at("ss"), AttributeValue::SS({"a", "b", "c"}));
  auto less = ApplyUpdateText("DELETE ss :d", Base(), {{":d", AttributeValue::SS({"a", "x"})}});
  ASSERT_TRUE(less.ok());
  EXPECT_EQ(less->at("ss"), AttributeValue::SS({"b"}));
  auto gone = ApplyUpdateText("DELETE ss :d", Base(), {{":d", AttributeValue::SS({"a", "b"})}});
  ASSERT_TRUE(gone.ok());
  EXPECT_EQ(gone->count("ss"), 0u);
}

TEST(UpdateApplierTest, RuntimeErrors) {
  EXPECT_ERROR(ApplyUpdateText("SET c = nope", Base()),
               "The provided expression refers to an attribute that does not exist in the item");
  EXPECT_ERROR(ApplyUpdateText("SET x = s + :one", Base(), {{":one", N("1")}}),
               "An operand in the update expression has an incorrect data type");
  EXPECT_ERROR(ApplyUpdateText("ADD s :one", Base(), {{":one", N("1")}}),
               "An operand in the update expression has an incorrect data type");
  EXPECT_ERROR(ApplyUpdateText("DELETE ss :d", Base(), {{":d", AttributeValue::NS({"1"})}}),
               "An operand in the update expression has an incorrect data type");
  EXPECT_ERROR(ApplyUpdateText("SET x = list_append(m, :l)", Base(),
                               {{":l", AttributeValue::L({})}}),
               "An operand in the update expression has an incorrect data type");
  for (const char* bad : {"SET nope.a = :v", "SET nope[1] = :v", "SET s.a = :v", "SET m[1] = :v",
                          "SET l.x = :v"}) {
    EXPECT_ERROR(ApplyUpdateText(bad, Base(), {{":v", N("1")}}),
                 "The document path provided in the update expression is invalid for update");
  }
  for (const char* bad : {"REMOVE nope.a", "REMOVE m[0]"}) {
    EXPECT_ERROR(ApplyUpdateText(bad, Base()),
                 "The document path provided in the update expression is invalid for update");
  }
  EXPECT_ERROR(ApplyUpdateText("SET n = n + :big", Base(),
                               {{":big", N("9.9999999999999999999999999999999999999E+125")}}),
               "Number overflow. Attempting to store a number with magnitude larger than "
               "supported range");
}

TEST(UpdateApplierTest, KeyAttributesCannotBeUpdated) {
  KeySchema schema{{"id", ScalarType::kS}, std::nullopt};
  auto parsed = ParseUpdate("SET a = :v ADD id.b :v");
  ASSERT_TRUE(parsed.ok());
  EXPECT_ERROR(CheckUpdateKeys(*parsed, schema),
               "One or more parameter values were invalid: Cannot update attribute id. This "
               "attribute is part of the key");
}

}  // namespace
}  // namespace stator::expr
