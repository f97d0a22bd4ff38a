// Tests of the dispatcher's plumbing against a fake Database that records what it was given.
#include "api/dispatcher.h"

#include <gtest/gtest.h>

#include <memory>

#include "api/operations.h"

namespace stator::api {
namespace {

// Records the last request of each kind and answers with canned results.
class FakeDatabase final : public Database {
 public:
  Status next_status;  // returned instead of a result when not OK
  std::string last_tenant;
  PutItemRequest last_put;
  GetItemRequest last_get;
  std::optional<Item> get_result;
  TableDescription table;
  GetShardIteratorRequest last_shard_iterator;
  GetRecordsRequest last_get_records;

  template <class T>
  Result<T> Answer(const CallOptions& call, T value) {
    last_tenant = call.tenant;
    if (!next_status.ok()) return next_status;
    return value;
  }

  Result<TableResponse> CreateTable(const CallOptions& c, const CreateTableRequest& r) override {
    table.table_name = r.table_name;
    return Answer(c, TableResponse{table});
  }
  Result<TableResponse> DescribeTable(const CallOptions& c,
                                      const DescribeTableRequest& r) override {
    table.table_name = r.table_name;
    return Answer(c, TableResponse{table});
  }
  Result<TableResponse> UpdateTable(const CallOptions& c, const UpdateTableRequest&) override {
    return Answer(c, TableResponse{table});
  }
  Result<TableResponse> DeleteTable(const CallOptions& c, const DeleteTableRequest&) override {
    return Answer(c, TableResponse{table});
  }
  Result<ListTablesResponse> ListTables(const CallOptions& c, const ListTablesRequest&) override {
    return Answer(c, ListTablesResponse{{"a"}, std::nullopt});
  }
  Status TagResource(const CallOptions& c, const TagResourceRequest&) override {
    last_tenant = c.tenant;
    return next_status;
  }
  Status UntagResource(const CallOptions&, const UntagResourceRequest&) override {
    return next_status;
  }
  Result<ListTagsOfResourceResponse> ListTagsOfResource(const CallOptions& c,
                                                        const ListTagsOfResourceRequest&) override {
    return Answer(c, ListTagsOfResourceResponse{{{"k", "v"}}, std::nullopt});
  }
  Result<DescribeLimitsResponse> DescribeLimits(const CallOptions& c) override {
    return Answer(c, DescribeLimitsResponse{});
  }
  Result<TimeToLiveDescription> DescribeTimeToLive(const CallOptions& c,
                                                   const TableNameRequest&) override {
    return Answer(c, TimeToLiveDescription{});
  }
  Result<TimeToLiveSpecification> UpdateTimeToLive(const CallOptions& c,
                                                   const UpdateTimeToLiveRequest& r) override {
    return Answer(c, r.time_to_live_specification);
  }
  Result<ContinuousBackupsDescription> DescribeContinuousBackups(const CallOptions& c,
                                                                 const TableNameRequest&) override {
    return Answer(c, ContinuousBackupsDescription{});
  }
  Result<CreateBackupResponse> CreateBackup(const CallOptions& c,
                                            const CreateBackupRequest& r) override {
    CreateBackupResponse response;
    response.backup_details.backup_name = r.backup_name;
    return Answer(c, response);
  }
  Result<BackupDescriptionResponse> DescribeBackup(const CallOptions& c,
                                                   const BackupArnRequest&) override {
    return Answer(c, BackupDescriptionResponse{});
  }
  Result<ListBackupsResponse> ListBackups(const CallOptions& c,
                                          const ListBackupsRequest&) override {
    return Answer(c, ListBackupsResponse{});
  }
  Result<BackupDescriptionResponse> DeleteBackup(const CallOptions& c,
                                                 const BackupArnRequest&) override {
    return Answer(c, BackupDescriptionResponse{});
  }
  Result<TableResponse> RestoreTableFromBackup(const CallOptions& c,
                                               const RestoreTableFromBackupRequest&) override {
    return Answer(c, TableResponse{table});
  }
  Result<ContinuousBackupsDescription> UpdateContinuousBackups(
      const CallOptions& c, const UpdateContinuousBackupsRequest&) override {
    return Answer(c, ContinuousBackupsDescription{});
  }
  Result<TableResponse> RestoreTableToPointInTime(
      const CallOptions& c, const RestoreTableToPointInTimeRequest&) override {
    return Answer(c, TableResponse{table});
  }
  Result<KinesisStreamingDestinationResponse> DescribeKinesisStreamingDestination(
      const CallOptions& c, const TableNameRequest& r) override {
    return Answer(c, KinesisStreamingDestinationResponse{r.table_name});
  }
  Result<ContributorInsightsResponse> DescribeContributorInsights(
      const CallOptions& c, const ContributorInsightsRequest& r) override {
    return Answer(c, ContributorInsightsResponse{r.table_name, r.index_name, "DISABLED"});
  }
  Result<ResourcePolicyResponse> PutResourcePolicy(const CallOptions& c,
                                                   const PutResourcePolicyRequest&) override {
    return Answer(c, ResourcePolicyResponse{std::nullopt, "1"});
  }
  Result<ResourcePolicyResponse> GetResourcePolicy(const CallOptions& c,
                                                   const ResourcePolicyRequest&) override {
    return Answer(c, ResourcePolicyResponse{"{}", "1"});
  }
  Result<ResourcePolicyResponse> DeleteResourcePolicy(const CallOptions& c,
                                                      const ResourcePolicyRequest&) override {
    return Answer(c, ResourcePolicyResponse{std::nullopt, "2"});
  }
  Result<PutItemResponse> PutItem(const CallOptions& c, const PutItemRequest& r) override {
    last_put = r;
    return Answer(c, PutItemResponse{});
  }
  Result<GetItemResponse> GetItem(const CallOptions& c, const GetItemRequest& r) override {
    last_get = r;
    return Answer(c, GetItemResponse{get_result, std::nullopt});
  }
  Result<DeleteItemResponse> DeleteItem(const CallOptions& c, const DeleteItemRequest&) override {
    return Answer(c, DeleteItemResponse{});
  }
  Result<UpdateItemResponse> UpdateItem(const CallOptions& c, const UpdateItemRequest&) override {
    return Answer(
        c, UpdateItemResponse{Item{{"a", AttributeValue::N("2")}}, std::nullopt, std::nullopt});
  }
  Result<BatchGetItemResponse> BatchGetItem(const CallOptions& c,
                                            const BatchGetItemRequest&) override {
    return Answer(c, BatchGetItemResponse{});
  }
  Result<BatchWriteItemResponse> BatchWriteItem(const CallOptions& c,
                                                const BatchWriteItemRequest&) override {
    return Answer(c, BatchWriteItemResponse{});
  }
  Result<TransactWriteItemsResponse> TransactWriteItems(
      const CallOptions& c, const TransactWriteItemsRequest&) override {
    return Answer(c, TransactWriteItemsResponse{});
  }
  Result<TransactGetItemsResponse> TransactGetItems(const CallOptions& c,
                                                    const TransactGetItemsRequest&) override {
    return Answer(c, TransactGetItemsResponse{});
  }
  Result<QueryResponse> Query(const CallOptions& c, const QueryRequest&) override {
    return Answer(c, QueryResponse{});
  }
  Result<ScanResponse> Scan(const CallOptions& c, const ScanRequest&) override {
    return Answer(c, ScanResponse{});
  }
  Result<ListStreamsResponse> ListStreams(const CallOptions& c,
                                          const ListStreamsRequest&) override {
    return Answer(c, ListStreamsResponse{});
  }
  Result<DescribeStreamResponse> DescribeStream(const CallOptions& c,
                                                const DescribeStreamRequest&) override {
    return Answer(c, DescribeStreamResponse{});
  }
  Result<GetShardIteratorResponse> GetShardIterator(const CallOptions& c,
                                                    const GetShardIteratorRequest& r) override {
    last_shard_iterator = r;
    return Answer(c, GetShardIteratorResponse{"iterator-of-" + r.shard_id});
  }
  Result<GetRecordsResponse> GetRecords(const CallOptions& c, const GetRecordsRequest& r) override {
    last_get_records = r;
    return Answer(c, GetRecordsResponse{});
  }
};

class DispatcherTest : public ::testing::Test {
 protected:
  ApiResponse Call(std::string_view op, std::string_view body) {
    return dispatcher_.Handle(ctx_, op, body);
  }

  FakeDatabase db_;
  Dispatcher dispatcher_{db_};
  RequestContext ctx_{"req-1", CallOptions{"tenant-a"}, {}};
};

TEST_F(DispatcherTest, PutAndGetItemReachTheDatabase) {
  ApiResponse r = Call("PutItem", R"({"TableName":"tbl","Item":{"pk":{"S":"a"}}})");
  EXPECT_EQ(r.http_status, 200);
  EXPECT_EQ(r.body, "{}");
  EXPECT_EQ(db_.last_put.table_name, "tbl");
  EXPECT_EQ(db_.last_put.item.at("pk"), AttributeValue::S("a"));
  EXPECT_EQ(db_.last_tenant, "tenant-a");

  r = Call("GetItem", R"({"TableName":"tbl","Key":{"pk":{"S":"a"}}})");
  EXPECT_EQ(r.body, "{}");  // no such item: no "Item" member
  db_.get_result = Item{{"pk", AttributeValue::S("a")}};
  r = Call("GetItem", R"({"TableName":"tbl","Key":{"pk":{"S":"a"}},"ConsistentRead":true})");
  EXPECT_EQ(r.body, R"({"Item":{"pk":{"S":"a"}}})");
  EXPECT_TRUE(db_.last_get.consistent_read);
}

TEST_F(DispatcherTest, TableOperationsWrapTheDescription) {
  db_.table.table_arn = "arn";
  ApiResponse r = Call("DescribeTable", R"({"TableName":"tbl"})");
  EXPECT_EQ(r.http_status, 200);
  EXPECT_EQ(r.body.rfind(R"({"Table":{)", 0), 0u) << r.body;
  r = Call(
      "CreateTable",
      R"({"TableName":"tbl","AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}],)"
      R"("KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}]})");
  EXPECT_EQ(r.body.rfind(R"({"TableDescription":{)", 0), 0u) << r.body;
  r = Call("ListTables", "{}");
  EXPECT_EQ(r.body, R"({"TableNames":["a"]})");
}

TEST_F(DispatcherTest, MiscOperations) {
  EXPECT_EQ(Call("TagResource", R"({"ResourceArn":"a","Tags":[]})").body, "{}");
  EXPECT_EQ(Call("UntagResource", R"({"ResourceArn":"a","TagKeys":[]})").body, "{}");
  EXPECT_EQ(Call("ListTagsOfResource", R"({"ResourceArn":"a"})").body,
            R"({"Tags":[{"Key":"k","Value":"v"}]})");
  EXPECT_EQ(Call("DescribeLimits", "{}").body,
            R"({"AccountMaxReadCapacityUnits":80000,"AccountMaxWriteCapacityUnits":80000,)"
            R"("TableMaxReadCapacityUnits":40000,"TableMaxWriteCapacityUnits":40000})");
  EXPECT_EQ(Call("DescribeEndpoints", "{}").body,
            R"({"Endpoints":[{"Address":"localhost","CachePeriodInMinutes":1440}]})");
  // The address the client used, when its request named one.
  ctx_.host = "db.example:8000";
  EXPECT_EQ(Call("DescribeEndpoints", "{}").body,
            R"({"Endpoints":[{"Address":"db.example:8000","CachePeriodInMinutes":1440}]})");
  ctx_.host = {};
  EXPECT_EQ(Call("DescribeTimeToLive", R"({"TableName":"tbl"})").body,
            R"({"TimeToLiveDescription":{"TimeToLiveStatus":"DISABLED"}})");
  EXPECT_EQ(Call("UpdateTimeToLive", R"({"TableName":"tbl","TimeToLiveSpecification":)"
                                     R"({"Enabled":true,"AttributeName":"exp"}})")
                .body,
            R"({"TimeToLiveSpecification":{"Enabled":true,"AttributeName":"exp"}})");
  EXPECT_EQ(Call("DescribeContinuousBackups", R"({"TableName":"tbl"})").body,
            R"({"ContinuousBackupsDescription":{"ContinuousBackupsStatus":"ENABLED",)"
            R"("PointInTimeRecoveryDescription":{"PointInTimeRecoveryStatus":"DISABLED"}}})");
  EXPECT_EQ(Call("DescribeKinesisStreamingDestination", R"({"TableName":"tbl"})").body,
            R"({"KinesisDataStreamDestinations":[],"TableName":"tbl"})");
  EXPECT_EQ(Call("DescribeContributorInsights", R"({"TableName":"tbl"})").body,
            R"({"TableName":"tbl","ContributorInsightsStatus":"DISABLED"})");
  EXPECT_EQ(Call("PutResourcePolicy", R"({"ResourceArn":"a","Policy":"{}"})").body,
            R"({"RevisionId":"1"})");
  EXPECT_EQ(Call("GetResourcePolicy", R"({"ResourceArn":"a"})").body,
            R"({"Policy":"{}","RevisionId":"1"})");
  EXPECT_EQ(Call("DeleteResourcePolicy", R"({"ResourceArn":"a"})").body, R"({"RevisionId":"2"})");
  ApiResponse r = Call("PutResourcePolicy", R"({"ResourceArn":"a"})");
  EXPECT_EQ(r.body, R"({"__type":"com.amazon.coral.validate#ValidationException","message":)"
                    R"("1 validation error detected: Value null at 'policy' failed to satisfy )"
                    R"(constraint: Member must not be null"})");
}

TEST_F(DispatcherTest, UnknownAndUnimplementedOperations) {
  ApiResponse r = Call("NoSuchOperation", "{}");
  EXPECT_EQ(r.http_status, 400);
  EXPECT_EQ(r.body, R"({"__type":"com.amazon.coral.service#UnknownOperationException"})");
  r = Call("ListImports", "{}");
  EXPECT_EQ(r.http_status, 400);
  EXPECT_EQ(r.body, R"({"__type":"com.amazon.coral.service#UnknownOperationException","message":)"
                    R"("Stator does not implement the operation ListImports yet"})");
  // A request the service would refuse gets its ValidationException first.
  r = Call("ImportTable", R"({"TableCreationParameters":{}})");
  EXPECT_EQ(r.http_status, 400);
  EXPECT_EQ(r.body.find(R"({"__type":"com.amazon.coral.validate#ValidationException")"), 0u)
      << r.body;
  for (std::string_view op : {"ListImports", "CreateGlobalTable", "ImportTable"}) {
    const auto* entry = DynamoDbOperations().Find(op);
    ASSERT_NE(entry, nullptr) << op;
    EXPECT_EQ(entry->handler, nullptr) << op;
  }
}

TEST(DispatcherResolveTest, APrefixPicksItsRegistry) {
  Target t = Dispatcher::Resolve("DynamoDB_20120810.PutItem");
  EXPECT_EQ(t.api, &DynamoDbOperations());
  EXPECT_EQ(t.operation, "PutItem");
  t = Dispatcher::Resolve("DynamoDBStreams_20120810.GetRecords");
  EXPECT_EQ(t.api, &StreamsOperations());
  EXPECT_EQ(t.operation, "GetRecords");
  // An unknown name of a known API resolves: it is refused later, after the body is parsed.
  t = Dispatcher::Resolve("DynamoDB_20120810.NoSuchOperation");
  EXPECT_EQ(t.api, &DynamoDbOperations());
  EXPECT_EQ(t.operation, "NoSuchOperation");
}

TEST(DispatcherResolveTest, TargetsOfNoApiResolveToNone) {
  for (std::string_view target :
       {"", ".", "PutItem", ".PutItem", "DynamoDB_20120810", "DynamoDB_20120810.",
        "DynamoDB_20120810.A.B", "DynamoDB_20111205.PutItem", "DynamoDBStreams_20120810.a.",
        "Kinesis_20131202.ListStreams"}) {
    EXPECT_EQ(Dispatcher::Resolve(target).api, nullptr) << target;
  }
}

TEST_F(DispatcherTest, EachApiAnswersFromItsRegistry) {
  auto call = [this](std::string_view target, std::string_view body) {
    return dispatcher_.Handle(ctx_, Dispatcher::Resolve(target), body);
  };
  constexpr std::string_view kUnknown =
      R"({"__type":"com.amazon.coral.service#UnknownOperationException"})";
  EXPECT_EQ(call("DynamoDBStreams_20120810.ListStreams", "{}").body, R"({"Streams":[]})");
  EXPECT_EQ(call("DynamoDB_20120810.ListStreams", "{}").body, kUnknown);
  EXPECT_EQ(call("DynamoDB_20120810.DescribeStream", R"({"StreamArn":"a"})").body, kUnknown);
  EXPECT_EQ(call("DynamoDBStreams_20120810.NoSuchOperation", "{}").body, kUnknown);

  // The Streams API falls back to DynamoDB's operations, as its prefix did before it had any.
  ApiResponse r =
      call("DynamoDBStreams_20120810.PutItem", R"({"TableName":"str","Item":{"pk":{"S":"b"}}})");
  EXPECT_EQ(r.http_status, 200);
  EXPECT_EQ(db_.last_put.table_name, "str");
  r = call("DynamoDBStreams_20120810.ListImports", "{}");
  EXPECT_EQ(r.body, R"({"__type":"com.amazon.coral.service#UnknownOperationException","message":)"
                    R"("Stator does not implement the operation ListImports yet"})");
}

TEST_F(DispatcherTest, StreamsOperationsReachTheDatabase) {
  const Target get_shard_iterator =
      Dispatcher::Resolve("DynamoDBStreams_20120810.GetShardIterator");
  ApiResponse r = dispatcher_.Handle(
      ctx_, get_shard_iterator,
      R"({"StreamArn":"arn:aws:dynamodb:us-east-1:000000000000:table/t/stream/2026-12-06",)"
      R"("ShardId":"shardId-00000001765000000000-0000abcd",)"
      R"("ShardIteratorType":"AFTER_SEQUENCE_NUMBER","SequenceNumber":"000000000000000000001"})");
  EXPECT_EQ(r.http_status, 200);
  EXPECT_EQ(r.body, R"({"ShardIterator":"iterator-of-shardId-00000001765000000000-0000abcd"})");
  EXPECT_EQ(db_.last_shard_iterator.shard_iterator_type, ShardIteratorType::kAfterSequenceNumber);
  EXPECT_EQ(db_.last_shard_iterator.sequence_number, "000000000000000000001");
  EXPECT_EQ(db_.last_tenant, "tenant-a");

  // A request its shapes refuse never reaches the database.
  const Target get_records = Dispatcher::Resolve("DynamoDBStreams_20120810.GetRecords");
  r = dispatcher_.Handle(ctx_, get_records, R"({"ShardIterator":"i","Limit":1001})");
  EXPECT_EQ(r.http_status, 400);
  EXPECT_EQ(r.body, R"({"__type":"com.amazon.coral.validate#ValidationException","message":)"
                    R"("1 validation error detected: Value '1001' at 'limit' failed to satisfy )"
                    R"(constraint: Member must have value less than or equal to 1000"})");
  EXPECT_TRUE(db_.last_get_records.shard_iterator.empty());

  // The engine's Streams errors keep their own types.
  db_.next_status = Status(ErrorCode::kExpiredIterator, "expired");
  r = dispatcher_.Handle(ctx_, get_records, R"({"ShardIterator":"i","Limit":1000})");
  EXPECT_EQ(r.http_status, 400);
  EXPECT_EQ(r.body, R"({"__type":"com.amazonaws.dynamodb.v20120810#ExpiredIteratorException",)"
                    R"("message":"expired"})");
  EXPECT_EQ(db_.last_get_records.limit, 1000);
}

TEST_F(DispatcherTest, MalformedBodiesAreSerializationExceptions) {
  for (std::string_view body : {"", "{", "[]", "5"}) {
    ApiResponse r = Call("GetItem", body);
    EXPECT_EQ(r.http_status, 400);
    EXPECT_EQ(r.body, R"({"__type":"com.amazon.coral.service#SerializationException"})");
  }
  ApiResponse r = Call("PutItem", R"({"TableName":5,"Item":{}})");
  EXPECT_EQ(r.body, R"({"__type":"com.amazon.coral.service#SerializationException",)"
                    R"("Message":"NUMBER_VALUE cannot be converted to String"})");
}

TEST_F(DispatcherTest, DatabaseErrorsAreMappedToTheServiceShape) {
  db_.next_status = Status::NotFound("Requested resource not found");
  ApiResponse r = Call("DescribeTable", R"({"TableName":"tbl"})");
  EXPECT_EQ(r.http_status, 400);
  EXPECT_EQ(r.body, R"({"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException",)"
                    R"("message":"Requested resource not found"})");

  db_.next_status = Status::IOError("disk on fire");
  r = Call("TagResource", R"({"ResourceArn":"a","Tags":[]})");
  EXPECT_EQ(r.http_status, 500);

  auto detail = std::make_shared<ErrorDetail>();
  detail->item = Item{{"pk", AttributeValue::S("a")}};
  db_.next_status =
      Status(ErrorCode::kConditionalCheckFailed, "The conditional request failed", detail);
  r = Call("PutItem", R"({"TableName":"tbl","Item":{"pk":{"S":"a"}}})");
  EXPECT_EQ(r.http_status, 400);
  EXPECT_EQ(r.body,
            R"({"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException",)"
            R"("message":"The conditional request failed","Item":{"pk":{"S":"a"}}})");
}

TEST_F(DispatcherTest, ValidationErrorsNeverReachTheDatabase) {
  ApiResponse r = Call("GetItem", R"({"TableName":"tbl","Key":{"pk":{}}})");
  EXPECT_EQ(r.body,
            R"({"__type":"com.amazon.coral.validate#ValidationException","message":)"
            R"("Supplied AttributeValue is empty, must contain exactly one of the supported )"
            R"(datatypes"})");
  EXPECT_TRUE(db_.last_get.table_name.empty());
}

}  // namespace
}  // namespace stator::api
