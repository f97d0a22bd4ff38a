#include "api/stream_handlers/lambda_time.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>

namespace stator::api {

std::string LambdaTimestamp(double epoch_seconds, bool milliseconds) {
  const double whole = std::floor(epoch_seconds);
  const auto t = static_cast<std::time_t>(whole);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[40];
  size_t n = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &tm);
  if (milliseconds) {
    const int ms = std::min(999, static_cast<int>(std::lround((epoch_seconds - whole) * 1000)));
    n += static_cast<size_t>(std::snprintf(text + n, sizeof text - n, ".%03d", ms));
  }
  return std::string(text, n) + "Z";
}

}  // namespace stator::api
