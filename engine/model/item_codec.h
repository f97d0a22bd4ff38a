// The compact binary encoding of an item, as stored as the value of its RocksDB record.
//
// Byte layout (all lengths and counts are LEB128 varints):
//   item   := count { name_len name value }*
//   value  := tag payload
//     S, N, B    : len bytes          (N as its canonical decimal text)
//     BOOL       : the tag alone       (kTrue / kFalse)
//     NULL       : the tag alone
//     M          : count { name_len name value }*
//     L          : count { value }*
//     SS, NS, BS : count { len bytes }*
// The tag values are persisted: never reorder or reuse them.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "stator/attribute_value.h"

namespace stator {

void EncodeItem(const Item& item, std::string* out);
std::string EncodeItem(const Item& item);

// Decodes an item written by EncodeItem. Returns false on malformed input (never crashes).
bool DecodeItem(std::string_view in, Item* out);

// Encodes/decodes a single value (used by the catalog and by index codecs).
void EncodeValue(const AttributeValue& value, std::string* out);

}  // namespace stator
