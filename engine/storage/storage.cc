#include "engine/storage/storage.h"

#include <rocksdb/cache.h>
#include <rocksdb/db.h>
#include <rocksdb/env.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/merge_operator.h>
#include <rocksdb/table.h>
#include <rocksdb/write_batch.h>
#include <rocksdb/write_buffer_manager.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <vector>

#include "engine/storage/info_log.h"
#include "engine/storage/storage_health.h"
#include "engine/storage/storage_rep.h"

namespace stator::engine {
namespace {

// Column family names are persisted: never rename.
constexpr const char* kMetaFamily = "meta";
constexpr const char* kStreamsFamily = "streams";

// A stats record is two little-endian int64s: item count and size in bytes. Merging adds them,
// so every write can adjust its table's counters inside its own batch without reading them.
std::string EncodeStats(int64_t count, int64_t bytes) {
  std::string out(16, '\0');
  std::memcpy(out.data(), &count, 8);
  std::memcpy(out.data() + 8, &bytes, 8);
  return out;
}

void DecodeStats(const rocksdb::Slice& in, int64_t* count, int64_t* bytes) {
  *count = *bytes = 0;
  if (in.size() != 16) return;
  std::memcpy(count, in.data(), 8);
  std::memcpy(bytes, in.data() + 8, 8);
}

class StatsAddOperator final : public rocksdb::AssociativeMergeOperator {
 public:
  bool Merge(const rocksdb::Slice&, const rocksdb::Slice* existing, const rocksdb::Slice& value,
             std::string* new_value, rocksdb::Logger*) const override {
    int64_t c0 = 0, b0 = 0, c1, b1;
    if (existing != nullptr) DecodeStats(*existing, &c0, &b0);
    DecodeStats(value, &c1, &b1);
    *new_value = EncodeStats(c0 + c1, b0 + b1);
    return true;
  }
  const char* Name() const override { return "StatorStatsAdd"; }
};

rocksdb::Slice ToSlice(std::string_view s) { return {s.data(), s.size()}; }

// RocksDB's messages name the store's files: the client gets a generic one, the operator the
// real one (StorageError).
Status FromRocks(const rocksdb::Status& s) {
  return s.ok() ? Status::OK() : StorageError(s.ToString());
}

// One point read: visit sees the pinned value when the key is there.
Status PointRead(rocksdb::DB& db, const rocksdb::ReadOptions& options,
                 rocksdb::ColumnFamilyHandle* family, std::string_view key, ValueVisitor visit,
                 void* context, bool* found) {
  rocksdb::PinnableSlice pinned;
  rocksdb::Status s = db.Get(options, family, ToSlice(key), &pinned);
  *found = s.ok();
  if (s.IsNotFound()) return Status::OK();
  if (!s.ok()) return FromRocks(s);
  visit(context, pinned.ToStringView());
  return Status::OK();
}

// The large budget, for an engine with no item cache in front: RocksDB's caches are then the
// only ones, and worth their memory on the read path.
constexpr size_t kUncachedBlockCacheBytes = size_t{256} << 20;
constexpr size_t kUncachedRowCacheBytes = size_t{64} << 20;
constexpr size_t kUncachedWriteBufferBytes = size_t{64} << 20;

// The budget behind an item cache (StorageBudgetFor): 1/8 of the cache's, within these bounds.
// Not less: with 1/32 (32 MB for the default 1 GiB cache, so 8 MB memtables) flushes and
// compactions raised a server PutItem's CPU from 86-89 us to 107-121 us (stator-bench, 16
// connections, 100,000 1 KB items).
constexpr size_t kMinBudgetBytes = size_t{16} << 20;
constexpr size_t kMaxBudgetBytes = size_t{128} << 20;

// The memory plan of one store. With a budget, one LRU cache holds everything RocksDB keeps in
// memory that grows with the data: data blocks, index and filter blocks
// (cache_index_and_filter_blocks) and, through a WriteBufferManager, the memtables, which flush
// once they pass half the budget. Their total so stays within the budget under any load (beyond
// it only transiently, by the blocks pinned during reads and compactions).
struct MemoryPlan {
  std::shared_ptr<rocksdb::Cache> block_cache;
  std::shared_ptr<rocksdb::Cache> row_cache;  // only without a budget
  std::shared_ptr<rocksdb::WriteBufferManager> write_buffers;  // only with a budget
  size_t items_write_buffer = kUncachedWriteBufferBytes;
  size_t meta_write_buffer = size_t{4} << 20;
  int l0_compaction_trigger = 4;  // RocksDB's default
};

MemoryPlan PlanMemory(size_t budget) {
  MemoryPlan plan;
  if (budget == 0) {
    // Without an item cache, shared by every Storage in the process.
    static const std::shared_ptr<rocksdb::Cache> cache =
        rocksdb::NewLRUCache(kUncachedBlockCacheBytes);
    plan.block_cache = cache;
    // A row cache answers repeated point reads of flushed items without touching table blocks.
    // Measured (callgrind, 100,000 1 KB items, warm): without it GetItem costs 18.8k
    // instructions instead of 13.6k and PutItem (which reads the old item) 48.1k instead of
    // 43.2k; it holds about 70 MB of resident memory once full.
    plan.row_cache = rocksdb::NewLRUCache(kUncachedRowCacheBytes);
    return plan;
  }
  // Behind an item cache no row cache: the item cache already answers repeated point reads, and
  // a row cache would hold the same items a second time. Memtables of 1/4 of the budget, not
  // 64 MB: a read that misses the item cache then checks the bloom filters of more L0 files and
  // finds fewer blocks cached. The price of a bounded footprint, measured on disk over 100,000
  // 1 KB items (bench/engine/database_bench.cc): an uncached GetItem costs 34.0k instructions
  // (BM_GetItemBudgeted, callgrind) instead of 21.6k (BM_GetItem/in_memory:0), about the same
  // time (10.7 us vs 10.8 us). In exchange the server's RSS at rest with 100,000 items behind a
  // 1 MB item cache is 35 MB.
  plan.block_cache = rocksdb::NewLRUCache(budget);
  plan.write_buffers =
      std::make_shared<rocksdb::WriteBufferManager>(budget / 2, plan.block_cache);
  plan.items_write_buffer = budget / 4;
  plan.meta_write_buffer = size_t{1} << 20;
  // Those small memtables make many L0 files; compacting them into L1 four at a time rewrote L1
  // so often that compaction took a tenth of a server's CPU under PutItem load. Eight at a time
  // halves that (RocksDB's compaction threads: 101-111 -> 53-60 ticks per 10 s run, 16
  // connections, 100,000 1 KB items); a read that misses the item cache checks up to eight L0
  // bloom filters instead of four, which cost nothing measurable (BM_GetItemBudgeted 7.5-7.6 us
  // either way).
  plan.l0_compaction_trigger = 8;
  return plan;
}

rocksdb::Options MakeOptions(rocksdb::Env* env, const MemoryPlan& plan) {
  rocksdb::Options options;
  options.create_if_missing = true;
  options.create_missing_column_families = true;
  options.IncreaseParallelism(2);
  options.max_background_jobs = 2;
  // Nobody reads RocksDB's periodic statistics dumps; the timer that writes them also crashes
  // under valgrind, which the benchmarks' instruction counts are taken with.
  options.stats_dump_period_sec = 0;
  options.stats_persist_period_sec = 0;
  // A writer that joins another's write group waits for the leader. By default it first spins
  // and calls sched_yield for up to 100 us: on two cores that takes the CPU from the leader it
  // waits for (5.5% of a server's PutItem CPU went to sched_yield, perf); blocking at once costs
  // a futex wake instead.
  options.enable_write_thread_adaptive_yield = false;
  // A restart replays the write-ahead log into memtables and, by default, flushes them into new
  // table files before it opens: it needed as much free space again as the log held, so a
  // server stopped by a full disk could not start again until that much was freed. Without the
  // flush a restart writes only a few pages (a new MANIFEST, OPTIONS file and log); the logs
  // stay until their memtables are flushed in the ordinary way.
  options.avoid_flush_during_recovery = true;
  // RocksDB reserves 4 MB for each new MANIFEST up front (fallocate), which on a nearly full
  // disk is 4 MB of writes refused, and at a restart can take the last free pages the new log
  // needs; a store's MANIFEST grows by a few KB between two restarts.
  options.manifest_preallocation_size = size_t{64} << 10;
  // The recovery task (storage_health.h) is the one thing that resumes after an error: RocksDB's
  // own retries would hold recovery, and the task's Resume would only answer Busy meanwhile.
  options.max_bgerror_resume_count = 0;
  options.row_cache = plan.row_cache;
  options.write_buffer_manager = plan.write_buffers;
  if (env != nullptr) options.env = env;
  return options;
}

// The streams family's options: records are only ever range-read (GetRecords, trimming), so
// bloom filters would cost every write and flush and save no read.
rocksdb::ColumnFamilyOptions StreamFamilyOptions(rocksdb::ColumnFamilyOptions cf) {
  rocksdb::BlockBasedTableOptions table =
      *cf.table_factory->GetOptions<rocksdb::BlockBasedTableOptions>();
  table.filter_policy.reset();
  cf.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  cf.memtable_whole_key_filtering = false;
  cf.memtable_prefix_bloom_size_ratio = 0;
  return cf;
}

rocksdb::ColumnFamilyOptions FamilyOptions(bool meta, const MemoryPlan& plan) {
  rocksdb::ColumnFamilyOptions cf;
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = plan.block_cache;
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  // Index and filter blocks live in (and are charged to) the block cache rather than beside it,
  // so the budget bounds them too.
  table.cache_index_and_filter_blocks = true;
  cf.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  // Without a budget, 64 MB, not smaller: with 16 MB, a read of 100,000 1 KB items costs 19.6k
  // instructions instead of 14.4k (callgrind), as it then checks the bloom filters of several L0
  // files through the block cache, which costs more than the longer memtable walk it saves.
  cf.write_buffer_size = meta ? plan.meta_write_buffer : plan.items_write_buffer;
  cf.max_write_buffer_number = 2;
  cf.level0_file_num_compaction_trigger = plan.l0_compaction_trigger;
  // Point reads dominate: keep the upper levels uncompressed so a block-cache miss costs no
  // decompression, and compress only the large, cold bottom levels.
  cf.compression_per_level = {rocksdb::kNoCompression, rocksdb::kNoCompression,
                              rocksdb::kNoCompression, rocksdb::kLZ4Compression,
                              rocksdb::kLZ4Compression, rocksdb::kLZ4Compression,
                              rocksdb::kLZ4Compression};
  // A bloom filter over the memtable lets a read of a key that is not there skip its skiplist.
  cf.memtable_whole_key_filtering = true;
  cf.memtable_prefix_bloom_size_ratio = 0.02;
  if (meta) cf.merge_operator = std::make_shared<StatsAddOperator>();
  return cf;
}

}  // namespace

// Most batches are one item of up to a few KB and its statistics: starting the buffer at this
// size saves the reallocations of growing it (a longer batch still grows as needed).
constexpr size_t kInitialBatchBytes = 2048;

WriteBatch::WriteBatch(const Storage& storage)
    : storage_(&storage), rep_(std::make_unique<rocksdb::WriteBatch>(kInitialBatchBytes)) {}
WriteBatch::~WriteBatch() = default;
WriteBatch::WriteBatch(WriteBatch&&) noexcept = default;

rocksdb::ColumnFamilyHandle* WriteBatch::family(Space space) const {
  return storage_->rep_->family(space);
}

void WriteBatch::Put(Space space, std::string_view key, std::string_view value) {
  rep_->Put(family(space), ToSlice(key), ToSlice(value));
}

void WriteBatch::Delete(Space space, std::string_view key) {
  rep_->Delete(family(space), ToSlice(key));
}

void WriteBatch::DeleteRange(Space space, std::string_view begin, std::string_view end) {
  rep_->DeleteRange(family(space), ToSlice(begin), ToSlice(end));
}

void WriteBatch::AddStats(std::string_view key, int64_t item_count_delta,
                          int64_t size_bytes_delta) {
  rep_->Merge(family(Space::kMeta), ToSlice(key),
              EncodeStats(item_count_delta, size_bytes_delta));
}

size_t WriteBatch::count() const { return rep_->Count(); }

Storage::Storage(std::unique_ptr<Rep> rep) : rep_(std::move(rep)) {}
Storage::~Storage() = default;

namespace {

// A data directory Stator creates is its owner's alone (0700): the files in it hold every table,
// and RocksDB creates them readable by all. A directory that exists keeps the mode it was given.
Status CreatePrivateDirectory(const std::string& dir) {
  std::error_code ec;
  if (std::filesystem::exists(dir, ec)) return Status::OK();
  std::filesystem::create_directories(dir, ec);
  if (!ec) {
    std::filesystem::permissions(dir, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::replace, ec);
  }
  if (ec) return Status::IOError("cannot create the data directory: " + ec.message());
  return Status::OK();
}

// Flushes (the HIGH pool) and compactions (the LOW pool) at nice 19. Measured with the server
// under PutItem load at 64 connections on two cores, alternated with the normal priority in four
// rounds (bench/compare.sh's workload): p99 2.1-2.9 ms instead of 2.6-3.8 ms, p99.9 4.6-5.3 ms
// instead of 5.1-6.3 ms; without it a flush on the request thread's core held that thread for
// up to 4 ms at a time (perf sched). Each pool's threads apply it when they next take a job.
void LowerBackgroundPriority(rocksdb::Env& env) {
  for (auto pool : {rocksdb::Env::HIGH, rocksdb::Env::LOW}) {
    env.LowerThreadPoolCPUPriority(pool, rocksdb::CpuPriority::kLow).PermitUncheckedError();
  }
}

}  // namespace

Result<std::unique_ptr<Storage>> Storage::Open(const StorageConfig& config) {
  auto rep = std::make_unique<Rep>();
  if (config.in_memory) rep->mem_env.reset(rocksdb::NewMemEnv(rocksdb::Env::Default()));
  const MemoryPlan plan = PlanMemory(config.memory_budget_bytes);
  rocksdb::DBOptions options(MakeOptions(rep->mem_env.get(), plan));
  std::vector<rocksdb::ColumnFamilyDescriptor> families = {
      {rocksdb::kDefaultColumnFamilyName, FamilyOptions(false, plan)},
      {kMetaFamily, FamilyOptions(true, plan)},
      {kStreamsFamily, StreamFamilyOptions(FamilyOptions(false, plan))},
  };
  const std::string dir = config.in_memory ? "/stator-in-memory" : config.dir;
  if (!config.in_memory) {
    STATOR_RETURN_IF_ERROR(CreatePrivateDirectory(dir));
    options.info_log = OpenInfoLog(dir);
  }
  options.listeners.push_back(NewHealthListener(rep->health));
  rocksdb::DB* db = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(options, dir, families, &rep->families, &db);
  if (!s.ok()) {
    return Status::IOError("cannot open the data directory " + dir + ": " + s.ToString());
  }
  rep->db.reset(db);
  if (config.low_priority_background_work) LowerBackgroundPriority(*options.env);
  // In memory nothing survives Close, so there is nothing for a write-ahead log to recover:
  // writing one only costs (7.6% of a server's CPU under PutItem load, perf). RocksDB refuses
  // sync writes without a log; sync means nothing in memory anyway.
  rep->write_options.disableWAL = config.in_memory;
  rep->write_options.sync = config.sync && !config.in_memory;
  rep->dir = dir;
  return std::unique_ptr<Storage>(new Storage(std::move(rep)));
}

size_t StorageBudgetFor(size_t cache_bytes) {
  if (cache_bytes == 0) return 0;
  return std::clamp(cache_bytes / 8, kMinBudgetBytes, kMaxBudgetBytes);
}

// RocksDB's own std::string overload: a value read from a memtable is copied once, into *value,
// rather than into a PinnableSlice and then out of it.
Status Storage::Get(Space space, std::string_view key, std::string* value, bool* found) const {
  const rocksdb::Status s =
      rep_->db->Get(rep_->read_options, rep_->family(space), ToSlice(key), value);
  *found = s.ok();
  if (s.IsNotFound()) return Status::OK();
  return FromRocks(s);
}

Status Storage::GetPinned(Space space, std::string_view key, ValueVisitor visit, void* context,
                          bool* found) const {
  return PointRead(*rep_->db, rep_->read_options, rep_->family(space), key, visit, context, found);
}

Status Storage::GetStats(std::string_view key, int64_t* item_count, int64_t* size_bytes) const {
  std::string value;
  bool found = false;
  STATOR_RETURN_IF_ERROR(Get(Space::kMeta, key, &value, &found));
  DecodeStats(value, item_count, size_bytes);
  return Status::OK();
}

Status Storage::Write(WriteBatch& batch) {
  const rocksdb::Status s = rep_->db->Write(rep_->write_options, batch.rep_.get());
  if (s.IsIOError()) {
    rep_->health->RecordFault(s.IsNoSpace() ? StorageFault::kNoSpace : StorageFault::kIOError);
  }
  return FromRocks(s);
}

StorageCondition Storage::Condition() const { return rep_->health->Condition(); }

StorageHealth& Storage::health() const { return *rep_->health; }

Status Storage::Resume() { return FromRocks(rep_->db->Resume()); }

RangeIterator::RangeIterator(std::string begin, std::string end, bool reverse)
    : begin_(std::move(begin)), end_(std::move(end)), reverse_(reverse) {}
RangeIterator::~RangeIterator() {
  // The RocksDB iterator reads at the snapshot: it goes first.
  it_.reset();
  if (snapshot_ != nullptr) storage_->rep_->db->ReleaseSnapshot(snapshot_);
}

bool RangeIterator::Valid() const { return it_->Valid(); }
std::string_view RangeIterator::key() const { return it_->key().ToStringView(); }
std::string_view RangeIterator::value() const { return it_->value().ToStringView(); }
void RangeIterator::Next() {
  if (reverse_) {
    it_->Prev();
  } else {
    it_->Next();
  }
}
Status RangeIterator::status() const { return FromRocks(it_->status()); }

Status RangeIterator::GetPinned(Space space, std::string_view key, ValueVisitor visit,
                                void* context, bool* found) const {
  *found = false;
  if (snapshot_ == nullptr) return Status::IOError("a point read on an iterator without snapshot");
  const Storage::Rep& rep = *storage_->rep_;
  return PointRead(*rep.db, *point_options_, rep.family(space), key, visit, context, found);
}

Status RangeIterator::MultiGetPinned(Space space, const std::string* keys, size_t n,
                                     BatchVisitor visit, void* context) const {
  if (snapshot_ == nullptr) return Status::IOError("a point read on an iterator without snapshot");
  const Storage::Rep& rep = *storage_->rep_;
  std::vector<rocksdb::Slice> slices;
  slices.reserve(n);
  for (size_t i = 0; i < n; ++i) slices.push_back(ToSlice(keys[i]));
  std::vector<rocksdb::PinnableSlice> values(n);
  std::vector<rocksdb::Status> statuses(n);
  rep.db->MultiGet(*point_options_, rep.family(space), n, slices.data(), values.data(),
                   statuses.data());
  for (size_t i = 0; i < n; ++i) {
    if (!statuses[i].ok() && !statuses[i].IsNotFound()) return FromRocks(statuses[i]);
  }
  for (size_t i = 0; i < n; ++i) {
    visit(context, i, values[i].ToStringView(), statuses[i].ok());
  }
  return Status::OK();
}

std::unique_ptr<RangeIterator> Storage::NewRangeIterator(Space space, std::string begin,
                                                         std::string end, bool reverse,
                                                         bool snapshot) const {
  std::unique_ptr<RangeIterator> out(
      new RangeIterator(std::move(begin), std::move(end), reverse));
  // The bounds let RocksDB skip deleted records and files outside the range instead of
  // stepping through them; they point into the iterator, which outlives the RocksDB iterator.
  // An iterator without an explicit snapshot reads the implicit snapshot of its creation.
  rocksdb::ReadOptions options;
  out->lower_ = std::make_unique<rocksdb::Slice>(ToSlice(out->begin_));
  options.iterate_lower_bound = out->lower_.get();
  if (!out->end_.empty()) {
    out->upper_ = std::make_unique<rocksdb::Slice>(ToSlice(out->end_));
    options.iterate_upper_bound = out->upper_.get();
  }
  if (snapshot) {
    out->storage_ = this;
    out->snapshot_ = rep_->db->GetSnapshot();
    options.snapshot = out->snapshot_;
    out->point_options_ = std::make_unique<rocksdb::ReadOptions>();
    out->point_options_->snapshot = out->snapshot_;
  }
  out->it_.reset(rep_->db->NewIterator(options, rep_->family(space)));
  if (reverse) {
    if (out->end_.empty()) {
      out->it_->SeekToLast();
    } else {
      out->it_->SeekForPrev(ToSlice(out->end_));
      // SeekForPrev lands on end itself when present; end is exclusive.
      if (out->it_->Valid() && out->it_->key() == ToSlice(out->end_)) out->it_->Prev();
    }
  } else {
    out->it_->Seek(ToSlice(out->begin_));
  }
  return out;
}

Status Storage::ForEachWithPrefix(
    Space space, std::string_view prefix,
    const std::function<bool(std::string_view key, std::string_view value)>& fn) const {
  std::unique_ptr<rocksdb::Iterator> it(
      rep_->db->NewIterator(rocksdb::ReadOptions(), rep_->family(space)));
  for (it->Seek(ToSlice(prefix)); it->Valid() && it->key().starts_with(ToSlice(prefix));
       it->Next()) {
    if (!fn(it->key().ToStringView(), it->value().ToStringView())) break;
  }
  return FromRocks(it->status());
}

}  // namespace stator::engine
