// The PartiQL parser: statement text to a Statement tree (ast.h), with the service's errors for
// what DynamoDB's PartiQL does not have.
//
// Thread safety: pure function.
#pragma once

#include <string_view>

#include "api/partiql/ast.h"
#include "stator/status.h"

namespace stator::partiql {

// Parses one statement (a trailing ';' allowed). Errors: ValidationException, "Statement wasn't
// well formed, can't be processed: ..." for syntax, and the service's own message for a clause
// or form it does not support (e.g. "Unsupported clause: LIMIT", "Aliasing is not supported").
Result<Statement> ParseStatement(std::string_view text);

}  // namespace stator::partiql
