// Codec of the smaller operations: tags, resource policies, and the Describe* operations that
// report per-table settings (TTL, continuous backups, Kinesis, contributor insights), account
// limits and endpoints.
//
// Thread safety: pure functions.
#pragma once

#include <simdjson.h>

#include <string>
#include <string_view>
#include <vector>

#include "api/json_writer.h"
#include "stator/requests.h"
#include "stator/status.h"

namespace stator::api {

Status DecodeTagResource(simdjson::dom::object body, TagResourceRequest* out);
Status DecodeUntagResource(simdjson::dom::object body, UntagResourceRequest* out);
Status DecodeListTagsOfResource(simdjson::dom::object body, ListTagsOfResourceRequest* out);
// DescribeTimeToLive, DescribeContinuousBackups, DescribeKinesisStreamingDestination.
Status DecodeTableNameRequest(simdjson::dom::object body, TableNameRequest* out);
Status DecodeDescribeContributorInsights(simdjson::dom::object body,
                                         ContributorInsightsRequest* out);
Status DecodePutResourcePolicy(simdjson::dom::object body, PutResourcePolicyRequest* out);
// GetResourcePolicy, DeleteResourcePolicy.
Status DecodeResourcePolicyRequest(simdjson::dom::object body, ResourcePolicyRequest* out);

// Writes "Tags": [{"Key": ..., "Value": ...}, ...] into the object w is writing.
void WriteTags(const std::vector<Tag>& tags, JsonWriter* w);

std::string EncodeListTagsOfResourceResponse(const ListTagsOfResourceResponse& r);
std::string EncodeDescribeLimitsResponse(const DescribeLimitsResponse& r);
std::string EncodeDescribeTimeToLiveResponse(const TimeToLiveDescription& r);
std::string EncodeDescribeContinuousBackupsResponse(const ContinuousBackupsDescription& r);
std::string EncodeKinesisStreamingDestinationResponse(const KinesisStreamingDestinationResponse& r);
std::string EncodeContributorInsightsResponse(const ContributorInsightsResponse& r);
// PutResourcePolicy and DeleteResourcePolicy: {"RevisionId":...}; GetResourcePolicy adds Policy.
std::string EncodeResourcePolicyResponse(const ResourcePolicyResponse& r);
// DescribeEndpoints, answered by the API layer itself: the endpoint is the server's own address.
std::string EncodeDescribeEndpointsResponse(std::string_view address);
// "{}": the response of operations that return nothing (TagResource, UntagResource).
std::string EncodeEmptyResponse();

}  // namespace stator::api
