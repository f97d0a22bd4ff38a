// The service's limits on batches, shared by the engine, which enforces them, and the cache,
// which must not answer a batch the engine would refuse or cut short.
#pragma once

#include <cstddef>
#include <cstdint>

namespace stator {

inline constexpr size_t kMaxBatchGetKeys = 100;       // keys of one BatchGetItem
inline constexpr size_t kMaxBatchWriteRequests = 25;  // requests of one BatchWriteItem
// A BatchGetItem answers at most this much item data; the rest comes back as UnprocessedKeys.
inline constexpr int64_t kMaxBatchGetResponseBytes = 16 * 1024 * 1024;

}  // namespace stator
