#include "engine/expressions/condition_evaluator.h"

#include <optional>

#include "engine/expressions/value_ops.h"

namespace stator::engine::expr {
namespace {

// The value of an operand: a pointer into the item or the request, or a computed size.
struct Value {
  const AttributeValue* ptr = nullptr;
  AttributeValue owned;
  bool is_owned = false;  // a flag, not a pointer to `owned`, so that moves stay valid
  const AttributeValue* get() const { return is_owned ? &owned : ptr; }
};

Value OperandValue(const Operand& op, const Item& item) {
  Value out;
  switch (op.kind) {
    case Operand::Kind::kPath:
      out.ptr = Lookup(item, op.path);
      break;
    case Operand::Kind::kValue:
      out.ptr = op.value;
      break;
    case Operand::Kind::kFunction: {
      if (op.function != Function::kSize || op.args.size() != 1) break;
      Value arg = OperandValue(op.args[0], item);
      if (!arg.get()) break;
      std::optional<size_t> size = SizeOf(*arg.get());
      if (!size) break;
      out.owned = AttributeValue::N(std::to_string(*size));
      out.is_owned = true;
      break;
    }
    default:
      break;
  }
  return out;
}

bool Compare(Comparator c, const AttributeValue* a, const AttributeValue* b) {
  if (!a || !b) return false;
  if (c == Comparator::kEq) return *a == *b;
  if (c == Comparator::kNe) return !(*a == *b);
  std::optional<int> order = Order(*a, *b);
  if (!order) return false;
  switch (c) {
    case Comparator::kLt: return *order < 0;
    case Comparator::kLe: return *order <= 0;
    case Comparator::kGt: return *order > 0;
    case Comparator::kGe: return *order >= 0;
    default: return false;
  }
}

bool EvaluateFunction(const Operand& call, const Item& item) {
  switch (call.function) {
    case Function::kAttributeExists:
      return Lookup(item, call.args[0].path) != nullptr;
    case Function::kAttributeNotExists:
      return Lookup(item, call.args[0].path) == nullptr;
    default:
      break;
  }
  Value x = OperandValue(call.args[0], item);
  Value y = OperandValue(call.args[1], item);
  const AttributeValue* a = x.get();
  const AttributeValue* b = y.get();
  if (!a || !b) return false;
  switch (call.function) {
    case Function::kAttributeType:
      return b->type() == AttributeType::kS && TypeDescriptor(a->type()) == b->s();
    case Function::kBeginsWith:
      return BeginsWith(*a, *b);
    case Function::kContains:
      return Contains(*a, *b);
    default:
      return false;
  }
}

}  // namespace

bool Evaluate(const Condition& c, const Item& item) {
  using Kind = Condition::Kind;
  switch (c.kind) {
    case Kind::kAnd:
      return Evaluate(c.children[0], item) && Evaluate(c.children[1], item);
    case Kind::kOr:
      return Evaluate(c.children[0], item) || Evaluate(c.children[1], item);
    case Kind::kNot:
      return !Evaluate(c.children[0], item);
    case Kind::kFunction:
      return EvaluateFunction(c.operands[0], item);
    case Kind::kCompare: {
      Value a = OperandValue(c.operands[0], item);
      Value b = OperandValue(c.operands[1], item);
      if (c.comparator == Comparator::kNe && (!a.get() || !b.get())) {
        return a.get() || b.get();
      }
      return Compare(c.comparator, a.get(), b.get());
    }
    case Kind::kBetween: {
      Value a = OperandValue(c.operands[0], item);
      Value low = OperandValue(c.operands[1], item);
      Value high = OperandValue(c.operands[2], item);
      return Compare(Comparator::kGe, a.get(), low.get()) &&
             Compare(Comparator::kLe, a.get(), high.get());
    }
    case Kind::kIn: {
      Value a = OperandValue(c.operands[0], item);
      if (!a.get()) return false;
      for (size_t i = 1; i < c.operands.size(); ++i) {
        Value b = OperandValue(c.operands[i], item);
        if (b.get() && *a.get() == *b.get()) return true;
      }
      return false;
    }
  }
  return false;
}

}  // namespace stator::engine::expr
