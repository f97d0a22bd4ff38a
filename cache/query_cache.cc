#include "cache/query_cache.h"

#include <xxhash.h>

#include <mutex>

#include "engine/model/coding.h"
#include "engine/model/item_codec.h"
#include "engine/model/item_validation.h"

namespace stator::cache {
namespace {

uint64_t Hash(std::string_view bytes) { return XXH3_64bits(bytes.data(), bytes.size()); }

std::unique_ptr<std::atomic<uint64_t>[]> Counters(size_t n) {
  auto out = std::make_unique<std::atomic<uint64_t>[]>(n);
  for (size_t i = 0; i < n; ++i) out[i].store(0, std::memory_order_relaxed);
  return out;
}

size_t ChargeOf(std::string_view fingerprint, const ReadResponse& page) {
  size_t bytes = fingerprint.size() + kEntryOverheadBytes;
  if (page.items) {
    for (const Item& item : *page.items) {
      bytes += ResidentBytes(item, ItemSize(item)) + kEntryOverheadBytes / 2;
    }
  }
  if (page.last_evaluated_key) {
    bytes += static_cast<size_t>(ItemSize(*page.last_evaluated_key));
  }
  return bytes;
}

}  // namespace

QueryCache::QueryCache(const Config& config)
    : config_(config),
      shards_(new PaddedShard[kShards]),
      table_versions_(Counters(kTableStripes)),
      shape_versions_(Counters(kTableStripes)),
      partition_versions_(Counters(kPartitionStripes)) {
  for (size_t i = 0; i < kShards; ++i) {
    shards_[i].shard.Configure(config.policy, config.capacity_bytes / kShards);
  }
}

// The stripe functions run on every write (Apply) and query: they hash in a buffer of the
// thread's own, which keeps its room, rather than allocating a string each time.
uint32_t QueryCache::TableStripe(std::string_view tenant, std::string_view table) {
  thread_local std::string bytes;
  bytes.clear();
  AppendTableKey(tenant, table, &bytes);
  return static_cast<uint32_t>(Hash(bytes) % kTableStripes);
}

uint32_t QueryCache::PartitionStripe(std::string_view tenant, std::string_view table,
                                     std::string_view attribute, const AttributeValue& value) {
  thread_local std::string bytes;
  bytes.clear();
  AppendTableKey(tenant, table, &bytes);
  PutVarint(&bytes, attribute.size());
  bytes.append(attribute);
  EncodeValue(value, &bytes);
  return static_cast<uint32_t>(Hash(bytes) % kPartitionStripes);
}

PageDependency QueryCache::Depend(std::string_view tenant, std::string_view table,
                                  std::string_view partition_key,
                                  const AttributeValue* partition_value) const {
  PageDependency d;
  d.table_stripe = TableStripe(tenant, table);
  d.shape_version = shape_versions_[d.table_stripe].load(std::memory_order_acquire);
  d.table_version = table_versions_[d.table_stripe].load(std::memory_order_acquire);
  if (partition_value != nullptr) {
    d.partition_stripe =
        static_cast<int32_t>(PartitionStripe(tenant, table, partition_key, *partition_value));
    d.partition_version = partition_versions_[d.partition_stripe].load(std::memory_order_acquire);
  }
  return d;
}

uint64_t QueryCache::ShapeVersion(std::string_view tenant, std::string_view table) const {
  return shape_versions_[TableStripe(tenant, table)].load(std::memory_order_acquire);
}

bool QueryCache::Valid(const Slot& slot) const {
  const PageDependency& d = slot.dependency;
  if (shape_versions_[d.table_stripe].load(std::memory_order_acquire) != d.shape_version) {
    return false;  // the table was deleted or changed its indexes (both modes)
  }
  if (config_.ttl_micros > 0) return config_.clock->NowMicros() < slot.expires_micros;
  if (d.partition_stripe < 0) {
    return table_versions_[d.table_stripe].load(std::memory_order_acquire) == d.table_version;
  }
  return partition_versions_[d.partition_stripe].load(std::memory_order_acquire) ==
         d.partition_version;
}

std::shared_ptr<const ReadResponse> QueryCache::Get(std::string_view fingerprint) {
  const uint64_t hash = Hash(fingerprint);
  Shard& shard = shards_[hash % kShards].shard;
  auto found = [&](Shard::Entry* e) -> std::shared_ptr<const ReadResponse> {
    if (e == nullptr || !Valid(e->value)) return nullptr;
    Count(e->value.counters->query_hits);
    return e->value.page;
  };
  if (config_.policy == EvictionPolicy::kLru) {
    std::unique_lock lock(shard.mu);
    return found(shard.Find(hash, fingerprint));
  }
  std::shared_lock lock(shard.mu);
  return found(shard.Find(hash, fingerprint));
}

void QueryCache::Fill(std::string fingerprint, const PageDependency& dependency,
                      std::shared_ptr<const ReadResponse> page, TableCounters* counters) {
  const size_t charge = ChargeOf(fingerprint, *page);
  if (charge > config_.capacity_bytes / kShards) return;
  const uint64_t hash = Hash(fingerprint);
  Slot slot{std::move(page), counters, charge,
            config_.ttl_micros > 0 ? config_.clock->NowMicros() + config_.ttl_micros : 0,
            dependency};
  if (!Valid(slot)) return;  // overtaken by a write already: dead on arrival
  Shard& shard = shards_[hash % kShards].shard;
  std::unique_lock lock(shard.mu);
  if (Shard::Entry* old = shard.Peek(hash, fingerprint)) {
    old->value.counters->bytes.fetch_sub(static_cast<int64_t>(old->value.charge),
                                         std::memory_order_relaxed);
  }
  counters->bytes.fetch_add(static_cast<int64_t>(charge), std::memory_order_relaxed);
  shard.Insert(hash, std::move(fingerprint), std::move(slot), charge, [](const Slot& evicted) {
    Count(evicted.counters->evictions);
    evicted.counters->bytes.fetch_sub(static_cast<int64_t>(evicted.charge),
                                      std::memory_order_relaxed);
  });
}

void QueryCache::Apply(const TableRef& table, std::span<const ItemChange> changes) {
  for (const ItemChange& change : changes) {
    for (const auto& [name, value] : *change.key) {
      partition_versions_[PartitionStripe(table.tenant, table.name, name, value)].fetch_add(
          1, std::memory_order_acq_rel);
    }
  }
  table_versions_[TableStripe(table.tenant, table.name)].fetch_add(1, std::memory_order_acq_rel);
}

void QueryCache::DropTable(std::string_view tenant, std::string_view table) {
  const uint32_t stripe = TableStripe(tenant, table);
  shape_versions_[stripe].fetch_add(1, std::memory_order_acq_rel);
  table_versions_[stripe].fetch_add(1, std::memory_order_acq_rel);
}

}  // namespace stator::cache
