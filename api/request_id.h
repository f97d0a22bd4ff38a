// Request ids as the service forms them: 52 characters from [0-9A-Z], fresh for every request
// and sent back in x-amzn-RequestId.
//
// Thread safety: NewRequestId may be called from any thread (each thread has its own generator).
#pragma once

#include <string>

namespace stator::api {

inline constexpr size_t kRequestIdLength = 52;

std::string NewRequestId();

}  // namespace stator::api
