// The syntax tree of DynamoDB expressions (condition/filter, update, projection), as the parser
// produces it: placeholders (#n, :v) are kept by name and bound per request (see Bindings), so
// one parsed tree can be cached by expression text and shared by many requests.
//
// Thread safety: immutable once parsed; shared read-only between threads.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "stator/attribute_value.h"

namespace stator::expr {

// One step of a document path: an attribute name (literal or #placeholder) or a list index.
struct PathElement {
  std::string name;        // empty for an index
  int32_t index = -1;      // >= 0 for an index
  bool placeholder = false;  // name is an ExpressionAttributeNames key ("#n")
  int32_t slot = -1;         // placeholder: its index in Bindings::names
  bool is_index() const { return index >= 0; }
};

using Path = std::vector<PathElement>;

// Functions known to the service; kUnknown keeps the written name for its message.
enum class Function : unsigned char {
  kUnknown, kAttributeExists, kAttributeNotExists, kAttributeType, kBeginsWith, kContains,
  kSize, kIfNotExists, kListAppend,
};

// A value-producing term: a path, a :value, a function call, or (updates only) a + b / a - b.
struct Operand {
  enum class Kind : unsigned char { kPath, kValue, kFunction, kPlus, kMinus };
  Kind kind = Kind::kPath;
  Path path;                  // kPath
  std::string name;           // kValue: ":v"; kFunction: the name as written
  // kValue once resolved: the request's ExpressionAttributeValues entry (see resolver.h).
  const AttributeValue* value = nullptr;
  int32_t slot = -1;  // kValue: its index in Bindings::values
  Function function = Function::kUnknown;
  std::vector<Operand> args;  // function arguments, or the two sides of + and -
};

enum class Comparator : unsigned char { kEq, kNe, kLt, kLe, kGt, kGe };

// A boolean expression: ConditionExpression, FilterExpression (and the key condition's input).
struct Condition {
  enum class Kind : unsigned char { kCompare, kBetween, kIn, kFunction, kAnd, kOr, kNot };
  Kind kind = Kind::kCompare;
  Comparator comparator = Comparator::kEq;
  std::vector<Operand> operands;    // compare: 2; between: 3; in: 1 + n; function: its call
  std::vector<Condition> children;  // and/or: 2; not: 1
};

struct UpdateAction {
  enum class Kind : unsigned char { kSet, kRemove, kAdd, kDelete };
  Kind kind = Kind::kSet;
  Path path;
  Operand value;  // SET: the new value; ADD/DELETE: the :value; REMOVE: unused
};

struct UpdateExpression {
  std::vector<UpdateAction> actions;  // in written order
};

struct ProjectionExpression {
  std::vector<Path> paths;
};

// One request's values for the placeholders of a shared (cached) tree, by slot: what lets a
// condition be evaluated without copying its tree per request (resolver.h BindCondition).
struct Bindings {
  std::vector<const std::string*> names;
  std::vector<const AttributeValue*> values;

  const std::string& Name(const PathElement& e) const {
    return e.placeholder ? *names[e.slot] : e.name;
  }
  const AttributeValue* Value(const Operand& op) const {
    return op.value ? op.value : values[op.slot];
  }
};

// The service's rendering of a path in messages: "[a, b, [2], c]".
std::string PathToString(const Path& path);

}  // namespace stator::expr
