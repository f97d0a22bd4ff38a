// The expression rules of the parser: conditions (OR, AND, NOT, comparisons, BETWEEN, IN, IS,
// functions), operands, document paths and values (literals, `?`, tuples, lists, bags).
#include <cstdlib>

#include "api/partiql/reserved_words.h"
#include "api/partiql/token_stream.h"

namespace stator::partiql {
namespace {

constexpr std::string_view kComparisons[] = {"=", "<>", "!=", "<", "<=", ">", ">="};

// IS's types, as the service names them, and what each is in DynamoDB's attribute_type.
struct IsType {
  std::string_view name;
  std::string_view descriptor;  // empty: MISSING
};
constexpr IsType kIsTypes[] = {
    {"MISSING", ""},  {"NULL", "NULL"}, {"BOOLEAN", "BOOL"}, {"BLOB", "B"}, {"STRING", "S"},
    {"NUMERIC", "N"}, {"STRUCT", "M"},  {"TUPLE", "M"},      {"LIST", "L"},
};

// The functions a statement may call, and how many arguments each takes.
struct Function {
  std::string_view name;
  size_t arity;
};
constexpr Function kFunctions[] = {
    {"begins_with", 2}, {"contains", 2},         {"attribute_type", 2},
    {"size", 1},        {"attribute_exists", 1}, {"attribute_not_exists", 1},
    {"list_append", 2}, {"set_add", 2},          {"set_delete", 2},
};

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

Expr Binary(Expr::Kind kind, std::string op, Expr a, Expr b) {
  Expr e;
  e.kind = kind;
  e.op = std::move(op);
  e.args.push_back(std::move(a));
  e.args.push_back(std::move(b));
  return e;
}

}  // namespace

Result<Expr> Parser::Condition() { return OrCondition(); }

Result<Expr> Parser::OrCondition() {
  auto left = AndCondition();
  if (!left.ok()) return left;
  Expr e = std::move(left).value();
  while (AcceptKeyword("OR")) {
    auto right = AndCondition();
    if (!right.ok()) return right;
    e = Binary(Expr::Kind::kOr, "OR", std::move(e), std::move(right).value());
  }
  return e;
}

Result<Expr> Parser::AndCondition() {
  auto left = NotCondition();
  if (!left.ok()) return left;
  Expr e = std::move(left).value();
  while (AcceptKeyword("AND")) {
    auto right = NotCondition();
    if (!right.ok()) return right;
    e = Binary(Expr::Kind::kAnd, "AND", std::move(e), std::move(right).value());
  }
  return e;
}

Result<Expr> Parser::NotCondition() {
  Depth depth(depth_);
  STATOR_RETURN_IF_ERROR(CheckDepth());
  if (AcceptKeyword("NOT")) {
    auto inner = NotCondition();
    if (!inner.ok()) return inner;
    Expr e;
    e.kind = Expr::Kind::kNot;
    e.args.push_back(std::move(inner).value());
    return e;
  }
  return Predicate();
}

Result<Expr> Parser::Predicate() {
  if (AcceptPunct("(")) {
    auto inner = OrCondition();
    if (!inner.ok()) return inner;
    STATOR_RETURN_IF_ERROR(ExpectPunct(")"));
    return inner;
  }
  auto left = Operand();
  if (!left.ok()) return left;
  for (std::string_view op : kComparisons) {
    if (AcceptPunct(op)) {
      auto right = Operand();
      if (!right.ok()) return right;
      return Binary(Expr::Kind::kCompare, op == "!=" ? "<>" : std::string(op),
                    std::move(left).value(), std::move(right).value());
    }
  }
  bool negated = false;
  if (Peek().IsKeyword("NOT") && (Peek(1).IsKeyword("BETWEEN") || Peek(1).IsKeyword("IN"))) {
    Take();
    negated = true;
  }
  if (AcceptKeyword("BETWEEN")) {
    auto low = Operand();
    if (!low.ok()) return low;
    STATOR_RETURN_IF_ERROR(ExpectKeyword("AND"));
    auto high = Operand();
    if (!high.ok()) return high;
    Expr e;
    e.kind = Expr::Kind::kBetween;
    e.negated = negated;
    e.args.push_back(std::move(left).value());
    e.args.push_back(std::move(low).value());
    e.args.push_back(std::move(high).value());
    return e;
  }
  if (AcceptKeyword("IN")) return InList(std::move(left).value(), negated);
  if (AcceptKeyword("IS")) return IsPredicate(std::move(left).value());
  if (Peek().IsKeyword("LIKE")) return Status::Validation("Unsupported operation: LIKE");
  // A lone operand stands as a condition only when it is a function that answers true or false.
  if (left->kind == Expr::Kind::kCall && left->op != "size" && left->op != "list_append" &&
      left->op != "set_add" && left->op != "set_delete") {
    return left;
  }
  if (Peek().kind == TokenKind::kEnd || Peek().IsPunct(")") || Peek().IsKeyword("AND") ||
      Peek().IsKeyword("OR") || Peek().IsPunct(";")) {
    return Status::Validation("WHERE clause must contain an expression that resolves to a boolean");
  }
  return Unexpected();
}

Result<Expr> Parser::InList(Expr left, bool negated) {
  Expr e;
  e.kind = Expr::Kind::kIn;
  e.negated = negated;
  const bool bracket = Peek().IsPunct("[");
  if (!bracket && !Peek().IsPunct("(")) {
    return Status::Validation(
        "IN operator must have a left hand argument of type Variable Reference and right hand "
        "argument of type Seq with at least one member");
  }
  Take();
  const std::string_view close = bracket ? "]" : ")";
  e.args.push_back(std::move(left));
  if (!Peek().IsPunct(close)) {
    do {
      auto v = Operand();
      if (!v.ok()) return v;
      e.args.push_back(std::move(v).value());
    } while (AcceptPunct(","));
  }
  STATOR_RETURN_IF_ERROR(ExpectPunct(close));
  if (e.args.size() < 2) {
    return Status::Validation(
        "IN operator must have a left hand argument of type Variable Reference and right hand "
        "argument of type Seq with at least one member");
  }
  return e;
}

Result<Expr> Parser::IsPredicate(Expr left) {
  Expr e;
  e.kind = Expr::Kind::kIs;
  e.negated = AcceptKeyword("NOT");
  const Token& type = Peek();
  if (type.kind != TokenKind::kName) return Unexpected();
  for (const IsType& t : kIsTypes) {
    if (type.IsKeyword(t.name)) {
      e.op = std::string(t.name);
      e.value.literal = AttributeValue::S(std::string(t.descriptor));
      Take();
      if (left.kind != Expr::Kind::kPath) {
        return Status::Validation(
            "The left hand side argument to IS must be a Variable Reference, Literal, or Path");
      }
      e.args.push_back(std::move(left));
      return e;
    }
  }
  return Status::Validation(
      "Unsupported data type for IS operator: " + type.text +
      ". Supported data types are [MISSING, NULL, BOOLEAN, BLOB, STRING, NUMERIC, STRUCT, TUPLE, "
      "LIST]");
}

bool Parser::AtValue() const {
  const Token& t = Peek();
  return t.kind == TokenKind::kString || t.kind == TokenKind::kNumber ||
         t.kind == TokenKind::kParameter || t.IsPunct("{") || t.IsPunct("[") || t.IsPunct("<<") ||
         t.IsPunct("-") || t.IsKeyword("TRUE") || t.IsKeyword("FALSE") || t.IsKeyword("NULL") ||
         t.IsKeyword("MISSING");
}

Result<Expr> Parser::Operand() {
  Depth depth(depth_);
  STATOR_RETURN_IF_ERROR(CheckDepth());
  Expr e;
  if (AtValue()) {
    auto v = ValueExpr();
    if (!v.ok()) return v.status();
    e.kind = Expr::Kind::kValue;
    e.value = std::move(v).value();
    return e;
  }
  const Token& t = Peek();
  if (t.kind == TokenKind::kName && Peek(1).IsPunct("(")) {
    std::string name = Lower(t.text);
    Take();
    return Call(std::move(name));
  }
  auto path = PathExpr();
  if (!path.ok()) return path.status();
  e.kind = Expr::Kind::kPath;
  e.path = std::move(path).value();
  return e;
}

Result<Expr> Parser::Call(std::string name) {
  const Function* function = nullptr;
  for (const Function& f : kFunctions) {
    if (f.name == name) function = &f;
  }
  if (function == nullptr) return Status::Validation("Unrecognized function: " + name);
  Take();  // (
  Expr e;
  e.kind = Expr::Kind::kCall;
  e.op = std::move(name);
  if (!Peek().IsPunct(")")) {
    do {
      auto arg = Operand();
      if (!arg.ok()) return arg;
      e.args.push_back(std::move(arg).value());
    } while (AcceptPunct(","));
  }
  STATOR_RETURN_IF_ERROR(ExpectPunct(")"));
  if (e.args.size() != function->arity) {
    if (e.op == "set_add" || e.op == "set_delete") {
      return Status::Validation("SET_" + std::string(e.op == "set_add" ? "ADD" : "DELETE") +
                                " must have exactly two arguments");
    }
    return Malformed("Incorrect number of arguments to " + e.op);
  }
  return e;
}

Result<std::string> Parser::Name() {
  const Token& t = Peek();
  if (t.kind == TokenKind::kQuotedName) {
    if (t.text.empty()) return Status::Validation("Path component cannot be an empty string");
    return std::string(Take().text);
  }
  if (t.kind == TokenKind::kName && !IsReservedWord(t.text)) return std::string(Take().text);
  return Unexpected();
}

Result<Path> Parser::PathExpr() {
  Path p;
  if (Peek().IsPunct("[")) return Status::Validation("A path cannot start with a list index");
  auto head = Name();
  if (!head.ok()) return head.status();
  p.steps.push_back(PathStep{std::move(head).value(), 0});
  while (true) {
    if (AcceptPunct(".")) {
      if (Peek().IsPunct("*")) {
        return Status::Validation("Unpivot path component like a.*.b are not supported");
      }
      auto name = Name();
      if (!name.ok()) return name.status();
      p.steps.push_back(PathStep{std::move(name).value(), 0});
    } else if (AcceptPunct("[")) {
      if (Peek().IsPunct("*")) {
        return Status::Validation("Wildcard path component like a[*].b are not supported");
      }
      if (Peek().kind == TokenKind::kString) {  // a['b'] names a member, as a.b does
        p.steps.push_back(PathStep{Take().text, 0});
      } else if (Peek().kind == TokenKind::kNumber &&
                 Peek().text.find_first_not_of("0123456789") == std::string::npos &&
                 Peek().text.size() < 10) {
        p.steps.push_back(PathStep{"", static_cast<size_t>(std::atol(Take().text.c_str()))});
      } else {
        return Status::Validation("Unexpected path component");
      }
      STATOR_RETURN_IF_ERROR(ExpectPunct("]"));
    } else {
      return p;
    }
  }
}

Result<Value> Parser::ValueExpr() {
  Depth depth(depth_);
  STATOR_RETURN_IF_ERROR(CheckDepth());
  Value v;
  const Token& t = Peek();
  if (t.kind == TokenKind::kString) {
    v.literal = AttributeValue::S(Take().text);
  } else if (t.kind == TokenKind::kNumber) {
    v.literal = AttributeValue::N(Take().text);
  } else if (t.IsPunct("-") && Peek(1).kind == TokenKind::kNumber) {
    Take();
    v.literal = AttributeValue::N("-" + Take().text);
  } else if (t.kind == TokenKind::kParameter) {
    Take();
    v.kind = Value::Kind::kParameter;
    v.parameter = parameters_++;
  } else if (t.IsKeyword("TRUE") || t.IsKeyword("FALSE")) {
    v.literal = AttributeValue::Bool(Take().IsKeyword("TRUE"));
  } else if (t.IsKeyword("NULL")) {
    Take();
    v.literal = AttributeValue::Null();
  } else if (t.IsKeyword("MISSING")) {
    Take();
    v.kind = Value::Kind::kMissing;
  } else if (t.IsPunct("{")) {
    return Tuple();
  } else if (t.IsPunct("[")) {
    Take();
    return Sequence("]", Value::Kind::kList);
  } else if (t.IsPunct("<<")) {
    Take();
    return Sequence(">>", Value::Kind::kBag);
  } else {
    return Unexpected();
  }
  return v;
}

Result<Value> Parser::Tuple() {
  Take();  // {
  Value v;
  v.kind = Value::Kind::kTuple;
  if (AcceptPunct("}")) return v;
  do {
    const Token& key = Peek();
    if (key.kind != TokenKind::kString) {
      if (key.kind == TokenKind::kNumber) {
        return Status::Validation("Tuple keys must be of type String. Actual type: NUMERIC");
      }
      return Unexpected();
    }
    std::string name = Take().text;
    STATOR_RETURN_IF_ERROR(ExpectPunct(":"));
    auto member = ValueExpr();
    if (!member.ok()) return member;
    v.members.push_back(TupleMember{std::move(name), std::move(member).value()});
  } while (AcceptPunct(","));
  STATOR_RETURN_IF_ERROR(ExpectPunct("}"));
  return v;
}

Result<Value> Parser::Sequence(std::string_view close, Value::Kind kind) {
  Value v;
  v.kind = kind;
  if (AcceptPunct(close)) return v;
  do {
    auto element = ValueExpr();
    if (!element.ok()) return element;
    v.elements.push_back(std::move(element).value());
  } while (AcceptPunct(","));
  STATOR_RETURN_IF_ERROR(ExpectPunct(close));
  return v;
}

}  // namespace stator::partiql
