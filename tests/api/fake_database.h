// FakeDatabase: a stator::Database for api/ tests that never touches storage. Every operation
// fails with a fixed ValidationException except ListTables, which answers no tables; it records
// the CallOptions of the last call so tests can see the tenant and region the server derived.
//
// Thread safety: last_call is guarded by a mutex; the fake may be called from server threads.
#pragma once

#include <mutex>

#include "stator/database.h"

namespace stator::api::testing {

class FakeDatabase : public Database {
 public:
  CallOptions last_call() const {
    std::lock_guard<std::mutex> lock(mu_);
    return last_call_;
  }

  Result<ListTablesResponse> ListTables(const CallOptions& c, const ListTablesRequest&) override {
    Record(c);
    return ListTablesResponse{};
  }
  Result<TableResponse> CreateTable(const CallOptions& c, const CreateTableRequest&) override {
    return Fail(c);
  }
  Result<TableResponse> DescribeTable(const CallOptions& c, const DescribeTableRequest&) override {
    return Fail(c);
  }
  Result<TableResponse> UpdateTable(const CallOptions& c, const UpdateTableRequest&) override {
    return Fail(c);
  }
  Result<TableResponse> DeleteTable(const CallOptions& c, const DeleteTableRequest&) override {
    return Fail(c);
  }
  Status TagResource(const CallOptions& c, const TagResourceRequest&) override { return Fail(c); }
  Status UntagResource(const CallOptions& c, const UntagResourceRequest&) override {
    return Fail(c);
  }
  Result<ListTagsOfResourceResponse> ListTagsOfResource(const CallOptions& c,
                                                        const ListTagsOfResourceRequest&) override {
    return Fail(c);
  }
  Result<DescribeLimitsResponse> DescribeLimits(const CallOptions& c) override { return Fail(c); }
  Result<TimeToLiveDescription> DescribeTimeToLive(const CallOptions& c,
                                                   const TableNameRequest&) override {
    return Fail(c);
  }
  Result<TimeToLiveSpecification> UpdateTimeToLive(const CallOptions& c,
                                                   const UpdateTimeToLiveRequest&) override {
    return Fail(c);
  }
  Result<ContinuousBackupsDescription> DescribeContinuousBackups(
      const CallOptions& c, const TableNameRequest&) override {
    return Fail(c);
  }
  Result<CreateBackupResponse> CreateBackup(const CallOptions& c,
                                            const CreateBackupRequest&) override {
    return Fail(c);
  }
  Result<BackupDescriptionResponse> DescribeBackup(const CallOptions& c,
                                                   const BackupArnRequest&) override {
    return Fail(c);
  }
  Result<ListBackupsResponse> ListBackups(const CallOptions& c,
                                          const ListBackupsRequest&) override {
    return Fail(c);
  }
  Result<BackupDescriptionResponse> DeleteBackup(const CallOptions& c,
                                                 const BackupArnRequest&) override {
    return Fail(c);
  }
  Result<TableResponse> RestoreTableFromBackup(const CallOptions& c,
                                               const RestoreTableFromBackupRequest&) override {
    return Fail(c);
  }
  Result<ContinuousBackupsDescription> UpdateContinuousBackups(
      const CallOptions& c, const UpdateContinuousBackupsRequest&) override {
    return Fail(c);
  }
  Result<TableResponse> RestoreTableToPointInTime(
      const CallOptions& c, const RestoreTableToPointInTimeRequest&) override {
    return Fail(c);
  }
  Result<KinesisStreamingDestinationResponse> DescribeKinesisStreamingDestination(
      const CallOptions& c, const TableNameRequest&) override {
    return Fail(c);
  }
  Result<ContributorInsightsResponse> DescribeContributorInsights(
      const CallOptions& c, const ContributorInsightsRequest&) override {
    return Fail(c);
  }
  Result<ResourcePolicyResponse> PutResourcePolicy(const CallOptions& c,
                                                   const PutResourcePolicyRequest&) override {
    return Fail(c);
  }
  Result<ResourcePolicyResponse> GetResourcePolicy(const CallOptions& c,
                                                   const ResourcePolicyRequest&) override {
    return Fail(c);
  }
  Result<ResourcePolicyResponse> DeleteResourcePolicy(const CallOptions& c,
                                                      const ResourcePolicyRequest&) override {
    return Fail(c);
  }
  Result<PutItemResponse> PutItem(const CallOptions& c, const PutItemRequest&) override {
    return Fail(c);
  }
  Result<GetItemResponse> GetItem(const CallOptions& c, const GetItemRequest&) override {
    return Fail(c);
  }
  Result<DeleteItemResponse> DeleteItem(const CallOptions& c, const DeleteItemRequest&) override {
    return Fail(c);
  }
  Result<UpdateItemResponse> UpdateItem(const CallOptions& c, const UpdateItemRequest&) override {
    return Fail(c);
  }
  Result<BatchGetItemResponse> BatchGetItem(const CallOptions& c,
                                            const BatchGetItemRequest&) override {
    return Fail(c);
  }
  Result<BatchWriteItemResponse> BatchWriteItem(const CallOptions& c,
                                                const BatchWriteItemRequest&) override {
    return Fail(c);
  }
  Result<TransactWriteItemsResponse> TransactWriteItems(
      const CallOptions& c, const TransactWriteItemsRequest&) override {
    return Fail(c);
  }
  Result<TransactGetItemsResponse> TransactGetItems(const CallOptions& c,
                                                    const TransactGetItemsRequest&) override {
    return Fail(c);
  }

  Result<QueryResponse> Query(const CallOptions& c, const QueryRequest&) override {
    return Fail(c);
  }
  Result<ScanResponse> Scan(const CallOptions& c, const ScanRequest&) override { return Fail(c); }
  Result<ListStreamsResponse> ListStreams(const CallOptions& c,
                                          const ListStreamsRequest&) override {
    return Fail(c);
  }
  Result<DescribeStreamResponse> DescribeStream(const CallOptions& c,
                                                const DescribeStreamRequest&) override {
    return Fail(c);
  }
  Result<GetShardIteratorResponse> GetShardIterator(const CallOptions& c,
                                                    const GetShardIteratorRequest&) override {
    return Fail(c);
  }
  Result<GetRecordsResponse> GetRecords(const CallOptions& c, const GetRecordsRequest&) override {
    return Fail(c);
  }

  StorageCondition GetStorageCondition() const override {
    std::lock_guard<std::mutex> lock(mu_);
    return storage_condition_;
  }
  // What GetStorageCondition answers from now on.
  void SetStorageCondition(StorageCondition condition) {
    std::lock_guard<std::mutex> lock(mu_);
    storage_condition_ = std::move(condition);
  }

 private:
  void Record(const CallOptions& c) {
    std::lock_guard<std::mutex> lock(mu_);
    last_call_ = c;
  }
  Status Fail(const CallOptions& c) {
    Record(c);
    return Status::Validation("fake database");
  }

  mutable std::mutex mu_;
  CallOptions last_call_;
  StorageCondition storage_condition_;
};

}  // namespace stator::api::testing
