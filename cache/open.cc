// Database::Open: opens the engine and, when Options::cache asks for one, puts the read-through
// cache in front of it, installed as the engine's change listener (beside the caller's own
// listener, if any).
#include <algorithm>

#include "cache/caching_database.h"
#include "engine/engine_database.h"
#include "engine/storage/storage.h"

namespace stator {
namespace {

// Tells two listeners, the cache first.
class BothListeners final : public ChangeListener {
 public:
  BothListeners(std::shared_ptr<ChangeListener> first, std::shared_ptr<ChangeListener> second)
      : first_(std::move(first)), second_(std::move(second)) {}
  void OnItemsChanged(const TableRef& table, std::span<const ItemChange> changes) override {
    first_->OnItemsChanged(table, changes);
    second_->OnItemsChanged(table, changes);
  }
  void OnTableChanged(const TableRef& table) override {
    first_->OnTableChanged(table);
    second_->OnTableChanged(table);
  }
  bool LookupItem(const TableRef& table, const Item& key, KnownItem* out) override {
    return first_->LookupItem(table, key, out) || second_->LookupItem(table, key, out);
  }

 private:
  std::shared_ptr<ChangeListener> first_, second_;
};

}  // namespace

Result<std::unique_ptr<Database>> Database::Open(const Options& options) {
  if (options.cache.size_bytes == 0) return engine::EngineDatabase::Open(options);
  // One memory budget for both: RocksDB's share (its block cache and memtables) comes out of
  // the item cache's, so the two together stay within Options::cache.size_bytes (beyond it only
  // for budgets under 32 MB, where RocksDB keeps its 16 MB minimum).
  CacheOptions items = options.cache;
  items.size_bytes -= std::min(engine::StorageBudgetFor(items.size_bytes), items.size_bytes / 2);
  auto cache = std::make_shared<cache::Cache>(items, options.clock);
  Options engine_options = options;
  engine_options.change_listener =
      options.change_listener
          ? std::make_shared<BothListeners>(cache, options.change_listener)
          : std::static_pointer_cast<ChangeListener>(cache);
  auto engine = engine::EngineDatabase::Open(engine_options);
  if (!engine.ok()) return engine.status();
  return std::unique_ptr<Database>(
      std::make_unique<cache::CachingDatabase>(std::move(engine).value(), std::move(cache)));
}

}  // namespace stator
