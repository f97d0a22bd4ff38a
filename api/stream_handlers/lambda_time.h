// Times as Lambda writes them in the documents it makes (on-failure records, tumbling windows):
// ISO 8601 in UTC, "2019-11-14T00:13:49.717Z" with milliseconds, "2019-11-14T00:13:19Z" without.
//
// Thread safety: pure functions.
#pragma once

#include <string>

namespace stator::api {

std::string LambdaTimestamp(double epoch_seconds, bool milliseconds);

}  // namespace stator::api
