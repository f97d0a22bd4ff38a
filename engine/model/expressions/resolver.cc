#include "engine/model/expressions/resolver.h"

#include <array>
#include <optional>

#include "engine/model/expressions/reserved_words.h"
#include "engine/model/expressions/value_ops.h"

namespace stator::expr {
namespace {

// The service's precedence of validation errors within one expression, first wins.
enum Slot { kUnknownFunction, kMisusedFunction, kReserved, kNameOrValue, kOperandCount,
            kDistinct, kOperandType, kSlots };

std::string_view ComparatorText(Comparator c) {
  switch (c) {
    case Comparator::kEq: return "=";
    case Comparator::kNe: return "<>";
    case Comparator::kLt: return "<";
    case Comparator::kLe: return "<=";
    case Comparator::kGt: return ">";
    case Comparator::kGe: return ">=";
  }
  return "";
}

bool SameElement(const PathElement& a, const PathElement& b) {
  return a.is_index() == b.is_index() && a.index == b.index && a.name == b.name;
}

int Arity(Function f) {
  switch (f) {
    case Function::kAttributeExists: case Function::kAttributeNotExists: case Function::kSize:
      return 1;
    default:
      return 2;
  }
}

}  // namespace

// One expression's resolution: substitutes placeholders in a copy of the tree and collects the
// first error of each kind.
class Resolver::Run {
 public:
  // With `bind`, the tree is only read: placeholders are recorded in *bind by slot instead of
  // being substituted in place.
  Run(Resolver* owner, ExpressionKind kind, Bindings* bind = nullptr)
      : owner_(owner), kind_(kind), bind_(bind) {}

  void Path(expr::Path* path);
  void Operand(expr::Operand* op);
  void ConditionFunction(expr::Operand* call);
  void Condition(expr::Condition* c);
  void SetValue(expr::Operand* op);
  void Action(UpdateAction* action);

  void Error(Slot slot, std::string message) {
    if (!errors_[slot]) errors_[slot] = std::move(message);
  }
  // The first error among the slots before `end`.
  Status Result(Slot end = kSlots) const {
    for (int i = 0; i < end; ++i) {
      if (errors_[i]) return Prefixed(*errors_[i]);
    }
    return Status::OK();
  }
  Status Prefixed(const std::string& message) const {
    return Status::Validation("Invalid " + std::string(Label(kind_)) + ": " + message);
  }

 private:
  void TypeError(std::string_view function, AttributeType type) {
    Error(kOperandType, "Incorrect operand type for operator or function; operator or function: " +
                            std::string(function) +
                            ", operand type: " + std::string(TypeDescriptor(type)));
  }
  void Misused(const expr::Operand& op) {
    if (op.kind == Operand::Kind::kFunction && op.function != Function::kSize) {
      Error(kMisusedFunction,
            "The function is not allowed to be used this way in an expression; function: " +
                op.name);
    }
  }
  void Distinct(std::string_view op, const expr::Operand& a, const expr::Operand& b) {
    if (a.kind != Operand::Kind::kPath || b.kind != Operand::Kind::kPath) return;
    if (a.path.size() != b.path.size()) return;
    for (size_t i = 0; i < a.path.size(); ++i) {
      const PathElement& x = a.path[i];
      const PathElement& y = b.path[i];
      if (x.index != y.index || NameOf(x) != NameOf(y)) return;
    }
    Error(kDistinct,
          "The first operand must be distinct from the remaining operands for this operator or "
          "function; operator: " + std::string(op) + ", first operand: " + PathText(a.path));
  }
  void Between(const expr::Operand& low, const expr::Operand& high);
  // An ordering (<, <=, >, >=) with a constant that is no string, number or binary is a
  // ValidationException, while the same type stored in the item only makes the comparison false
  // (scylladb test/alternator/test_condition_expression.py test_update_condition_lt, checked
  // against DynamoDB; the message names the operator and the short type, as the service's
  // "operator or function: <, operand type: BOOL" in nubo-db/dynamodb-conformance).
  void Orderable(Comparator c, const expr::Operand& a, const expr::Operand& b) {
    if (c == Comparator::kEq || c == Comparator::kNe) return;
    for (const expr::Operand* op : {&a, &b}) {
      const AttributeValue* v = op->kind == Operand::Kind::kValue ? ValueOf(*op) : nullptr;
      if (!v) continue;
      const AttributeType t = v->type();
      if (t == AttributeType::kS || t == AttributeType::kN || t == AttributeType::kB) continue;
      return TypeError(ComparatorText(c), t);
    }
  }

  // The value of a :value operand once resolved (null if undefined), in either mode.
  const AttributeValue* ValueOf(const expr::Operand& op) const {
    if (!bind_) return op.value;
    return op.slot >= 0 && static_cast<size_t>(op.slot) < bind_->values.size()
               ? bind_->values[op.slot] : nullptr;
  }
  // The attribute name of a path element, placeholders resolved when they could be.
  const std::string& NameOf(const PathElement& e) const {
    if (bind_ && e.placeholder && static_cast<size_t>(e.slot) < bind_->names.size() &&
        bind_->names[e.slot]) {
      return *bind_->names[e.slot];
    }
    return e.name;
  }
  std::string PathText(const expr::Path& path) const {
    expr::Path resolved = path;
    for (auto& e : resolved) e.name = NameOf(e);
    return PathToString(resolved);
  }

  Resolver* owner_;
  ExpressionKind kind_;
  Bindings* bind_;
  std::array<std::optional<std::string>, kSlots> errors_;
};

void Resolver::Run::Path(expr::Path* path) {
  for (PathElement& e : *path) {
    if (e.placeholder) {
      auto it = owner_->names_.find(e.name);
      if (it == owner_->names_.end()) {
        Error(kNameOrValue,
              "An expression attribute name used in the document path is not defined; "
              "attribute name: " + e.name);
        continue;
      }
      owner_->used_names_.insert(it->first);
      if (bind_) {
        if (bind_->names.size() <= static_cast<size_t>(e.slot)) bind_->names.resize(e.slot + 1);
        bind_->names[e.slot] = &it->second;
        continue;
      }
      e.name = it->second;
      e.placeholder = false;
    } else if (!e.is_index() && IsReservedWord(e.name)) {
      Error(kReserved, "Attribute name is a reserved keyword; reserved keyword: " + e.name);
    }
  }
  if (path->size() > static_cast<size_t>(kMaxPathDepth)) {
    Error(kOperandType, "The document path has too many nesting levels; nesting levels: " +
                            std::to_string(path->size()));
  }
}

void Resolver::Run::Operand(expr::Operand* op) {
  switch (op->kind) {
    case Operand::Kind::kPath:
      Path(&op->path);
      return;
    case Operand::Kind::kValue: {
      auto it = owner_->values_.find(op->name);
      if (it == owner_->values_.end()) {
        Error(kNameOrValue,
              "An expression attribute value used in expression is not defined; attribute "
              "value: " + op->name);
        return;
      }
      owner_->used_values_.insert(it->first);
      if (bind_) {
        if (bind_->values.size() <= static_cast<size_t>(op->slot)) {
          bind_->values.resize(op->slot + 1);
        }
        bind_->values[op->slot] = &it->second;
        return;
      }
      op->value = &it->second;
      return;
    }
    case Operand::Kind::kFunction:
      ConditionFunction(op);
      return;
    case Operand::Kind::kPlus:
    case Operand::Kind::kMinus:
      for (auto& a : op->args) Operand(&a);
      return;
  }
}

// A function call of a condition: attribute_exists(a), begins_with(a, :v), size(a), ...
void Resolver::Run::ConditionFunction(expr::Operand* call) {
  for (auto& a : call->args) {
    Operand(&a);
    Misused(a);
  }
  if (call->function == Function::kUnknown) {
    Error(kUnknownFunction, "Invalid function name; function: " + call->name);
    return;
  }
  if (call->function == Function::kIfNotExists || call->function == Function::kListAppend) {
    Error(kMisusedFunction,
          "The function is not allowed in a condition expression; function: " + call->name);
    return;
  }
  const int arity = Arity(call->function);
  if (static_cast<int>(call->args.size()) != arity) {
    Error(kOperandCount,
          "Incorrect number of operands for operator or function; operator or function: " +
              call->name + ", number of operands: " + std::to_string(call->args.size()));
    return;
  }
  if (arity == 2) Distinct(call->name, call->args[0], call->args[1]);
  auto value_type = [&](size_t i) -> std::optional<AttributeType> {
    const auto& a = call->args[i];
    const AttributeValue* v = a.kind == Operand::Kind::kValue ? ValueOf(a) : nullptr;
    if (v) return v->type();
    return std::nullopt;
  };
  switch (call->function) {
    case Function::kAttributeExists:
    case Function::kAttributeNotExists:
      if (call->args[0].kind != Operand::Kind::kPath) {
        Error(kOperandType, "Operator or function requires a document path; operator or "
                            "function: " + call->name);
      }
      return;
    case Function::kAttributeType: {
      // The type to test must be a :value; a path there is refused (scylladb
      // test_update_condition_attribute_type_second_arg, checked against DynamoDB; the
      // message's type list follows dynalite db/conditionParser.pegjs).
      if (call->args[1].kind != Operand::Kind::kValue) {
        Error(kOperandType, "Incorrect operand type for operator or function; operator or "
                            "function: " + call->name +
                                ", operand type: {NS,SS,L,BS,N,M,B,BOOL,NULL,S}");
        return;
      }
      auto t = value_type(1);
      if (!t) return;
      if (*t != AttributeType::kS) return TypeError(call->name, *t);
      static constexpr std::string_view kTypes[] = {"S", "N", "B", "BOOL", "NULL",
                                                    "M", "L", "SS", "NS", "BS"};
      const std::string& name = ValueOf(call->args[1])->s();
      for (auto k : kTypes) {
        if (k == name) return;
      }
      Error(kOperandType, "Invalid attribute type name found; type: " + name +
                              ", valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}");
      return;
    }
    case Function::kBeginsWith:
      for (size_t i = 0; i < 2; ++i) {
        auto t = value_type(i);
        if (t && *t != AttributeType::kS && *t != AttributeType::kB) {
          return TypeError(call->name, *t);
        }
      }
      return;
    case Function::kSize: {
      auto t = value_type(0);
      if (t && (*t == AttributeType::kN || *t == AttributeType::kBOOL ||
                *t == AttributeType::kNULL)) {
        TypeError(call->name, *t);
      }
      return;
    }
    default:
      return;
  }
}

void Resolver::Run::Between(const expr::Operand& low_operand,
                            const expr::Operand& high_operand) {
  const AttributeValue* low = ValueOf(low_operand);
  const AttributeValue* high = ValueOf(high_operand);
  if (!low || !high) return;
  const std::string bounds = "lower bound operand: AttributeValue: " + BriefValue(*low) +
                             ", upper bound operand: AttributeValue: " + BriefValue(*high);
  if (low->type() != high->type()) {
    Error(kOperandType,
          "The BETWEEN operator requires same data type for lower and upper bounds; " + bounds);
    return;
  }
  auto order = Order(*low, *high);
  if (order && *order > 0) {
    Error(kOperandType,
          "The BETWEEN operator requires upper bound to be greater than or equal to lower "
          "bound; " + bounds);
  }
}

void Resolver::Run::Condition(expr::Condition* c) {
  using Kind = expr::Condition::Kind;
  switch (c->kind) {
    case Kind::kAnd:
    case Kind::kOr:
    case Kind::kNot:
      for (auto& child : c->children) Condition(&child);
      return;
    case Kind::kFunction: {
      expr::Operand& call = c->operands[0];
      if (call.function == Function::kSize) {
        Error(kMisusedFunction,
              "The function is not allowed to be used this way in an expression; function: size");
      }
      ConditionFunction(&call);
      return;
    }
    case Kind::kCompare:
    case Kind::kBetween:
    case Kind::kIn:
      break;
  }
  for (auto& op : c->operands) {
    Operand(&op);
    Misused(op);
  }
  if (c->kind == Kind::kCompare) {
    Distinct(ComparatorText(c->comparator), c->operands[0], c->operands[1]);
    Orderable(c->comparator, c->operands[0], c->operands[1]);
  } else if (c->kind == Kind::kBetween) {
    Between(c->operands[1], c->operands[2]);
  } else if (c->operands.size() - 1 > kMaxInOperands) {
    Error(kOperandCount, "The IN operator is provided with too many operands; number of "
                         "operands: " + std::to_string(c->operands.size() - 1));
  }
}

// A SET value: paths, values, if_not_exists, list_append, + and -.
void Resolver::Run::SetValue(expr::Operand* op) {
  if (op->kind == Operand::Kind::kPath || op->kind == Operand::Kind::kValue) {
    Operand(op);
    return;
  }
  for (auto& a : op->args) SetValue(&a);
  if (op->kind == Operand::Kind::kPlus || op->kind == Operand::Kind::kMinus) {
    for (const auto& a : op->args) {
      if (a.value && a.value->type() != AttributeType::kN) {
        TypeError(op->kind == Operand::Kind::kPlus ? "+" : "-", a.value->type());
      }
    }
    return;
  }
  if (op->function == Function::kUnknown) {
    Error(kUnknownFunction, "Invalid function name; function: " + op->name);
    return;
  }
  if (op->function != Function::kIfNotExists && op->function != Function::kListAppend) {
    Error(kMisusedFunction,
          "The function is not allowed in an update expression; function: " + op->name);
    return;
  }
  if (op->args.size() != 2) {
    Error(kOperandCount,
          "Incorrect number of operands for operator or function; operator or function: " +
              op->name + ", number of operands: " + std::to_string(op->args.size()));
    return;
  }
  if (op->function == Function::kIfNotExists) {
    if (op->args[0].kind != Operand::Kind::kPath) {
      Error(kOperandType,
            "Operator or function requires a document path; operator or function: " + op->name);
    }
    return;
  }
  for (const auto& a : op->args) {
    if (a.value && a.value->type() != AttributeType::kL) TypeError(op->name, a.value->type());
  }
}

void Resolver::Run::Action(UpdateAction* action) {
  Path(&action->path);
  switch (action->kind) {
    case UpdateAction::Kind::kSet:
      SetValue(&action->value);
      return;
    case UpdateAction::Kind::kRemove:
      return;
    case UpdateAction::Kind::kAdd:
    case UpdateAction::Kind::kDelete: {
      Operand(&action->value);
      const AttributeValue* v = action->value.value;
      if (!v) return;
      const bool add = action->kind == UpdateAction::Kind::kAdd;
      if (v->is_set() || (add && v->type() == AttributeType::kN)) return;
      Error(kOperandType, std::string("Incorrect operand type for operator or function; "
                                      "operator: ") + (add ? "ADD" : "DELETE") +
                              ", operand type: " + std::string(LongTypeName(v->type())));
      return;
    }
  }
}

std::string CheckPathOverlaps(const std::vector<const Path*>& paths) {
  auto message = [&](std::string_view what, size_t i, size_t j) {
    return "Two document paths " + std::string(what) +
           " with each other; must remove or rewrite one of these paths; path one: " +
           PathToString(*paths[i]) + ", path two: " + PathToString(*paths[j]);
  };
  for (size_t i = 0; i < paths.size(); ++i) {
    for (size_t j = i + 1; j < paths.size(); ++j) {
      const Path& a = *paths[i];
      const Path& b = *paths[j];
      size_t k = 0;
      while (k < a.size() && k < b.size() && SameElement(a[k], b[k])) ++k;
      if (k == a.size() || k == b.size()) return message("overlap", i, j);
    }
  }
  for (size_t i = 0; i < paths.size(); ++i) {
    for (size_t j = i + 1; j < paths.size(); ++j) {
      const Path& a = *paths[i];
      const Path& b = *paths[j];
      size_t k = 0;
      while (SameElement(a[k], b[k])) ++k;
      if (a[k].is_index() != b[k].is_index()) return message("conflict", i, j);
    }
  }
  return "";
}

Result<Condition> Resolver::ResolveCondition(const Condition& parsed, ExpressionKind kind) {
  Condition out = parsed;
  Run run(this, kind);
  run.Condition(&out);
  STATOR_RETURN_IF_ERROR(run.Result());
  return out;
}

Result<Bindings> Resolver::BindCondition(const Condition& parsed, ExpressionKind kind) {
  Bindings bindings;
  Run run(this, kind, &bindings);
  // In binding mode Run only reads the tree (see Run's constructor); the cast spares a second,
  // const copy of every check.
  run.Condition(const_cast<Condition*>(&parsed));
  STATOR_RETURN_IF_ERROR(run.Result());
  return bindings;
}

Result<UpdateExpression> Resolver::ResolveUpdate(const UpdateExpression& parsed) {
  UpdateExpression out = parsed;
  Run run(this, ExpressionKind::kUpdate);
  for (auto& action : out.actions) run.Action(&action);
  // The service reports overlapping paths before operand counts and types.
  STATOR_RETURN_IF_ERROR(run.Result(kOperandCount));
  std::vector<const Path*> paths;
  for (const auto& action : out.actions) paths.push_back(&action.path);
  if (std::string overlap = CheckPathOverlaps(paths); !overlap.empty()) {
    return run.Prefixed(overlap);
  }
  STATOR_RETURN_IF_ERROR(run.Result());
  return out;
}

Result<ProjectionExpression> Resolver::ResolveProjection(const ProjectionExpression& parsed) {
  ProjectionExpression out = parsed;
  Run run(this, ExpressionKind::kProjection);
  for (auto& path : out.paths) run.Path(&path);
  STATOR_RETURN_IF_ERROR(run.Result());
  std::vector<const Path*> paths;
  for (const auto& path : out.paths) paths.push_back(&path);
  if (std::string overlap = CheckPathOverlaps(paths); !overlap.empty()) {
    return run.Prefixed(overlap);
  }
  return out;
}

Status Resolver::CheckUnused() const {
  auto unused = [](const auto& map, const auto& used, std::string_view what) -> Status {
    std::string keys;
    for (const auto& [key, value] : map) {
      if (used.count(std::string_view(key))) continue;
      keys += (keys.empty() ? "" : ", ") + key;
    }
    if (keys.empty()) return Status::OK();
    return Status::Validation("Value provided in " + std::string(what) +
                              " unused in expressions: keys: {" + keys + "}");
  };
  STATOR_RETURN_IF_ERROR(unused(names_, used_names_, "ExpressionAttributeNames"));
  return unused(values_, used_values_, "ExpressionAttributeValues");
}

}  // namespace stator::expr
