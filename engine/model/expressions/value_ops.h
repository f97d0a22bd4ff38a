// Value helpers shared by the evaluator, the update applier and projections: document-path
// lookup, the service's ordering of values, and the functions' semantics on AttributeValues.
//
// Numbers are compared exactly (model/number.h), strings and binaries by unsigned bytes, as
// the service orders them. Values of different types are never ordered.
//
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "engine/model/expressions/ast.h"
#include "stator/attribute_value.h"

namespace stator::expr {

// The value at a resolved path (no placeholders), or null when any step is missing or of the
// wrong type.
const AttributeValue* Lookup(const Item& item, const Path& path);
// The same for a path of a shared tree whose placeholders `bindings` resolves.
const AttributeValue* Lookup(const Item& item, const Path& path, const Bindings& bindings);

// <0, 0, >0 when a and b are both N, both S or both B; nullopt otherwise.
std::optional<int> Order(const AttributeValue& a, const AttributeValue& b);

// size(): characters of S (UTF-8 bytes as the service counts them), bytes of B, members of
// sets, elements of L and M; nullopt for N, BOOL, NULL.
std::optional<size_t> SizeOf(const AttributeValue& v);

// contains(haystack, needle): substring of S or B, member of a set (of the needle's type),
// element of a list.
bool Contains(const AttributeValue& haystack, const AttributeValue& needle);

// begins_with(value, prefix) for S and B of the same type.
bool BeginsWith(const AttributeValue& value, const AttributeValue& prefix);

// The type names of ADD/DELETE operand messages: STRING, NUMBER, BINARY, BOOLEAN, NULL, MAP,
// LIST, and the set names.
std::string_view LongTypeName(AttributeType type);

// "{N:1}" as the BETWEEN messages print a bound.
std::string BriefValue(const AttributeValue& v);

}  // namespace stator::expr
