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

// One restore in progress: where it is in the backup's file and what it has gathered so far.
class RestoreRun {
 public:
  RestoreRun(Storage& storage, Catalog& catalog, const BackupRecord& backup,
             std::shared_ptr<Table> table)
      : storage_(storage),
        catalog_(catalog),
        backup_(backup),
        table_(std::move(table)),
        dir_(WorkDir(storage, table_->id)),
        prefix_(TablePrefix(table_->id)),
        has_collections_(HasLocalIndex(table_->indexes)) {
    for (const IndexDef& index : table_->indexes) builds_.push_back({&index, {}, {}});
  }

  // Clears an earlier attempt's scratch files and opens the backup's file.
  Status Start() {
    STATOR_RETURN_IF_ERROR(RemoveDirAndFiles(storage_, dir_));
    STATOR_RETURN_IF_ERROR(CreateDirs(storage_, dir_));
    if (!backup_.has_items_file) return Status::OK();
    auto reader = SortedFileReader::Open(
        storage_, BackupDir(storage_, backup_.id) + "/" + std::string(kBackupItemsFile));
    if (!reader.ok()) return reader.status();
    reader_ = std::move(reader).value();
    return Status::OK();
  }

  // Rewrites the next chunk of items; false once every item is rewritten.
  Result<bool> Step();
  // Ingests everything and makes the table ACTIVE.
  Status Finish();

 private:
  Status AddItem(std::string_view old_key, std::string_view record, SortedFileWriter& items);

  Storage& storage_;
  Catalog& catalog_;
  const BackupRecord& backup_;
  const std::shared_ptr<Table> table_;
  const std::string dir_;
  const std::string prefix_;
  const bool has_collections_;
  std::unique_ptr<SortedFileReader> reader_;  // null for a backup of an empty table
  std::vector<IndexBuild> builds_;
  Counter totals_;
  std::map<std::string, Counter> collections_;
  std::vector<std::string> paths_;  // the files written so far
  std::string key_;                 // the rewritten key, reused
};

Status RestoreRun::AddItem(std::string_view old_key, std::string_view record,
                           SortedFileWriter& items) {
  if (old_key.size() <= kTablePrefixSize) return Status::IOError("corrupt item key in a backup");
  key_.assign(prefix_);
  key_.append(old_key.substr(kTablePrefixSize));
  Reader reader(record);
  uint64_t item_size = 0;
  if (!reader.Varint(&item_size)) return Status::IOError("corrupt item record in a backup");
  STATOR_RETURN_IF_ERROR(items.Put(key_, record));
  totals_.count += 1;
  totals_.bytes += static_cast<int64_t>(item_size);
  if (builds_.empty()) return Status::OK();
  auto local_bytes = AddIndexEntries(*table_, key_, record, builds_);
  if (!local_bytes.ok()) return local_bytes.status();
  if (has_collections_) {
    // A collection counts its items and their bytes plus their LSI entries' (index_collection.h).
    Counter& c = collections_[CollectionStatsKey(key_)];
    c.count += 1;
    c.bytes += static_cast<int64_t>(item_size) + *local_bytes;
  }
  return Status::OK();
}

Result<bool> RestoreRun::Step() {
  if (reader_ == nullptr || !reader_->Valid()) {
    if (reader_ != nullptr) STATOR_RETURN_IF_ERROR(reader_->status());
    return false;
  }
  SortedFileWriter items(storage_, dir_ + "/items-" + std::to_string(paths_.size()) + ".sst",
                         Space::kItems);
  const size_t chunk = RestoreHooks::chunk_bytes.load();
  size_t bytes = 0;
  for (; reader_->Valid() && bytes < chunk; reader_->Next()) {
    STATOR_RETURN_IF_ERROR(AddItem(reader_->key(), reader_->value(), items));
    bytes += reader_->key().size() + reader_->value().size();
  }
  STATOR_RETURN_IF_ERROR(reader_->status());
  STATOR_RETURN_IF_ERROR(items.Finish());
  if (items.written()) paths_.push_back(items.path());
  return reader_->Valid();
}

Status RestoreRun::Finish() {
  STATOR_RETURN_IF_ERROR(WriteIndexFiles(storage_, dir_, builds_, &paths_));
  STATOR_RETURN_IF_ERROR(IngestSortedFiles(storage_, Space::kItems, paths_));
  WriteBatch batch(storage_);
  if (totals_.count != 0) batch.AddStats(StatsKey(table_->id), totals_.count, totals_.bytes);
  for (const IndexBuild& build : builds_) {
    if (build.stats.count != 0) {
      batch.AddStats(StatsKey(build.index->id), build.stats.count, build.stats.bytes);
    }
  }
  for (const auto& [key, c] : collections_) batch.AddStats(key, c.count, c.bytes);
  STATOR_RETURN_IF_ERROR(catalog_.Update(
      *table_,
      [](TableMeta& meta) {
        meta.transient_status = TableStatus::kActive;
        meta.transient_until_micros = 0;
        if (meta.description.restore_summary) {
          meta.description.restore_summary->restore_in_progress = false;
        }
        return Status::OK();
      },
      batch,
      // Item operations come in once the flip is durable (a write before it could be undone by
      // a restore restarted after a crash) and before DescribeTable can report ACTIVE (a read
      // must not find an ACTIVE table refused).
      [this] { table_->creating_until_micros.store(0); }));
  (void)RemoveDirAndFiles(storage_, dir_);  // the ingestion moved the files
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
  ~RestoreTask() override { Release(); }

  // A chunk per step. A failure leaves the table CREATING with its restore in progress: the next
  // open starts it again.
  NextRun Step(int64_t /*now_micros*/) override {
    if (run_ == nullptr) {
      std::shared_ptr<Table> table = table_.lock();
      if (table == nullptr) return NextRun::Done();
      run_ = std::make_unique<RestoreRun>(storage_, catalog_, backup_, std::move(table));
      if (!run_->Start().ok()) return NextRun::Done();
    }
    auto more = run_->Step();
    if (!more.ok()) return NextRun::Done();
    if (*more) return NextRun::Now();
    // Every record of the backup is in the files to ingest: the backup is free before the table
    // turns ACTIVE, so a client that sees ACTIVE can delete it at once.
    Release();
    if (run_->Finish().ok() && backup_.point_in_time_image) {
      // Made for this restore alone: gone once the table holds its items.
      (void)backups_.Remove(backup_.id);
      (void)RemoveDirAndFiles(storage_, BackupDir(storage_, backup_.id));
    }
    return NextRun::Done();
  }

 private:
  Storage& storage_;
  Catalog& catalog_;
  BackupCatalog& backups_;
  const BackupRecord backup_;
  const std::weak_ptr<Table> table_;
  std::unique_ptr<RestoreRun> run_;
  bool released_ = false;

  void Release() {
    if (!released_) backups_.ReleaseFromRestore(backup_.id);
    released_ = true;
  }
};

}  // namespace

std::string RestoreTaskName(uint32_t table_id) { return "restore/" + std::to_string(table_id); }

Status RestoreTableData(Storage& storage, Catalog& catalog, const BackupRecord& backup,
                        const std::shared_ptr<Table>& table) {
  RestoreRun run(storage, catalog, backup, table);
  STATOR_RETURN_IF_ERROR(run.Start());
  for (;;) {
    auto more = run.Step();
    if (!more.ok()) return more.status();
    if (!*more) break;
  }
  return run.Finish();
}

Status ScheduleRestore(Scheduler& scheduler, Storage& storage, Catalog& catalog,
                       BackupCatalog& backups, const BackupRecord& backup,
                       const std::shared_ptr<Table>& table) {
  return scheduler.Schedule(
      RestoreTaskName(table->id),
      std::make_unique<RestoreTask>(storage, catalog, backups, backup, table));
}

}  // namespace stator::engine
