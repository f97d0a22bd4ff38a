// TableCounters: the per-table figures of the cache (hits, misses, evictions, bytes), kept as
// relaxed atomics so that a hit costs one uncontended increment, and the registry that owns
// them. A registered TableCounters is never freed while the registry lives, so cache entries
// hold a raw pointer to theirs.
//
// Thread safety: For and Collect are safe to call concurrently; counters are atomics.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "stator/cache_stats.h"

namespace stator::cache {

struct TableCounters {
  std::string tenant;
  std::string table;
  std::atomic<uint64_t> item_hits{0};
  std::atomic<uint64_t> item_misses{0};
  std::atomic<uint64_t> query_hits{0};
  std::atomic<uint64_t> query_misses{0};
  std::atomic<uint64_t> evictions{0};
  std::atomic<int64_t> bytes{0};
};

class TableCountersRegistry {
 public:
  // The counters of a table, created on first use. Never null.
  TableCounters* For(std::string_view tenant, std::string_view table);
  // Adds every table's figures to *out.
  void Collect(CacheStats* out) const;

 private:
  mutable std::mutex mu_;
  std::map<std::pair<std::string, std::string>, std::unique_ptr<TableCounters>, std::less<>>
      tables_;
};

inline void Count(std::atomic<uint64_t>& counter) {
  counter.fetch_add(1, std::memory_order_relaxed);
}

}  // namespace stator::cache
