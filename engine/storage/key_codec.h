// The order-preserving encoding of an item's primary key into its RocksDB key.
//
// Byte layout of an item key (the default column family):
//   table_id   4 bytes big-endian   tables never share or reuse an id
//   hash       8 bytes big-endian   XXH3-64 of the partition-key bytes (below)
//   pk_len     2 bytes big-endian   length of pk_type + pk_bytes
//   pk_type    1 byte               'S', 'N' or 'B'
//   pk_bytes                        S and B raw; N its canonical decimal text
//   sk_type    1 byte               (only for tables with a sort key)
//   sk_bytes                        S and B raw bytes (unsigned order);
//                                   N Decimal::AppendOrderedKey (numeric order)
// The hash first spreads a table's partition keys over a 64-bit ring, so a partition of the
// table is a contiguous hash range, exactly as DynamoDB splits tables; within a partition key,
// items sort by sort key as Query returns them. The sort key is the last component, so raw
// bytes keep their unsigned order without escaping.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "engine/tables/table.h"
#include "stator/attribute_value.h"

namespace stator::engine {

constexpr size_t kTablePrefixSize = 4;

// The 4-byte prefix of every key of a table; [TablePrefix(id), TablePrefix(id + 1)) holds them.
std::string TablePrefix(uint32_t table_id);

// The 64-bit partition hash of a partition-key value (S, N canonical, or B).
uint64_t PartitionHash(const AttributeValue& partition_key);

// Encodes an item key. `sort_key` is null for tables without a sort key. Values must be
// validated scalar key values (S, N canonical, B).
std::string EncodeItemKey(uint32_t table_id, const AttributeValue& partition_key,
                          const AttributeValue* sort_key);

// The primary key an encoded item key holds, named by the table's key schema: the inverse of
// EncodeItemKey, so a writer can name the item it deletes without reading it. False when `key`
// is not an item key of that shape.
bool DecodeItemKey(const KeySchema& schema, std::string_view key, Item* out);

}  // namespace stator::engine
