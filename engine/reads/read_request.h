// The parameters of a Query or Scan, checked as the service checks them before it reads the
// table (Limit, Select, the mixing of legacy and expression parameters, every expression parsed
// and resolved against one set of ExpressionAttributeNames/Values), and the page reader both
// operations share: Limit and the 1 MB bound count the items *read*, the filter then drops some,
// Select and the projection shape what is returned, LastEvaluatedKey is the key of the last item
// read.
//
// Thread safety: a PreparedRead belongs to one request; ReadPage is safe to call concurrently.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/model/expressions/key_condition.h"
#include "engine/model/read_parameters.h"
#include "engine/storage/storage.h"
#include "engine/tables/table.h"
#include "stator/requests.h"
#include "stator/status.h"

namespace stator::engine {

// A page stops once this much item data was read, as the service's pages do.
constexpr int64_t kMaxPageBytes = 1024 * 1024;

// The schema rules of the parsed filters and of the starting key: a QueryFilter or a Query's
// FilterExpression may not name a key attribute; ExclusiveStartKey must be exactly the table's
// key. Sets *start (empty without a starting key) to its encoded item key.
// With `index`, the filters are checked against the index's key and the starting key names an
// index entry (index_read.h).
Status CheckReadAgainstTable(ReadKind kind, PreparedRead* p, const Table& table,
                             std::string* start, const IndexDef* index = nullptr);

// Replaces an index entry's projected item by the whole base item (LSI reads that ask for more
// than the index projects), read at `at`'s snapshot: the item as it was when its entry was read.
// `item_key` is the base item's key.
using ItemFetcher =
    std::function<Status(const RangeIterator& at, std::string_view item_key, Item* item)>;

// What one Query or Scan reads: its table, the index it names (none: the table itself) and, for
// an LSI read of attributes the index does not project, the fetcher of base items and the read
// units its fetches cost. EngineDatabase::OpenRead sets it up for both operations. It stays where
// it was opened: the fetcher counts into fetched_units.
struct ReadSource {
  ReadSource() = default;
  ReadSource(const ReadSource&) = delete;
  ReadSource& operator=(const ReadSource&) = delete;

  const IndexDef* index_def() const { return index ? &*index : nullptr; }

  std::shared_ptr<Table> table;
  std::optional<IndexDef> index;
  std::optional<ItemFetcher> fetch;
  double fetched_units = 0;
};

// Reads one page from `it` into *out (Items, Count, ScannedCount, LastEvaluatedKey) and returns
// the bytes of item data read (for capacity units). `it` yields item records or, with `index`,
// that index's entries (same value layout), and must then have been created with a snapshot:
// an ALL entry is a reference (index_codec.h), whose item the page reads at the iterator's
// snapshot and counts as the entry. `fetch` (when set) completes each entry from its base item
// before the filter and projection. Errors: IOError on a corrupt record, or a reference whose
// item is missing at the snapshot (impossible but for corruption: both are written in one batch).
Result<int64_t> ReadPage(RangeIterator& it, const Table& table, const PreparedRead& p,
                         std::optional<int64_t> limit, ReadResponse* out,
                         const IndexDef* index = nullptr, const ItemFetcher* fetch = nullptr);

// The item-key range [first, second) of segment `segment` of `total_segments` of a table's Scan:
// an equal slice of the 64-bit partition-hash ring (the whole table for one segment).
std::pair<std::string, std::string> ScanSegmentRange(uint32_t table_id, int64_t segment,
                                                     int64_t total_segments);

// ConsumedCapacity of a page that read `bytes` of items.
std::optional<ConsumedCapacity> ReadCapacity(const ReadRequest& r, int64_t bytes);

}  // namespace stator::engine
