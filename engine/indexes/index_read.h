// Reading through a secondary index (Query and Scan with IndexName): which index, whether the
// request may read it as asked, and the entry key an ExclusiveStartKey names.
//
// Thread safety: pure functions; FindReadIndex takes the table's write_gate (shared) to copy the
// index definition.
#pragma once

#include <optional>
#include <string>

#include "engine/reads/read_request.h"
#include "engine/tables/table.h"
#include "stator/requests.h"
#include "stator/status.h"

namespace stator::engine {

// The index `r.index_name` names, checked as the service checks a read of it: it exists, is not
// being backfilled, is not read consistently if global, and Select ALL_ATTRIBUTES only on a GSI
// that projects all attributes. `select` is the request's effective Select.
Result<IndexDef> FindReadIndex(const Table& table, const ReadRequest& r, Select select);

// The index a read names, or none when it names none (the read is of the table itself).
Result<std::optional<IndexDef>> ReadIndexOf(const Table& table, const ReadRequest& r,
                                            Select select);

// Whether a read of `index` (null: of the table) must take an explicit snapshot for ReadPage:
// when its entries are references (ALL projection, index_codec.h) or base items are fetched
// (`fetch`), which must be read where their entries were.
bool NeedsSnapshot(const IndexDef* index, const std::optional<ItemFetcher>& fetch);

// Checks an ExclusiveStartKey against an index (the index key and table key attributes, nothing
// else) and sets *start to the entry key it names.
Status IndexStartKey(const Table& table, const IndexDef& index, const Item& start_key,
                     std::string* start);

// The ConsumedCapacity of a Query or Scan page that read `bytes`: of the table when `index` is
// null; otherwise the index's read units (broken down with INDEXES under GlobalSecondaryIndexes
// or LocalSecondaryIndexes) plus `fetched_units` of the table, the reads an LSI query made to
// fetch attributes the index does not project (as the service charges them).
std::optional<ConsumedCapacity> ReadCapacityOf(const ReadRequest& r, int64_t bytes,
                                               const IndexDef* index, double fetched_units);

}  // namespace stator::engine
