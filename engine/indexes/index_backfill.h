// Backfiller: builds a global secondary index added by UpdateTable from the items its table
// already holds, on one worker thread, in chunks.
//
// Each chunk runs under the table's write_gate held exclusively: it reads the next items after
// the index's backfill cursor, writes their index entries, and commits them with the advanced
// cursor (in the table's persisted metadata) in one WriteBatch. Item writers, under the shared
// gate, maintain the index only for items below the cursor (item_store.cc); the backfill reads
// the latest version of the others when it reaches them. So every item is in the index exactly
// once, whatever is written meanwhile, and a restart resumes from the persisted cursor.
//
// Thread safety: Start may be called from any thread; the destructor stops and joins the worker.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>

#include "engine/storage/storage.h"
#include "engine/tables/catalog.h"
#include "engine/tables/table.h"

namespace stator::engine {

// Test hooks: items per chunk, and how many chunks may run before the worker pauses (-1: no
// pause), so tests can stop a backfill half-way (and restart the engine there).
struct BackfillHooks {
  static inline std::atomic<int> chunk_items{256};
  static inline std::atomic<int> chunks_allowed{-1};
};

class Backfiller {
 public:
  Backfiller(Storage& storage, Catalog& catalog);
  ~Backfiller();
  Backfiller(const Backfiller&) = delete;
  Backfiller& operator=(const Backfiller&) = delete;

  // Backfills every index of the table still marked backfilling.
  void Start(std::shared_ptr<Table> table);

 private:
  void Run();
  // Runs one chunk of the table's first backfilling index; false when none is left (or the
  // table was dropped).
  Result<bool> Step(Table& table);
  bool Paused();

  Storage& storage_;
  Catalog& catalog_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::weak_ptr<Table>> queue_;  // guarded by mu_
  bool stop_ = false;                       // guarded by mu_
  std::thread worker_;
};

}  // namespace stator::engine
