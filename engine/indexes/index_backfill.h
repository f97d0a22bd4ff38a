// Index backfill: builds a global secondary index added by UpdateTable from the items its table
// already holds, as a task on the database's background Scheduler, one chunk per step.
//
// Each chunk runs under the table's write_gate held exclusively: it reads the next items after
// the index's backfill cursor, writes their index entries, and commits them with the advanced
// cursor (in the table's persisted metadata) in one WriteBatch. Item writers, under the shared
// gate, maintain the index only for items below the cursor (item_store.cc); the backfill reads
// the latest version of the others when it reaches them. So every item is in the index exactly
// once, whatever is written meanwhile, and a restart resumes from the persisted cursor: the
// database schedules the task again when it opens.
//
// Thread safety: ScheduleBackfill may be called from any thread; the task's steps run on the
// scheduler, one at a time.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "engine/background/scheduler.h"
#include "engine/storage/storage.h"
#include "engine/tables/catalog.h"
#include "engine/tables/table.h"

namespace stator::engine {

// Test hooks: items per chunk, and how many chunks may run before the backfill pauses (-1: no
// pause), so tests can stop a backfill half-way (and restart the engine there). A paused task
// looks again every kBackfillPausePollMicros on the clock: the hooks are plain atomics a test
// sets, with nothing to wake the task when they change.
struct BackfillHooks {
  static inline std::atomic<int> chunk_items{256};
  static inline std::atomic<int> chunks_allowed{-1};
};
inline constexpr int64_t kBackfillPausePollMicros = 5'000;

// The name of the task that backfills index `index_id` of table `table_id`. Index ids are never
// reused, so the name is unique for the life of the store.
std::string BackfillTaskName(uint32_t table_id, uint32_t index_id);

// Schedules the backfill of the table's index `index_id` (one marked backfilling) from its
// persisted cursor. The task ends when the index is built, when the table is deleted or the
// index is gone, or on a storage error (the cursor then stays where it was, for the next open).
// Storage and catalog must outlive the scheduler's tasks. Errors: Scheduler::Schedule's.
Status ScheduleBackfill(Scheduler& scheduler, Storage& storage, Catalog& catalog,
                        const std::shared_ptr<Table>& table, uint32_t index_id);

}  // namespace stator::engine
