// The parser's state: the statement's tokens and a cursor over them, with the small checks every
// grammar rule shares. The statement rules (parse_statements.cc) and the expression rules
// (parse_expressions.cc) are member functions of one Parser, declared here.
//
// Thread safety: a Parser belongs to one parse on one thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "api/partiql/ast.h"
#include "api/partiql/lexer.h"

namespace stator::partiql {

// The deepest nesting of parentheses, documents and NOTs a statement may have; deeper input is
// refused before the recursion can exhaust the stack.
inline constexpr int kMaxNesting = 64;

class Parser {
 public:
  explicit Parser(std::vector<Token> tokens) : tokens_(std::move(tokens)) {}

  Result<Statement> Parse();

 private:
  // Cursor.
  const Token& Peek(size_t ahead = 0) const {
    const size_t i = pos_ + ahead;
    return i < tokens_.size() ? tokens_[i] : tokens_.back();
  }
  const Token& Take() { return tokens_[pos_ < tokens_.size() - 1 ? pos_++ : pos_]; }
  bool AcceptKeyword(std::string_view keyword);
  bool AcceptPunct(std::string_view p);
  Status ExpectKeyword(std::string_view keyword);
  Status ExpectPunct(std::string_view p);
  // The syntax error at the current token.
  Status Unexpected() const;

  // Statements (parse_statements.cc).
  Result<SelectStatement> Select();
  Status Projection(SelectStatement* s);
  Status From(SelectStatement* s);
  Status OrderBy(SelectStatement* s);
  Result<InsertStatement> Insert();
  Result<UpdateStatement> Update();
  Status SetClause(UpdateStatement* u);
  Result<DeleteStatement> Delete();
  Result<ExistsStatement> Exists();
  Result<ReturnValue> Returning();
  // UPDATE's and DELETE's mandatory WHERE, then their optional RETURNING.
  Status WhereAndReturning(Expr* where, ReturnValue* returning);
  Status RefuseUnsupportedClauses();
  Result<std::string> TableName();

  // Expressions (parse_expressions.cc).
  Result<Expr> Condition();
  Result<Expr> OrCondition();
  Result<Expr> AndCondition();
  Result<Expr> NotCondition();
  Result<Expr> Predicate();
  Result<Expr> Operand();
  Result<Expr> Call(std::string name);
  Result<Expr> InList(Expr left, bool negated);
  Result<Expr> IsPredicate(Expr left);
  Result<Path> PathExpr();
  Result<std::string> Name();
  Result<Value> ValueExpr();
  Result<Value> Tuple();
  Result<Value> Sequence(std::string_view close, Value::Kind kind);
  bool AtValue() const;

  struct Depth {
    explicit Depth(int& d) : d_(d) { ++d_; }
    ~Depth() { --d_; }
    int& d_;
  };
  Status CheckDepth() const;

  std::vector<Token> tokens_;
  size_t pos_ = 0;
  size_t parameters_ = 0;
  int depth_ = 0;
};

}  // namespace stator::partiql
