// Resolution and validation of parsed expressions against one request: ExpressionAttributeNames
// and ExpressionAttributeValues are substituted, and every rule whose message depends on them
// is checked (reserved words, undefined names and values, function names, operand counts and
// types, BETWEEN bounds, path depth, overlapping update and projection paths). After all of a
// request's expressions are resolved, CheckUnused refuses names and values none of them used.
//
// When an expression breaks several rules, the service reports one by a fixed precedence
// (function names, misused functions, reserved words, then names/values, operand counts,
// distinct operands, operand types); the resolver reproduces that precedence.
//
// Thread safety: a Resolver belongs to one request.
#pragma once

#include <set>
#include <string>
#include <string_view>

#include "engine/model/expressions/ast.h"
#include "engine/model/expressions/parser.h"
#include "stator/requests.h"
#include "stator/status.h"

namespace stator::expr {

constexpr int kMaxPathDepth = 32;
constexpr size_t kMaxInOperands = 100;

class Resolver {
 public:
  // `values` must already be validated and normalised; resolved trees point into it, so it
  // must outlive them.
  Resolver(const ExpressionAttributeNames& names, const ExpressionAttributeValues& values)
      : names_(names), values_(values) {}

  // A resolved copy of `parsed` (placeholders substituted, values pointed to).
  Result<Condition> ResolveCondition(const Condition& parsed, ExpressionKind kind);
  // The same checks without a copy: the request's bindings of the shared tree's placeholders,
  // for Evaluate(parsed, item, bindings). Cheaper per request; `parsed` must outlive them.
  Result<Bindings> BindCondition(const Condition& parsed, ExpressionKind kind);
  Result<UpdateExpression> ResolveUpdate(const UpdateExpression& parsed);
  Result<ProjectionExpression> ResolveProjection(const ProjectionExpression& parsed);

  // "Value provided in ExpressionAttributeNames unused in expressions: keys: {#a, #b}", then the
  // same for values.
  Status CheckUnused() const;

 private:
  class Run;
  const ExpressionAttributeNames& names_;
  const ExpressionAttributeValues& values_;
  // Keys of names_ and values_ (which outlive the resolver) that an expression used.
  std::set<std::string_view> used_names_;
  std::set<std::string_view> used_values_;
};

// The overlap rule of update and projection paths: the service's "Two document paths overlap
// ..." / "conflict ..." message (without the "Invalid ...: " prefix), or empty.
std::string CheckPathOverlaps(const std::vector<const Path*>& paths);

}  // namespace stator::expr
