// What surrounds a table's data: tags, resource policies, the account's limits, the endpoint to
// use, and the settings of integrations (Kinesis streaming, Contributor Insights) that Stator
// reports as off.
#include "api/codec_misc.h"
#include "api/operations/call.h"
#include "api/operations/families.h"

namespace stator::api {
namespace {

Result<std::string> DescribeLimits(const OperationArgs& a) {
  auto response = a.db.DescribeLimits(a.ctx.call);
  if (!response.ok()) return response.status();
  return EncodeDescribeLimitsResponse(*response);
}

// Answered here: the endpoint to use is this server, by the address the client reached it at (the
// service names the endpoint the request came to, "dynamodb.<region>.amazonaws.com"). SDKs with
// endpoint discovery send their later requests there.
Result<std::string> DescribeEndpoints(const OperationArgs& a) {
  return EncodeDescribeEndpointsResponse(a.ctx.host.empty() ? "localhost" : a.ctx.host);
}

}  // namespace

void RegisterMetadataOperations(OperationRegistry& r) {
  using D = Database;
  r.Register("TagResource", CallNoResult<DecodeTagResource, &D::TagResource>);
  r.Register("UntagResource", CallNoResult<DecodeUntagResource, &D::UntagResource>);
  r.Register(
      "ListTagsOfResource",
      Call<DecodeListTagsOfResource, &D::ListTagsOfResource, EncodeListTagsOfResourceResponse>);

  r.Register("PutResourcePolicy",
             Call<DecodePutResourcePolicy, &D::PutResourcePolicy, EncodeResourcePolicyResponse>);
  r.Register(
      "GetResourcePolicy",
      Call<DecodeResourcePolicyRequest, &D::GetResourcePolicy, EncodeResourcePolicyResponse>);
  r.Register(
      "DeleteResourcePolicy",
      Call<DecodeResourcePolicyRequest, &D::DeleteResourcePolicy, EncodeResourcePolicyResponse>);

  r.Register("DescribeLimits", DescribeLimits);
  r.Register("DescribeEndpoints", DescribeEndpoints);

  r.Register("DescribeKinesisStreamingDestination",
             Call<DecodeTableNameRequest, &D::DescribeKinesisStreamingDestination,
                  EncodeKinesisStreamingDestinationResponse>);
  r.RegisterNotImplemented("EnableKinesisStreamingDestination");
  r.RegisterNotImplemented("DisableKinesisStreamingDestination");
  r.RegisterNotImplemented("UpdateKinesisStreamingDestination");

  r.Register("DescribeContributorInsights",
             Call<DecodeDescribeContributorInsights, &D::DescribeContributorInsights,
                  EncodeContributorInsightsResponse>);
  r.RegisterNotImplemented("ListContributorInsights");
  r.RegisterNotImplemented("UpdateContributorInsights");
}

}  // namespace stator::api
