// PartiQL's reserved words: a bare name that is one of them must be double-quoted ("pad"), as the
// service requires; written bare it is a syntax error.
//
// Thread safety: pure function over a constant table.
#pragma once

#include <string_view>

namespace stator::partiql {

// Whether `word` (any case) is reserved.
bool IsReservedWord(std::string_view word);

}  // namespace stator::partiql
