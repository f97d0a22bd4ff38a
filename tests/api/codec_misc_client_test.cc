#include "api/codec_misc_client.h"

#include <gtest/gtest.h>

#include "api/codec_misc.h"
#include "api/codec_ttl.h"
#include "tests/api/client_codec_util.h"

namespace stator::api {
namespace {

using testing::ExpectRequestRoundTrip;
using testing::ExpectResponseRoundTrip;

constexpr char kArn[] = "arn:aws:dynamodb:us-east-1:000000000000:table/t";

TEST(CodecMiscClientTest, Tags) {
  ExpectRequestRoundTrip(TagResourceRequest{kArn, {{"a", "1"}, {"b", ""}}},
                         EncodeTagResourceRequest, DecodeTagResource);
  ExpectRequestRoundTrip(UntagResourceRequest{kArn, {"a", "b"}}, EncodeUntagResourceRequest,
                         DecodeUntagResource);
  ExpectRequestRoundTrip(ListTagsOfResourceRequest{kArn, "next"}, EncodeListTagsOfResourceRequest,
                         DecodeListTagsOfResource);
  ExpectResponseRoundTrip(ListTagsOfResourceResponse{{{"a", "1"}}, "more"},
                          EncodeListTagsOfResourceResponse, DecodeListTagsOfResourceResponse);
}

TEST(CodecMiscClientTest, LimitsAndTimeToLive) {
  ExpectResponseRoundTrip(DescribeLimitsResponse{1, 2, 3, 4}, EncodeDescribeLimitsResponse,
                          DecodeDescribeLimitsResponse);
  ExpectResponseRoundTrip(TimeToLiveDescription{"ENABLED", "expires"},
                          EncodeDescribeTimeToLiveResponse, DecodeDescribeTimeToLiveResponse);
  ExpectResponseRoundTrip(TimeToLiveDescription{}, EncodeDescribeTimeToLiveResponse,
                          DecodeDescribeTimeToLiveResponse);
  ExpectRequestRoundTrip(UpdateTimeToLiveRequest{"t", {true, "expires"}},
                         EncodeUpdateTimeToLiveRequest, DecodeUpdateTimeToLive);
  ExpectResponseRoundTrip(TimeToLiveSpecification{true, "expires"}, EncodeUpdateTimeToLiveResponse,
                          DecodeUpdateTimeToLiveResponse);
}

TEST(CodecMiscClientTest, SettingsDescriptions) {
  ExpectRequestRoundTrip(ContributorInsightsRequest{"t", std::nullopt},
                         EncodeContributorInsightsRequest, DecodeDescribeContributorInsights);
  ExpectRequestRoundTrip(ContributorInsightsRequest{"t", "gsi"}, EncodeContributorInsightsRequest,
                         DecodeDescribeContributorInsights);
  ExpectResponseRoundTrip(ContributorInsightsResponse{"t", std::nullopt, "DISABLED"},
                          EncodeContributorInsightsResponse, DecodeContributorInsightsResponse);
  ExpectResponseRoundTrip(ContributorInsightsResponse{"t", "gsi", "ENABLED"},
                          EncodeContributorInsightsResponse, DecodeContributorInsightsResponse);
  ExpectResponseRoundTrip(KinesisStreamingDestinationResponse{"t"},
                          EncodeKinesisStreamingDestinationResponse,
                          DecodeKinesisStreamingDestinationResponse);
}

TEST(CodecMiscClientTest, ResourcePolicies) {
  const std::string policy = R"({"Version":"2012-10-17","Statement":[]})";
  ExpectRequestRoundTrip(PutResourcePolicyRequest{kArn, policy, std::nullopt, false},
                         EncodePutResourcePolicyRequest, DecodePutResourcePolicy);
  ExpectRequestRoundTrip(PutResourcePolicyRequest{kArn, policy, "17", true},
                         EncodePutResourcePolicyRequest, DecodePutResourcePolicy);
  ExpectRequestRoundTrip(ResourcePolicyRequest{kArn, std::nullopt}, EncodeResourcePolicyRequest,
                         DecodeResourcePolicyRequest);
  ExpectRequestRoundTrip(ResourcePolicyRequest{kArn, "17"}, EncodeResourcePolicyRequest,
                         DecodeResourcePolicyRequest);
  ExpectResponseRoundTrip(ResourcePolicyResponse{policy, "17"}, EncodeResourcePolicyResponse,
                          DecodeResourcePolicyResponse);
  ExpectResponseRoundTrip(ResourcePolicyResponse{std::nullopt, "18"}, EncodeResourcePolicyResponse,
                          DecodeResourcePolicyResponse);
}

}  // namespace
}  // namespace stator::api
