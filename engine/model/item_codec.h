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

// Reading an encoded item in place (FlatItem) without decoding what is not asked for:
// - SkipEncodedValue steps *in past the one value at its front, checking that it is well formed
//   (nesting included); false when it is not.
// - EncodedValueType tells the type of the well-formed encoded value `in` and, for S, N and B, sets
//   *text to its bytes (a view into `in`), for BOOL *boolean to its truth.
// - DecodeEncodedValue decodes `in`, exactly one encoded value.
bool SkipEncodedValue(std::string_view* in);
AttributeType EncodedValueType(std::string_view in, std::string_view* text, bool* boolean);
bool DecodeEncodedValue(std::string_view in, AttributeValue* out);

}  // namespace stator
