// Projection of an item onto document paths: ProjectionExpression, AttributesToGet, and the
// UPDATED_OLD / UPDATED_NEW return values of an update. Nested paths keep their enclosing maps
// and lists; list elements selected by index keep their relative order (a list projected on
// [1] and [3] becomes a two-element list), as the service returns them.
//
// Thread safety: pure functions.
#pragma once

#include <vector>

#include "engine/model/expressions/ast.h"
#include "stator/attribute_value.h"

namespace stator::expr {

// The parts of `item` the resolved `paths` select; paths that select nothing are skipped.
Item Project(const Item& item, const std::vector<Path>& paths);

}  // namespace stator::expr
