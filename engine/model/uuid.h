// Random version-4 UUIDs, as the service gives tables, requests and mappings.
//
// Thread safety: safe to call from any thread (a generator per thread).
#pragma once

#include <string>

namespace stator {

std::string NewUuid();

}  // namespace stator
