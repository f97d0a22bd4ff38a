#include "engine/backups/table_restore.h"

#include <algorithm>
#include <map>
#include <utility>
#include <vector>

#include "engine/indexes/index_codec.h"
#include "engine/indexes/index_collection.h"
#include "engine/model/coding.h"
#include "engine/model/item_codec.h"
#include "engine/model/item_validation.h"
#include "engine/storage/key_codec.h"
#include "engine/storage/sorted_files.h"

namespace stator::engine {
namespace {

struct Counter {
  int64_t count = 0;
  int64_t bytes = 0;
};

// What one index receives from the restored items: its entries (sorted before they are written)
// and its statistics.
struct IndexBuild {
  const IndexDef* index;
  std::vector<std::pair<std::string, std::string>> entries;
  Counter stats;
};

// The restore's scratch directory (beside the backups, not in one: a backup's directory holds
// only its own files).
std::string WorkDir(const Storage& storage, uint32_t table_id) {
  return BackupsRoot(storage) + "/restore-" + std::to_string(table_id);
}

// Adds the item's entries to the index builds; returns the bytes its LSI entries add to its item
// collection.
Result<int64_t> AddIndexEntries(const Table& table, std::string_view key, std::string_view record,
                                std::vector<IndexBuild>& builds) {
  Reader reader(record);
  uint64_t item_size = 0;
  Item item;
  if (!reader.Varint(&item_size) || !DecodeItem(reader.rest(), &item)) {
    return Status::IOError("corrupt item record in a backup");
  }
  int64_t local_bytes = 0;
  for (IndexBuild& build : builds) {
    const IndexDef& index = *build.index;
    std::string entry = IndexEntryKey(index, item, key);
    if (entry.empty()) continue;  // sparse, or a key attribute of another type
    std::string value;
    int64_t size = static_cast<int64_t>(item_size);
    if (index.projection.projection_type != ProjectionType::kAll) {
      // ALL entries are references with an empty value (index_codec.h); the others hold the
      // projected item as an item record.
      const Item projected = ProjectForIndex(index, table.key, item);
      size = ItemSize(projected);
      PutVarint(&value, static_cast<uint64_t>(size));
      EncodeItem(projected, &value);
    }
    build.entries.emplace_back(std::move(entry), std::move(value));
    build.stats.count += 1;
    build.stats.bytes += size;
    if (index.local) local_bytes += size;
  }
  return local_bytes;
}

// The items, rewritten under the table's id, into `items`; the index entries into the builds;
// the statistics into the counters.
Status RewriteItems(const Storage& storage, const BackupRecord& backup, const Table& table,
                    SortedFileWriter& items, std::vector<IndexBuild>& builds, Counter& totals,
                    std::map<std::string, Counter>& collections) {
  if (!backup.has_items_file) return Status::OK();
  const std::string prefix = TablePrefix(table.id);
  const bool has_collections = HasLocalIndex(table.indexes);
  std::string key;
  Status failed;
  STATOR_RETURN_IF_ERROR(ForEachInSortedFile(
      storage, BackupDir(storage, backup.id) + "/" + std::string(kBackupItemsFile),
      [&](std::string_view old_key, std::string_view record) {
        if (old_key.size() <= kTablePrefixSize) {
          failed = Status::IOError("corrupt item key in a backup");
          return false;
        }
        key.assign(prefix);
        key.append(old_key.substr(kTablePrefixSize));
        Reader reader(record);
        uint64_t item_size = 0;
        if (!reader.Varint(&item_size)) {
          failed = Status::IOError("corrupt item record in a backup");
          return false;
        }
        failed = items.Put(key, record);
        if (!failed.ok()) return false;
        totals.count += 1;
        totals.bytes += static_cast<int64_t>(item_size);
        if (builds.empty()) return true;
        auto local_bytes = AddIndexEntries(table, key, record, builds);
        if (!local_bytes.ok()) {
          failed = local_bytes.status();
          return false;
        }
        if (has_collections) {
          // A collection counts its items and their bytes plus their LSI entries'
          // (index_collection.h).
          Counter& c = collections[CollectionStatsKey(key)];
          c.count += 1;
          c.bytes += static_cast<int64_t>(item_size) + *local_bytes;
        }
        return true;
      }));
  return failed;
}

// Writes each index's entries, sorted, into its own file; appends the files written to *paths.
Status WriteIndexFiles(const Storage& storage, const std::string& dir,
                       std::vector<IndexBuild>& builds, std::vector<std::string>* paths) {
  for (IndexBuild& build : builds) {
    std::sort(build.entries.begin(), build.entries.end());
    SortedFileWriter writer(storage, dir + "/index-" + std::to_string(build.index->id) + ".sst",
                            Space::kItems);
    for (const auto& [key, value] : build.entries) STATOR_RETURN_IF_ERROR(writer.Put(key, value));
    STATOR_RETURN_IF_ERROR(writer.Finish());
    if (writer.written()) paths->push_back(writer.path());
    build.entries = {};  // free the memory before the next index is sorted
  }
  return Status::OK();
}

class RestoreTask final : public BackgroundTask {
 public:
  RestoreTask(Storage& storage, Catalog& catalog, BackupCatalog& backups, BackupRecord backup,
              std::weak_ptr<Table> table)
      : storage_(storage),
        catalog_(catalog),
        backups_(backups),
        backup_(std::move(backup)),
        table_(std::move(table)) {
    backups_.AcquireForRestore(backup_.id);
  }
  ~RestoreTask() override { backups_.ReleaseFromRestore(backup_.id); }

  NextRun Step(int64_t /*now_micros*/) override {
    std::shared_ptr<Table> table = table_.lock();
    // A failure leaves the table CREATING with its restore in progress: the next open retries.
    if (table != nullptr) (void)RestoreTableData(storage_, catalog_, backup_, table);
    return NextRun::Done();
  }

 private:
  Storage& storage_;
  Catalog& catalog_;
  BackupCatalog& backups_;
  const BackupRecord backup_;
  const std::weak_ptr<Table> table_;
};

}  // namespace

std::string RestoreTaskName(uint32_t table_id) { return "restore/" + std::to_string(table_id); }

Status RestoreTableData(Storage& storage, Catalog& catalog, const BackupRecord& backup,
                        const std::shared_ptr<Table>& table) {
  const std::string dir = WorkDir(storage, table->id);
  STATOR_RETURN_IF_ERROR(RemoveDirAndFiles(storage, dir));  // an earlier attempt's
  STATOR_RETURN_IF_ERROR(CreateDirs(storage, dir));
  std::vector<IndexBuild> builds;
  for (const IndexDef& index : table->indexes) builds.push_back({&index, {}, {}});
  SortedFileWriter items(storage, dir + "/items.sst", Space::kItems);
  Counter totals;
  std::map<std::string, Counter> collections;
  STATOR_RETURN_IF_ERROR(RewriteItems(storage, backup, *table, items, builds, totals, collections));
  STATOR_RETURN_IF_ERROR(items.Finish());
  std::vector<std::string> paths;
  if (items.written()) paths.push_back(items.path());
  STATOR_RETURN_IF_ERROR(WriteIndexFiles(storage, dir, builds, &paths));
  STATOR_RETURN_IF_ERROR(IngestSortedFiles(storage, Space::kItems, paths));

  WriteBatch batch(storage);
  if (totals.count != 0) batch.AddStats(StatsKey(table->id), totals.count, totals.bytes);
  for (const IndexBuild& build : builds) {
    if (build.stats.count != 0) {
      batch.AddStats(StatsKey(build.index->id), build.stats.count, build.stats.bytes);
    }
  }
  for (const auto& [key, c] : collections) batch.AddStats(key, c.count, c.bytes);
  STATOR_RETURN_IF_ERROR(catalog.Update(
      *table,
      [](TableMeta& meta) {
        meta.transient_status = TableStatus::kActive;
        meta.transient_until_micros = 0;
        if (meta.description.restore_summary) {
          meta.description.restore_summary->restore_in_progress = false;
        }
        return Status::OK();
      },
      batch));
  table->creating_until_micros.store(0);
  (void)RemoveDirAndFiles(storage, dir);  // the ingestion moved the files
  return Status::OK();
}

Status ScheduleRestore(Scheduler& scheduler, Storage& storage, Catalog& catalog,
                       BackupCatalog& backups, const BackupRecord& backup,
                       const std::shared_ptr<Table>& table) {
  return scheduler.Schedule(
      RestoreTaskName(table->id),
      std::make_unique<RestoreTask>(storage, catalog, backups, backup, table));
}

}  // namespace stator::engine
