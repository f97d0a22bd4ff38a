// Expressions and legacy conditions through stator::Database (engine/items/item_operations.cc).
#include <gtest/gtest.h>

#include "tests/engine/database_test_util.h"

namespace stator {
namespace {

using testing::HashTable;
using testing::OpenInMemory;

const CallOptions kCall;

ExpectedAttributeValue Expected(std::optional<AttributeValue> value,
                                std::optional<bool> exists = {}) {
  ExpectedAttributeValue e;
  e.value = std::move(value);
  e.exists = exists;
  return e;
}

AttributeValue S(std::string s) { return AttributeValue::S(std::move(s)); }
AttributeValue N(std::string n) { return AttributeValue::N(std::move(n)); }

class ItemExpressionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = OpenInMemory();
    ASSERT_TRUE(db_->CreateTable(kCall, HashTable("items")).ok());
    PutItemRequest put;
    put.table_name = "items";
    put.item = {{"id", S("a")},
                {"n", N("1")},
                {"m", AttributeValue::M({{"x", N("1")}})},
                {"l", AttributeValue::L({S("p"), S("q"), S("r")})}};
    ASSERT_TRUE(db_->PutItem(kCall, put).ok());
  }

  UpdateItemRequest Update(std::string expression) {
    UpdateItemRequest r;
    r.table_name = "items";
    r.key = {{"id", S("a")}};
    r.update_expression = std::move(expression);
    return r;
  }

  Item Read() {
    GetItemRequest r;
    r.table_name = "items";
    r.key = {{"id", S("a")}};
    auto got = db_->GetItem(kCall, r);
    EXPECT_TRUE(got.ok());
    return got.ok() && got->item ? *got->item : Item{};
  }

  std::unique_ptr<Database> db_;
};

TEST_F(ItemExpressionsTest, UpdateWithReturnValues) {
  auto r = Update("SET n = n + :one, m.y = :one REMOVE l[0]");
  r.expression_attribute_values = {{":one", N("1")}};
  r.return_values = ReturnValue::kUpdatedNew;
  auto result = db_->UpdateItem(kCall, r);
  ASSERT_TRUE(result.ok()) << result.status().message();
  ASSERT_TRUE(result->attributes.has_value());
  EXPECT_EQ(result->attributes->at("n").s(), "2");
  EXPECT_EQ(result->attributes->at("m"), AttributeValue::M({{"y", N("1")}}));
  EXPECT_EQ(result->attributes->count("l"), 1u);  // l[0] is now "q"
  Item stored = Read();
  EXPECT_EQ(stored.at("l"), AttributeValue::L({S("q"), S("r")}));

  auto old = Update("SET n = :five");
  old.expression_attribute_values = {{":five", N("5")}};
  old.return_values = ReturnValue::kUpdatedOld;
  auto before = db_->UpdateItem(kCall, old);
  ASSERT_TRUE(before.ok());
  EXPECT_EQ(*before->attributes, (Item{{"n", N("2")}}));
}

TEST_F(ItemExpressionsTest, ConditionFailureCarriesTheOldItemWhenAsked) {
  auto r = Update("SET n = :v");
  r.condition_expression = "n > :v";
  r.expression_attribute_values = {{":v", N("10")}};
  r.return_old_item_on_condition_check_failure = true;
  auto result = db_->UpdateItem(kCall, r);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), ErrorCode::kConditionalCheckFailed);
  EXPECT_EQ(result.status().message(), "The conditional request failed");
  ASSERT_NE(result.status().detail(), nullptr);
  EXPECT_EQ(result.status().detail()->item->at("n").s(), "1");
  EXPECT_EQ(Read().at("n").s(), "1");

  r.return_old_item_on_condition_check_failure = false;
  auto plain = db_->UpdateItem(kCall, r);
  ASSERT_FALSE(plain.ok());
  EXPECT_EQ(plain.status().detail(), nullptr);
}

TEST_F(ItemExpressionsTest, DeleteWithConditionAndLegacyExpected) {
  DeleteItemRequest d;
  d.table_name = "items";
  d.key = {{"id", S("a")}};
  d.expected = {{"n", Expected(N("2"))}};
  EXPECT_EQ(db_->DeleteItem(kCall, d).status().code(), ErrorCode::kConditionalCheckFailed);
  d.expected = {{"n", Expected(N("1"))}};
  EXPECT_TRUE(db_->DeleteItem(kCall, d).ok());
  EXPECT_TRUE(Read().empty());
}

TEST_F(ItemExpressionsTest, ConditionOnAMissingItem) {
  UpdateItemRequest r;
  r.table_name = "items";
  r.key = {{"id", S("new")}};
  r.condition_expression = "attribute_exists(id)";
  EXPECT_EQ(db_->UpdateItem(kCall, r).status().code(), ErrorCode::kConditionalCheckFailed);
  r.update_expression = "SET b.a = :v";
  r.condition_expression.reset();
  r.expression_attribute_values = {{":v", N("1")}};
  EXPECT_STATUS(db_->UpdateItem(kCall, r), ErrorCode::kValidation,
                "The document path provided in the update expression is invalid for update");
}

TEST_F(ItemExpressionsTest, KeyAttributesAreRefused) {
  auto r = Update("SET id = :v");
  r.expression_attribute_values = {{":v", S("b")}};
  EXPECT_STATUS(db_->UpdateItem(kCall, r), ErrorCode::kValidation,
                "One or more parameter values were invalid: Cannot update attribute id. This "
                "attribute is part of the key");
}

TEST_F(ItemExpressionsTest, ExpressionsAreValidatedBeforeTheTableIsLookedUp) {
  auto r = Update("SET a = :nope");
  r.table_name = "no-such-table";
  EXPECT_STATUS(db_->UpdateItem(kCall, r), ErrorCode::kValidation,
                "Invalid UpdateExpression: An expression attribute value used in expression is "
                "not defined; attribute value: :nope");
}

TEST_F(ItemExpressionsTest, MixingLegacyAndExpressionParameters) {
  auto r = Update("SET a = :v");
  r.expression_attribute_values = {{":v", S("x")}};
  r.attribute_updates = {{"a", AttributeValueUpdate{S("y"), AttributeAction::kPut}}};
  r.expected = {{"n", Expected(N("1"))}};
  r.condition_expression = "attribute_exists(id)";
  EXPECT_STATUS(db_->UpdateItem(kCall, r), ErrorCode::kValidation,
                "Can not use both expression and non-expression parameters in the same request: "
                "Non-expression parameters: {AttributeUpdates, Expected} Expression parameters: "
                "{UpdateExpression, ConditionExpression}");
  PutItemRequest put;
  put.table_name = "items";
  put.item = {{"id", S("b")}};
  put.expected = {{"n", Expected(std::nullopt, false)}};
  put.condition_expression = "attribute_not_exists(id)";
  EXPECT_STATUS(db_->PutItem(kCall, put), ErrorCode::kValidation,
                "Can not use both expression and non-expression parameters in the same request: "
                "Non-expression parameters: {Expected} Expression parameters: "
                "{ConditionExpression}");
}

TEST_F(ItemExpressionsTest, NamesAndValuesNeedExpressions) {
  PutItemRequest put;
  put.table_name = "items";
  put.item = {{"id", S("b")}};
  put.expression_attribute_values = {{":v", S("x")}};
  EXPECT_STATUS(db_->PutItem(kCall, put), ErrorCode::kValidation,
                "ExpressionAttributeValues can only be specified when using expressions: "
                "ConditionExpression is null");
  UpdateItemRequest u;
  u.table_name = "items";
  u.key = {{"id", S("b")}};
  u.expression_attribute_values = {{":v", S("x")}};
  EXPECT_STATUS(db_->UpdateItem(kCall, u), ErrorCode::kValidation,
                "ExpressionAttributeValues can only be specified when using expressions: "
                "UpdateExpression and ConditionExpression are null");
  u.expression_attribute_values.clear();
  u.expression_attribute_names = {{"#a", "a"}};
  EXPECT_STATUS(db_->UpdateItem(kCall, u), ErrorCode::kValidation,
                "ExpressionAttributeNames can only be specified when using expressions");
}

TEST_F(ItemExpressionsTest, GetItemProjection) {
  GetItemRequest r;
  r.table_name = "items";
  r.key = {{"id", S("a")}};
  r.projection_expression = "#m.x, l[2]";
  r.expression_attribute_names = {{"#m", "m"}};
  auto got = db_->GetItem(kCall, r);
  ASSERT_TRUE(got.ok()) << got.status().message();
  EXPECT_EQ(*got->item, (Item{{"m", AttributeValue::M({{"x", N("1")}})},
                              {"l", AttributeValue::L({S("r")})}}));
}

TEST_F(ItemExpressionsTest, UpdatedItemSizeLimit) {
  auto r = Update("SET big = :big");
  r.expression_attribute_values = {{":big", S(std::string(400 * 1024, 'x'))}};
  EXPECT_STATUS(db_->UpdateItem(kCall, r), ErrorCode::kValidation,
                "Item size to update has exceeded the maximum allowed size");
}

}  // namespace
}  // namespace stator
