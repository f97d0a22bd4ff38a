// CachingDatabase: the read-through cache as a Database wrapping the engine's Database (as
// RocksDB's StackableDB wraps a DB): same interface; GetItem, GetItemShared, BatchGetItem,
// Query and Scan answer from the cache when they can; everything else passes through.
// Cache is the cache's state: it subscribes to the engine's change feed, which keeps it coherent,
// and is the writers' old-item source.
//
// What is served from the cache:
//   - GetItem / GetItemShared: from the item cache, with or without a projection (a projection
//     is applied to the full cached item; a miss reads the whole item so it can be cached).
//     ConsumedCapacity is the engine's figure: read units of the stored item's size.
//   - BatchGetItem: from the item cache when every key of every table hits; otherwise the whole
//     request goes to the engine (which validates it as a whole) and its answers fill the cache.
//   - Query / Scan: pages from the query cache.
//   - TransactGetItems always passes through: its items must come from one snapshot, and a
//     transaction over several tables reaches the feed as one call per table, so cached entries
//     of several tables are not guaranteed to be one snapshot.
//   - Requests naming a table by ARN pass through.
//   - kDax mode: ConsistentRead=true passes through as with DAX.
// Each read's response says which it was (CacheOutcome): kHit when the cache answered it, kMiss
// when the database behind did, whether or not the request could have been cached.
//
// Thread safety: as Database.
#pragma once

#include <memory>

#include "cache/item_cache.h"
#include "cache/query_cache.h"
#include "cache/table_counters.h"
#include "cache/table_schemas.h"
#include "stator/forwarding_database.h"

namespace stator::cache {

// The cache's state, shared by the CachingDatabase, the engine's change feed (of which it is the
// first subscriber) and the engine's writers (whose old-item source it is).
class Cache final : public ChangeSubscriber, public OldItemSource {
 public:
  Cache(const CacheOptions& options, std::shared_ptr<Clock> clock,
        EvictionPolicy policy = EvictionPolicy::kS3Fifo);

  void OnItemsChanged(const TableRef& table, std::span<const ItemChange> changes) override;
  void OnTableChanged(const TableRef& table) override;
  bool Lookup(const TableRef& table, const Item& key, KnownItem* out) override;

  const CacheOptions& options() const { return options_; }
  bool dax() const { return options_.mode == CacheOptions::Mode::kDax; }
  // False in kDax mode with a query TTL of 0, which DAX documents as "the query response will
  // not be cached" (an item TTL of 0, by contrast, keeps items until evicted or written).
  bool caches_pages() const { return !dax() || options_.query_ttl_ms > 0; }
  ItemCache& items() { return items_; }
  QueryCache& queries() { return queries_; }
  TableSchemas& schemas() { return schemas_; }
  TableCountersRegistry& counters() { return counters_; }
  CacheStats Stats() const;

 private:
  CacheOptions options_;
  TableCountersRegistry counters_;
  ItemCache items_;
  QueryCache queries_;
  TableSchemas schemas_;
};

// Everything but the reads below passes through (ForwardingDatabase): writes too, since the
// engine's change feed keeps the cache coherent, and TransactGetItems (see above).
class CachingDatabase final : public ForwardingDatabase {
 public:
  CachingDatabase(std::unique_ptr<Database> inner, std::shared_ptr<Cache> cache)
      : ForwardingDatabase(std::move(inner)), cache_(std::move(cache)) {}
  ~CachingDatabase() override;

  // Reads through the cache (caching_database.cc, caching_pages.cc).
  Result<GetItemResponse> GetItem(const CallOptions& c, const GetItemRequest& r) override;
  Result<SharedGetItemResponse> GetItemShared(const CallOptions& c,
                                              const GetItemRequest& r) override;
  // The cache holds Items: a flat answer is the cached (or just cached) item, flattened.
  Result<FlatGetItemResponse> GetItemFlat(const CallOptions& c, const GetItemRequest& r) override;
  Result<BatchGetItemResponse> BatchGetItem(const CallOptions& c,
                                            const BatchGetItemRequest& r) override;
  Result<QueryResponse> Query(const CallOptions& c, const QueryRequest& r) override;
  Result<ScanResponse> Scan(const CallOptions& c, const ScanRequest& r) override;

  CacheStats GetCacheStats() const override { return cache_->Stats(); }

 private:
  // The cached (or just read and cached) entry of a GetItem's key; null entry with OK status
  // when the request cannot use the cache (then the caller passes it through).
  // *hit tells whether the entry was cached already (else it was just read and filled).
  Result<std::shared_ptr<const CachedItem>> ReadItem(const CallOptions& c,
                                                     const GetItemRequest& r, bool* hit);
  // Passes a read the cache answered through the engine's table-access step (admission and
  // capacity: Database::AccessServed). With `last` the request is complete and is counted
  // (Database::RecordServed); a refused access is counted at once.
  Status Served(const CallOptions& c, const ServedRead& r, bool last);
  // The cached entries of a BatchGetItem's keys, table by table in request order.
  using BatchHits =
      std::vector<std::pair<const std::string*, std::vector<std::shared_ptr<const CachedItem>>>>;
  // Answers a BatchGetItem whose every key hit (caching_database.cc).
  Result<BatchGetItemResponse> BatchFromCache(const CallOptions& c, const BatchGetItemRequest& r,
                                              const BatchHits& hits);
  // The partition key attribute and value a base-table Query reads, if they can be told.
  bool PartitionOf(const CallOptions& c, const QueryRequest& r, std::string* key_name,
                   AttributeValue* value, uint64_t shape_version);
  // Counts a Query or Scan page the cache did not hold; the table's counters.
  TableCounters* CountedMiss(const CallOptions& c, std::string_view table);

  std::shared_ptr<Cache> cache_;
};

}  // namespace stator::cache
