// Binding a statement's Values (ast.h) to AttributeValues: literals as written, `?` from the
// request's Parameters, tuples as maps, arrays as lists, bags as string or number sets.
//
// Thread safety: pure functions.
#pragma once

#include <vector>

#include "api/partiql/ast.h"
#include "stator/status.h"

namespace stator::partiql {

// The value `v` stands for. Errors: ValidationException for a bag that is empty, holds `?`, other
// than strings or numbers, or duplicates; for MISSING as a value.
Result<AttributeValue> Bind(const Value& v, const std::vector<AttributeValue>& parameters);

// ValidationException when the request gives fewer parameters than the statement has `?` (more
// are accepted, as the service accepts them).
Status CheckParameterCount(size_t in_statement, size_t in_request);

}  // namespace stator::partiql
