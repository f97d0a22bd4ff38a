// Secondary-index entries: their RocksDB key, their value, and which attributes they project.
//
// Byte layout of an index entry key (the items key space, beside the item records):
//   index_id   4 bytes big-endian   an id from the catalog's table ids, never shared or reused
//   hash       8 bytes big-endian   XXH3-64 of the index partition-key bytes (as key_codec.h)
//   pk_len     2 bytes big-endian   length of pk_type + pk_bytes
//   pk_type    1 byte, pk_bytes     the index partition key, as key_codec.h writes it
//   sk_type    1 byte               (only for indexes with a sort key)
//   sk_bytes   escaped              the order-preserving sort bytes (key_codec.h) with every
//                                   0x00 written as 0x00 0xff, then the terminator 0x00 0x01
//   item_key                        the base item's key (key_codec.h), so entries are unique
// Every component before item_key is self-delimiting (pk_len; the sk terminator, whose 0x00 is
// never followed by 0xff), so EntryItemKey finds the item key by walking them.
// Unlike a table key, the index sort key is not the last component: many items share it. The
// escape keeps it order-preserving and prefix-free: "a" (61 00 01 ...) sorts before "a\0"
// (61 00 ff ...) and before "ab" (61 62 ...), and a begins_with prefix is a byte prefix of the
// escaped form. Within one index sort key, entries follow the base table's key order, as the
// service returns them.
//
//
// Multi-attribute keys (a GSI naming up to 4 HASH and 4 RANGE attributes): the partition key is
// one B value, the tuple of its attributes' values, each written as a sort key is (escaped, then
// terminated); its hash, pk_len, pk_type ('B') and pk_bytes follow as above, so the service's
// "hashed together" partition is one contiguous prefix. sk_type is the first sort attribute's,
// and sk_bytes are the sort attributes' values, each escaped and terminated, in KeySchema order.
// Every component being self-delimiting, entries order by the tuple (first attribute first), and
// equality on the leading attributes is a byte prefix: the Query range of "s1 = a AND s2 > b".
//
// Value, by projection:
//   KEYS_ONLY, INCLUDE  varint(size of the projected item) + item_codec bytes of the projected
//                       item, exactly the layout of an item record (item_store.h), so the page
//                       reader reads both.
//   ALL                 empty: a reference. The entry would be a copy of the whole item, so it
//                       stores none; readers read the item at EntryItemKey from the snapshot the
//                       entry was read at (storage.h). Entry and item are written in one batch,
//                       so at any snapshot the entry exists iff the item has its key values.
//                       A record is never empty (its varint), so the empty value is unambiguous.
// (Storage format 2, catalog.h; in format 1 ALL entries held a copy of the item record.)
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/model/expressions/key_condition.h"
#include "engine/tables/table.h"
#include "stator/attribute_value.h"
#include "stator/status.h"

namespace stator::engine {

// The prefix every entry of one index partition starts with (with the sort-key type byte for
// indexes with a sort key).
std::string IndexPartitionPrefix(const IndexDef& index, const AttributeValue& partition_key);

// Appends the escaped sort bytes of `sort_key`; with `terminate`, the terminator too (a whole
// sort key rather than a prefix of one).
void AppendIndexSortKey(const AttributeValue& sort_key, bool terminate, std::string* out);

// The entry key of an item with these index key values (sort_key null without a sort key).
std::string EncodeIndexKey(const IndexDef& index, const AttributeValue& partition_key,
                           const AttributeValue* sort_key, std::string_view item_key);

// The partition value of a multi-attribute index: the tuple of `values` (its HASH attributes',
// in KeySchema order), as the layout above describes.
AttributeValue MultiPartitionValue(const std::vector<const AttributeValue*>& values);

// The value a key condition's partition is keyed on: its partition key's value, or the tuple of
// a multi-attribute partition key's values (MultiPartitionValue).
AttributeValue PartitionValueOf(const expr::KeyCondition& condition);

// The item's index key values, or false when the item has no entry in the index: a key
// attribute missing, or not of the defined type (indexes are sparse). Single-attribute keys only.
bool IndexKeyValues(const IndexDef& index, const Item& item, const AttributeValue** partition,
                    const AttributeValue** sort);

// The entry key of an item in the index, or empty when the item has no entry: for a
// multi-attribute key, when any of its attributes is missing or of another type.
std::string IndexEntryKey(const IndexDef& index, const Item& item, std::string_view item_key);

// The base item's key at the end of an entry key of `index` (the layout above), or an empty view
// when the entry key is malformed (corruption).
std::string_view EntryItemKey(const IndexDef& index, std::string_view entry_key);

// The attributes the index stores of an item: the table and index keys, plus the projection's.
Item ProjectForIndex(const IndexDef& index, const KeySchema& table_key, const Item& item);

// Refuses an item whose index key attributes have the wrong type or are empty, as the service
// refuses such writes.
Status CheckIndexKeys(const std::vector<IndexDef>& indexes, const Item& item);

}  // namespace stator::engine
