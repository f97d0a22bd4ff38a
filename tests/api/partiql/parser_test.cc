// The PartiQL parser: the statement forms DynamoDB has, and the service's errors for the ones it
// does not.
#include "api/partiql/parser.h"

#include <gtest/gtest.h>

namespace stator::partiql {
namespace {

Statement Parse(std::string_view text) {
  auto s = ParseStatement(text);
  EXPECT_TRUE(s.ok()) << text << ": " << s.status().message();
  return s.ok() ? std::move(s).value() : Statement{};
}

std::string Error(std::string_view text) {
  auto s = ParseStatement(text);
  EXPECT_FALSE(s.ok()) << text;
  return s.ok() ? "" : s.status().message();
}

TEST(PartiqlParser, SelectStarFromQuotedTableWithWhere) {
  Statement s = Parse(R"(SELECT * FROM "Music" WHERE Artist = 'Acme' AND yr >= 2000)");
  const auto& select = std::get<SelectStatement>(s.body);
  EXPECT_EQ(select.table, "Music");
  EXPECT_TRUE(select.projection.empty());
  ASSERT_TRUE(select.where);
  EXPECT_EQ(select.where->kind, Expr::Kind::kAnd);
  EXPECT_EQ(select.where->args[0].args[1].value.literal, AttributeValue::S("Acme"));
}

TEST(PartiqlParser, SelectProjectionOfNestedPathsFromIndex) {
  Statement s = Parse(R"(select a, "b c".d[2], e['f'] from "T"."byB" order by k desc;)");
  const auto& select = std::get<SelectStatement>(s.body);
  ASSERT_EQ(select.projection.size(), 3u);
  EXPECT_EQ(select.projection[1].steps.size(), 3u);
  EXPECT_EQ(select.projection[1].steps[0].name, "b c");
  EXPECT_EQ(select.projection[1].steps[2].index, 2u);
  EXPECT_EQ(select.projection[2].steps[1].name, "f");
  EXPECT_EQ(select.index, "byB");
  ASSERT_EQ(select.order_by.size(), 1u);
  EXPECT_TRUE(select.order_by[0].descending);
}

TEST(PartiqlParser, ParametersAreCountedInOrder) {
  Statement s = Parse("SELECT * FROM t WHERE a = ? AND b IN [?, 3, ?]");
  EXPECT_EQ(s.parameter_count, 3u);
  const auto& in = std::get<SelectStatement>(s.body).where->args[1];
  EXPECT_EQ(in.kind, Expr::Kind::kIn);
  EXPECT_EQ(in.args[3].value.parameter, 2u);
}

TEST(PartiqlParser, InsertTupleWithEveryLiteral) {
  Statement s = Parse(
      "INSERT INTO t VALUE {'pk': 'a', 'n': -1.5e3, 'b': true, 'z': null, 'l': [1, 'x'], "
      "'m': {'k': 2}, 'ss': <<'a', 'b'>>, 'p': ?}");
  const auto& insert = std::get<InsertStatement>(s.body);
  ASSERT_EQ(insert.item.kind, Value::Kind::kTuple);
  ASSERT_EQ(insert.item.members.size(), 8u);
  EXPECT_EQ(insert.item.members[1].value.literal, AttributeValue::N("-1.5e3"));
  EXPECT_EQ(insert.item.members[2].value.literal, AttributeValue::Bool(true));
  EXPECT_EQ(insert.item.members[3].value.literal, AttributeValue::Null());
  EXPECT_EQ(insert.item.members[6].value.kind, Value::Kind::kBag);
  EXPECT_EQ(s.parameter_count, 1u);
}

TEST(PartiqlParser, UpdateWithSetRemoveAndReturning) {
  Statement s = Parse(
      "UPDATE t SET a = a + 1, b = list_append(b, [1]) SET c = set_add(c, <<'x'>>) REMOVE d "
      "WHERE pk = 'k' RETURNING MODIFIED NEW *");
  const auto& update = std::get<UpdateStatement>(s.body);
  ASSERT_EQ(update.actions.size(), 4u);
  EXPECT_EQ(update.actions[0].value.kind, Expr::Kind::kArithmetic);
  EXPECT_EQ(update.actions[1].value.op, "list_append");
  EXPECT_EQ(update.actions[2].value.op, "set_add");
  EXPECT_TRUE(update.actions[3].remove);
  EXPECT_EQ(update.returning, ReturnValue::kUpdatedNew);
}

TEST(PartiqlParser, ConditionsOfEveryKind) {
  Statement s = Parse(
      "SELECT * FROM t WHERE NOT (a <> 1 OR b BETWEEN 1 AND 5) AND c IS NOT MISSING AND d IS "
      "NULL AND begins_with(e, 'x') AND contains(f, 'y') AND attribute_type(g, 'S') AND size(h) "
      "> 3 AND i NOT IN (1, 2) AND j != 4 -- a comment\n /* another */");
  EXPECT_TRUE(std::get<SelectStatement>(s.body).where.has_value());
}

TEST(PartiqlParser, ExistsIsACondition) {
  Statement s = Parse("EXISTS(SELECT * FROM t WHERE pk = 'a' AND v > 1)");
  EXPECT_TRUE(std::holds_alternative<ExistsStatement>(s.body));
}

TEST(PartiqlParser, MalformedStatementsSayWhy) {
  const std::string prefix = "Statement wasn't well formed, can't be processed: ";
  EXPECT_EQ(Error("CREATE TABLE t"), prefix + "Expected data manipulation");
  EXPECT_EQ(Error("SELECT * FROM t WHERE pad = 'none'"), prefix + "Unexpected keyword: pad");
  EXPECT_EQ(Error("SELECT * FROM t WHERE a = 'x"), prefix + "Unterminated string literal");
  EXPECT_EQ(Error("SELECT * FROM t WHERE a = 1 )"), prefix + "Unexpected token after expression");
  EXPECT_EQ(Error("SELECT * FROM"), prefix + "Unexpected end of statement");
  EXPECT_EQ(Error("SELECT * FROM t; SELECT * FROM t"),
            "Only one operation is allowed in a statement.");
}

TEST(PartiqlParser, UnsupportedFormsGetTheServiceMessages) {
  EXPECT_EQ(Error("SELECT * FROM t LIMIT 3"), "Unsupported clause: LIMIT");
  EXPECT_EQ(Error("SELECT a AS b FROM t"), "Aliasing is not supported");
  EXPECT_EQ(Error("SELECT *, a FROM t"),
            "Other attributes should not be present in the projection when '*' is used.");
  EXPECT_EQ(Error("SELECT m.z, n.z FROM t"), "Duplicate identifiers in select clause: z");
  EXPECT_EQ(Error("INSERT INTO t VALUE 'x'"),
            "Unsupported format in item expression. Please use struct format {...} to express "
            "item values for insert statement.");
  EXPECT_EQ(Error("INSERT INTO t VALUE {'a': 1} RETURNING ALL OLD *"),
            "RETURNING is not supported in INSERT");
  EXPECT_EQ(Error("DELETE FROM t WHERE a = 1 RETURNING ALL NEW *"),
            "Invalid returning clause: RETURNING ALL NEW *. Only RETURNING ALL OLD * is allowed in "
            "DELETE statements.");
  EXPECT_EQ(Error("DELETE FROM t"),
            "Where clause does not contain a mandatory equality on all key attributes");
  EXPECT_EQ(Error("SELECT * FROM a.b.c"),
            "A path may contain at most 2 components in the FROM clause");
  EXPECT_EQ(Error("SELECT * FROM t WHERE a IS DATE"),
            "Unsupported data type for IS operator: DATE. Supported data types are [MISSING, "
            "NULL, BOOLEAN, BLOB, STRING, NUMERIC, STRUCT, TUPLE, LIST]");
  EXPECT_EQ(Error("SELECT * FROM t WHERE lower(a) = 'x'"), "Unrecognized function: lower");
}

TEST(PartiqlParser, DeepNestingIsRefusedNotRecursedInto) {
  std::string deep = "SELECT * FROM t WHERE " + std::string(10000, '(') + "a = 1";
  EXPECT_FALSE(ParseStatement(deep).ok());
  std::string tuple = "INSERT INTO t VALUE " + std::string(10000, '[');
  EXPECT_FALSE(ParseStatement(tuple).ok());
}

}  // namespace
}  // namespace stator::partiql
