// EngineDatabase: the stator::Database implemented directly on the storage engine. Its methods
// are spread over files by family: table_operations.cc (control plane), item_operations.cc
// (single-item reads and writes), batch_operations.cc, transact_operations.cc,
// resource_operations.cc (tags, policies, feature status), backups/backup_operations.cc (on-demand
// backups and restores), pitr/pitr_operations.cc (point-in-time recovery).
//
// Thread safety: as Database: every method may be called concurrently.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>

#include "engine/access/table_access.h"
#include "engine/background/scheduler.h"
#include "engine/backups/backup_catalog.h"
#include "engine/backups/table_snapshot.h"
#include "engine/consumers/consumer_set.h"
#include "engine/items/item_store.h"
#include "engine/reads/read_request.h"
#include "engine/storage/storage.h"
#include "engine/streams/stream_registry.h"
#include "engine/tables/catalog.h"
#include "engine/transactions/transaction_marks.h"
#include "engine/transactions/transaction_tokens.h"
#include "stator/database.h"

namespace stator::engine {

struct TxAction;  // transact_operations.cc

class EngineDatabase final : public Database {
 public:
  static Result<std::unique_ptr<Database>> Open(const Options& options);
  // Stops the consumers (waiting for invocations in progress), then the background work.
  ~EngineDatabase() override;

  Result<TableResponse> CreateTable(const CallOptions&, const CreateTableRequest&) override;
  Result<TableResponse> DescribeTable(const CallOptions&, const DescribeTableRequest&) override;
  Result<TableResponse> UpdateTable(const CallOptions&, const UpdateTableRequest&) override;
  Result<TableResponse> DeleteTable(const CallOptions&, const DeleteTableRequest&) override;
  Result<ListTablesResponse> ListTables(const CallOptions&, const ListTablesRequest&) override;

  Status TagResource(const CallOptions&, const TagResourceRequest&) override;
  Status UntagResource(const CallOptions&, const UntagResourceRequest&) override;
  Result<ListTagsOfResourceResponse> ListTagsOfResource(
      const CallOptions&, const ListTagsOfResourceRequest&) override;

  Result<DescribeLimitsResponse> DescribeLimits(const CallOptions&) override;
  // Time to live (engine/ttl/ttl_operations.cc).
  Result<TimeToLiveDescription> DescribeTimeToLive(const CallOptions&,
                                                   const TableNameRequest&) override;
  Result<TimeToLiveSpecification> UpdateTimeToLive(const CallOptions&,
                                                   const UpdateTimeToLiveRequest&) override;
  Result<ContinuousBackupsDescription> DescribeContinuousBackups(
      const CallOptions&, const TableNameRequest&) override;
  Result<KinesisStreamingDestinationResponse> DescribeKinesisStreamingDestination(
      const CallOptions&, const TableNameRequest&) override;
  Result<ContributorInsightsResponse> DescribeContributorInsights(
      const CallOptions&, const ContributorInsightsRequest&) override;

  Result<CreateBackupResponse> CreateBackup(const CallOptions&,
                                            const CreateBackupRequest&) override;
  Result<BackupDescriptionResponse> DescribeBackup(const CallOptions&,
                                                   const BackupArnRequest&) override;
  Result<ListBackupsResponse> ListBackups(const CallOptions&, const ListBackupsRequest&) override;
  Result<BackupDescriptionResponse> DeleteBackup(const CallOptions&,
                                                 const BackupArnRequest&) override;
  Result<TableResponse> RestoreTableFromBackup(const CallOptions&,
                                               const RestoreTableFromBackupRequest&) override;
  // Point-in-time recovery (engine/pitr/pitr_operations.cc).
  Result<ContinuousBackupsDescription> UpdateContinuousBackups(
      const CallOptions&, const UpdateContinuousBackupsRequest&) override;
  Result<TableResponse> RestoreTableToPointInTime(const CallOptions&,
                                                  const RestoreTableToPointInTimeRequest&) override;

  Result<ResourcePolicyResponse> PutResourcePolicy(const CallOptions&,
                                                   const PutResourcePolicyRequest&) override;
  Result<ResourcePolicyResponse> GetResourcePolicy(const CallOptions&,
                                                   const ResourcePolicyRequest&) override;
  Result<ResourcePolicyResponse> DeleteResourcePolicy(const CallOptions&,
                                                      const ResourcePolicyRequest&) override;

  // The data plane: each passes the table-access step (engine/access/data_plane.cc).
  Result<PutItemResponse> PutItem(const CallOptions&, const PutItemRequest&) override;
  Result<GetItemResponse> GetItem(const CallOptions&, const GetItemRequest&) override;
  Result<FlatGetItemResponse> GetItemFlat(const CallOptions&, const GetItemRequest&) override;
  Result<DeleteItemResponse> DeleteItem(const CallOptions&, const DeleteItemRequest&) override;
  Result<UpdateItemResponse> UpdateItem(const CallOptions&, const UpdateItemRequest&) override;

  Result<BatchGetItemResponse> BatchGetItem(const CallOptions&,
                                            const BatchGetItemRequest&) override;
  Result<BatchWriteItemResponse> BatchWriteItem(const CallOptions&,
                                                const BatchWriteItemRequest&) override;
  Result<TransactWriteItemsResponse> TransactWriteItems(const CallOptions&,
                                                        const TransactWriteItemsRequest&) override;
  Result<TransactGetItemsResponse> TransactGetItems(const CallOptions&,
                                                    const TransactGetItemsRequest&) override;

  Result<QueryResponse> Query(const CallOptions&, const QueryRequest&) override;
  Result<ScanResponse> Scan(const CallOptions&, const ScanRequest&) override;

  // DynamoDB Streams (engine/streams/stream_operations.cc).
  Result<ListStreamsResponse> ListStreams(const CallOptions&, const ListStreamsRequest&) override;
  Result<DescribeStreamResponse> DescribeStream(const CallOptions&,
                                                const DescribeStreamRequest&) override;
  Result<GetShardIteratorResponse> GetShardIterator(const CallOptions&,
                                                    const GetShardIteratorRequest&) override;
  Result<GetRecordsResponse> GetRecords(const CallOptions&, const GetRecordsRequest&) override;

  std::vector<EventSourceMappingStatus> GetEventSourceMappings() const override {
    return consumers_.Statuses();
  }

  OperationStats GetOperationStats() const override { return access_.Stats(*storage_); }
  CapacityStats GetCapacityStats() const override;  // engine/access/capacity_report.cc
  StorageCondition GetStorageCondition() const override { return storage_->Condition(); }
  Status AccessServed(const CallOptions& call, const ServedRead& r) override;
  void RecordServed(Operation op, ErrorCode outcome) override {
    access_.RecordServed(op, outcome);
  }
  // For tests that move a manual clock: runs the background work that became due
  // (Scheduler::RunDueForTesting).
  int RunBackgroundForTesting() { return scheduler_.RunDueForTesting(); }
  // For benchmarks that time an operation beside the storage work under it on the same store
  // (bench/engine/item_floor_bench.cc). Writing through it behind the engine's back breaks the
  // engine's invariants (statistics, indexes, change feed): only rewrite records as they are.
  Storage& StorageForBenchmarks() { return *storage_; }

  // The default admission's figures, or null when Options::admission replaced it.
  const CapacityLedger* capacity_ledger() const { return access_.ledger(); }

 private:
  EngineDatabase(const Options& options, std::unique_ptr<Storage> storage);

  // The operations' work, inside the access step's measurement (item_operations.cc,
  // batch_operations.cc, transact_operations.cc, query.cc, scan.cc).
  Result<PutItemResponse> DoPutItem(const CallOptions&, const PutItemRequest&);
  Result<GetItemResponse> DoGetItem(const CallOptions&, const GetItemRequest&);
  Result<FlatGetItemResponse> DoGetItemFlat(const CallOptions&, const GetItemRequest&);
  Result<DeleteItemResponse> DoDeleteItem(const CallOptions&, const DeleteItemRequest&);
  Result<UpdateItemResponse> DoUpdateItem(const CallOptions&, const UpdateItemRequest&);

  Result<BatchGetItemResponse> DoBatchGetItem(const CallOptions&,
                                            const BatchGetItemRequest&);
  Result<BatchWriteItemResponse> DoBatchWriteItem(const CallOptions&,
                                                const BatchWriteItemRequest&);
  Result<TransactWriteItemsResponse> DoTransactWriteItems(const CallOptions&,
                                                        const TransactWriteItemsRequest&);
  Result<TransactGetItemsResponse> DoTransactGetItems(const CallOptions&,
                                                    const TransactGetItemsRequest&);

  Result<QueryResponse> DoQuery(const CallOptions&, const QueryRequest&);
  Result<ScanResponse> DoScan(const CallOptions&, const ScanRequest&);

  // A request's access to one item by its key (GetItem, DeleteItem): the table, the key as
  // checked (`normalized` holds it when a number in it was not canonical), its partition and
  // sort values (pointing into the key), and the admitted access. Not to be moved once opened.
  struct KeyAccess {
    std::shared_ptr<Table> table;
    std::optional<Item> normalized;
    const Item* key = nullptr;
    const AttributeValue* partition = nullptr;
    const AttributeValue* sort = nullptr;
    Access access;
  };
  // AccessServed's work: the table-access step for one read the cache answered.
  Status AdmitServed(const CallOptions& call, const ServedRead& r);
  // Validates `key`, resolves the table, checks the key against its schema and asks admission
  // for the key's partition: the table-access step for one item (`cached`: a cache hit's).
  // Errors: ValidationException, ResourceNotFoundException, admission's refusal.
  Status OpenKey(const CallOptions& call, Operation op, std::string_view table_name,
                 const Item& key, KeyAccess* out, bool cached = false);
  // The active table a data-plane call names (by name or ARN): TableAccess::Resolve.
  Result<std::shared_ptr<Table>> ActiveTable(const CallOptions& call,
                                             std::string_view name_or_arn) const {
    return access_.Resolve(call, name_or_arn);
  }
  // A table named by a control-plane call, in any status.
  Result<std::shared_ptr<Table>> AnyTable(const CallOptions& call, std::string_view name_or_arn,
                                          bool deleting_ok);
  // The table a resource ARN names. Errors: the service's ARN validation errors, and
  // ResourceNotFoundException worded as the tag operations word it or, for the resource policy
  // operations, as DescribeTable does.
  enum class ArnUse { kTags, kPolicy };
  Result<std::shared_ptr<Table>> TableByArn(const CallOptions& call, std::string_view arn,
                                            ArnUse use = ArnUse::kTags);
  // TransactWriteItems without its token handling; its validation (transact_operations.cc).
  // `token` (may be null) is written in the transaction's batch.
  Result<TransactWriteItemsResponse> RunTransactWrite(
      const CallOptions& call, const TransactWriteItemsRequest& r,
      const TransactionTokens::Record* token = nullptr);
  Status PrepareTransactWrite(const CallOptions& call, const TransactWriteItemsRequest& r,
                              std::vector<TxAction>* actions);
  // The full description of a table, statistics included.
  Result<TableDescription> Describe(const Table& table);
  // With throughput enforcement on, holds a new table to the quotas (throughput_quotas.h); its
  // OnDemandThroughput is checked either way.
  Status CheckCreateQuotas(const CallOptions& call, const CreateTableRequest& r) const;
  // For a read of a local index that asks for attributes the index may not project: a fetcher
  // of the base items (the service reads them from the table, charging the reads, which the
  // fetcher adds to *fetched_units); null otherwise (index_read.cc).
  std::optional<ItemFetcher> BaseItemFetcher(const Table& table, const IndexDef* index,
                                             const PreparedRead& p, bool consistent,
                                             double* fetched_units);
  // Opens what a Query or Scan reads: the table, the index it names and the base-item fetcher
  // (index_read.cc). Errors: ResourceNotFoundException, the index's (FindReadIndex).
  Status OpenRead(const CallOptions& call, const ReadRequest& r, const PreparedRead& p,
                  ReadSource* out);
  // Reads one page of [begin, end) (in reverse when asked) of an opened source into *out, and
  // returns the bytes of item data read. Takes a snapshot when the source needs one.
  Result<int64_t> ReadRange(const ReadSource& source, const PreparedRead& p,
                            std::optional<int64_t> limit, std::string begin, std::string end,
                            bool reverse, ReadResponse* out) const;
  // Tells the change listener that a table was deleted or its indexes changed.
  void TableChanged(const Table& table) const;
  // Tables' streams (engine/streams/table_streams.cc). NewStream makes a stream for the table
  // `d` describes, with d's StreamSpecification, and sets its LatestStreamArn and Label.
  Result<std::shared_ptr<StreamHook>> NewStream(std::string_view tenant, const KeySchema& key,
                                                TableDescription* d);
  // UpdateTable's StreamSpecification: enables a new stream or disables the current one.
  Status UpdateStream(const std::shared_ptr<Table>& table, const UpdateTableRequest& r);
  // Disables the stream `d` names (the table's description before the change), if any.
  Status DisableStream(Table& table, const TableDescription& d);
  // At open: loads the streams, gives each enabled stream's hook to its table, and schedules
  // their upkeep.
  Status OpenStreams();

  // At open (backups/backup_operations.cc): loads the backups, removes those a crash left
  // CREATING (and directories no record names), and restarts the restores a crash interrupted.
  Status OpenBackups();
  // The tenant's backup an ARN names. Errors: BackupNotFoundException.
  Result<BackupRecord> FindBackup(const CallOptions& call, std::string_view arn) const;
  // Writes a backup: its record CREATING, then its items' file (write_items, given the file's
  // path), then the record AVAILABLE with the file's figures. On failure nothing of it stays.
  Status WriteBackup(
      BackupRecord* record,
      const std::function<Result<SnapshotFigures>(const std::string& path)>& write_items);

  // Point-in-time recovery (engine/pitr/pitr_operations.cc). EnablePitr and DisablePitr run
  // under pitr_changes_; ForgetPitr is told of a table's deletion; OpenPitr gives the tables
  // with PITR enabled their history hooks and schedules the retention of their history.
  // The times a restore may ask for now, in microseconds (a description rounds them to
  // milliseconds).
  struct RestorableWindow {
    int64_t earliest_micros = 0;
    int64_t latest_micros = 0;
  };
  RestorableWindow WindowOf(const PitrSettings& pitr) const;
  ContinuousBackupsDescription ContinuousBackupsOf(const TableMeta& meta) const;
  Status EnablePitr(const std::shared_ptr<Table>& table, int64_t period_days);
  Status DisablePitr(const std::shared_ptr<Table>& table);
  void ForgetPitr(const Table& table);
  // Before a table with PITR enabled is deleted: the system backup the service takes of it,
  // "<name>$DeletedTableBackup", from which the deleted table can be restored.
  Status BackUpDeletedTable(const CallOptions& call, const Table& table);
  Status OpenPitr();

  // At open: the task that resumes writing after a full disk or an I/O error, woken by the
  // storage's health when it stops writing (storage_health.h).
  Status ScheduleStorageRecovery();

  // Applies UpdateTable's GlobalSecondaryIndexUpdates (index_update.cc), `call` naming the
  // region the quotas' messages name.
  Status UpdateIndexes(const CallOptions& call, const std::shared_ptr<Table>& table,
                       const UpdateTableRequest& r);

  Options options_;
  std::unique_ptr<Storage> storage_;
  Catalog catalog_;
  TableAccess access_;
  // The event source mappings' consumers; before items_, whose change feed wakes them.
  ConsumerSet consumers_;
  ItemStore items_;
  TransactionTokens tokens_;
  TransactionMarks marks_;  // the keys in-flight write transactions hold
  StreamRegistry streams_;
  BackupCatalog backups_;
  std::mutex stream_changes_;  // one stream enabling or disabling at a time
  std::mutex pitr_changes_;    // one PITR enabling or disabling at a time
  // The history hooks of the tables with PITR enabled, by table id. Guarded by pitr_changes_.
  std::map<uint32_t, std::shared_ptr<const WriteHook>> pitr_hooks_;
  // Background work (index backfills). Declared last: its worker stops, finishing the step in
  // progress, before the catalog and storage its tasks use are destroyed.
  Scheduler scheduler_;
};

}  // namespace stator::engine
