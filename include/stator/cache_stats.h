// CacheStats: what the read-through cache did, per table: the figures a user sizes it by.
//
// Thread safety: values; a snapshot taken while the cache runs (counters are read one by one,
// so figures of one snapshot may be a few operations apart).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace stator {

struct CacheTableStats {
  std::string tenant;  // CallOptions::tenant of the table's calls
  std::string table;
  uint64_t item_hits = 0;    // GetItem / BatchGetItem keys answered from the cache
  uint64_t item_misses = 0;  // ... read through from the engine
  uint64_t query_hits = 0;   // Query / Scan pages answered from the cache
  uint64_t query_misses = 0;
  uint64_t evictions = 0;  // entries evicted to stay within the budget (not invalidations)
  int64_t bytes = 0;       // bytes the table's entries hold now
};

struct CacheStats {
  bool enabled = false;     // false: no cache (Options::cache.size_bytes 0); nothing else set
  size_t capacity_bytes = 0;
  int64_t bytes = 0;        // all tables
  std::vector<CacheTableStats> tables;  // tables the cache has seen, by tenant then name
};

}  // namespace stator
