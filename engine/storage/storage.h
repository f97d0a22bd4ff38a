// Storage: the narrow ordered key-value interface the engine stands on, implemented over
// RocksDB. This file and storage.cc are the only places that see RocksDB; a distributed ordered
// KV store could be put behind the same interface later.
//
// Three key spaces (RocksDB column families):
//   kItems    item records, keyed as key_codec.h describes
//   kMeta     the catalog and per-table statistics (see catalog.h)
//   kStreams  stream records (engine/streams/stream_codec.h): written as often as items but
//             read in order and deleted by range, so they stay out of the items' files
// A WriteBatch is the unit of atomicity: every logical write (an item with, later, its index
// entries, stream record and PITR history) is one batch, applied atomically with its WAL record.
//
// Thread safety: Storage is safe for concurrent use. A WriteBatch belongs to one thread.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>

#include "stator/status.h"
#include "stator/storage_condition.h"

namespace rocksdb {
class ColumnFamilyHandle;
class DB;
class Iterator;
class Slice;
class Snapshot;
class WriteBatch;
struct ReadOptions;
}

namespace stator::engine {

enum class Space : unsigned char { kItems, kMeta, kStreams };

// Point reads hand their pinned value to a plain function pointer and context rather than a
// std::function: every item read passes here, and a capturing lambda would cost a std::function
// a heap allocation per read. CallVisitor<F> is the function pointer for a callable F.
using ValueVisitor = void (*)(void* context, std::string_view value);
template <class F>
void CallVisitor(void* fn, std::string_view value) {
  (*static_cast<F*>(fn))(value);
}
// The same for a batch of point reads: the i-th key's value, or found false.
using BatchVisitor = void (*)(void* context, size_t i, std::string_view value, bool found);
template <class F>
void CallBatchVisitor(void* fn, size_t i, std::string_view value, bool found) {
  (*static_cast<F*>(fn))(i, value, found);
}

class Storage;
class StorageHealth;

class WriteBatch {
 public:
  explicit WriteBatch(const Storage& storage);
  ~WriteBatch();
  WriteBatch(WriteBatch&&) noexcept;

  void Put(Space space, std::string_view key, std::string_view value);
  void Delete(Space space, std::string_view key);
  // Deletes every key in [begin, end).
  void DeleteRange(Space space, std::string_view begin, std::string_view end);
  // Adds a StatsDelta to the counters stored under key (see EncodeStatsDelta).
  void AddStats(std::string_view key, int64_t item_count_delta, int64_t size_bytes_delta);

  size_t count() const;

 private:
  friend class Storage;
  rocksdb::ColumnFamilyHandle* family(Space space) const;

  const Storage* storage_;
  std::unique_ptr<rocksdb::WriteBatch> rep_;
};

// A bounded iterator over the keys in [begin, end) of one space, forward or reverse, reading one
// consistent point-in-time view of the store (taken when it was created): records written
// after that are not seen, and no record is seen half-written. Keys and values stay valid until
// the next Next().
//
// An iterator created with an explicit snapshot (Storage::NewRangeIterator's `snapshot`) also
// answers point reads at that view (Get): what a reader of index references needs to read the
// item an entry names as it was when the entry was read (index_codec.h). It owns the snapshot
// and releases it when destroyed.
class RangeIterator {
 public:
  ~RangeIterator();
  bool Valid() const;
  std::string_view key() const;
  std::string_view value() const;
  void Next();  // towards end (forward) or towards begin (reverse)
  // IOError when reading failed; check once Valid() turns false.
  Status status() const;

  // Point read at the iterator's snapshot, as Storage::Get's visitor form: on_value sees the
  // value (pinned, valid only during the call). Only on an iterator created with a snapshot;
  // on one without, an IOError (a bug in the caller).
  template <class OnValue>
  Status Get(Space space, std::string_view key, OnValue&& on_value, bool* found) const {
    return GetPinned(space, key, &CallVisitor<std::remove_reference_t<OnValue>>,
                     const_cast<void*>(static_cast<const void*>(&on_value)), found);
  }
  // Point reads of keys[0, n) at the iterator's snapshot in one RocksDB MultiGet, which looks the
  // keys up together (one memtable and file lookup setup for the batch, sorted probes) instead of
  // one by one: on_value(size_t i, std::string_view value, bool found) sees each key's value in
  // key order of the input, pinned and valid only during the call. Same errors as Get.
  template <class OnValue>
  Status MultiGet(Space space, const std::string* keys, size_t n, OnValue&& on_value) const {
    return MultiGetPinned(space, keys, n, &CallBatchVisitor<std::remove_reference_t<OnValue>>,
                          const_cast<void*>(static_cast<const void*>(&on_value)));
  }

 private:
  friend class Storage;
  RangeIterator(std::string begin, std::string end, bool reverse);
  Status GetPinned(Space space, std::string_view key, ValueVisitor visit, void* context,
                   bool* found) const;
  Status MultiGetPinned(Space space, const std::string* keys, size_t n, BatchVisitor visit,
                        void* context) const;
  std::string begin_, end_;
  bool reverse_;
  std::unique_ptr<rocksdb::Slice> lower_, upper_;  // RocksDB's bounds point at these
  std::unique_ptr<rocksdb::Iterator> it_;
  // Set only for an iterator with a snapshot: the store to read and release it from.
  const Storage* storage_ = nullptr;
  const rocksdb::Snapshot* snapshot_ = nullptr;
  std::unique_ptr<rocksdb::ReadOptions> point_options_;  // Get's: built once, not per read
};

struct StorageConfig {
  std::string dir;
  bool in_memory = false;
  bool sync = false;  // fsync the WAL on every write
  // RocksDB's whole memory budget in bytes: block cache, index and filter blocks and memtables
  // all charged to one cache of this size (storage.cc). 0: the large budget of an engine with no
  // item cache in front (a row cache, a 256 MB block cache, 64 MB memtables).
  size_t memory_budget_bytes = 0;
  // Flushes and compactions at the lowest CPU priority (Options::low_priority_background_work).
  bool low_priority_background_work = false;
};

// The RocksDB budget of an engine behind a cache of `cache_bytes` (0: no cache, so the large
// budget), taken out of that cache's budget (cache/open.cc). The item cache answers repeated
// point reads, so RocksDB's own caches only need to hold index and filter blocks, the blocks
// misses touch, and the memtables.
size_t StorageBudgetFor(size_t cache_bytes);

class Storage {
 public:
  // Opens or creates the store. Errors: IOError with RocksDB's message.
  static Result<std::unique_ptr<Storage>> Open(const StorageConfig& config);
  ~Storage();

  // Point read. Sets *found; *value is set when found.
  Status Get(Space space, std::string_view key, std::string* value, bool* found) const;
  // Point read without copying: on_value(std::string_view) sees the value (pinned, valid only
  // during the call).
  template <class OnValue>
  Status Get(Space space, std::string_view key, OnValue&& on_value, bool* found) const {
    return GetPinned(space, key, &CallVisitor<std::remove_reference_t<OnValue>>,
                     const_cast<void*>(static_cast<const void*>(&on_value)), found);
  }

  // Reads the counters AddStats accumulated under key (zeros when absent).
  Status GetStats(std::string_view key, int64_t* item_count, int64_t* size_bytes) const;

  // Applies the batch atomically and durably (WAL; fsync when configured). Errors: IOError with
  // a generic message (storage_health.h: the real one goes to stderr); after a full disk or an
  // I/O error every write fails so until the store has recovered.
  Status Write(WriteBatch& batch);

  // Whether writes can succeed now (storage_health.h).
  StorageCondition Condition() const;
  // What knows whether the store can write; the recovery task's (storage_health.h).
  StorageHealth& health() const;
  // Brings a store that refuses writes after an error back (RocksDB's DB::Resume): flushes the
  // memtables, so it fails while the disk has no room for them. OK when it was not refusing.
  // Errors: IOError.
  Status Resume();

  // An iterator over [begin, end), positioned on the first record in its direction. An empty
  // `end` means the end of the space. With `snapshot`, it takes an explicit snapshot and also
  // answers point reads at it (RangeIterator::Get); without, it reads the implicit snapshot of
  // its creation, which costs less (no registration in the store's snapshot list).
  std::unique_ptr<RangeIterator> NewRangeIterator(Space space, std::string begin, std::string end,
                                                  bool reverse, bool snapshot = false) const;

  // Calls fn for each record whose key starts with prefix, in key order, until fn returns false.
  Status ForEachWithPrefix(
      Space space, std::string_view prefix,
      const std::function<bool(std::string_view key, std::string_view value)>& fn) const;

 private:
  struct Rep;
  friend class WriteBatch;
  friend class RangeIterator;
  friend struct StorageRepAccess;  // the other files of engine/storage/ (storage_rep.h)
  Status GetPinned(Space space, std::string_view key, ValueVisitor visit, void* context,
                   bool* found) const;
  explicit Storage(std::unique_ptr<Rep> rep);
  std::unique_ptr<Rep> rep_;
};

}  // namespace stator::engine
