// The persisted form of a table's metadata: the TableMeta and key schema as an item
// (item_codec.h), so that new fields can be added later without a format version: a field
// absent from an old record takes its default.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "engine/tables/table.h"

namespace stator::engine {

std::string EncodeTableMeta(const KeySchema& key, const TableMeta& meta);
bool DecodeTableMeta(std::string_view in, KeySchema* key, TableMeta* meta);

}  // namespace stator::engine
