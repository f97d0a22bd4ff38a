// The status DescribeTable reports for global secondary indexes that are no longer plain
// ACTIVE indexes of the table: those UpdateTable deleted, reported DELETING for the transient
// delay (TableMeta::deleting_indexes).
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>

#include "engine/tables/table.h"
#include "stator/table_types.h"

namespace stator::engine {

// Appends to d's GlobalSecondaryIndexes every index of `meta` still being deleted at `now`, with
// IndexStatus DELETING (sizes zero: its entries are already gone).
void AddDeletingIndexes(const TableMeta& meta, int64_t now, TableDescription* d);

}  // namespace stator::engine
