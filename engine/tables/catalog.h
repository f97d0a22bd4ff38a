// Catalog: the set of tables, by tenant and name, persisted in the meta key space.
//
// Meta key space layout:
//   "format"                storage format version (4 bytes big-endian), below
//   "n"                     next table id (4 bytes big-endian); ids are never reused
//   "t" table_id(4 BE)      TableMeta, encoded by table_meta_codec.h
//   "s" table_id(4 BE)      statistics: item count and size, kept by merge (storage.h)
//
// Thread safety: all methods are safe to call concurrently; one shared_mutex guards the maps
// and every TableMeta.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/storage/storage.h"
#include "engine/tables/table.h"
#include "stator/clock.h"

namespace stator::engine {

std::string StatsKey(uint32_t table_id);

// The storage format: what the records of the items key space mean. Load refuses a store of
// another format rather than misread it. History (raise it whenever a record changes meaning):
//   1  (no "format" key) index entries of ALL projection hold a copy of the item record
//   2  ALL entries are references to their item, with an empty value (index_codec.h)
inline constexpr uint32_t kStorageFormat = 2;
inline constexpr std::string_view kFormatKey = "format";

class Catalog {
 public:
  Catalog(Storage& storage, const Clock& clock) : storage_(storage), clock_(clock) {}

  // Loads the tables persisted in storage, after checking the storage format (kStorageFormat),
  // which a store without tables is stamped with. Errors: IOError for a store of another format
  // or corrupt metadata.
  Status Load();

  // The table, or null when no such table exists (or its deletion is complete).
  std::shared_ptr<Table> Find(std::string_view tenant, std::string_view name) const;

  // A copy of the table's metadata with its current status; false if the table is gone.
  bool Describe(const Table& table, TableMeta* out) const;

  // Creates a table, its item writes passing `hooks` from the first. Errors:
  // ResourceInUseException when the name is taken.
  Result<std::shared_ptr<Table>> Create(KeySchema key, TableMeta meta,
                                        std::vector<std::shared_ptr<const WriteHook>> hooks = {});

  // Applies fn to the table's metadata under the lock and persists the result. fn returns a
  // non-OK status to abort without change.
  Status Update(const Table& table, const std::function<Status(TableMeta&)>& fn);
  // The same, committing the metadata in `batch` with whatever the caller put there (index
  // entries written with the backfill progress that covers them).
  Status Update(const Table& table, const std::function<Status(TableMeta&)>& fn,
                WriteBatch& batch);
  // The same, calling `committed` once the batch is written, still under the lock, so that no
  // reader of the metadata sees the change before `committed` has run (a restore lets item
  // operations in there: none may find the table ACTIVE yet refused).
  Status Update(const Table& table, const std::function<Status(TableMeta&)>& fn, WriteBatch& batch,
                const std::function<void()>& committed);

  // Takes a fresh id (for a new index) from the table-id sequence and persists the sequence.
  Result<uint32_t> AllocateId();

  // Every table, for work resumed at start-up (index backfills).
  std::vector<std::shared_ptr<Table>> AllTables() const;

  // Removes the table and all its items in one batch. The table then reports DELETING until
  // `deleting_until_micros`, and is gone after that.
  Status Drop(const std::shared_ptr<Table>& table, int64_t deleting_until_micros);

  // The metadata of a table whose deletion is still reporting DELETING; false otherwise.
  bool DescribeDeleting(std::string_view tenant, std::string_view name, TableMeta* out) const;

  // Names of the tenant's tables (including those being created or deleted), sorted.
  std::vector<std::string> Names(std::string_view tenant) const;

  // Every table of every tenant (for ARN look-ups and tests).
  std::shared_ptr<Table> FindById(uint32_t id) const;

 private:
  static std::string NameKey(std::string_view tenant, std::string_view name);
  Status CheckFormat();
  TableStatus StatusOf(const TableMeta& meta, int64_t now) const;

  Storage& storage_;
  const Clock& clock_;
  mutable std::shared_mutex mu_;
  uint32_t next_id_ = 1;                                              // guarded by mu_
  std::unordered_map<std::string, std::shared_ptr<Table>> by_name_;    // guarded by mu_
  std::map<uint32_t, TableMeta> meta_;                                 // guarded by mu_
  // Tables whose data is gone but which still report DELETING for a while.
  struct Deleting {
    TableMeta meta;
    int64_t until_micros;
  };
  mutable std::unordered_map<std::string, Deleting> deleting_;        // guarded by mu_
};

}  // namespace stator::engine
