#include "api/partiql/expression_builder.h"

#include "api/partiql/values.h"

namespace stator::partiql {

std::string ExpressionBuilder::NameText(const std::string& name) {
  auto it = placeholders_.find(name);
  if (it != placeholders_.end()) return it->second;
  std::string placeholder = "#n" + std::to_string(placeholders_.size());
  names_.emplace(placeholder, name);
  placeholders_.emplace(name, placeholder);
  return placeholder;
}

std::string ExpressionBuilder::PathText(const Path& p) {
  std::string out;
  for (const PathStep& step : p.steps) {
    if (step.is_index()) {
      out += "[" + std::to_string(step.index) + "]";
    } else {
      if (!out.empty()) out += ".";
      out += NameText(step.name);
    }
  }
  return out;
}

std::string ExpressionBuilder::ValueText(AttributeValue v) {
  std::string placeholder = ":v" + std::to_string(values_.size());
  values_.emplace(placeholder, std::move(v));
  return placeholder;
}

Result<std::string> ExpressionBuilder::Operand(const Expr& e) {
  switch (e.kind) {
    case Expr::Kind::kPath:
      return PathText(e.path);
    case Expr::Kind::kValue: {
      auto v = Bind(e.value, parameters_);
      if (!v.ok()) return v.status();
      return ValueText(std::move(v).value());
    }
    case Expr::Kind::kCall:
      return Call(e);
    case Expr::Kind::kArithmetic: {
      auto a = Operand(e.args[0]);
      if (!a.ok()) return a;
      auto b = Operand(e.args[1]);
      if (!b.ok()) return b;
      return *a + " " + e.op + " " + *b;
    }
    default:
      return Status::Validation("Unsupported operation: a condition where a value is expected");
  }
}

Result<std::string> ExpressionBuilder::Call(const Expr& e) {
  std::string out = e.op + "(";
  for (size_t i = 0; i < e.args.size(); ++i) {
    if (i > 0) out += ", ";
    auto arg = Operand(e.args[i]);
    if (!arg.ok()) return arg;
    out += *arg;
  }
  return out + ")";
}

Result<std::string> ExpressionBuilder::Condition(const Expr& e) {
  switch (e.kind) {
    case Expr::Kind::kAnd:
    case Expr::Kind::kOr: {
      auto a = Condition(e.args[0]);
      if (!a.ok()) return a;
      auto b = Condition(e.args[1]);
      if (!b.ok()) return b;
      return "(" + *a + ") " + e.op + " (" + *b + ")";
    }
    case Expr::Kind::kNot: {
      auto a = Condition(e.args[0]);
      if (!a.ok()) return a;
      return "NOT (" + *a + ")";
    }
    case Expr::Kind::kCompare: {
      for (const Expr& arg : e.args) {
        if (arg.kind == Expr::Kind::kValue && arg.value.kind == Value::Kind::kMissing) {
          return Status::Validation("MISSING must be compared using IS operator");
        }
      }
      auto a = Operand(e.args[0]);
      if (!a.ok()) return a;
      auto b = Operand(e.args[1]);
      if (!b.ok()) return b;
      return *a + " " + e.op + " " + *b;
    }
    case Expr::Kind::kBetween: {
      std::string out;
      for (size_t i = 0; i < 3; ++i) {
        auto a = Operand(e.args[i]);
        if (!a.ok()) return a;
        out += i == 0 ? *a + " BETWEEN " : i == 1 ? *a + " AND " : *a;
      }
      return e.negated ? "NOT (" + out + ")" : out;
    }
    case Expr::Kind::kIn: {
      auto left = Operand(e.args[0]);
      if (!left.ok()) return left;
      std::string out = *left + " IN (";
      for (size_t i = 1; i < e.args.size(); ++i) {
        auto v = Operand(e.args[i]);
        if (!v.ok()) return v;
        out += (i > 1 ? ", " : "") + *v;
      }
      out += ")";
      return e.negated ? "NOT (" + out + ")" : out;
    }
    case Expr::Kind::kIs: {
      const std::string path = PathText(e.args[0].path);
      if (e.op == "MISSING") {
        return (e.negated ? "attribute_exists(" : "attribute_not_exists(") + path + ")";
      }
      const std::string type = "attribute_type(" + path + ", " + ValueText(e.value.literal) + ")";
      return e.negated ? "NOT " + type : type;
    }
    case Expr::Kind::kCall:
      return Call(e);
    default:
      return Status::Validation(
          "WHERE clause must contain an expression that resolves to a boolean");
  }
}

void Conjuncts(const Expr& e, std::vector<const Expr*>* out) {
  if (e.kind == Expr::Kind::kAnd) {
    Conjuncts(e.args[0], out);
    Conjuncts(e.args[1], out);
  } else {
    out->push_back(&e);
  }
}

const Expr* EqualityValue(const Expr& e, std::string* name) {
  if (e.kind != Expr::Kind::kCompare || e.op != "=") return nullptr;
  for (int side = 0; side < 2; ++side) {
    const Expr& path = e.args[side];
    const Expr& value = e.args[1 - side];
    if (path.kind == Expr::Kind::kPath && path.path.is_simple() &&
        value.kind == Expr::Kind::kValue && value.value.kind != Value::Kind::kMissing) {
      *name = path.path.head();
      return &value;
    }
  }
  return nullptr;
}

}  // namespace stator::partiql
