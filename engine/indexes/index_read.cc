#include "engine/indexes/index_read.h"

#include <mutex>
#include <shared_mutex>

#include "engine/engine_database.h"
#include "engine/indexes/index_codec.h"
#include "engine/model/capacity.h"
#include "engine/model/item_validation.h"
#include "engine/reads/read_request.h"
#include "engine/storage/key_codec.h"
#include "engine/tables/table_validation.h"

namespace stator::engine {

Result<std::optional<IndexDef>> ReadIndexOf(const Table& table, const ReadRequest& r,
                                            Select select) {
  if (!r.index_name) return std::optional<IndexDef>();
  auto found = FindReadIndex(table, r, select);
  if (!found.ok()) return found.status();
  return std::optional<IndexDef>(std::move(found).value());
}

Result<IndexDef> FindReadIndex(const Table& table, const ReadRequest& r, Select select) {
  std::optional<IndexDef> found;
  {
    std::shared_lock gate(table.write_gate);
    for (const IndexDef& index : table.indexes) {
      if (index.name == *r.index_name) found = index;
    }
  }
  if (!found) {
    return Status::Validation("The table does not have the specified index: " + *r.index_name);
  }
  if (!found->local && r.consistent_read) {
    return Status::Validation("Consistent reads are not supported on global secondary indexes");
  }
  if (found->backfilling) {
    return Status::Validation("Cannot read from backfilling global secondary index: " +
                              found->name);
  }
  if (!found->local && r.select == Select::kAllAttributes &&
      found->projection.projection_type != ProjectionType::kAll) {
    return Status::Validation(
        "One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported "
        "for global secondary index " + found->name + " because its projection type is not ALL");
  }
  (void)select;
  return *std::move(found);
}

Status IndexStartKey(const Table& table, const IndexDef& index, const Item& start_key,
                     std::string* start) {
  Item table_part, index_part;
  for (const auto& [name, value] : start_key) {
    const bool in_table = IsKeyAttribute(table.key, name);
    const bool in_index = IsKeyAttribute(index.key, name);
    if (!in_table && !in_index) return Status::Validation(std::string(kInvalidStartKey));
    if (in_table) table_part.emplace(name, value);
    if (in_index) index_part.emplace(name, value);
  }
  const AttributeValue *partition, *sort, *index_partition, *index_sort;
  Status s = CheckKey(table.key, table_part, &partition, &sort);
  if (index.key.MultiAttribute()) {
    // Every attribute of the multi-attribute key is needed to place the entry.
    if (!s.ok()) return Status::Validation(std::string(kInvalidStartKey));
    *start = IndexEntryKey(index, index_part, EncodeItemKey(table.id, *partition, sort));
    if (start->empty()) return Status::Validation(std::string(kInvalidStartKey));
    return Status::OK();
  }
  if (s.ok()) s = CheckKey(index.key, index_part, &index_partition, &index_sort);
  if (!s.ok()) {
    if (s.message() == kKeyDoesNotMatchSchema) {
      return Status::Validation(std::string(kInvalidStartKey));
    }
    return Status::Validation(std::string(kInvalidStartKey) + ": " + s.message());
  }
  *start = EncodeIndexKey(index, *index_partition, index_sort,
                          EncodeItemKey(table.id, *partition, sort));
  return Status::OK();
}

std::optional<ItemFetcher> EngineDatabase::BaseItemFetcher(const Table& table,
                                                           const IndexDef* index,
                                                           const PreparedRead& p, bool consistent,
                                                           double* fetched_units) {
  if (index == nullptr || !index->local ||
      index->projection.projection_type == ProjectionType::kAll ||
      (p.select != Select::kAllAttributes && p.select != Select::kSpecificAttributes)) {
    return std::nullopt;
  }
  return ItemFetcher([this, &table, consistent, fetched_units](
                         const RangeIterator& at, std::string_view item_key, Item* item) -> Status {
    StoredItem stored;
    STATOR_RETURN_IF_ERROR(items_.ReadAt(at, table, item_key, &stored));
    // Entry and item are written in one batch and read at one snapshot: the item is there.
    if (!stored.exists()) return Status::IOError("index entry without its item");
    // Each fetch is a read of the whole item from the table, charged as such (rounded up per item).
    *fetched_units += ReadUnits(stored.size(), consistent);
    auto whole = stored.Take();
    if (!whole.ok()) return whole.status();
    *item = std::move(whole).value();
    return Status::OK();
  });
}

Status EngineDatabase::OpenRead(const CallOptions& call, const ReadRequest& r,
                                const PreparedRead& p, ReadSource* out) {
  auto table = ActiveTable(call, r.table_name);
  if (!table.ok()) return table.status();
  out->table = std::move(table).value();
  auto index = ReadIndexOf(*out->table, r, p.select);
  if (!index.ok()) return index.status();
  out->index = std::move(index).value();
  out->fetch =
      BaseItemFetcher(*out->table, out->index_def(), p, r.consistent_read, &out->fetched_units);
  return Status::OK();
}

Result<int64_t> EngineDatabase::ReadRange(const ReadSource& source, const PreparedRead& p,
                                          std::optional<int64_t> limit, std::string begin,
                                          std::string end, bool reverse,
                                          ReadResponse* out) const {
  const IndexDef* index = source.index_def();
  auto it = storage_->NewRangeIterator(Space::kItems, std::move(begin), std::move(end), reverse,
                                       NeedsSnapshot(index, source.fetch));
  return ReadPage(*it, *source.table, p, limit, out, index,
                  source.fetch ? &*source.fetch : nullptr);
}

bool NeedsSnapshot(const IndexDef* index, const std::optional<ItemFetcher>& fetch) {
  return index != nullptr &&
         (index->projection.projection_type == ProjectionType::kAll || fetch.has_value());
}

std::optional<ConsumedCapacity> ReadCapacityOf(const ReadRequest& r, int64_t bytes,
                                               const IndexDef* index, double fetched_units) {
  if (index == nullptr) return ReadCapacity(r, bytes);
  auto c = Consumed(r.return_consumed_capacity, std::string(TableNameOf(r.table_name)),
                    fetched_units, false);
  if (c) {
    AddIndexUnits(r.return_consumed_capacity, index->name, index->local,
                  ReadUnits(bytes, r.consistent_read), false, &*c);
  }
  return c;
}

}  // namespace stator::engine
