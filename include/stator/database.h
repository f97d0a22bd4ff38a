// Database: the one public API of Stator, used in-process by embedded programs and by the HTTP
// server alike.
//
// Every operation takes per-call options and a typed request, and returns a Result with the typed
// response or a Status whose ErrorCode and message are those the DynamoDB service returns for the
// same request. No operation throws.
//
// Thread safety: a Database is safe for concurrent use from any number of threads without
// external synchronisation. Operations are synchronous.
#pragma once

#include <memory>

#include "stator/admission.h"
#include "stator/backups.h"
#include "stator/cache_stats.h"
#include "stator/capacity_stats.h"
#include "stator/flat_item.h"
#include "stator/operation_stats.h"
#include "stator/options.h"
#include "stator/requests.h"
#include "stator/shared_item.h"
#include "stator/status.h"
#include "stator/storage_condition.h"
#include "stator/streams.h"

namespace stator {

class Database {
 public:
  // Opens (creating if needed) the database described by options. The caller owns the result;
  // destroying it closes the database after in-flight calls have returned.
  static Result<std::unique_ptr<Database>> Open(const Options& options);

  Database() = default;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  virtual ~Database() = default;

  // Control plane. Errors: ValidationException for malformed requests, ResourceInUseException
  // when creating a table that exists or deleting one that is still being created,
  // ResourceNotFoundException for an unknown table or ARN, LimitExceededException per the
  // service's limits.
  virtual Result<TableResponse> CreateTable(const CallOptions&, const CreateTableRequest&) = 0;
  virtual Result<TableResponse> DescribeTable(const CallOptions&, const DescribeTableRequest&) = 0;
  virtual Result<TableResponse> UpdateTable(const CallOptions&, const UpdateTableRequest&) = 0;
  virtual Result<TableResponse> DeleteTable(const CallOptions&, const DeleteTableRequest&) = 0;
  virtual Result<ListTablesResponse> ListTables(const CallOptions&, const ListTablesRequest&) = 0;

  virtual Status TagResource(const CallOptions&, const TagResourceRequest&) = 0;
  virtual Status UntagResource(const CallOptions&, const UntagResourceRequest&) = 0;
  virtual Result<ListTagsOfResourceResponse> ListTagsOfResource(
      const CallOptions&, const ListTagsOfResourceRequest&) = 0;

  virtual Result<DescribeLimitsResponse> DescribeLimits(const CallOptions&) = 0;
  virtual Result<TimeToLiveDescription> DescribeTimeToLive(const CallOptions&,
                                                           const TableNameRequest&) = 0;
  // Enables time to live on an attribute, or disables it; answers the specification applied.
  // Errors: ValidationException for a bad name, enabling when enabled, disabling when disabled,
  // or naming another attribute than the enabled one; ResourceNotFoundException.
  virtual Result<TimeToLiveSpecification> UpdateTimeToLive(const CallOptions&,
                                                           const UpdateTimeToLiveRequest&) = 0;
  virtual Result<ContinuousBackupsDescription> DescribeContinuousBackups(
      const CallOptions&, const TableNameRequest&) = 0;
  virtual Result<KinesisStreamingDestinationResponse> DescribeKinesisStreamingDestination(
      const CallOptions&, const TableNameRequest&) = 0;
  virtual Result<ContributorInsightsResponse> DescribeContributorInsights(
      const CallOptions&, const ContributorInsightsRequest&) = 0;

  // On-demand backups (backups.h), per namespace as tables are. A backup is a consistent snapshot
  // of a table's items at one instant, taken without blocking writes; it outlives its table.
  // Errors: ValidationException, TableNotFoundException (CreateBackup of an unknown table),
  // BackupNotFoundException, BackupInUseException (deleting a backup a restore is reading),
  // TableAlreadyExistsException (restoring to a name taken). RestoreTableFromBackup returns the
  // new table CREATING; it becomes ACTIVE once every item and index entry is in.
  virtual Result<CreateBackupResponse> CreateBackup(const CallOptions&,
                                                    const CreateBackupRequest&) = 0;
  virtual Result<BackupDescriptionResponse> DescribeBackup(const CallOptions&,
                                                           const BackupArnRequest&) = 0;
  virtual Result<ListBackupsResponse> ListBackups(const CallOptions&,
                                                  const ListBackupsRequest&) = 0;
  virtual Result<BackupDescriptionResponse> DeleteBackup(const CallOptions&,
                                                         const BackupArnRequest&) = 0;
  virtual Result<TableResponse> RestoreTableFromBackup(const CallOptions&,
                                                       const RestoreTableFromBackupRequest&) = 0;

  // Point-in-time recovery. UpdateContinuousBackups enables it (history is kept from then on,
  // for RecoveryPeriodInDays) or disables it (the history is dropped); RestoreTableToPointInTime
  // creates a new table holding the source's items as they were at a time within the recovery
  // window. Errors: ValidationException, TableNotFoundException, SourceTableNotFoundException,
  // TableAlreadyExistsException, PointInTimeRecoveryUnavailableException,
  // InvalidRestoreTimeException.
  virtual Result<ContinuousBackupsDescription> UpdateContinuousBackups(
      const CallOptions&, const UpdateContinuousBackupsRequest&) = 0;
  virtual Result<TableResponse> RestoreTableToPointInTime(
      const CallOptions&, const RestoreTableToPointInTimeRequest&) = 0;

  // Resource policies. GetResourcePolicy on a table without one: PolicyNotFoundException.
  virtual Result<ResourcePolicyResponse> PutResourcePolicy(const CallOptions&,
                                                           const PutResourcePolicyRequest&) = 0;
  virtual Result<ResourcePolicyResponse> GetResourcePolicy(const CallOptions&,
                                                           const ResourcePolicyRequest&) = 0;
  virtual Result<ResourcePolicyResponse> DeleteResourcePolicy(const CallOptions&,
                                                              const ResourcePolicyRequest&) = 0;

  // Data plane: single items. A write is atomic and durable (see Options::sync) once it returns
  // OK. Errors: ValidationException (bad key, item over 400 KB, bad number ...),
  // ResourceNotFoundException, ConditionalCheckFailedException.
  virtual Result<PutItemResponse> PutItem(const CallOptions&, const PutItemRequest&) = 0;
  virtual Result<GetItemResponse> GetItem(const CallOptions&, const GetItemRequest&) = 0;
  virtual Result<DeleteItemResponse> DeleteItem(const CallOptions&, const DeleteItemRequest&) = 0;
  virtual Result<UpdateItemResponse> UpdateItem(const CallOptions&, const UpdateItemRequest&) = 0;

  // GetItem answering with shared, immutable data (shared_item.h): from the cache, a reference
  // to the cached item and its encoding slot, without a copy. Same errors as GetItem. The
  // default wraps GetItem.
  virtual Result<SharedGetItemResponse> GetItemShared(const CallOptions& call,
                                                      const GetItemRequest& r) {
    auto response = GetItem(call, r);
    if (!response.ok()) return response.status();
    SharedGetItemResponse out;
    if (response->item) out.item = std::make_shared<const Item>(std::move(*response->item));
    out.consumed_capacity = std::move(response->consumed_capacity);
    out.cache = response->cache;
    return out;
  }

  // GetItem answering with the item in its flat form (flat_item.h): the engine hands the stored
  // record over without building an Item (a projection is applied to an Item, then flattened).
  // Same errors as GetItem. The default wraps GetItem.
  virtual Result<FlatGetItemResponse> GetItemFlat(const CallOptions& call,
                                                  const GetItemRequest& r) {
    auto response = GetItem(call, r);
    if (!response.ok()) return response.status();
    return FlatGetItemResponse::Of(response->item ? &*response->item : nullptr,
                                   std::move(response->consumed_capacity), response->cache);
  }

  // Batches: every request is validated before anything is read or written. Each item of a
  // BatchWriteItem is written atomically; the batch as a whole is not. Keys left unread when the
  // response reaches 16 MB come back in UnprocessedKeys. Errors: ValidationException,
  // ResourceNotFoundException.
  virtual Result<BatchGetItemResponse> BatchGetItem(const CallOptions&,
                                                    const BatchGetItemRequest&) = 0;
  virtual Result<BatchWriteItemResponse> BatchWriteItem(const CallOptions&,
                                                        const BatchWriteItemRequest&) = 0;

  // Transactions: all actions or none, serializable with every other write; conditions are
  // evaluated on one consistent view. Errors: ValidationException, ResourceNotFoundException,
  // TransactionCanceledException (detail: a CancellationReason per action),
  // IdempotentParameterMismatchException, TransactionInProgressException.
  virtual Result<TransactWriteItemsResponse> TransactWriteItems(
      const CallOptions&, const TransactWriteItemsRequest&) = 0;
  // Reads every item from one consistent snapshot.
  virtual Result<TransactGetItemsResponse> TransactGetItems(const CallOptions&,
                                                            const TransactGetItemsRequest&) = 0;

  // Data plane: reads of many items, one page per call. A page holds at most Limit items read
  // and about 1 MB of data read, read from one consistent snapshot; LastEvaluatedKey, passed
  // back as ExclusiveStartKey, continues after it. Errors: ValidationException (bad key
  // condition, expression, starting key, segment ...), ResourceNotFoundException.
  virtual Result<QueryResponse> Query(const CallOptions&, const QueryRequest&) = 0;
  virtual Result<ScanResponse> Scan(const CallOptions&, const ScanRequest&) = 0;

  // DynamoDB Streams (streams.h): the streams of the caller's tables, each read shard by shard.
  // Errors: ValidationException, ResourceNotFoundException (unknown stream or shard),
  // TrimmedDataAccessException (a position whose records are past the retention period),
  // ExpiredIteratorException (a shard iterator older than 15 minutes).
  virtual Result<ListStreamsResponse> ListStreams(const CallOptions&,
                                                  const ListStreamsRequest&) = 0;
  virtual Result<DescribeStreamResponse> DescribeStream(const CallOptions&,
                                                        const DescribeStreamRequest&) = 0;
  virtual Result<GetShardIteratorResponse> GetShardIterator(const CallOptions&,
                                                            const GetShardIteratorRequest&) = 0;
  virtual Result<GetRecordsResponse> GetRecords(const CallOptions&, const GetRecordsRequest&) = 0;

  // The event source mappings (Options::event_source_mappings) and how their delivery goes.
  // Default: none.
  virtual std::vector<EventSourceMappingStatus> GetEventSourceMappings() const { return {}; }

  // What the read-through cache did, per table (cache_stats.h); `enabled` false without one.
  virtual CacheStats GetCacheStats() const { return {}; }

  // Per-operation figures of the data plane (operation_stats.h). Default: none recorded.
  virtual OperationStats GetOperationStats() const { return {}; }

  // Consumed capacity and throttled requests per table and index (capacity_stats.h). Default:
  // none recorded.
  virtual CapacityStats GetCapacityStats() const { return {}; }

  // Whether writes can succeed now (storage_condition.h): false while the store refuses them
  // after a full disk or an I/O error, until it recovers. Default: it can.
  virtual StorageCondition GetStorageCondition() const { return {}; }

  // The table-access step for a read a layer in front of the engine answered itself (a cache
  // hit): resolves the table (by name or ARN) and the partition of `key` (GetItem,
  // BatchGetItem) or of the Query's key condition (a Scan: all partitions; `read` names the
  // Query's or Scan's index), asks admission and charges `read_units`. A failed Status (a
  // refusal by admission, an unknown table) is the request's answer. Default: admits without
  // recording.
  struct ServedRead {
    Operation op = Operation::kGetItem;
    std::string_view table_name;
    const Item* key = nullptr;
    const ReadRequest* read = nullptr;  // a QueryRequest for kQuery, a ScanRequest for kScan
    double read_units = 0;
  };
  virtual Status AccessServed(const CallOptions&, const ServedRead&) { return Status::OK(); }
  // Counts one request a layer in front answered, with its outcome (kOk or the error it was
  // answered with; a request of several served reads,
  // BatchGetItem, is one request). Its latency is not timed: at a fraction of a microsecond a
  // cache hit would pay a quarter of its cost for the two clock reads. Default: not counted.
  virtual void RecordServed(Operation, ErrorCode /*outcome*/) {}
};

}  // namespace stator
