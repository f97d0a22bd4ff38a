#include "cache/table_counters.h"

namespace stator::cache {

TableCounters* TableCountersRegistry::For(std::string_view tenant, std::string_view table) {
  std::lock_guard lock(mu_);
  auto key = std::make_pair(std::string(tenant), std::string(table));
  auto it = tables_.find(key);
  if (it != tables_.end()) return it->second.get();
  auto counters = std::make_unique<TableCounters>();
  counters->tenant = key.first;
  counters->table = key.second;
  TableCounters* out = counters.get();
  tables_.emplace(std::move(key), std::move(counters));
  return out;
}

void TableCountersRegistry::Collect(CacheStats* out) const {
  std::lock_guard lock(mu_);
  for (const auto& [name, c] : tables_) {
    CacheTableStats t;
    t.tenant = c->tenant;
    t.table = c->table;
    t.item_hits = c->item_hits.load(std::memory_order_relaxed);
    t.item_misses = c->item_misses.load(std::memory_order_relaxed);
    t.query_hits = c->query_hits.load(std::memory_order_relaxed);
    t.query_misses = c->query_misses.load(std::memory_order_relaxed);
    t.evictions = c->evictions.load(std::memory_order_relaxed);
    t.bytes = c->bytes.load(std::memory_order_relaxed);
    out->bytes += t.bytes;
    out->tables.push_back(std::move(t));
  }
}

}  // namespace stator::cache
