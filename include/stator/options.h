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
    // The only mode in front of a remote Database (RemoteOptions).
    kDax,
  };

  // Bytes of items and query pages the cache may hold; 0 disables the cache.
  // Default: 0 (the server's --cache-size defaults to 1/8 of memory, at most 1 GiB)
  size_t size_bytes = 0;

  // Default: kCoherent
  Mode mode = Mode::kCoherent;

  // Lifetimes of item and query entries in kDax mode (DAX's record-ttl-millis and
  // query-ttl-millis). As in DAX, an item TTL of 0 keeps items until evicted or written through,
  // and a query TTL of 0 caches no Query or Scan page. Default: 5 minutes each
  int64_t item_ttl_ms = 5 * 60 * 1000;
  int64_t query_ttl_ms = 5 * 60 * 1000;
};

// A remote DynamoDB-compatible service (Amazon DynamoDB, ScyllaDB's Alternator, another Stator)
// in place of the in-process engine: Database::Open then returns a Database that sends every
// operation there over HTTP/1.1 keep-alive connections, signed with SigV4, and reads the answers
// back into the same results and Status codes. Of the other Options only `cache` (in kDax mode
// only: the cache sees the writes made through it, not the service's change feed) and `clock`
// (the cache's TTLs) apply to it. What it does not support yet answers with
// UnknownOperationException.
struct RemoteOptions {
  // The service's URL: http://host[:port] or https://host[:port]. Empty: the in-process engine.
  // Default: ""
  std::string endpoint;

  // The region requests are signed for. Default: "": AWS_REGION, else AWS_DEFAULT_REGION, else
  // "us-east-1"
  std::string region;

  // Credentials given explicitly. Default: none: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and
  // AWS_SESSION_TOKEN from the environment, else the shared credentials file
  // (AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials) and its profile `profile`
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;
  // Default: "": AWS_PROFILE, else "default"
  std::string profile;

  // How long opening a connection, and one request's exchange, may take. Default: 2 s and 10 s
  int64_t connect_timeout_ms = 2000;
  int64_t request_timeout_ms = 10000;

  // How long one call may take in all: its tries, the waits between them, and each exchange,
  // whose timeouts it shortens (the AWS SDKs' API call timeout). When it runs out the call
  // returns the last try's error (an IOError that says "timed out" when an exchange was cut
  // short). Default: 0: no bound but max_attempts tries of request_timeout_ms each
  int64_t call_timeout_ms = 0;

  // Retries, as the AWS SDKs make them for DynamoDB: throttling errors, 5xx answers and broken
  // or timed-out connections are tried again, up to max_attempts tries in all, after a delay
  // drawn uniformly below min(max_backoff_ms, base_delay_ms x 2^retry) ("full jitter"); other
  // errors are returned at once. Every retry spends from a quota shared by the Database's calls
  // (the SDKs' standard mode: retry_quota tokens, 5 a retry, 10 after a timeout, given back
  // when the retried call succeeds, 1 more for each call that succeeds at once); an empty quota
  // stops retries until calls succeed again. Default: 10 attempts (the SDKs' legacy mode for
  // DynamoDB), 50 ms, 20 s, 500 tokens
  int max_attempts = 10;
  int64_t base_delay_ms = 50;
  int64_t max_backoff_ms = 20000;
  int retry_quota = 500;

  // Idle keep-alive connections kept for reuse; more are opened when more threads call at once.
  // Default: 16
  size_t max_idle_connections = 16;

  // Check the server's TLS certificate (https). Default: true
  bool verify_tls = true;
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

  // Run RocksDB's flushes and compactions at the lowest CPU priority (nice 19). On a machine
  // with few cores, shared with the clients, a flush that takes the core of the thread serving
  // requests holds every request that thread has for a scheduler slice (up to 4 ms); at the
  // lowest priority it runs in the time the request threads leave. The thread pools are the
  // process's (RocksDB's default environment), so this applies to every RocksDB in the process.
  // Writes slow down only if flushes fall behind the memtables, as RocksDB's stall rules say.
  // Default: false (the server sets it; see --background-priority)
  bool low_priority_background_work = false;

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

  // A remote service instead of the engine (RemoteOptions). Default: none (endpoint "")
  RemoteOptions remote;
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

  // Whether the call may wait on the network. False: a Database that would (the remote one)
  // answers ErrorCode::kWouldBlock at once, having sent nothing, and the caller makes the call
  // again where waiting is fine; what needs no network (a cache hit, the engine) answers as
  // usual. A server in front of a remote service tries each read this way on its I/O thread, so
  // cache hits never queue behind misses.
  // Default: true
  bool may_block = true;
};

}  // namespace stator
