// Table: what the engine knows of one table. The key schema and id never change after creation
// and are read without locks on the item path; the rest (TableMeta) changes under the catalog's
// lock and is copied out when described.
//
// Thread safety: `key` and `id` are immutable. `write_gate` orders item writes (shared) against
// the table's deletion (exclusive), so no write can land after its table's data was removed.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <thread>
#include <vector>

#include "engine/access/operation_metrics.h"
#include "engine/access/partition_map.h"
#include "engine/access/partition_layout.h"
#include "engine/model/key_schema.h"
#include "stator/admission.h"
#include "stator/table_types.h"

namespace stator::engine {

class WriteHook;  // engine/items/write_hook.h

// A secondary index. Its entries live in the items key space under their own id (index_codec.h),
// allocated from the catalog's table ids, so DeleteRange on that id's prefix removes them.
struct IndexDef {
  std::string name;
  uint32_t id = 0;
  bool local = false;
  KeySchema key;
  Projection projection;
  std::optional<ProvisionedThroughput> throughput;  // GSIs of provisioned tables
  // When the GSI's provisioned throughput last rose and fell, and how many decreases the UTC day
  // of the last one saw: the service budgets a GSI's decreases apart from its table's.
  std::optional<double> last_increase_date_time;  // epoch seconds
  std::optional<double> last_decrease_date_time;
  int64_t number_of_decreases_today = 0;
  std::optional<OnDemandThroughput> on_demand_throughput;  // GSIs of on-demand tables
  // Backfill (UpdateTable Create): CREATING until done; entries below `backfill_cursor` (an item
  // key of the table) are in the index. Empty cursor with backfilling = not started.
  bool backfilling = false;
  std::string backfill_cursor;
};

// Point-in-time recovery while it is enabled (UpdateContinuousBackups): the history of the
// table's item changes is kept under its own id in the items key space
// (engine/backups/pitr_history.h), so DeleteRange on that id's prefix drops all of it.
struct PitrSettings {
  uint32_t history_id = 0;
  int64_t enabled_micros = 0;  // the earliest time a restore may ask for
  int64_t recovery_period_days = 35;
};

// Mutable, persisted metadata of a table.
struct TableMeta {
  std::string tenant;
  TableDescription description;  // item_count/size and status are filled in when described
  std::vector<Tag> tags;
  std::optional<std::string> resource_policy;
  std::string policy_revision_id;
  // A transient status (CREATING, UPDATING) lasts until this time, then the table is ACTIVE.
  TableStatus transient_status = TableStatus::kActive;
  int64_t transient_until_micros = 0;
  std::vector<IndexDef> indexes;  // LSIs and GSIs, in creation order
  // The time-to-live attribute while TTL is enabled (UpdateTimeToLive); absent while disabled.
  std::optional<std::string> ttl_attribute;
  std::optional<PitrSettings> pitr;
  // When the table last switched to on-demand (the last 24 hours' switches, oldest first): the
  // service allows 4 in any 24 hours (engine/tables/throughput_quotas.h).
  std::vector<int64_t> on_demand_switches;
  // GSIs deleted by UpdateTable, still reported DELETING until their deleting_until_micros
  // (Options::transient_status_delay_ms). Their entries are already gone and they take no reads
  // or writes. Not persisted: after a restart they are simply gone.
  struct DeletingIndex {
    IndexDef index;
    int64_t deleting_until_micros = 0;
  };
  std::vector<DeletingIndex> deleting_indexes;
};

struct Table {
  Table(uint32_t id, KeySchema key, std::string tenant, std::string name, std::string arn)
      : id(id),
        key(std::move(key)),
        tenant(std::move(tenant)),
        name(std::move(name)),
        arn(std::move(arn)),
        partitions(id) {}

  const uint32_t id;
  const KeySchema key;
  // Where the table lives, what it is called and its ARN; none changes after creation.
  const std::string tenant;
  const std::string name;
  const std::string arn;
  // The partitions of the table and of its GSIs (engine/access/partition_layout.h), found
  // without locks on the item path. The catalog sizes them for the throughput; throughput
  // enforcement splits hot ones.
  mutable PartitionLayout partitions;
  // Until this time the table is CREATING and item operations do not see it. Kept here, not in
  // TableMeta, so the item path checks it without the catalog's lock or a copy.
  std::atomic<int64_t> creating_until_micros{0};
  // The provisioned read and write units per second (0: on demand), mirrored from the description
  // by the catalog so that throughput enforcement reads them without the catalog's lock.
  mutable std::atomic<int64_t> provisioned_read{0};
  mutable std::atomic<int64_t> provisioned_write{0};
  // An on-demand table's OnDemandThroughput maximums, mirrored in the same way (0: none).
  mutable std::atomic<int64_t> max_on_demand_read{0};
  mutable std::atomic<int64_t> max_on_demand_write{0};
  // The table's requests by operation (TableAccess::Measure, and AccessServed for cache hits).
  mutable OperationMetrics requests;
  // The write throughputs of the table's active GSIs (Access::fed_indexes), mirrored in the same
  // way, so that admission reads them without the catalog's lock or the write gate. has_gsis is
  // read first: a table without GSIs pays one relaxed load for them on each write.
  mutable std::atomic<bool> has_gsis{false};
  mutable std::atomic<std::shared_ptr<const std::vector<IndexThroughput>>> gsi_throughput;
  mutable std::shared_mutex write_gate;
  // Exclusive takers of write_gate waiting; item writers hold back while it is non-zero, since
  // the reader-preferring shared_mutex would otherwise starve them under a steady write load.
  mutable std::atomic<int> exclusive_waiters{0};
  bool dropped = false;  // guarded by write_gate (exclusive to set)
  // What the write path maintains; a copy of TableMeta::indexes. Guarded by write_gate: item
  // writes read it under the shared lock, index changes swap it under the exclusive lock.
  std::vector<IndexDef> indexes;
  // The in-batch write hooks of the table's item writes (ItemStore::AddHook). Guarded by
  // write_gate, as `indexes`.
  std::vector<std::shared_ptr<const WriteHook>> hooks;
};

// Takes the table's write_gate exclusively, ahead of item writers that arrive meanwhile.
inline std::unique_lock<std::shared_mutex> LockGateExclusive(const Table& table) {
  table.exclusive_waiters.fetch_add(1, std::memory_order_acq_rel);
  std::unique_lock lock(table.write_gate);
  table.exclusive_waiters.fetch_sub(1, std::memory_order_acq_rel);
  return lock;
}

// Takes the table's write_gate shared, after any exclusive taker that is waiting.
inline std::shared_lock<std::shared_mutex> LockGateShared(const Table& table) {
  while (table.exclusive_waiters.load(std::memory_order_acquire) > 0) std::this_thread::yield();
  return std::shared_lock(table.write_gate);
}

}  // namespace stator::engine
