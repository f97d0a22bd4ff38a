// Helpers shared by the cache's tests: a database opened with the cache in front of the engine.
#pragma once

#include <memory>
#include <string>

#include "tests/engine/database_test_util.h"

namespace stator::testing {

inline std::unique_ptr<Database> OpenCached(
    size_t bytes = 64 << 20, CacheOptions::Mode mode = CacheOptions::Mode::kCoherent,
    std::shared_ptr<Clock> clock = Clock::System()) {
  Options options;
  options.in_memory = true;
  options.clock = std::move(clock);
  options.cache.size_bytes = bytes;
  options.cache.mode = mode;
  auto db = Database::Open(options);
  EXPECT_TRUE(db.ok()) << db.status().message();
  return std::move(db).value();
}

inline Item KeyOf(const std::string& id) { return Item{{"id", AttributeValue::S(id)}}; }

inline PutItemRequest PutOf(const std::string& table, Item item) {
  PutItemRequest r;
  r.table_name = table;
  r.item = std::move(item);
  return r;
}

inline GetItemRequest GetOf(const std::string& table, Item key) {
  GetItemRequest r;
  r.table_name = table;
  r.key = std::move(key);
  return r;
}

// The table's figures in the cache's statistics (zeros when it has none yet).
inline CacheTableStats StatsOf(const Database& db, const std::string& table) {
  for (const CacheTableStats& t : db.GetCacheStats().tables) {
    if (t.table == table) return t;
  }
  return {};
}

}  // namespace stator::testing
