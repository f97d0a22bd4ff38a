// The query cache's key: the whole Query or Scan request, with its tenant, written out field by
// field in a fixed order (values in item_codec encoding), so two requests share a page only if
// every parameter is the same. The cache indexes by an xxHash (XXH3-64) of these bytes and
// compares the bytes themselves on a hit.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "stator/requests.h"

namespace stator::cache {

void QueryFingerprint(std::string_view tenant, const QueryRequest& r, std::string* out);
void ScanFingerprint(std::string_view tenant, const ScanRequest& r, std::string* out);

}  // namespace stator::cache
