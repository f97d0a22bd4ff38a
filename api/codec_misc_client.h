// The client's half of the small operations' codecs (codec_misc.h and codec_ttl.h are the
// server's): tags, DescribeLimits, time to live, resource policies, and the Describe*s of
// per-table settings (continuous backups, Kinesis destinations, contributor insights). Their
// table-name requests are codec_table_client.h's EncodeTableNameRequest.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "stator/requests.h"
#include "stator/status.h"

namespace stator::api {

std::string EncodeTagResourceRequest(const TagResourceRequest& r);
std::string EncodeUntagResourceRequest(const UntagResourceRequest& r);
std::string EncodeListTagsOfResourceRequest(const ListTagsOfResourceRequest& r);
std::string EncodeUpdateTimeToLiveRequest(const UpdateTimeToLiveRequest& r);
std::string EncodeContributorInsightsRequest(const ContributorInsightsRequest& r);
std::string EncodePutResourcePolicyRequest(const PutResourcePolicyRequest& r);
std::string EncodeResourcePolicyRequest(const ResourcePolicyRequest& r);  // Get/Delete

Status DecodeListTagsOfResourceResponse(std::string_view body, ListTagsOfResourceResponse* out);
Status DecodeDescribeLimitsResponse(std::string_view body, DescribeLimitsResponse* out);
Status DecodeDescribeTimeToLiveResponse(std::string_view body, TimeToLiveDescription* out);
Status DecodeUpdateTimeToLiveResponse(std::string_view body, TimeToLiveSpecification* out);
// DescribeContinuousBackups and UpdateContinuousBackups.
Status DecodeContinuousBackupsResponse(std::string_view body, ContinuousBackupsDescription* out);
Status DecodeKinesisStreamingDestinationResponse(std::string_view body,
                                                 KinesisStreamingDestinationResponse* out);
Status DecodeContributorInsightsResponse(std::string_view body, ContributorInsightsResponse* out);
// PutResourcePolicy, GetResourcePolicy (with the Policy) and DeleteResourcePolicy.
Status DecodeResourcePolicyResponse(std::string_view body, ResourcePolicyResponse* out);

}  // namespace stator::api
