// A process-wide cache of parsed expressions keyed by their kind and text: applications send
// the same few expression texts over and over, so parsing is paid once per text. Only parse
// successes are cached; the trees hold placeholders, never request values.
//
// Thread safety: all functions may be called concurrently (one mutex; the critical section is a
// hash lookup). Returned trees are immutable and shared.
#pragma once

#include <memory>
#include <string_view>

#include "engine/model/expressions/ast.h"
#include "engine/model/expressions/parser.h"
#include "stator/status.h"

namespace stator::expr {

Result<std::shared_ptr<const Condition>> CachedCondition(std::string_view text,
                                                         ExpressionKind kind);
Result<std::shared_ptr<const UpdateExpression>> CachedUpdate(std::string_view text);
Result<std::shared_ptr<const ProjectionExpression>> CachedProjection(std::string_view text);

}  // namespace stator::expr
