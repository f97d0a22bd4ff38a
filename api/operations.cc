#include "api/operations.h"

#include <initializer_list>

#include "api/codec_batch.h"
#include "api/codec_item.h"
#include "api/codec_misc.h"
#include "api/codec_query.h"
#include "api/codec_table.h"
#include "api/codec_transact.h"

namespace stator::api {
namespace {

// The request type a decoder fills: Status Decode(simdjson::dom::object, Request*).
template <class F>
struct DecodedType;
template <class R>
struct DecodedType<Status (*)(simdjson::dom::object, R*)> {
  using type = R;
};

// The common shape of a handler: decode, call the one Database method, encode.
template <auto kDecode, auto kMethod, auto kEncode>
Result<std::string> Call(const OperationArgs& a) {
  typename DecodedType<decltype(kDecode)>::type request;
  STATOR_RETURN_IF_ERROR(kDecode(a.body, &request));
  auto response = (a.db.*kMethod)(a.ctx.call, request);
  if (!response.ok()) return response.status();
  return kEncode(*response);
}

// Operations whose response is empty ("{}") and whose Database method returns a Status.
template <auto kDecode, auto kMethod>
Result<std::string> CallNoResult(const OperationArgs& a) {
  typename DecodedType<decltype(kDecode)>::type request;
  STATOR_RETURN_IF_ERROR(kDecode(a.body, &request));
  STATOR_RETURN_IF_ERROR((a.db.*kMethod)(a.ctx.call, request));
  return EncodeEmptyResponse();
}

Result<std::string> DescribeLimits(const OperationArgs& a) {
  auto response = a.db.DescribeLimits(a.ctx.call);
  if (!response.ok()) return response.status();
  return EncodeDescribeLimitsResponse(*response);
}

// Answered here: the endpoint to use is this server. SDKs with endpoint discovery only cache it.
Result<std::string> DescribeEndpoints(const OperationArgs&) {
  return EncodeDescribeEndpointsResponse("localhost");
}

// GetItem through the shared-item path: a cached item's encoding is kept beside it, so a hit
// copies bytes instead of encoding the item again.
Result<std::string> GetItem(const OperationArgs& a) {
  GetItemRequest request;
  STATOR_RETURN_IF_ERROR(DecodeGetItem(a.body, &request));
  auto response = a.db.GetItemShared(a.ctx.call, request);
  if (!response.ok()) return response.status();
  return EncodeSharedGetItemResponse(*response);
}

void RegisterTableOperations(OperationTable& t) {
  using D = Database;
  t.Register("CreateTable",
             Call<DecodeCreateTable, &D::CreateTable, EncodeTableDescriptionResponse>);
  t.Register("DescribeTable",
             Call<DecodeDescribeTable, &D::DescribeTable, EncodeDescribeTableResponse>);
  t.Register("UpdateTable",
             Call<DecodeUpdateTable, &D::UpdateTable, EncodeTableDescriptionResponse>);
  t.Register("DeleteTable",
             Call<DecodeDeleteTable, &D::DeleteTable, EncodeTableDescriptionResponse>);
  t.Register("ListTables", Call<DecodeListTables, &D::ListTables, EncodeListTablesResponse>);
}

void RegisterItemOperations(OperationTable& t) {
  using D = Database;
  t.Register("PutItem", Call<DecodePutItem, &D::PutItem, EncodeWriteItemResponse>);
  t.Register("GetItem", GetItem);
  t.Register("DeleteItem", Call<DecodeDeleteItem, &D::DeleteItem, EncodeWriteItemResponse>);
  t.Register("UpdateItem", Call<DecodeUpdateItem, &D::UpdateItem, EncodeWriteItemResponse>);
  t.Register("BatchGetItem",
             Call<DecodeBatchGetItem, &D::BatchGetItem, EncodeBatchGetItemResponse>);
  t.Register("BatchWriteItem",
             Call<DecodeBatchWriteItem, &D::BatchWriteItem, EncodeBatchWriteItemResponse>);
  t.Register("TransactWriteItems", Call<DecodeTransactWriteItems, &D::TransactWriteItems,
                                        EncodeTransactWriteItemsResponse>);
  t.Register("TransactGetItems",
             Call<DecodeTransactGetItems, &D::TransactGetItems, EncodeTransactGetItemsResponse>);

  t.Register("Query", Call<DecodeQuery, &D::Query, EncodeReadResponse>);
  t.Register("Scan", Call<DecodeScan, &D::Scan, EncodeReadResponse>);
}

void RegisterMiscOperations(OperationTable& t) {
  using D = Database;
  t.Register("TagResource", CallNoResult<DecodeTagResource, &D::TagResource>);
  t.Register("UntagResource", CallNoResult<DecodeUntagResource, &D::UntagResource>);
  t.Register(
      "ListTagsOfResource",
      Call<DecodeListTagsOfResource, &D::ListTagsOfResource, EncodeListTagsOfResourceResponse>);
  t.Register("DescribeLimits", DescribeLimits);
  t.Register("DescribeEndpoints", DescribeEndpoints);
  t.Register(
      "DescribeTimeToLive",
      Call<DecodeTableNameRequest, &D::DescribeTimeToLive, EncodeDescribeTimeToLiveResponse>);
  t.Register("DescribeContinuousBackups",
             Call<DecodeTableNameRequest, &D::DescribeContinuousBackups,
                  EncodeDescribeContinuousBackupsResponse>);
  t.Register("DescribeKinesisStreamingDestination",
             Call<DecodeTableNameRequest, &D::DescribeKinesisStreamingDestination,
                  EncodeKinesisStreamingDestinationResponse>);
  t.Register("DescribeContributorInsights",
             Call<DecodeDescribeContributorInsights, &D::DescribeContributorInsights,
                  EncodeContributorInsightsResponse>);
  t.Register("PutResourcePolicy",
             Call<DecodePutResourcePolicy, &D::PutResourcePolicy, EncodeResourcePolicyResponse>);
  t.Register(
      "GetResourcePolicy",
      Call<DecodeResourcePolicyRequest, &D::GetResourcePolicy, EncodeResourcePolicyResponse>);
  t.Register(
      "DeleteResourcePolicy",
      Call<DecodeResourcePolicyRequest, &D::DeleteResourcePolicy, EncodeResourcePolicyResponse>);
}

// The rest of DynamoDB_20120810's operations.
constexpr std::string_view kNotImplemented[] = {
    "BatchExecuteStatement",
    "CreateBackup",
    "CreateGlobalTable",
    "DeleteBackup",
    "DescribeBackup",
    "DescribeExport",
    "DescribeGlobalTable",
    "DescribeGlobalTableSettings",
    "DescribeImport",
    "DescribeTableReplicaAutoScaling",
    "DisableKinesisStreamingDestination",
    "EnableKinesisStreamingDestination",
    "ExecuteStatement",
    "ExecuteTransaction",
    "ExportTableToPointInTime",
    "ImportTable",
    "ListBackups",
    "ListContributorInsights",
    "ListExports",
    "ListGlobalTables",
    "ListImports",
    "RestoreTableFromBackup",
    "RestoreTableToPointInTime",
    "UpdateContinuousBackups",
    "UpdateContributorInsights",
    "UpdateGlobalTable",
    "UpdateGlobalTableSettings",
    "UpdateKinesisStreamingDestination",
    "UpdateTableReplicaAutoScaling",
    "UpdateTimeToLive",
};

OperationTable BuildTable() {
  OperationTable t;
  RegisterTableOperations(t);
  RegisterItemOperations(t);
  RegisterMiscOperations(t);
  for (std::string_view name : kNotImplemented) t.RegisterNotImplemented(name);
  return t;
}

}  // namespace

const OperationTable& DynamoDbOperations() {
  static const OperationTable table = BuildTable();
  return table;
}

std::string NotImplementedMessage(std::string_view operation) {
  return "Stator does not implement the operation " + std::string(operation) + " yet";
}

}  // namespace stator::api
