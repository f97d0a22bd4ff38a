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

}  // namespace
}  // namespace stator::api
