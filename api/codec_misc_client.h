// The client's half of the small operations' codecs (codec_misc.h and codec_ttl.h are the
// server's): tags, DescribeLimits and time to live.
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

Status DecodeListTagsOfResourceResponse(std::string_view body, ListTagsOfResourceResponse* out);
Status DecodeDescribeLimitsResponse(std::string_view body, DescribeLimitsResponse* out);
Status DecodeDescribeTimeToLiveResponse(std::string_view body, TimeToLiveDescription* out);
Status DecodeUpdateTimeToLiveResponse(std::string_view body, TimeToLiveSpecification* out);

}  // namespace stator::api
