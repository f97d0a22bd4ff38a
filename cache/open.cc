// Database::Open, the composition root: opens the engine and, when Options::cache asks for one,
// puts the read-through cache in front of it, subscribed first to the engine's change feed and
// installed as its writers' old-item source. The one file that sees both the engine and the cache.
// With Options::remote naming an endpoint it opens the remote Database instead, with the cache in
// front of it in DAX mode only (write_through.h says why) when Options::cache asks for one.
#include <algorithm>

#include "api/remote/remote_database.h"
#include "cache/caching_database.h"
#include "cache/write_through.h"
#include "engine/engine_database.h"
#include "engine/storage/storage.h"

namespace stator {
namespace {

constexpr char kRemoteCacheIsDax[] =
    "a cache in front of a remote Database runs in DAX mode only (Options::cache.mode = kDax): "
    "it sees no change feed of the service, only the writes made through it";

// The cache first, then the caller's own source for what the cache does not hold.
class CacheThenSource final : public OldItemSource {
 public:
  CacheThenSource(std::shared_ptr<OldItemSource> cache, std::shared_ptr<OldItemSource> source)
      : cache_(std::move(cache)), source_(std::move(source)) {}
  bool Lookup(const TableRef& table, const Item& key, KnownItem* out) override {
    return cache_->Lookup(table, key, out) || source_->Lookup(table, key, out);
  }

 private:
  std::shared_ptr<OldItemSource> cache_, source_;
};

Result<std::unique_ptr<Database>> OpenRemote(const Options& options) {
  const bool cached = options.cache.size_bytes > 0;
  if (cached && options.cache.mode != CacheOptions::Mode::kDax) {
    return Status::Validation(kRemoteCacheIsDax);
  }
  auto remote = remote::OpenRemoteDatabase(options);
  if (!remote.ok() || !cached) return remote;
  auto cache = std::make_shared<cache::Cache>(options.cache, options.clock);
  auto fed = std::make_unique<cache::WriteThrough>(std::move(remote).value(), cache);
  return std::unique_ptr<Database>(
      std::make_unique<cache::CachingDatabase>(std::move(fed), std::move(cache)));
}

}  // namespace

Result<std::unique_ptr<Database>> Database::Open(const Options& options) {
  if (!options.remote.endpoint.empty()) return OpenRemote(options);
  if (options.cache.size_bytes == 0) return engine::EngineDatabase::Open(options);
  // One memory budget for both: RocksDB's share (its block cache and memtables) comes out of
  // the item cache's, so the two together stay within Options::cache.size_bytes (beyond it only
  // for budgets under 32 MB, where RocksDB keeps its 16 MB minimum).
  CacheOptions items = options.cache;
  items.size_bytes -= std::min(engine::StorageBudgetFor(items.size_bytes), items.size_bytes / 2);
  auto cache = std::make_shared<cache::Cache>(items, options.clock);
  Options engine_options = options;
  engine_options.change_subscribers.insert(engine_options.change_subscribers.begin(), cache);
  engine_options.old_item_source =
      options.old_item_source ? std::make_shared<CacheThenSource>(cache, options.old_item_source)
                              : std::static_pointer_cast<OldItemSource>(cache);
  auto engine = engine::EngineDatabase::Open(engine_options);
  if (!engine.ok()) return engine.status();
  return std::unique_ptr<Database>(
      std::make_unique<cache::CachingDatabase>(std::move(engine).value(), std::move(cache)));
}

}  // namespace stator
