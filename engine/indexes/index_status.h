// What DescribeTable reports of a global secondary index beyond its keys: its throughput, and the
// status of indexes that are no longer plain ACTIVE indexes of the table: those UpdateTable
// deleted, reported DELETING for the transient delay (TableMeta::deleting_indexes).
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>

#include "engine/tables/table.h"
#include "stator/table_types.h"

namespace stator::engine {

// Fills a GSI's ProvisionedThroughput (its units, 0 for an on-demand table's, and its increases
// and decreases, the day's count restarted as of `now`) and OnDemandThroughput in `out`.
void DescribeGsiThroughput(const IndexDef& index, int64_t now, SecondaryIndexDescription* out);

// The GSI's provisioned throughput as a description, for UpdateTable to check and change
// (throughput_quotas.h), and back.
ProvisionedThroughputDescription ThroughputOf(const IndexDef& index);
void SetThroughput(const ProvisionedThroughputDescription& pt, IndexDef* index);

// Appends to d's GlobalSecondaryIndexes every index of `meta` still being deleted at `now`, with
// IndexStatus DELETING (sizes zero: its entries are already gone).
void AddDeletingIndexes(const TableMeta& meta, int64_t now, TableDescription* d);

}  // namespace stator::engine
