// DynamoDB's reserved words: an attribute name that is one of them (in any case) must be
// written through ExpressionAttributeNames.
//
// Thread safety: the word set is built once, then read-only.
#pragma once

#include <string_view>

namespace stator::expr {

// Whether `name` is a reserved word, ignoring case.
bool IsReservedWord(std::string_view name);

}  // namespace stator::expr
