// The tree of one parsed PartiQL statement: DynamoDB's subset (SELECT, INSERT, UPDATE, DELETE, and
// EXISTS(SELECT ...) as a transaction's condition check).
//
// Values the statement spells are kept as Values: literals are AttributeValues already; `?`
// parameters are bound when the statement runs, so one parse serves every execution.
//
// Thread safety: a parsed Statement is immutable and shared between threads.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "stator/attribute_value.h"
#include "stator/requests.h"

namespace stator::partiql {

// A document path: a name, then names (`.b`) and list indexes (`[2]`).
struct PathStep {
  std::string name;  // empty for an index step
  size_t index = 0;
  bool is_index() const { return name.empty(); }
};
struct Path {
  std::vector<PathStep> steps;
  bool is_simple() const { return steps.size() == 1; }
  const std::string& head() const { return steps.front().name; }
};

struct TupleMember;

// A value spelled in the statement.
struct Value {
  enum class Kind { kLiteral, kParameter, kTuple, kList, kBag, kMissing };
  Kind kind = Kind::kLiteral;
  AttributeValue literal;            // kLiteral
  size_t parameter = 0;              // kParameter: 0-based position
  std::vector<TupleMember> members;  // kTuple, in the order written
  std::vector<Value> elements;       // kList, kBag
};

struct TupleMember {
  std::string name;
  Value value;
};

struct SelectStatement;

// A condition, or an operand of one.
struct Expr {
  enum class Kind {
    // Operands. kCall: a function, `op` its lower-case name.
    kPath,
    kValue,
    kCall,
    // Predicates.
    kCompare,
    kBetween,
    kIn,
    kIs,
    // Logic.
    kAnd,
    kOr,
    kNot,
    kArithmetic,  // `a + 1`, `a - 1` (op "+" or "-"), in SET only
    kExists,      // EXISTS(SELECT ...)
  };
  Kind kind = Kind::kValue;
  std::string op;        // "=", "<>", "<", ...; a function's name; IS's type ("MISSING", ...)
  bool negated = false;  // NOT BETWEEN, NOT IN, IS NOT
  Path path;
  Value value;
  std::vector<Expr> args;
  std::shared_ptr<const SelectStatement> subquery;  // kExists
};

struct SelectStatement {
  std::vector<Path> projection;  // empty: `*`
  std::string table;
  std::optional<std::string> index;
  std::optional<Expr> where;
  struct OrderKey {
    std::string name;
    bool descending = false;
  };
  std::vector<OrderKey> order_by;
};

struct InsertStatement {
  std::string table;
  Value item;
};

struct UpdateAction {
  bool remove = false;  // REMOVE path, else SET path = value
  Path path;
  Expr value;
};

struct UpdateStatement {
  std::string table;
  std::vector<UpdateAction> actions;
  Expr where;
  ReturnValue returning = ReturnValue::kNone;
};

struct DeleteStatement {
  std::string table;
  Expr where;
  ReturnValue returning = ReturnValue::kNone;
};

// EXISTS(SELECT ...): a condition check, in a transaction of writes only.
struct ExistsStatement {
  SelectStatement select;
};

struct Statement {
  std::variant<SelectStatement, InsertStatement, UpdateStatement, DeleteStatement, ExistsStatement>
      body;
  size_t parameter_count = 0;  // the `?` it holds

  bool is_read() const { return std::holds_alternative<SelectStatement>(body); }
};

}  // namespace stator::partiql
