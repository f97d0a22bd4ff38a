// Parser of the expression language: text -> syntax tree (ast.h). Only syntax and the purely
// textual rules are checked here (empty expression, 4 KB limit, redundant parentheses, clauses
// used twice); names, values, functions and types are checked by the validator (validator.h),
// because their messages depend on the request's ExpressionAttributeNames/Values.
//
// Errors are ValidationExceptions worded as the service words them, prefixed with the
// expression's label: `Invalid ConditionExpression: Syntax error; token: "x", near: "a x"`.
//
// Thread safety: pure functions.
#pragma once

#include <string_view>

#include "engine/model/expressions/ast.h"
#include "stator/status.h"

namespace stator::expr {

// Which request parameter an expression came from; selects the label of its messages.
enum class ExpressionKind : unsigned char {
  kCondition, kFilter, kKeyCondition, kUpdate, kProjection,
};

// "ConditionExpression", "FilterExpression", "KeyConditionExpression", ...
std::string_view Label(ExpressionKind kind);

// The service's limit on an expression's length, in bytes.
constexpr size_t kMaxExpressionBytes = 4096;

// A boolean expression (kCondition, kFilter or kKeyCondition).
Result<Condition> ParseCondition(std::string_view text, ExpressionKind kind);
Result<UpdateExpression> ParseUpdate(std::string_view text);
Result<ProjectionExpression> ParseProjection(std::string_view text);

}  // namespace stator::expr
