// ItemCache: the item half of the cache: (tenant, table, canonical primary key) -> the item as
// stored, or a negative entry ("no such item"), sharded, byte-budgeted (eviction.h).
//
// Keys: the tenant and table name, length-prefixed, then the key attributes in item_codec
// encoding with numbers canonical (as the change feed gives them), so "1.0" and "1" are one
// entry.
//
// No stale fill. A reader that misses takes a FillTicket (its key's version stripe and the
// cache's table generation, read under the shard's lock), reads the engine, and fills only if
// both are unchanged (checked under the shard's lock, exclusive). The change feed (Apply) bumps
// the key's stripe under the same lock, after the write is in storage and before it is
// acknowledged; DropTable bumps the generation before it erases the table's entries. So:
//   - if the feed's bump comes before the fill, the fill sees a new version and gives up;
//   - if it comes after, the feed finds the filled entry and replaces it by the written item;
//   - a write that committed before the reader's engine read is in what the reader read.
// Either way no entry older than an acknowledged write survives the acknowledgement. The same
// argument holds for a dropped table: a reader that read it before the drop either fills before
// the generation bump (then DropTable, which locks every shard after the bump, erases it) or
// sees the bump and gives up.
//
// Thread safety: every method may be called concurrently.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cache/eviction.h"
#include "cache/table_counters.h"
#include "stator/change_feed.h"
#include "stator/clock.h"
#include "stator/old_item_source.h"
#include "stator/shared_item.h"

namespace stator::cache {

// One version of one item (or its absence), immutable once cached. `encoded` is the slot the
// HTTP layer fills with the item's JSON.
struct CachedItem {
  bool exists = false;
  Item item;
  int64_t size = 0;  // ItemSize, for ConsumedCapacity
  mutable EncodedItem encoded;
};

struct ItemKey {
  std::string bytes;
  uint64_t hash = 0;
};

struct FillTicket {
  uint64_t stripe = 0;
  uint64_t generation = 0;
};

class ItemCache {
 public:
  using Config = CacheConfig;

  ItemCache(const Config& config);

  // The cache key of a canonical primary key (numbers in canonical text).
  static void MakeKey(std::string_view tenant, std::string_view table, const Item& key,
                      ItemKey* out);

  // The entry of `key` (marked used), or null; on a miss, *ticket is what Fill needs.
  std::shared_ptr<const CachedItem> Get(const ItemKey& key, FillTicket* ticket);

  // Caches `value` unless the key changed since `ticket` was taken.
  void Fill(const ItemKey& key, const FillTicket& ticket, std::shared_ptr<const CachedItem> value,
            TableCounters* counters);

  // The change feed: bumps the changed keys' versions and replaces their entries (when cached)
  // by the items as written.
  void Apply(const TableRef& table, std::span<const ItemChange> changes);

  // For a writer holding the item's key lock: the item (its existence, size and attributes) from
  // its entry, if cached. An entry present then is the version last committed (no stale fill, above; expired
  // dax entries included, since the feed replaces them as well), so the answer is exact.
  bool Lookup(const TableRef& table, const Item& key, KnownItem* out);

  // The table was deleted or changed shape: forget its entries; fills in flight give up.
  void DropTable(std::string_view tenant, std::string_view table);

  size_t bytes() const;

 private:
  static constexpr size_t kShards = 32;
  static constexpr size_t kStripes = 64;
  struct Slot {
    std::shared_ptr<const CachedItem> value;
    TableCounters* counters = nullptr;
    size_t charge = 0;
    int64_t expires_micros = 0;
  };
  using Shard = EvictingShard<Slot>;
  struct alignas(64) PaddedShard {
    Shard shard;
    uint64_t stripes[kStripes] = {};  // guarded by shard.mu
  };

  static size_t ShardOf(uint64_t hash) { return hash % kShards; }
  static size_t StripeOf(uint64_t hash) { return (hash >> 32) % kStripes; }
  static size_t ChargeOf(const ItemKey& key, const CachedItem& value);
  int64_t ExpiresAt() const;
  // Keeps the table's figures when the shard evicts an entry.
  static void OnEvicted(const Slot& evicted);
  // Inserts under the shard's exclusive lock, keeping the table's byte count.
  void InsertLocked(Shard& shard, const ItemKey& key, Slot slot);

  Config config_;
  std::atomic<uint64_t> generation_{0};
  std::unique_ptr<PaddedShard[]> shards_;
};

}  // namespace stator::cache
