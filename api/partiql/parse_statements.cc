// The statement rules of the parser: SELECT, INSERT, UPDATE, DELETE and EXISTS(SELECT ...), and
// the cursor helpers they share with the expression rules.
#include <set>

#include "api/partiql/parser.h"
#include "api/partiql/reserved_words.h"
#include "api/partiql/results.h"
#include "api/partiql/token_stream.h"

namespace stator::partiql {
namespace {

// The service's texts (DynamoDB's PartiQL front end words them so).
constexpr std::string_view kStarAndOthers =
    "Other attributes should not be present in the projection when '*' is used.";
constexpr std::string_view kAliasing = "Aliasing is not supported";
constexpr std::string_view kFromTooLong =
    "A path may contain at most 2 components in the FROM clause";
constexpr std::string_view kUnsupportedItemSyntax =
    "Unsupported format in item expression. Please use struct format {...} to express item "
    "values for insert statement.";
constexpr std::string_view kInsertMany =
    "Unsupported operation: Inserting multiple items in a single statement is not supported, use "
    "\"INSERT INTO tableName VALUE item\" instead";
constexpr std::string_view kReturningInInsert = "RETURNING is not supported in INSERT";
constexpr std::string_view kReturningSyntax =
    "Expected '*' after ( MODIFIED | ALL ) ( NEW | OLD ) in RETURNING clause";
constexpr std::string_view kUpdateActions =
    "Only SET and REMOVE are supported in update expressions at this time";
constexpr std::string_view kOrderByArgument =
    "Argument to ORDER BY must be of type VariableReference. Type: ";

}  // namespace

bool Parser::AcceptKeyword(std::string_view keyword) {
  if (!Peek().IsKeyword(keyword)) return false;
  Take();
  return true;
}

bool Parser::AcceptPunct(std::string_view p) {
  if (!Peek().IsPunct(p)) return false;
  Take();
  return true;
}

Status Parser::ExpectKeyword(std::string_view keyword) {
  return AcceptKeyword(keyword) ? Status::OK() : Unexpected();
}

Status Parser::ExpectPunct(std::string_view p) {
  return AcceptPunct(p) ? Status::OK() : Unexpected();
}

Status Parser::Unexpected() const {
  const Token& t = Peek();
  switch (t.kind) {
    case TokenKind::kEnd:
      return Malformed("Unexpected end of statement");
    case TokenKind::kName:
      if (IsReservedWord(t.text)) return Malformed("Unexpected keyword: " + t.text);
      return Malformed("Unexpected term: " + t.text);
    case TokenKind::kString:
      return Malformed("Unexpected term: '" + t.text + "'");
    case TokenKind::kQuotedName:
      return Malformed("Unexpected term: \"" + t.text + "\"");
    default:
      return Malformed("Unexpected token: " + t.text);
  }
}

Status Parser::CheckDepth() const {
  return depth_ > kMaxNesting ? Malformed("Statement nests too deeply") : Status::OK();
}

Result<Statement> Parser::Parse() {
  Statement out;
  const Token& first = Peek();
  if (first.IsKeyword("SELECT")) {
    auto s = Select();
    if (!s.ok()) return s.status();
    out.body = std::move(s).value();
  } else if (first.IsKeyword("INSERT")) {
    auto s = Insert();
    if (!s.ok()) return s.status();
    out.body = std::move(s).value();
  } else if (first.IsKeyword("UPDATE")) {
    auto s = Update();
    if (!s.ok()) return s.status();
    out.body = std::move(s).value();
  } else if (first.IsKeyword("DELETE")) {
    auto s = Delete();
    if (!s.ok()) return s.status();
    out.body = std::move(s).value();
  } else if (first.IsKeyword("EXISTS")) {
    auto s = Exists();
    if (!s.ok()) return s.status();
    out.body = std::move(s).value();
  } else {
    return Malformed("Expected data manipulation");
  }
  AcceptPunct(";");
  if (Peek().kind != TokenKind::kEnd) {
    if (Peek().IsKeyword("SELECT") || Peek().IsKeyword("INSERT") || Peek().IsKeyword("UPDATE") ||
        Peek().IsKeyword("DELETE")) {
      return Status::Validation("Only one operation is allowed in a statement.");
    }
    return Malformed("Unexpected token after expression");
  }
  out.parameter_count = parameters_;
  return out;
}

Result<std::string> Parser::TableName() {
  auto name = Name();
  if (!name.ok()) return name.status();
  if (Peek().IsPunct(".")) return Status::Validation(std::string(kFromTooLong));
  return name;
}

Result<SelectStatement> Parser::Select() {
  SelectStatement s;
  Take();  // SELECT
  if (Peek().IsKeyword("DISTINCT") || Peek().IsKeyword("VALUE")) {
    return Status::Validation("Select projection doesn't support value or pivot keywords");
  }
  STATOR_RETURN_IF_ERROR(Projection(&s));
  STATOR_RETURN_IF_ERROR(ExpectKeyword("FROM"));
  STATOR_RETURN_IF_ERROR(From(&s));
  if (AcceptKeyword("WHERE")) {
    auto where = Condition();
    if (!where.ok()) return where.status();
    s.where = std::move(where).value();
  }
  STATOR_RETURN_IF_ERROR(RefuseUnsupportedClauses());
  if (AcceptKeyword("ORDER")) {
    STATOR_RETURN_IF_ERROR(ExpectKeyword("BY"));
    STATOR_RETURN_IF_ERROR(OrderBy(&s));
  }
  STATOR_RETURN_IF_ERROR(RefuseUnsupportedClauses());
  return s;
}

Status Parser::Projection(SelectStatement* s) {
  bool star = false;
  std::set<std::string> names;
  do {
    if (AcceptPunct("*")) {
      star = true;
      continue;
    }
    auto path = PathExpr();
    if (!path.ok()) return path.status();
    if (Peek().IsKeyword("AS") || Peek().kind == TokenKind::kQuotedName ||
        (Peek().kind == TokenKind::kName && !Peek().IsKeyword("FROM"))) {
      return Status::Validation(std::string(kAliasing));
    }
    const std::string name = ProjectedName(*path);
    if (!names.insert(name).second) {
      return Status::Validation("Duplicate identifiers in select clause: " + name);
    }
    s->projection.push_back(std::move(path).value());
  } while (AcceptPunct(","));
  if (star && !s->projection.empty()) return Status::Validation(std::string(kStarAndOthers));
  return Status::OK();
}

Status Parser::From(SelectStatement* s) {
  auto table = Name();
  if (!table.ok()) return table.status();
  s->table = std::move(table).value();
  if (AcceptPunct(".")) {
    auto index = Name();
    if (!index.ok()) return index.status();
    s->index = std::move(index).value();
    if (Peek().IsPunct(".")) return Status::Validation(std::string(kFromTooLong));
  }
  if (Peek().IsPunct(",") || Peek().IsKeyword("JOIN")) {
    return Status::Validation("Only select from a single table or index is supported.");
  }
  if (Peek().IsKeyword("AS") || Peek().kind == TokenKind::kQuotedName ||
      (Peek().kind == TokenKind::kName && !IsReservedWord(Peek().text))) {
    return Status::Validation(std::string(kAliasing));
  }
  return Status::OK();
}

Status Parser::OrderBy(SelectStatement* s) {
  do {
    if (Peek().kind != TokenKind::kName && Peek().kind != TokenKind::kQuotedName) {
      return Status::Validation(std::string(kOrderByArgument) + "Literal");
    }
    auto name = Name();
    if (!name.ok()) return name.status();
    if (Peek().IsPunct(".") || Peek().IsPunct("[")) {
      return Status::Validation(std::string(kOrderByArgument) + "Path");
    }
    SelectStatement::OrderKey key{std::move(name).value(), false};
    if (AcceptKeyword("DESC")) {
      key.descending = true;
    } else {
      AcceptKeyword("ASC");
    }
    s->order_by.push_back(std::move(key));
  } while (AcceptPunct(","));
  return Status::OK();
}

Status Parser::RefuseUnsupportedClauses() {
  for (std::string_view clause : {"LIMIT", "OFFSET", "HAVING"}) {
    if (Peek().IsKeyword(clause)) return Status::Validation("Unsupported clause: " + Peek().text);
  }
  if (Peek().IsKeyword("GROUP")) return Status::Validation("Unsupported clause: GROUP BY");
  return Status::OK();
}

Result<InsertStatement> Parser::Insert() {
  InsertStatement s;
  Take();  // INSERT
  STATOR_RETURN_IF_ERROR(ExpectKeyword("INTO"));
  auto table = TableName();
  if (!table.ok()) return table.status();
  s.table = std::move(table).value();
  if (Peek().IsKeyword("VALUES") || Peek().IsPunct("(")) return Unexpected();
  STATOR_RETURN_IF_ERROR(ExpectKeyword("VALUE"));
  if (Peek().IsPunct("<<")) return Status::Validation(std::string(kInsertMany));
  if (!Peek().IsPunct("{") && Peek().kind != TokenKind::kParameter) {
    if (!AtValue()) return Unexpected();
    return Status::Validation(std::string(kUnsupportedItemSyntax));
  }
  auto item = ValueExpr();
  if (!item.ok()) return item.status();
  s.item = std::move(item).value();
  if (Peek().IsKeyword("AT"))
    return Status::Validation("AT is not supported in insert statements.");
  if (Peek().IsKeyword("RETURNING")) return Status::Validation(std::string(kReturningInInsert));
  if (Peek().IsKeyword("ON")) {
    return Status::Validation("Invalid conflict action. Only \"DO NOTHING\" action is supported.");
  }
  if (Peek().IsKeyword("FROM") || Peek().IsKeyword("WHERE")) {
    return Status::Validation("Unsupported FROM ... WHERE ... clause in INSERT statement.");
  }
  return s;
}

Result<UpdateStatement> Parser::Update() {
  UpdateStatement s;
  Take();  // UPDATE
  auto table = TableName();
  if (!table.ok()) return table.status();
  s.table = std::move(table).value();
  while (true) {
    if (AcceptKeyword("SET")) {
      STATOR_RETURN_IF_ERROR(SetClause(&s));
    } else if (AcceptKeyword("REMOVE")) {
      do {
        auto path = PathExpr();
        if (!path.ok()) return path.status();
        s.actions.push_back(UpdateAction{true, std::move(path).value(), {}});
      } while (AcceptPunct(","));
    } else if (Peek().IsKeyword("ADD") || Peek().IsKeyword("DELETE") ||
               Peek().IsKeyword("INSERT") || Peek().IsKeyword("REPLACE")) {
      return Status::Validation(std::string(kUpdateActions));
    } else {
      break;
    }
  }
  if (s.actions.empty()) return Unexpected();
  STATOR_RETURN_IF_ERROR(WhereAndReturning(&s.where, &s.returning));
  return s;
}

Status Parser::SetClause(UpdateStatement* u) {
  do {
    auto path = PathExpr();
    if (!path.ok()) return path.status();
    STATOR_RETURN_IF_ERROR(ExpectPunct("="));
    auto value = Operand();
    if (!value.ok()) return value.status();
    Expr v = std::move(value).value();
    if (Peek().IsPunct("+") || Peek().IsPunct("-")) {
      Expr arithmetic;
      arithmetic.kind = Expr::Kind::kArithmetic;
      arithmetic.op = Take().text;
      auto right = Operand();
      if (!right.ok()) return right.status();
      arithmetic.args.push_back(std::move(v));
      arithmetic.args.push_back(std::move(right).value());
      v = std::move(arithmetic);
    }
    u->actions.push_back(UpdateAction{false, std::move(path).value(), std::move(v)});
  } while (AcceptPunct(","));
  return Status::OK();
}

Result<DeleteStatement> Parser::Delete() {
  DeleteStatement s;
  Take();  // DELETE
  STATOR_RETURN_IF_ERROR(ExpectKeyword("FROM"));
  auto table = TableName();
  if (!table.ok()) return table.status();
  s.table = std::move(table).value();
  STATOR_RETURN_IF_ERROR(WhereAndReturning(&s.where, &s.returning));
  if (s.returning != ReturnValue::kNone && s.returning != ReturnValue::kAllOld) {
    static constexpr std::string_view kNames[] = {"", "ALL OLD *", "MODIFIED OLD *", "ALL NEW *",
                                                  "MODIFIED NEW *"};
    return Status::Validation("Invalid returning clause: RETURNING " +
                              std::string(kNames[static_cast<int>(s.returning)]) +
                              ". Only RETURNING ALL OLD * is allowed in DELETE statements.");
  }
  return s;
}

Result<ExistsStatement> Parser::Exists() {
  Take();  // EXISTS
  STATOR_RETURN_IF_ERROR(ExpectPunct("("));
  if (!Peek().IsKeyword("SELECT")) return Unexpected();
  auto select = Select();
  if (!select.ok()) return select.status();
  STATOR_RETURN_IF_ERROR(ExpectPunct(")"));
  return ExistsStatement{std::move(select).value()};
}

Status Parser::WhereAndReturning(Expr* where, ReturnValue* returning) {
  if (!AcceptKeyword("WHERE")) {
    if (Peek().kind == TokenKind::kEnd || Peek().IsPunct(";") || Peek().IsKeyword("RETURNING")) {
      return Status::Validation(
          "Where clause does not contain a mandatory equality on all key attributes");
    }
    return Unexpected();
  }
  auto condition = Condition();
  if (!condition.ok()) return condition.status();
  *where = std::move(condition).value();
  auto clause = Returning();
  if (!clause.ok()) return clause.status();
  *returning = *clause;
  return Status::OK();
}

Result<ReturnValue> Parser::Returning() {
  if (!AcceptKeyword("RETURNING")) return ReturnValue::kNone;
  bool all = false;
  if (AcceptKeyword("ALL")) {
    all = true;
  } else if (!AcceptKeyword("MODIFIED")) {
    return Unexpected();
  }
  bool old = false;
  if (AcceptKeyword("OLD")) {
    old = true;
  } else if (!AcceptKeyword("NEW")) {
    return Unexpected();
  }
  if (!AcceptPunct("*")) return Status::Validation(std::string(kReturningSyntax));
  if (Peek().IsPunct(",")) {
    return Status::Validation(
        "Invalid syntax with multiple returning elements in RETURNING clause");
  }
  if (all) return old ? ReturnValue::kAllOld : ReturnValue::kAllNew;
  return old ? ReturnValue::kUpdatedOld : ReturnValue::kUpdatedNew;
}

Result<Statement> ParseStatement(std::string_view text) {
  auto tokens = Tokenize(text);
  if (!tokens.ok()) return tokens.status();
  return Parser(std::move(tokens).value()).Parse();
}

}  // namespace stator::partiql
