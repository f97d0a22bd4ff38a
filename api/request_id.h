// Request ids as the service forms them: 52 characters from [0-9A-Z], fresh for every request
// and sent back in x-amzn-RequestId.
//
// Thread safety: NewRequestId may be called from any thread (each thread has its own generator).
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

namespace stator::api {

inline constexpr size_t kRequestIdLength = 52;

// A request id held by value: no allocation on the request path.
class RequestId {
 public:
  std::string_view view() const { return {chars_.data(), chars_.size()}; }
  std::string str() const { return std::string(view()); }

 private:
  friend RequestId MakeRequestId();
  std::array<char, kRequestIdLength> chars_;
};

RequestId MakeRequestId();

inline std::string NewRequestId() { return MakeRequestId().str(); }

}  // namespace stator::api
