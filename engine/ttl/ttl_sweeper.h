// TtlSweeper: the background task (engine/background/) that deletes expired items
// (ttl_policy.h) of the tables with time to live enabled.
//
// A pass visits the tables one by one and each table partition by partition, in key order, a
// bounded chunk per step: it reads a few hundred items through an iterator (no lock held), then
// deletes the expired ones among them one at a time through the one write pipeline
// (ItemStore::Write, as DeleteItem does), so index entries go in the same batch, the change feed
// keeps the cache and the consumers coherent, and the stream hook writes a REMOVE record whose
// cause is the service (userIdentity Service / dynamodb.amazonaws.com). Each deletion checks,
// under the item's lock, that the item is still expired: a writer who renewed the TTL meanwhile
// wins. An item a write transaction holds is left for the next pass. TTL deletions consume no
// capacity: they never pass the table-access step. The setting is read at each chunk, so
// disabling TTL stops the deletions at once; a table deleted meanwhile is skipped.
//
// Between passes the sweeper rests Options::ttl_sweep_interval_ms on the database's clock, so a
// test moving the clock sees expired items deleted without waiting.
//
// Thread safety: its steps run on the scheduler, one at a time; the catalog, item store and
// transaction marks it uses are shared with request threads.
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>

#include "engine/background/scheduler.h"
#include "engine/items/item_store.h"
#include "engine/tables/catalog.h"
#include "engine/transactions/transaction_marks.h"

namespace stator::engine {

inline constexpr std::string_view kTtlSweeperTask = "ttl-sweeper";

// Test hook: called with an item's key after a chunk found it expired and before its deletion
// takes the item's lock, so a test can renew the item exactly there. Set it while no sweep runs.
struct TtlSweepHooks {
  static inline std::function<void(std::string_view key)> before_expire;
};

struct TtlSweeperContext {
  Catalog& catalog;
  ItemStore& items;
  const TransactionMarks& marks;
  const Clock& clock;
  int64_t interval_micros = 0;  // rest between passes (at least 10 ms)
  int scan_chunk = 256;         // items read per step, at most
};

// Schedules the sweeper, its first pass one interval from now. What the context names must
// outlive the scheduler's tasks. Errors: Scheduler::Schedule's.
Status ScheduleTtlSweeper(Scheduler& scheduler, const TtlSweeperContext& context);

}  // namespace stator::engine
