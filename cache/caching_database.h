// CachingDatabase: the read-through cache as a Database wrapping the engine's Database (as
// RocksDB's StackableDB wraps a DB): same interface; GetItem, GetItemShared, BatchGetItem,
// Query and Scan answer from the cache when they can; everything else passes through.
// CacheListener is the engine's change listener that keeps the cache coherent.
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
//
// Thread safety: as Database.
#pragma once

#include <memory>

#include "cache/item_cache.h"
#include "cache/query_cache.h"
#include "cache/table_counters.h"
#include "cache/table_schemas.h"
#include "stator/database.h"

namespace stator::cache {

// The cache's state, shared by the CachingDatabase and the engine's change listener.
class Cache final : public ChangeListener {
 public:
  Cache(const CacheOptions& options, std::shared_ptr<Clock> clock,
        EvictionPolicy policy = EvictionPolicy::kS3Fifo);

  void OnItemsChanged(const TableRef& table, std::span<const ItemChange> changes) override;
  void OnTableChanged(const TableRef& table) override;

  const CacheOptions& options() const { return options_; }
  bool dax() const { return options_.mode == CacheOptions::Mode::kDax; }
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

class CachingDatabase final : public Database {
 public:
  CachingDatabase(std::unique_ptr<Database> inner, std::shared_ptr<Cache> cache)
      : inner_(std::move(inner)), cache_(std::move(cache)) {}
  ~CachingDatabase() override;

  Result<TableResponse> CreateTable(const CallOptions& c, const CreateTableRequest& r) override {
    return inner_->CreateTable(c, r);
  }
  Result<TableResponse> DescribeTable(const CallOptions& c,
                                      const DescribeTableRequest& r) override {
    return inner_->DescribeTable(c, r);
  }
  Result<TableResponse> UpdateTable(const CallOptions& c, const UpdateTableRequest& r) override {
    return inner_->UpdateTable(c, r);
  }
  Result<TableResponse> DeleteTable(const CallOptions& c, const DeleteTableRequest& r) override {
    return inner_->DeleteTable(c, r);
  }
  Result<ListTablesResponse> ListTables(const CallOptions& c,
                                        const ListTablesRequest& r) override {
    return inner_->ListTables(c, r);
  }
  Status TagResource(const CallOptions& c, const TagResourceRequest& r) override {
    return inner_->TagResource(c, r);
  }
  Status UntagResource(const CallOptions& c, const UntagResourceRequest& r) override {
    return inner_->UntagResource(c, r);
  }
  Result<ListTagsOfResourceResponse> ListTagsOfResource(
      const CallOptions& c, const ListTagsOfResourceRequest& r) override {
    return inner_->ListTagsOfResource(c, r);
  }
  Result<DescribeLimitsResponse> DescribeLimits(const CallOptions& c) override {
    return inner_->DescribeLimits(c);
  }
  Result<TimeToLiveDescription> DescribeTimeToLive(const CallOptions& c,
                                                   const TableNameRequest& r) override {
    return inner_->DescribeTimeToLive(c, r);
  }
  Result<ContinuousBackupsDescription> DescribeContinuousBackups(
      const CallOptions& c, const TableNameRequest& r) override {
    return inner_->DescribeContinuousBackups(c, r);
  }
  Result<KinesisStreamingDestinationResponse> DescribeKinesisStreamingDestination(
      const CallOptions& c, const TableNameRequest& r) override {
    return inner_->DescribeKinesisStreamingDestination(c, r);
  }
  Result<ContributorInsightsResponse> DescribeContributorInsights(
      const CallOptions& c, const ContributorInsightsRequest& r) override {
    return inner_->DescribeContributorInsights(c, r);
  }
  Result<ResourcePolicyResponse> PutResourcePolicy(const CallOptions& c,
                                                   const PutResourcePolicyRequest& r) override {
    return inner_->PutResourcePolicy(c, r);
  }
  Result<ResourcePolicyResponse> GetResourcePolicy(const CallOptions& c,
                                                   const ResourcePolicyRequest& r) override {
    return inner_->GetResourcePolicy(c, r);
  }
  Result<ResourcePolicyResponse> DeleteResourcePolicy(const CallOptions& c,
                                                      const ResourcePolicyRequest& r) override {
    return inner_->DeleteResourcePolicy(c, r);
  }

  // Writes pass through: the engine's change feed keeps the cache coherent.
  Result<PutItemResponse> PutItem(const CallOptions& c, const PutItemRequest& r) override {
    return inner_->PutItem(c, r);
  }
  Result<DeleteItemResponse> DeleteItem(const CallOptions& c,
                                        const DeleteItemRequest& r) override {
    return inner_->DeleteItem(c, r);
  }
  Result<UpdateItemResponse> UpdateItem(const CallOptions& c,
                                        const UpdateItemRequest& r) override {
    return inner_->UpdateItem(c, r);
  }
  Result<BatchWriteItemResponse> BatchWriteItem(const CallOptions& c,
                                                const BatchWriteItemRequest& r) override {
    return inner_->BatchWriteItem(c, r);
  }
  Result<TransactWriteItemsResponse> TransactWriteItems(
      const CallOptions& c, const TransactWriteItemsRequest& r) override {
    return inner_->TransactWriteItems(c, r);
  }
  Result<TransactGetItemsResponse> TransactGetItems(const CallOptions& c,
                                                    const TransactGetItemsRequest& r) override {
    return inner_->TransactGetItems(c, r);
  }

  // Reads through the cache (caching_database.cc, caching_pages.cc).
  Result<GetItemResponse> GetItem(const CallOptions& c, const GetItemRequest& r) override;
  Result<SharedGetItemResponse> GetItemShared(const CallOptions& c,
                                              const GetItemRequest& r) override;
  Result<BatchGetItemResponse> BatchGetItem(const CallOptions& c,
                                            const BatchGetItemRequest& r) override;
  Result<QueryResponse> Query(const CallOptions& c, const QueryRequest& r) override;
  Result<ScanResponse> Scan(const CallOptions& c, const ScanRequest& r) override;

  CacheStats GetCacheStats() const override { return cache_->Stats(); }

 private:
  // The cached (or just read and cached) entry of a GetItem's key; null entry with OK status
  // when the request cannot use the cache (then the caller passes it through).
  Result<std::shared_ptr<const CachedItem>> ReadItem(const CallOptions& c,
                                                     const GetItemRequest& r);
  // The partition key attribute and value a base-table Query reads, if they can be told.
  bool PartitionOf(const CallOptions& c, const QueryRequest& r, std::string* key_name,
                   AttributeValue* value, uint64_t shape_version);

  std::unique_ptr<Database> inner_;
  std::shared_ptr<Cache> cache_;
};

}  // namespace stator::cache
