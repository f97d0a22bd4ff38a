#include "cache/item_cache.h"

#include <xxhash.h>

#include <mutex>

#include "engine/model/item_codec.h"
#include "engine/model/item_validation.h"

namespace stator::cache {
ItemCache::ItemCache(const Config& config)
    : config_(config), shards_(new PaddedShard[kShards]) {
  for (size_t i = 0; i < kShards; ++i) {
    shards_[i].shard.Configure(config.policy, config.capacity_bytes / kShards);
  }
}

void ItemCache::MakeKey(std::string_view tenant, std::string_view table, const Item& key,
                        ItemKey* out) {
  out->bytes.clear();
  AppendTableKey(tenant, table, &out->bytes);
  EncodeItem(key, &out->bytes);
  out->hash = XXH3_64bits(out->bytes.data(), out->bytes.size());
}

size_t ItemCache::ChargeOf(const ItemKey& key, const CachedItem& value) {
  // The JSON the server keeps beside the item is charged up front: its bytes plus the names'
  // quotes and the type wrappers, about 16 bytes an attribute.
  const size_t json = static_cast<size_t>(value.size) + value.item.size() * 16;
  return key.bytes.size() + ResidentBytes(value.item, value.size) + json + kEntryOverheadBytes;
}

int64_t ItemCache::ExpiresAt() const {
  return config_.ttl_micros > 0 ? config_.clock->NowMicros() + config_.ttl_micros : 0;
}

std::shared_ptr<const CachedItem> ItemCache::Get(const ItemKey& key, FillTicket* ticket) {
  PaddedShard& p = shards_[ShardOf(key.hash)];
  Shard::Entry* e;
  auto found = [&]() -> std::shared_ptr<const CachedItem> {
    if (e == nullptr) {
      ticket->stripe = p.stripes[StripeOf(key.hash)];
      ticket->generation = generation_.load(std::memory_order_acquire);
      return nullptr;
    }
    if (e->value.expires_micros != 0 && config_.clock->NowMicros() >= e->value.expires_micros) {
      ticket->stripe = p.stripes[StripeOf(key.hash)];
      ticket->generation = generation_.load(std::memory_order_acquire);
      return nullptr;
    }
    Count(e->value.counters->item_hits);
    return e->value.value;
  };
  if (config_.policy == EvictionPolicy::kLru) {
    std::unique_lock lock(p.shard.mu);
    e = p.shard.Find(key.hash, key.bytes);
    return found();
  }
  std::shared_lock lock(p.shard.mu);
  e = p.shard.Find(key.hash, key.bytes);
  return found();
}

void ItemCache::OnEvicted(const Slot& evicted) {
  Count(evicted.counters->evictions);
  evicted.counters->bytes.fetch_sub(static_cast<int64_t>(evicted.charge),
                                    std::memory_order_relaxed);
}

void ItemCache::InsertLocked(Shard& shard, const ItemKey& key, Slot slot) {
  if (Shard::Entry* old = shard.Peek(key.hash, key.bytes)) {
    old->value.counters->bytes.fetch_sub(static_cast<int64_t>(old->value.charge),
                                         std::memory_order_relaxed);
  }
  TableCounters* counters = slot.counters;
  const size_t charge = slot.charge;
  counters->bytes.fetch_add(static_cast<int64_t>(charge), std::memory_order_relaxed);
  shard.Insert(key.hash, key.bytes, std::move(slot), charge, OnEvicted);
}

void ItemCache::Fill(const ItemKey& key, const FillTicket& ticket,
                     std::shared_ptr<const CachedItem> value, TableCounters* counters) {
  const size_t charge = ChargeOf(key, *value);
  if (charge > config_.capacity_bytes / kShards) return;
  PaddedShard& p = shards_[ShardOf(key.hash)];
  std::unique_lock lock(p.shard.mu);
  if (p.stripes[StripeOf(key.hash)] != ticket.stripe ||
      generation_.load(std::memory_order_acquire) != ticket.generation) {
    return;  // a write or a table change overtook this read: what it read may be stale
  }
  InsertLocked(p.shard, key, Slot{std::move(value), counters, charge, ExpiresAt()});
}

void ItemCache::Apply(const TableRef& table, std::span<const ItemChange> changes) {
  thread_local ItemKey key;
  for (const ItemChange& change : changes) {
    MakeKey(table.tenant, table.name, *change.key, &key);
    PaddedShard& p = shards_[ShardOf(key.hash)];
    std::shared_ptr<const CachedItem> replaced;  // freed after the lock is released
    std::unique_lock lock(p.shard.mu);
    ++p.stripes[StripeOf(key.hash)];
    Shard::Entry* e = p.shard.Peek(key.hash, key.bytes);
    if (e == nullptr) continue;  // writes do not insert: only what is read is worth the room
    auto value = std::make_shared<CachedItem>();
    if (change.new_item != nullptr) {
      value->exists = true;
      value->item = *change.new_item;
      value->size = change.new_size;  // the engine counted it
    }
    const size_t charge = ChargeOf(key, *value);
    TableCounters* counters = e->value.counters;
    replaced = std::move(e->value.value);
    if (charge > config_.capacity_bytes / kShards) {
      counters->bytes.fetch_sub(static_cast<int64_t>(e->value.charge), std::memory_order_relaxed);
      p.shard.Erase(e);
      continue;
    }
    counters->bytes.fetch_add(static_cast<int64_t>(charge) - static_cast<int64_t>(e->value.charge),
                              std::memory_order_relaxed);
    p.shard.Replace(e, Slot{std::move(value), counters, charge, ExpiresAt()}, charge, OnEvicted);
  }
}

bool ItemCache::Lookup(const TableRef& table, const Item& key, KnownItem* out) {
  thread_local ItemKey k;
  MakeKey(table.tenant, table.name, key, &k);
  PaddedShard& p = shards_[ShardOf(k.hash)];
  std::shared_lock lock(p.shard.mu);  // Peek neither reorders nor marks the entry
  const Shard::Entry* e = p.shard.Peek(k.hash, k.bytes);
  if (e == nullptr) return false;
  const std::shared_ptr<const CachedItem>& cached = e->value.value;
  out->exists = cached->exists;
  out->size = cached->size;
  if (cached->exists) out->item = std::shared_ptr<const Item>(cached, &cached->item);
  return true;
}

void ItemCache::DropTable(std::string_view tenant, std::string_view table) {
  std::string prefix;
  AppendTableKey(tenant, table, &prefix);
  generation_.fetch_add(1, std::memory_order_acq_rel);
  std::vector<Shard::Entry*> doomed;
  for (size_t i = 0; i < kShards; ++i) {
    Shard& shard = shards_[i].shard;
    std::unique_lock lock(shard.mu);
    doomed.clear();
    shard.ForEach([&](Shard::Entry* e) {
      if (std::string_view(e->key).starts_with(prefix)) doomed.push_back(e);
    });
    for (Shard::Entry* e : doomed) {
      e->value.counters->bytes.fetch_sub(static_cast<int64_t>(e->value.charge),
                                         std::memory_order_relaxed);
      shard.Erase(e);
    }
  }
}

size_t ItemCache::bytes() const {
  size_t total = 0;
  for (size_t i = 0; i < kShards; ++i) {
    std::shared_lock lock(shards_[i].shard.mu);
    total += shards_[i].shard.bytes();
  }
  return total;
}

}  // namespace stator::cache
