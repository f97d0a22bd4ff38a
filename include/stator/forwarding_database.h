// ForwardingDatabase: a Database that passes every call to another Database it owns, as
// RocksDB's StackableDB does for a DB. A layer that changes a few operations (the read-through
// cache, and later throttling, metrics or logging wrappers) derives from it and overrides only
// those; a new operation added to Database is forwarded here once rather than in every layer.
//
// Thread safety: as Database; the wrapped Database must be safe for concurrent use.
#pragma once

#include <memory>
#include <utility>

#include "stator/database.h"

namespace stator {

class ForwardingDatabase : public Database {
 public:
  explicit ForwardingDatabase(std::unique_ptr<Database> inner) : inner_(std::move(inner)) {}

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
  Result<TimeToLiveSpecification> UpdateTimeToLive(const CallOptions& c,
                                                   const UpdateTimeToLiveRequest& r) override {
    return inner_->UpdateTimeToLive(c, r);
  }
  Result<ContinuousBackupsDescription> DescribeContinuousBackups(
      const CallOptions& c, const TableNameRequest& r) override {
    return inner_->DescribeContinuousBackups(c, r);
  }
  Result<CreateBackupResponse> CreateBackup(const CallOptions& c,
                                            const CreateBackupRequest& r) override {
    return inner_->CreateBackup(c, r);
  }
  Result<BackupDescriptionResponse> DescribeBackup(const CallOptions& c,
                                                   const BackupArnRequest& r) override {
    return inner_->DescribeBackup(c, r);
  }
  Result<ListBackupsResponse> ListBackups(const CallOptions& c,
                                          const ListBackupsRequest& r) override {
    return inner_->ListBackups(c, r);
  }
  Result<BackupDescriptionResponse> DeleteBackup(const CallOptions& c,
                                                 const BackupArnRequest& r) override {
    return inner_->DeleteBackup(c, r);
  }
  Result<TableResponse> RestoreTableFromBackup(const CallOptions& c,
                                               const RestoreTableFromBackupRequest& r) override {
    return inner_->RestoreTableFromBackup(c, r);
  }
  Result<ContinuousBackupsDescription> UpdateContinuousBackups(
      const CallOptions& c, const UpdateContinuousBackupsRequest& r) override {
    return inner_->UpdateContinuousBackups(c, r);
  }
  Result<TableResponse> RestoreTableToPointInTime(
      const CallOptions& c, const RestoreTableToPointInTimeRequest& r) override {
    return inner_->RestoreTableToPointInTime(c, r);
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

  Result<PutItemResponse> PutItem(const CallOptions& c, const PutItemRequest& r) override {
    return inner_->PutItem(c, r);
  }
  Result<GetItemResponse> GetItem(const CallOptions& c, const GetItemRequest& r) override {
    return inner_->GetItem(c, r);
  }
  Result<DeleteItemResponse> DeleteItem(const CallOptions& c,
                                        const DeleteItemRequest& r) override {
    return inner_->DeleteItem(c, r);
  }
  Result<UpdateItemResponse> UpdateItem(const CallOptions& c,
                                        const UpdateItemRequest& r) override {
    return inner_->UpdateItem(c, r);
  }
  Result<SharedGetItemResponse> GetItemShared(const CallOptions& c,
                                              const GetItemRequest& r) override {
    return inner_->GetItemShared(c, r);
  }
  Result<FlatGetItemResponse> GetItemFlat(const CallOptions& c,
                                          const GetItemRequest& r) override {
    return inner_->GetItemFlat(c, r);
  }
  Result<BatchGetItemResponse> BatchGetItem(const CallOptions& c,
                                            const BatchGetItemRequest& r) override {
    return inner_->BatchGetItem(c, r);
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
  Result<QueryResponse> Query(const CallOptions& c, const QueryRequest& r) override {
    return inner_->Query(c, r);
  }
  Result<ScanResponse> Scan(const CallOptions& c, const ScanRequest& r) override {
    return inner_->Scan(c, r);
  }
  Result<ListStreamsResponse> ListStreams(const CallOptions& c,
                                          const ListStreamsRequest& r) override {
    return inner_->ListStreams(c, r);
  }
  Result<DescribeStreamResponse> DescribeStream(const CallOptions& c,
                                                const DescribeStreamRequest& r) override {
    return inner_->DescribeStream(c, r);
  }
  Result<GetShardIteratorResponse> GetShardIterator(const CallOptions& c,
                                                    const GetShardIteratorRequest& r) override {
    return inner_->GetShardIterator(c, r);
  }
  Result<GetRecordsResponse> GetRecords(const CallOptions& c,
                                        const GetRecordsRequest& r) override {
    return inner_->GetRecords(c, r);
  }
  std::vector<EventSourceMappingStatus> GetEventSourceMappings() const override {
    return inner_->GetEventSourceMappings();
  }
  CacheStats GetCacheStats() const override { return inner_->GetCacheStats(); }
  OperationStats GetOperationStats() const override { return inner_->GetOperationStats(); }
  CapacityStats GetCapacityStats() const override { return inner_->GetCapacityStats(); }
  StorageCondition GetStorageCondition() const override { return inner_->GetStorageCondition(); }
  Status AccessServed(const CallOptions& c, const ServedRead& r) override {
    return inner_->AccessServed(c, r);
  }
  void RecordServed(Operation op, ErrorCode outcome) override {
    inner_->RecordServed(op, outcome);
  }

 protected:
  Database& inner() { return *inner_; }

 private:
  std::unique_ptr<Database> inner_;
};

}  // namespace stator
