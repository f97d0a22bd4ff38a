// Options: per-database settings (given to Database::Open) and per-call settings (given to every
// operation). Every option states its default.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "stator/admission.h"
#include "stator/change_feed.h"
#include "stator/clock.h"
#include "stator/event_source_mapping.h"
#include "stator/old_item_source.h"
#include "stator/table_types.h"

namespace stator {

// The read-through cache in front of the engine (cache/).
struct CacheOptions {
  enum class Mode : unsigned char {
    // Every read is as fresh as the last acknowledged write: the engine's change feed updates
    // item entries and invalidates query pages before a write is acknowledged.
    kCoherent,
    // As DynamoDB Accelerator: item and query entries live for a TTL; writes update the item
    // cache and leave the query cache alone; ConsistentRead and TransactGetItems pass through.
    kDax,
  };

  // Bytes of items and query pages the cache may hold; 0 disables the cache.
  // Default: 0 (the server's --cache-size defaults to 1/8 of memory, at most 1 GiB)
  size_t size_bytes = 0;

  // Default: kCoherent
  Mode mode = Mode::kCoherent;

  // Lifetimes of item and query entries in kDax mode (DAX's defaults). Default: 5 minutes each
  int64_t item_ttl_ms = 5 * 60 * 1000;
  int64_t query_ttl_ms = 5 * 60 * 1000;
};

struct Options {
  // Directory holding the RocksDB files. Ignored when in_memory is set.
  // Default: "./data"
  std::string data_dir = "./data";

  // Keep everything in memory (DynamoDB Local's -inMemory); nothing survives Close.
  // Default: false
  bool in_memory = false;

  // fsync the write-ahead log before acknowledging a write. Without it an acknowledged write
  // survives the process being killed, but not the machine losing power.
  // Default: false
  bool sync = false;

  // How long transient statuses last (table CREATING/UPDATING/DELETING), in milliseconds, as
  // DynamoDB Local's -delayTransientStatuses. 0 means the table is usable at once.
  // Default: 0
  int64_t transient_status_delay_ms = 0;

  // DynamoDB Streams: how long stream records are kept (older ones are trimmed) and a disabled
  // stream stays readable, and how long a shard stays open before it is closed and a child
  // shard takes over, in milliseconds. Default: 24 hours and 4 hours, as the service's
  int64_t stream_retention_ms = 24LL * 3600 * 1000;
  int64_t stream_shard_rollover_ms = 4LL * 3600 * 1000;

  // Time to live: how long the sweeper rests between two passes over the tables with TTL
  // enabled, in milliseconds. An expired item is deleted within about this delay (the service
  // itself may take days); until then reads still return it. Default: 5 seconds
  int64_t ttl_sweep_interval_ms = 5000;

  // Point-in-time recovery: how far LatestRestorableDateTime trails the present, in milliseconds
  // (the service's trails it by about five minutes; none here by default, so that a test can
  // write, note the time and restore to it at once), and how often history older than a table's
  // recovery period is dropped. Default: 0 and 60 seconds
  int64_t pitr_restorable_lag_ms = 0;
  int64_t pitr_retention_interval_ms = 60 * 1000;

  // Time source. Default: Clock::System()
  std::shared_ptr<Clock> clock = Clock::System();

  // Told of every committed item change and table change, in the order they are listed
  // (change_feed.h); Database::Open puts the coherent cache first. Default: none
  std::vector<std::shared_ptr<ChangeSubscriber>> change_subscribers;

  // Asked by writers for an item's current version before they read it from storage
  // (old_item_source.h). With the cache on, the cache is asked first. Default: none
  std::shared_ptr<OldItemSource> old_item_source;

  // Admission of every data-plane access (admission.h): where throughput is charged and refused.
  // Default: none, the engine's own (which admits everything and records consumed capacity per
  // table, index and partition)
  std::shared_ptr<Admission> admission;

  // Throughput enforcement with the default admission: refuse, as the service throttles, what
  // exceeds a provisioned table's or GSI's rates (with 300 seconds of burst) or a partition's
  // 3,000 RCU / 1,000 WCU, with ProvisionedThroughputExceededException. Default: off, as
  // DynamoDB Local never throttles (the server's --throttling on turns it on)
  bool throttling = false;

  // The throughput quotas DescribeLimits reports. With `throttling` on, CreateTable and UpdateTable
  // hold tables to them, and UpdateTable to the service's budgets of throughput decreases (4 a UTC
  // day, then one an hour) and of switches to on-demand (4 in any 24 hours). Default: the service's
  ThroughputQuotas quotas;

  // Local handlers fed by tables' streams, as Lambda's event source mappings
  // (event_source_mapping.h). Database::Open refuses a mapping Lambda would refuse. Default: none
  std::vector<EventSourceMapping> event_source_mappings;

  // The read-through cache. Default: off (size_bytes 0)
  CacheOptions cache;
};

// Settings of one call.
struct CallOptions {
  // The namespace the call's tables live in. DynamoDB Local without -sharedDb keeps one set of
  // tables per access key id and region; "" is the shared namespace.
  // Default: ""
  std::string tenant;

  // Region and account written into ARNs (DynamoDB Local reports "ddblocal").
  // Default: "ddblocal", "000000000000"
  std::string region = "ddblocal";
  std::string account_id = "000000000000";
};

}  // namespace stator
