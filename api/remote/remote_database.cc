#include "api/remote/remote_database.h"

#include "api/codec_backups_client.h"
#include "api/codec_batch_client.h"
#include "api/codec_item_client.h"
#include "api/codec_misc_client.h"
#include "api/codec_read_client.h"
#include "api/codec_streams_client.h"
#include "api/codec_table_client.h"
#include "api/codec_transact_client.h"
#include "api/errors_client.h"
#include "api/remote/connection_pool.h"
#include "api/remote/streams_endpoint.h"

namespace stator::remote {
namespace {

using std::chrono::milliseconds;
using std::chrono::nanoseconds;

constexpr std::string_view kDynamoDbTargetPrefix = "DynamoDB_20120810";

// The service could not be reached, or did not answer in time, even after the retries: still an
// IOError for an embedded caller, answered by a server in front of the service (stator
// --upstream) as the service answers when it cannot serve, 503 ServiceUnavailable, which SDKs
// retry: the proxy is up, what it stands for is not.
Status Unreachable(const Status& failure) {
  auto detail = std::make_shared<ErrorDetail>();
  detail->service_type = std::string(kUnreachableType);
  detail->service_http_status = 503;
  return Status(ErrorCode::kIOError, failure.message(), std::move(detail));
}

RetrySettings RetrySettingsOf(const RemoteOptions& options) {
  RetrySettings settings{options.max_attempts, milliseconds(options.base_delay_ms),
                         milliseconds(options.max_backoff_ms), options.retry_quota};
  settings.call_budget = milliseconds(options.call_timeout_ms);
  return settings;
}

class RemoteDatabase final : public Database {
 public:
  RemoteDatabase(const RemoteOptions& options, client::Endpoint endpoint,
                 client::Credentials credentials, RetryPolicy::Sleep sleep)
      : connect_timeout_(options.connect_timeout_ms),
        request_timeout_(options.request_timeout_ms),
        verify_tls_(options.verify_tls),
        pool_(endpoint, credentials, options.max_idle_connections),
        retry_(RetrySettingsOf(options), std::move(sleep)) {
    client::Endpoint streams = StreamsEndpointOf(endpoint);
    if (streams.host_header != endpoint.host_header) {
      streams_pool_ = std::make_unique<ConnectionPool>(std::move(streams), std::move(credentials),
                                                       options.max_idle_connections);
    }
  }

  Result<TableResponse> CreateTable(const CallOptions& c, const CreateTableRequest& r) override {
    return Table(c, "CreateTable", api::EncodeCreateTableRequest(r), "TableDescription");
  }
  Result<TableResponse> DescribeTable(const CallOptions& c, const DescribeTableRequest& r) override {
    return Table(c, "DescribeTable", api::EncodeTableNameRequest(r.table_name), "Table");
  }
  Result<TableResponse> UpdateTable(const CallOptions& c, const UpdateTableRequest& r) override {
    return Table(c, "UpdateTable", api::EncodeUpdateTableRequest(r), "TableDescription");
  }
  Result<TableResponse> DeleteTable(const CallOptions& c, const DeleteTableRequest& r) override {
    return Table(c, "DeleteTable", api::EncodeTableNameRequest(r.table_name), "TableDescription");
  }
  Result<ListTablesResponse> ListTables(const CallOptions& c, const ListTablesRequest& r) override {
    return Invoke<ListTablesResponse>(c, "ListTables", api::EncodeListTablesRequest(r),
                                      api::DecodeListTablesResponse);
  }

  Status TagResource(const CallOptions& c, const TagResourceRequest& r) override {
    return Call(c, "TagResource", api::EncodeTagResourceRequest(r)).status();
  }
  Status UntagResource(const CallOptions& c, const UntagResourceRequest& r) override {
    return Call(c, "UntagResource", api::EncodeUntagResourceRequest(r)).status();
  }
  Result<ListTagsOfResourceResponse> ListTagsOfResource(
      const CallOptions& c, const ListTagsOfResourceRequest& r) override {
    return Invoke<ListTagsOfResourceResponse>(c, "ListTagsOfResource",
                                              api::EncodeListTagsOfResourceRequest(r),
                                              api::DecodeListTagsOfResourceResponse);
  }
  Result<DescribeLimitsResponse> DescribeLimits(const CallOptions& c) override {
    return Invoke<DescribeLimitsResponse>(c, "DescribeLimits", "{}",
                                          api::DecodeDescribeLimitsResponse);
  }
  Result<TimeToLiveDescription> DescribeTimeToLive(const CallOptions& c,
                                                   const TableNameRequest& r) override {
    return Invoke<TimeToLiveDescription>(c, "DescribeTimeToLive",
                                         api::EncodeTableNameRequest(r.table_name),
                                         api::DecodeDescribeTimeToLiveResponse);
  }
  Result<TimeToLiveSpecification> UpdateTimeToLive(const CallOptions& c,
                                                   const UpdateTimeToLiveRequest& r) override {
    return Invoke<TimeToLiveSpecification>(c, "UpdateTimeToLive",
                                           api::EncodeUpdateTimeToLiveRequest(r),
                                           api::DecodeUpdateTimeToLiveResponse);
  }
  Result<ContinuousBackupsDescription> DescribeContinuousBackups(
      const CallOptions& c, const TableNameRequest& r) override {
    return Invoke<ContinuousBackupsDescription>(c, "DescribeContinuousBackups",
                                                api::EncodeTableNameRequest(r.table_name),
                                                api::DecodeContinuousBackupsResponse);
  }
  Result<KinesisStreamingDestinationResponse> DescribeKinesisStreamingDestination(
      const CallOptions& c, const TableNameRequest& r) override {
    return Invoke<KinesisStreamingDestinationResponse>(c, "DescribeKinesisStreamingDestination", api::EncodeTableNameRequest(r.table_name),
        api::DecodeKinesisStreamingDestinationResponse);
  }
  Result<ContributorInsightsResponse> DescribeContributorInsights(
      const CallOptions& c, const ContributorInsightsRequest& r) override {
    return Invoke<ContributorInsightsResponse>(c, "DescribeContributorInsights",
                                               api::EncodeContributorInsightsRequest(r),
                                               api::DecodeContributorInsightsResponse);
  }

  Result<CreateBackupResponse> CreateBackup(const CallOptions& c,
                                            const CreateBackupRequest& r) override {
    return Invoke<CreateBackupResponse>(c, "CreateBackup", api::EncodeCreateBackupRequest(r),
                                        api::DecodeCreateBackupResponse);
  }
  Result<BackupDescriptionResponse> DescribeBackup(const CallOptions& c,
                                                   const BackupArnRequest& r) override {
    return Invoke<BackupDescriptionResponse>(c, "DescribeBackup", api::EncodeBackupArnRequest(r),
                                             api::DecodeBackupDescriptionResponse);
  }
  Result<ListBackupsResponse> ListBackups(const CallOptions& c,
                                          const ListBackupsRequest& r) override {
    return Invoke<ListBackupsResponse>(c, "ListBackups", api::EncodeListBackupsRequest(r),
                                       api::DecodeListBackupsResponse);
  }
  Result<BackupDescriptionResponse> DeleteBackup(const CallOptions& c,
                                                 const BackupArnRequest& r) override {
    return Invoke<BackupDescriptionResponse>(c, "DeleteBackup", api::EncodeBackupArnRequest(r),
                                             api::DecodeBackupDescriptionResponse);
  }
  Result<TableResponse> RestoreTableFromBackup(const CallOptions& c,
                                               const RestoreTableFromBackupRequest& r) override {
    return Table(c, "RestoreTableFromBackup", api::EncodeRestoreTableFromBackupRequest(r),
                 "TableDescription");
  }
  Result<ContinuousBackupsDescription> UpdateContinuousBackups(
      const CallOptions& c, const UpdateContinuousBackupsRequest& r) override {
    return Invoke<ContinuousBackupsDescription>(c, "UpdateContinuousBackups",
                                                api::EncodeUpdateContinuousBackupsRequest(r),
                                                api::DecodeContinuousBackupsResponse);
  }
  Result<TableResponse> RestoreTableToPointInTime(
      const CallOptions& c, const RestoreTableToPointInTimeRequest& r) override {
    return Table(c, "RestoreTableToPointInTime", api::EncodeRestoreTableToPointInTimeRequest(r),
                 "TableDescription");
  }

  Result<ResourcePolicyResponse> PutResourcePolicy(const CallOptions& c,
                                                   const PutResourcePolicyRequest& r) override {
    return Invoke<ResourcePolicyResponse>(c, "PutResourcePolicy",
                                          api::EncodePutResourcePolicyRequest(r),
                                          api::DecodeResourcePolicyResponse);
  }
  Result<ResourcePolicyResponse> GetResourcePolicy(const CallOptions& c,
                                                   const ResourcePolicyRequest& r) override {
    return Invoke<ResourcePolicyResponse>(c, "GetResourcePolicy", api::EncodeResourcePolicyRequest(r),
                                          api::DecodeResourcePolicyResponse);
  }
  Result<ResourcePolicyResponse> DeleteResourcePolicy(const CallOptions& c,
                                                      const ResourcePolicyRequest& r) override {
    return Invoke<ResourcePolicyResponse>(c, "DeleteResourcePolicy",
                                          api::EncodeResourcePolicyRequest(r),
                                          api::DecodeResourcePolicyResponse);
  }

  Result<PutItemResponse> PutItem(const CallOptions& c, const PutItemRequest& r) override {
    return Invoke<PutItemResponse>(c, "PutItem", api::EncodePutItemRequest(r),
                                   api::DecodeWriteItemResponse);
  }
  Result<GetItemResponse> GetItem(const CallOptions& c, const GetItemRequest& r) override {
    return Invoke<GetItemResponse>(c, "GetItem", api::EncodeGetItemRequest(r),
                                   api::DecodeGetItemResponse);
  }
  Result<DeleteItemResponse> DeleteItem(const CallOptions& c, const DeleteItemRequest& r) override {
    return Invoke<DeleteItemResponse>(c, "DeleteItem", api::EncodeDeleteItemRequest(r),
                                      api::DecodeWriteItemResponse);
  }
  Result<UpdateItemResponse> UpdateItem(const CallOptions& c, const UpdateItemRequest& r) override {
    return Invoke<UpdateItemResponse>(c, "UpdateItem", api::EncodeUpdateItemRequest(r),
                                      api::DecodeWriteItemResponse);
  }
  Result<BatchGetItemResponse> BatchGetItem(const CallOptions& c,
                                            const BatchGetItemRequest& r) override {
    return Invoke<BatchGetItemResponse>(c, "BatchGetItem", api::EncodeBatchGetItemRequest(r),
                                        api::DecodeBatchGetItemResponse);
  }
  Result<BatchWriteItemResponse> BatchWriteItem(const CallOptions& c,
                                                const BatchWriteItemRequest& r) override {
    return Invoke<BatchWriteItemResponse>(c, "BatchWriteItem", api::EncodeBatchWriteItemRequest(r),
                                          api::DecodeBatchWriteItemResponse);
  }
  Result<TransactWriteItemsResponse> TransactWriteItems(
      const CallOptions& c, const TransactWriteItemsRequest& r) override {
    return Invoke<TransactWriteItemsResponse>(c, "TransactWriteItems",
                                              api::EncodeTransactWriteItemsRequest(r),
                                              api::DecodeTransactWriteItemsResponse);
  }
  Result<TransactGetItemsResponse> TransactGetItems(const CallOptions& c,
                                                    const TransactGetItemsRequest& r) override {
    return Invoke<TransactGetItemsResponse>(c, "TransactGetItems",
                                            api::EncodeTransactGetItemsRequest(r),
                                            api::DecodeTransactGetItemsResponse);
  }
  Result<QueryResponse> Query(const CallOptions& c, const QueryRequest& r) override {
    return Invoke<QueryResponse>(c, "Query", api::EncodeQueryRequest(r), api::DecodeReadResponse);
  }
  Result<ScanResponse> Scan(const CallOptions& c, const ScanRequest& r) override {
    return Invoke<ScanResponse>(c, "Scan", api::EncodeScanRequest(r), api::DecodeReadResponse);
  }

  // The Streams API: the same endpoint and signing service, its own target prefix.
  Result<ListStreamsResponse> ListStreams(const CallOptions& c,
                                          const ListStreamsRequest& r) override {
    return Invoke<ListStreamsResponse>(c, "ListStreams", api::EncodeListStreamsRequest(r),
                                       api::DecodeListStreamsResponse, api::kStreamsTargetPrefix);
  }
  Result<DescribeStreamResponse> DescribeStream(const CallOptions& c,
                                                const DescribeStreamRequest& r) override {
    return Invoke<DescribeStreamResponse>(c, "DescribeStream", api::EncodeDescribeStreamRequest(r),
                                          api::DecodeDescribeStreamResponse,
                                          api::kStreamsTargetPrefix);
  }
  Result<GetShardIteratorResponse> GetShardIterator(const CallOptions& c,
                                                    const GetShardIteratorRequest& r) override {
    return Invoke<GetShardIteratorResponse>(c, "GetShardIterator", api::EncodeGetShardIteratorRequest(r),
        api::DecodeGetShardIteratorResponse, api::kStreamsTargetPrefix);
  }
  Result<GetRecordsResponse> GetRecords(const CallOptions& c, const GetRecordsRequest& r) override {
    return Invoke<GetRecordsResponse>(c, "GetRecords", api::EncodeGetRecordsRequest(r),
                                      api::DecodeGetRecordsResponse, api::kStreamsTargetPrefix);
  }

 private:
  // Sends one request and decodes its answer with decode(body, &response).
  template <class Response, class Decode>
  Result<Response> Invoke(const CallOptions& c, std::string_view target, const std::string& body,
                          Decode&& decode, std::string_view prefix = kDynamoDbTargetPrefix) {
    auto answer = Call(c, target, body, prefix);
    if (!answer.ok()) return answer.status();
    Response out;
    STATOR_RETURN_IF_ERROR(decode(*answer, &out));
    return out;
  }

  Result<TableResponse> Table(const CallOptions& c, std::string_view target,
                              const std::string& body, std::string_view wrapper) {
    auto answer = Call(c, target, body);
    if (!answer.ok()) return answer.status();
    TableResponse out;
    STATOR_RETURN_IF_ERROR(api::DecodeTableResponse(*answer, wrapper, &out));
    return out;
  }

  // The body of the 200 answer to target's request (X-Amz-Target prefix.target), after the
  // retries; or the error. A call that may not wait is refused before anything is sent; its body,
  // which the caller encoded, is then wasted: a cache miss's, a microsecond next to the round
  // trip it is about to take (the server tries only the cache's reads without waiting).
  Result<std::string> Call(const CallOptions& c, std::string_view target, const std::string& body,
                           std::string_view prefix = kDynamoDbTargetPrefix) {
    if (!c.may_block) return Status(ErrorCode::kWouldBlock, "");
    std::string answer;
    bool unreachable = false;  // the last attempt failed to exchange at all
    const Status status = retry_.Run([&](nanoseconds left) -> RetryPolicy::Attempt {
      client::TransportFailure failure = client::TransportFailure::kNone;
      auto reply = Exchange(target, prefix, body, left, &failure);
      unreachable = !reply.ok();
      if (!reply.ok()) return {reply.status(), Classify(reply.status(), 0, failure)};
      if (reply->status == 200) {
        answer = std::move(reply->body);
        return {Status::OK(), RetryClass::kNone};
      }
      Status error = api::DecodeErrorResponse(reply->status, reply->body);
      const RetryClass retry = Classify(error, reply->status, failure);
      return {std::move(error), retry};
    });
    if (!status.ok()) return unreachable ? Unreachable(status) : status;
    return answer;
  }

  // One exchange on a pooled channel. A kept-alive connection the server has closed meanwhile
  // fails at once; the request is then sent again on a fresh connection, as the SDKs' HTTP
  // clients do, without counting as a retry.
  // `left`: what the call's time budget leaves, which bounds the exchange's timeouts.
  Result<client::HttpReply> Exchange(std::string_view target, std::string_view prefix,
                                     const std::string& body, nanoseconds left,
                                     client::TransportFailure* failure) {
    ConnectionPool& pool =
        prefix == api::kStreamsTargetPrefix && streams_pool_ ? *streams_pool_ : pool_;
    std::unique_ptr<Channel> channel = pool.Acquire();
    channel->writer.Write(target, body, &channel->wire, prefix);
    const bool reused = channel->connection != nullptr;
    const auto start = std::chrono::steady_clock::now();
    auto reply = Send(pool.endpoint(), *channel, left, failure);
    if (!reply.ok() && reused && *failure == client::TransportFailure::kIo) {
      channel->connection.reset();
      reply = Send(pool.endpoint(), *channel, left - (std::chrono::steady_clock::now() - start),
                   failure);
    }
    if (!reply.ok()) channel->connection.reset();
    pool.Release(std::move(channel));
    return reply;
  }

  Result<client::HttpReply> Send(const client::Endpoint& endpoint, Channel& channel,
                                 nanoseconds left, client::TransportFailure* failure) {
    if (!channel.connection) {
      auto connection = client::HttpConnection::Connect(
          endpoint, verify_tls_, std::min<nanoseconds>(connect_timeout_, left));
      if (!connection.ok()) {
        *failure = connection.status().message().ends_with("timed out")
                       ? client::TransportFailure::kTimeout
                       : client::TransportFailure::kConnect;
        return connection.status();
      }
      channel.connection = std::move(connection).value();
    }
    auto reply =
        channel.connection->Exchange(channel.wire, std::min<nanoseconds>(request_timeout_, left));
    *failure = channel.connection->failure();
    return reply;
  }

  const milliseconds connect_timeout_;
  const milliseconds request_timeout_;
  const bool verify_tls_;
  ConnectionPool pool_;
  // The Streams API's own host (streams_endpoint.h); null where the endpoint serves it too.
  std::unique_ptr<ConnectionPool> streams_pool_;
  RetryPolicy retry_;
};

}  // namespace

Result<std::unique_ptr<Database>> OpenRemoteDatabase(const Options& options,
                                                     RetryPolicy::Sleep sleep,
                                                     const Environment& env) {
  const RemoteOptions& remote = options.remote;
  auto endpoint = client::ParseEndpoint(remote.endpoint, "Options::remote.endpoint");
  if (!endpoint.ok()) return endpoint.status();
  if (remote.max_attempts < 1) {
    return Status::Validation("Options::remote.max_attempts must be at least 1");
  }
  if (remote.connect_timeout_ms <= 0 || remote.request_timeout_ms <= 0) {
    return Status::Validation("Options::remote timeouts must be positive");
  }
  if (remote.call_timeout_ms < 0) {
    return Status::Validation("Options::remote.call_timeout_ms must not be negative");
  }
  auto credentials = ResolveCredentials(remote, env);
  if (!credentials.ok()) return credentials.status();
  return std::unique_ptr<Database>(std::make_unique<RemoteDatabase>(
      remote, std::move(endpoint).value(), std::move(credentials).value(), std::move(sleep)));
}

}  // namespace stator::remote
