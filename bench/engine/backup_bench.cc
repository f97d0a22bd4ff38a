// On-demand backups of a large table on disk (the targets: CreateBackup of a 1 GB table
// under 2 s; the restore rate in MB/s), beside the floor of the same bytes in the same run.
// The table holds STATOR_BENCH_BACKUP_MB (default 200) of ~1 KB items (bench_util.h), loaded once.
// - BM_CreateBackup: CreateBackup (a snapshot read of the items into a sorted file, synced).
// - BM_RestoreTableFromBackup: RestoreTableFromBackup until the new table is ACTIVE (rewrite of the
//   items under the new table id into a sorted file, and its ingestion).
// - BM_RestoreWithIndex: the same for a quarter of the items in a table with a KEYS_ONLY GSI, whose
//   entries the restore derives from the items, sorts and ingests beside them.
// - BM_FloorReadBackupFile: RocksDB's sequential read of the backup file alone.
// - BM_FloorCopyBackupFile: the file system's copy of the backup file (read and write the bytes).
// bytes_per_second is the table's size (TableSizeBytes) per iteration for all four.
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>

#include "bench/engine/bench_util.h"
#include "engine/storage/sorted_files.h"
#include "stator/database.h"

namespace stator {
namespace {

const CallOptions kCall;
namespace fs = std::filesystem;

struct Loaded {
  fs::path dir;
  std::unique_ptr<Database> db;
  int64_t table_bytes = 0;
  std::string backup_arn;  // a backup kept for the restores and the floors
};

int64_t TargetBytes() {
  const char* mb = std::getenv("STATOR_BENCH_BACKUP_MB");
  return (mb != nullptr ? std::atoll(mb) : 200) << 20;
}

// The database with the table "bench" of TargetBytes(), loaded once for every benchmark.
Loaded* loaded = nullptr;

// Closes the database and removes its large files. Run by atexit, registered once the database
// is open, so it runs before the statics the database uses (created while it opened) are
// destroyed; a static Loaded would be destroyed after them.
void RemoveLoaded() {
  if (loaded == nullptr) return;
  const fs::path dir = loaded->dir;
  delete loaded;
  loaded = nullptr;
  fs::remove_all(dir);
}

Loaded& Table() {
  if (loaded != nullptr) return *loaded;
  loaded = new Loaded;
  Loaded& l = *loaded;
  l.dir = fs::temp_directory_path() / "stator-bench-backup";
  fs::remove_all(l.dir);
  Options options;
  options.data_dir = l.dir.string();
  l.db = std::move(Database::Open(options)).value();
  std::atexit(RemoveLoaded);
  (void)bench_util::CreateBenchTable(*l.db);
  const int items = static_cast<int>(TargetBytes() / 1024);
  for (int i = 0; i < items; i += 25) {
    BatchWriteItemRequest batch;
    auto& writes = batch.request_items["bench"];
    for (int j = i; j < std::min(items, i + 25); ++j) {
      WriteRequest w;
      w.put_item = bench_util::OneKilobyteItem(j);
      writes.push_back(std::move(w));
    }
    (void)l.db->BatchWriteItem(kCall, batch);
  }
  l.table_bytes = l.db->DescribeTable(kCall, {"bench"})->table.table_size_bytes;
  l.backup_arn = l.db->CreateBackup(kCall, {"bench", "kept"})->backup_details.backup_arn;
  return l;
}

// A backup of a table "indexed" of a quarter of TargetBytes() with a KEYS_ONLY GSI on "id",
// made once in the same database.
const std::string& IndexedBackup(int64_t* table_bytes) {
  static int64_t bytes = 0;
  static const std::string arn = [] {
    Loaded& l = Table();
    CreateTableRequest create;
    create.table_name = "indexed";
    create.attribute_definitions = {{"id", ScalarType::kS}};
    create.key_schema = {{"id", KeyType::kHash}};
    create.billing_mode = BillingMode::kPayPerRequest;
    create.global_secondary_indexes.push_back(
        {"byId", {{"id", KeyType::kHash}}, {ProjectionType::kKeysOnly, {}}, {}, {}});
    (void)l.db->CreateTable(kCall, create);
    const int items = static_cast<int>(TargetBytes() / 4 / 1024);
    for (int i = 0; i < items; i += 25) {
      BatchWriteItemRequest batch;
      auto& writes = batch.request_items["indexed"];
      for (int j = i; j < std::min(items, i + 25); ++j) {
        WriteRequest w;
        w.put_item = bench_util::OneKilobyteItem(j);
        writes.push_back(std::move(w));
      }
      (void)l.db->BatchWriteItem(kCall, batch);
    }
    bytes = l.db->DescribeTable(kCall, {"indexed"})->table.table_size_bytes;
    return l.db->CreateBackup(kCall, {"indexed", "kept"})->backup_details.backup_arn;
  }();
  *table_bytes = bytes;
  return arn;
}

// The file of the kept backup (engine/backups/backup_record.h: backups/<id>/items.sst).
std::string BackupFile(const Loaded& l) {
  return (l.dir / "backups" / l.backup_arn.substr(l.backup_arn.rfind('/') + 1) / "items.sst")
      .string();
}

void ReportBytes(benchmark::State& state, const Loaded& l) {
  state.SetBytesProcessed(state.iterations() * l.table_bytes);
  state.counters["table_MB"] = static_cast<double>(l.table_bytes) / (1 << 20);
}

void BM_CreateBackup(benchmark::State& state) {
  Loaded& l = Table();
  int n = 0;
  for (auto _ : state) {
    auto created = l.db->CreateBackup(kCall, {"bench", "b" + std::to_string(n++) + "-bench"});
    if (!created.ok()) state.SkipWithError(created.status().message().c_str());
    state.PauseTiming();
    if (created.ok()) (void)l.db->DeleteBackup(kCall, {created->backup_details.backup_arn});
    state.ResumeTiming();
  }
  ReportBytes(state, l);
}
BENCHMARK(BM_CreateBackup)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);

// Restores `arn` to new tables until each is ACTIVE; bytes_per_second counts `table_bytes`.
void RestoreLoop(benchmark::State& state, Database& db, const std::string& arn,
                 int64_t table_bytes) {
  int n = 0;
  for (auto _ : state) {
    RestoreTableFromBackupRequest r;
    r.backup_arn = arn;
    r.target_table_name = "restored" + std::to_string(n++);
    auto restored = db.RestoreTableFromBackup(kCall, r);
    if (!restored.ok()) {
      state.SkipWithError(restored.status().message().c_str());
      break;
    }
    while (db.DescribeTable(kCall, {r.target_table_name})->table.table_status !=
           TableStatus::kActive) {
      std::this_thread::sleep_for(std::chrono::microseconds(500));
    }
    state.PauseTiming();
    (void)db.DeleteTable(kCall, {r.target_table_name});
    state.ResumeTiming();
  }
  state.SetBytesProcessed(state.iterations() * table_bytes);
  state.counters["table_MB"] = static_cast<double>(table_bytes) / (1 << 20);
}

void BM_RestoreTableFromBackup(benchmark::State& state) {
  Loaded& l = Table();
  RestoreLoop(state, *l.db, l.backup_arn, l.table_bytes);
}
BENCHMARK(BM_RestoreTableFromBackup)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);

void BM_RestoreWithIndex(benchmark::State& state) {
  int64_t table_bytes = 0;
  const std::string& arn = IndexedBackup(&table_bytes);
  RestoreLoop(state, *Table().db, arn, table_bytes);
}
BENCHMARK(BM_RestoreWithIndex)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);

void BM_FloorReadBackupFile(benchmark::State& state) {
  Loaded& l = Table();
  // An empty store, for the file system the sorted-file reader reads through.
  const fs::path dir = fs::temp_directory_path() / "stator-bench-backup-floor";
  fs::remove_all(dir);
  engine::StorageConfig config;
  config.dir = dir.string();
  auto storage = std::move(engine::Storage::Open(config)).value();
  for (auto _ : state) {
    size_t bytes = 0;
    auto s = engine::ForEachInSortedFile(*storage, BackupFile(l),
                                         [&](std::string_view k, std::string_view v) {
                                           bytes += k.size() + v.size();
                                           return true;
                                         });
    if (!s.ok()) state.SkipWithError(s.message().c_str());
    benchmark::DoNotOptimize(bytes);
  }
  ReportBytes(state, l);
  storage.reset();
  fs::remove_all(dir);
}
BENCHMARK(BM_FloorReadBackupFile)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);

void BM_FloorCopyBackupFile(benchmark::State& state) {
  Loaded& l = Table();
  const fs::path copy = l.dir / "floor-copy.sst";
  for (auto _ : state) {
    fs::copy_file(BackupFile(l), copy, fs::copy_options::overwrite_existing);
    state.PauseTiming();
    fs::remove(copy);
    state.ResumeTiming();
  }
  ReportBytes(state, l);
}
BENCHMARK(BM_FloorCopyBackupFile)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);

}  // namespace
}  // namespace stator
