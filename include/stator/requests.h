// Typed requests and responses of the DynamoDB operations, one struct pair per operation.
//
// These structs are the contract between the HTTP layer (api/) and the engine: api/ decodes JSON
// into them and encodes them back; an embedded program fills them directly. Field names follow
// the DynamoDB API reference. Validation happens in the engine, so an embedded caller gets the
// same errors as an HTTP client.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "stator/attribute_value.h"
#include "stator/table_types.h"

namespace stator {

enum class ReturnValue : unsigned char { kNone, kAllOld, kUpdatedOld, kAllNew, kUpdatedNew };
enum class ReturnConsumedCapacity : unsigned char { kNone, kTotal, kIndexes };
enum class ReturnItemCollectionMetrics : unsigned char { kNone, kSize };
enum class ConditionalOperator : unsigned char { kAnd, kOr };
enum class AttributeAction : unsigned char { kPut, kAdd, kDelete };
enum class ComparisonOperator : unsigned char {
  kEQ, kNE, kIN, kLE, kLT, kGE, kGT, kBETWEEN, kNOT_NULL, kNULL, kCONTAINS, kNOT_CONTAINS,
  kBEGINS_WITH,
};

// Whether a cache in front of the database (Options::cache) answered a read: kHit, served from
// the cache; kMiss, read from the database behind it (not cached yet, expired, or a read the
// cache never serves: ConsistentRead in DAX mode, a table named by ARN, a BatchGetItem with any
// key missing); kNone, no cache saw the read. Not part of the DynamoDB API: the HTTP server
// reports it in the response header kCacheOutcomeHeader, `hit` or `miss`, which stator-bench
// reads to time hits and misses apart.
enum class CacheOutcome : unsigned char { kNone, kHit, kMiss };
inline constexpr std::string_view kCacheOutcomeHeader = "x-stator-cache";

using ExpressionAttributeNames = std::map<std::string, std::string, std::less<>>;
using ExpressionAttributeValues = std::map<std::string, AttributeValue, std::less<>>;

// Legacy `Expected` entry.
struct ExpectedAttributeValue {
  std::optional<AttributeValue> value;
  std::optional<bool> exists;
  std::optional<ComparisonOperator> comparison_operator;
  std::optional<std::vector<AttributeValue>> attribute_value_list;
};
using ExpectedMap = std::map<std::string, ExpectedAttributeValue, std::less<>>;

// Legacy `AttributeUpdates` entry; Action defaults to PUT as in the service.
struct AttributeValueUpdate {
  std::optional<AttributeValue> value;
  AttributeAction action = AttributeAction::kPut;
};
using AttributeUpdates = std::map<std::string, AttributeValueUpdate, std::less<>>;

struct Capacity {
  std::optional<double> read_capacity_units;
  std::optional<double> write_capacity_units;
  double capacity_units = 0;
};

struct ConsumedCapacity {
  std::string table_name;
  double capacity_units = 0;
  std::optional<double> read_capacity_units;
  std::optional<double> write_capacity_units;
  std::optional<Capacity> table;  // present with ReturnConsumedCapacity=INDEXES
  // With ReturnConsumedCapacity=INDEXES, the units of each index the operation read or wrote.
  std::map<std::string, Capacity, std::less<>> global_secondary_indexes;
  std::map<std::string, Capacity, std::less<>> local_secondary_indexes;
};

struct ItemCollectionMetrics {
  Item item_collection_key;
  std::vector<double> size_estimate_range_gb;
};

// Why one action of a cancelled transaction failed, or "None" when it did not.
struct CancellationReason {
  std::string code;                    // None, ConditionalCheckFailed, ValidationError, ...
  std::optional<std::string> message;  // absent for None
  std::optional<Item> item;            // ConditionalCheckFailed with ALL_OLD, when the item exists
};

// Payload of a failed Status (see stator/status.h).
// Why a request was throttled (ProvisionedThroughputExceededException's ThrottlingReasons):
// `reason` is ResourceType + OperationType + LimitType, e.g.
// "TableWriteProvisionedThroughputExceeded"; `resource` the table's or index's ARN.
struct ThrottlingReason {
  std::string reason;
  std::string resource;
};

struct ErrorDetail {
  std::optional<Item> item;  // ConditionalCheckFailedException with ALL_OLD
  std::vector<ThrottlingReason> throttling_reasons;
  // TransactionCanceledException: one reason per action, in request order.
  std::vector<CancellationReason> cancellation_reasons;
  // An error a remote service answered that ErrorCode cannot say exactly (a `__type` it has no
  // code for, such as ServiceUnavailable, or another HTTP status than its code's): the `__type`
  // and HTTP status as the service sent them, so that a server in front of it answers the same.
  // Empty and 0 otherwise.
  std::string service_type;
  int service_http_status = 0;
};

// What the write operations share: conditions (expression or legacy) and what to return.
struct WriteConditions {
  std::optional<std::string> condition_expression;
  ExpectedMap expected;
  std::optional<ConditionalOperator> conditional_operator;
  ExpressionAttributeNames expression_attribute_names;
  ExpressionAttributeValues expression_attribute_values;
  ReturnValue return_values = ReturnValue::kNone;
  ReturnConsumedCapacity return_consumed_capacity = ReturnConsumedCapacity::kNone;
  ReturnItemCollectionMetrics return_item_collection_metrics = ReturnItemCollectionMetrics::kNone;
  bool return_old_item_on_condition_check_failure = false;  // ReturnValuesOnConditionCheckFailure
};

struct PutItemRequest : WriteConditions {
  std::string table_name;  // a name or an ARN
  Item item;
};

struct DeleteItemRequest : WriteConditions {
  std::string table_name;
  Item key;
};

struct UpdateItemRequest : WriteConditions {
  std::string table_name;
  Item key;
  AttributeUpdates attribute_updates;
  std::optional<std::string> update_expression;
};

// Response of PutItem, DeleteItem and UpdateItem.
struct WriteItemResponse {
  std::optional<Item> attributes;  // per ReturnValues
  std::optional<ConsumedCapacity> consumed_capacity;
  std::optional<ItemCollectionMetrics> item_collection_metrics;
};
using PutItemResponse = WriteItemResponse;
using DeleteItemResponse = WriteItemResponse;
using UpdateItemResponse = WriteItemResponse;

struct GetItemRequest {
  std::string table_name;
  Item key;
  bool consistent_read = false;
  std::optional<std::vector<std::string>> attributes_to_get;
  std::optional<std::string> projection_expression;
  ExpressionAttributeNames expression_attribute_names;
  ReturnConsumedCapacity return_consumed_capacity = ReturnConsumedCapacity::kNone;
};

struct GetItemResponse {
  std::optional<Item> item;  // absent when no item has the key
  std::optional<ConsumedCapacity> consumed_capacity;
  CacheOutcome cache = CacheOutcome::kNone;
};

// BatchGetItem: the keys to read from one table and how.
struct KeysAndAttributes {
  std::vector<Item> keys;
  bool consistent_read = false;
  std::optional<std::vector<std::string>> attributes_to_get;
  std::optional<std::string> projection_expression;
  ExpressionAttributeNames expression_attribute_names;
};

struct BatchGetItemRequest {
  std::map<std::string, KeysAndAttributes, std::less<>> request_items;  // by table name or ARN
  ReturnConsumedCapacity return_consumed_capacity = ReturnConsumedCapacity::kNone;
};

struct BatchGetItemResponse {
  std::map<std::string, std::vector<Item>, std::less<>> responses;  // every requested table
  std::map<std::string, KeysAndAttributes, std::less<>> unprocessed_keys;
  std::vector<ConsumedCapacity> consumed_capacity;  // per table, when asked for
  CacheOutcome cache = CacheOutcome::kNone;  // kHit only when every key was served cached
};

// BatchWriteItem: exactly one of put_item (PutRequest.Item) and delete_key (DeleteRequest.Key).
struct WriteRequest {
  std::optional<Item> put_item;
  std::optional<Item> delete_key;
};

struct BatchWriteItemRequest {
  std::map<std::string, std::vector<WriteRequest>, std::less<>> request_items;
  ReturnConsumedCapacity return_consumed_capacity = ReturnConsumedCapacity::kNone;
  ReturnItemCollectionMetrics return_item_collection_metrics = ReturnItemCollectionMetrics::kNone;
};

struct BatchWriteItemResponse {
  std::map<std::string, std::vector<WriteRequest>, std::less<>> unprocessed_items;
  std::vector<ConsumedCapacity> consumed_capacity;
  std::map<std::string, std::vector<ItemCollectionMetrics>, std::less<>> item_collection_metrics;
};

// TransactWriteItems' ConditionCheck action: a condition on an item that is not written.
struct ConditionCheck : WriteConditions {
  std::string table_name;
  Item key;
};

// One action of TransactWriteItems. Of a request's WriteConditions only the condition,
// its names and values and return_old_item_on_condition_check_failure apply.
using TransactWriteItem =
    std::variant<ConditionCheck, PutItemRequest, DeleteItemRequest, UpdateItemRequest>;

struct TransactWriteItemsRequest {
  std::vector<TransactWriteItem> transact_items;
  std::optional<std::string> client_request_token;
  ReturnConsumedCapacity return_consumed_capacity = ReturnConsumedCapacity::kNone;
  ReturnItemCollectionMetrics return_item_collection_metrics = ReturnItemCollectionMetrics::kNone;
};

struct TransactWriteItemsResponse {
  std::vector<ConsumedCapacity> consumed_capacity;
  std::map<std::string, std::vector<ItemCollectionMetrics>, std::less<>> item_collection_metrics;
};

// TransactGetItems: each Get is a GetItemRequest of which table_name, key,
// projection_expression and expression_attribute_names apply.
struct TransactGetItemsRequest {
  std::vector<GetItemRequest> transact_items;
  ReturnConsumedCapacity return_consumed_capacity = ReturnConsumedCapacity::kNone;
};

struct TransactGetItemsResponse {
  std::vector<std::optional<Item>> responses;  // in request order; nullopt: no such item
  std::vector<ConsumedCapacity> consumed_capacity;
};

// Query and Scan (Select defaults as the service's: ALL_ATTRIBUTES, or SPECIFIC_ATTRIBUTES when
// a projection is given).
enum class Select : unsigned char {
  kAllAttributes, kAllProjectedAttributes, kSpecificAttributes, kCount,
};

// Legacy `Condition` (KeyConditions, QueryFilter, ScanFilter entry).
struct ComparisonCondition {
  ComparisonOperator comparison_operator = ComparisonOperator::kEQ;
  std::vector<AttributeValue> attribute_value_list;
};
using ConditionMap = std::map<std::string, ComparisonCondition, std::less<>>;

// What Query and Scan share.
struct ReadRequest {
  std::string table_name;  // a name or an ARN
  std::optional<std::string> index_name;
  std::optional<std::string> filter_expression;
  std::optional<ConditionalOperator> conditional_operator;
  std::optional<std::string> projection_expression;
  std::optional<std::vector<std::string>> attributes_to_get;
  ExpressionAttributeNames expression_attribute_names;
  ExpressionAttributeValues expression_attribute_values;
  std::optional<Select> select;
  std::optional<int64_t> limit;  // items read (before the filter), >= 1
  std::optional<Item> exclusive_start_key;
  bool consistent_read = false;
  ReturnConsumedCapacity return_consumed_capacity = ReturnConsumedCapacity::kNone;
};

struct QueryRequest : ReadRequest {
  std::optional<std::string> key_condition_expression;
  std::optional<ConditionMap> key_conditions;
  std::optional<ConditionMap> query_filter;
  bool scan_index_forward = true;
};

struct ScanRequest : ReadRequest {
  std::optional<ConditionMap> scan_filter;
  std::optional<int64_t> segment;         // 0 .. total_segments - 1
  std::optional<int64_t> total_segments;  // 1 .. 1000000
};

// One page of a Query or Scan.
struct ReadResponse {
  std::optional<std::vector<Item>> items;  // absent with Select COUNT
  int64_t count = 0;                       // items after the filter
  int64_t scanned_count = 0;               // items read, before the filter
  std::optional<Item> last_evaluated_key;  // present when the caller should read on
  std::optional<ConsumedCapacity> consumed_capacity;
  CacheOutcome cache = CacheOutcome::kNone;
};
using QueryResponse = ReadResponse;
using ScanResponse = ReadResponse;

struct CreateTableRequest {
  std::string table_name;
  std::vector<AttributeDefinition> attribute_definitions;
  std::vector<KeySchemaElement> key_schema;
  std::vector<LocalSecondaryIndex> local_secondary_indexes;
  std::vector<GlobalSecondaryIndex> global_secondary_indexes;
  std::optional<BillingMode> billing_mode;
  std::optional<ProvisionedThroughput> provisioned_throughput;
  std::optional<OnDemandThroughput> on_demand_throughput;
  std::optional<StreamSpecification> stream_specification;
  std::optional<SSESpecification> sse_specification;
  std::vector<Tag> tags;
  std::optional<TableClass> table_class;
  std::optional<bool> deletion_protection_enabled;
  std::optional<std::string> resource_policy;
};

struct TableResponse {  // CreateTable, DeleteTable, UpdateTable, DescribeTable
  TableDescription table;
};

struct DescribeTableRequest {
  std::string table_name;
};

struct DeleteTableRequest {
  std::string table_name;
};

// One entry of UpdateTable's GlobalSecondaryIndexUpdates: exactly one of the three is set.
struct GlobalSecondaryIndexUpdate {
  std::optional<GlobalSecondaryIndex> create;
  std::optional<GlobalSecondaryIndex> update;  // IndexName and ProvisionedThroughput only
  std::optional<std::string> delete_index_name;
};

struct UpdateTableRequest {
  std::string table_name;
  std::vector<AttributeDefinition> attribute_definitions;
  std::optional<BillingMode> billing_mode;
  std::optional<ProvisionedThroughput> provisioned_throughput;
  std::optional<OnDemandThroughput> on_demand_throughput;
  std::optional<bool> deletion_protection_enabled;
  std::optional<TableClass> table_class;
  std::optional<SSESpecification> sse_specification;
  std::optional<StreamSpecification> stream_specification;
  bool has_global_secondary_index_updates = false;  // the member was present (maybe empty)
  std::vector<GlobalSecondaryIndexUpdate> global_secondary_index_updates;
};

struct ListTablesRequest {
  std::optional<std::string> exclusive_start_table_name;
  std::optional<int64_t> limit;  // 1..100, default 100
};

struct ListTablesResponse {
  std::vector<std::string> table_names;
  std::optional<std::string> last_evaluated_table_name;
};

struct TagResourceRequest {
  std::string resource_arn;
  std::vector<Tag> tags;
};

struct UntagResourceRequest {
  std::string resource_arn;
  std::vector<std::string> tag_keys;
};

struct ListTagsOfResourceRequest {
  std::string resource_arn;
  std::optional<std::string> next_token;
};

struct ListTagsOfResourceResponse {
  std::vector<Tag> tags;
  std::optional<std::string> next_token;
};

using DescribeLimitsResponse = ThroughputQuotas;

struct TableNameRequest {  // DescribeTimeToLive, DescribeContinuousBackups, ...
  std::string table_name;
};

struct TimeToLiveDescription {
  std::string time_to_live_status = "DISABLED";  // ENABLING | DISABLING | ENABLED | DISABLED
  std::optional<std::string> attribute_name;
};

// UpdateTimeToLive's request member, and its response.
struct TimeToLiveSpecification {
  bool enabled = false;
  std::string attribute_name;
};

struct UpdateTimeToLiveRequest {
  std::string table_name;
  TimeToLiveSpecification time_to_live_specification;
};

struct ContinuousBackupsDescription {
  std::string continuous_backups_status = "ENABLED";
  std::string point_in_time_recovery_status = "DISABLED";
  std::optional<double> earliest_restorable_date_time;
  std::optional<double> latest_restorable_date_time;
  std::optional<int64_t> recovery_period_in_days;  // while point-in-time recovery is enabled
};

struct KinesisStreamingDestinationResponse {
  std::string table_name;  // destinations: none until the streams issue
};

struct ContributorInsightsRequest {
  std::string table_name;
  std::optional<std::string> index_name;
};

struct ContributorInsightsResponse {
  std::string table_name;
  std::optional<std::string> index_name;
  std::string contributor_insights_status = "DISABLED";
};

struct PutResourcePolicyRequest {
  std::string resource_arn;
  std::string policy;
  std::optional<std::string> expected_revision_id;
  bool confirm_remove_self_resource_access = false;
};

struct ResourcePolicyRequest {  // GetResourcePolicy, DeleteResourcePolicy
  std::string resource_arn;
  std::optional<std::string> expected_revision_id;
};

struct ResourcePolicyResponse {
  std::optional<std::string> policy;  // GetResourcePolicy only
  std::string revision_id;
};

}  // namespace stator
