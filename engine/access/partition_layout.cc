#include "engine/access/partition_layout.h"

#include <algorithm>
#include <numeric>

namespace stator::engine {

PartitionLayout::PartitionLayout(uint32_t table_id) : table_(table_id) {
  std::lock_guard lock(mu_);
  Publish(table_, PartitionMap::Whole(table_id));
  table_.next_sequence = 1;
}

PartitionLayout::~PartitionLayout() = default;

const PartitionLayout::Owner* PartitionLayout::FindOwner(uint32_t owner_id) const {
  if (owner_id == table_.id) return &table_;
  const IndexOwners* indexes = indexes_.load(std::memory_order_acquire);
  if (indexes == nullptr) return nullptr;
  for (const Owner* owner : *indexes) {
    if (owner->id == owner_id) return owner;
  }
  return nullptr;
}

uint64_t PartitionLayout::Find(uint32_t owner_id, uint64_t hash) const {
  const Owner* owner = FindOwner(owner_id);
  if (owner == nullptr) return PartitionMap::Id(owner_id, 0);
  return owner->map.load(std::memory_order_acquire)->Find(hash);
}

size_t PartitionLayout::Count(uint32_t owner_id) const {
  const Owner* owner = FindOwner(owner_id);
  return owner == nullptr ? 0 : owner->map.load(std::memory_order_acquire)->partitions().size();
}

void PartitionLayout::Publish(Owner& owner, PartitionMap map) {
  maps_.push_back(std::make_unique<const PartitionMap>(std::move(map)));
  owner.map.store(maps_.back().get(), std::memory_order_release);
}

void PartitionLayout::EnsureAtLeast(uint32_t owner_id, uint32_t count) {
  std::lock_guard lock(mu_);
  Owner* owner = OwnerToChange(owner_id);
  if (owner == nullptr) {
    // A new GSI: published with its map, then listed, so a reader that finds it finds a map.
    index_owners_.push_back(std::make_unique<Owner>(owner_id));
    owner = index_owners_.back().get();
    Publish(*owner, PartitionMap::Even(owner_id, count));
    owner->next_sequence = std::max<uint32_t>(count, 1);
    const IndexOwners* current = indexes_.load(std::memory_order_relaxed);
    auto listed = std::make_unique<IndexOwners>(current ? *current : IndexOwners());
    listed->push_back(owner);
    indexes_.store(listed.get(), std::memory_order_release);
    index_lists_.push_back(std::move(listed));
    return;
  }
  const PartitionMap& current = *owner->map.load(std::memory_order_relaxed);
  if (current.partitions().size() >= count) return;  // partitions are never merged
  Publish(*owner, Grow(current, count, *owner));
}

PartitionMap PartitionLayout::Grow(const PartitionMap& map, uint32_t count, Owner& owner) {
  PartitionMap grown = map;
  while (grown.partitions().size() < count) {
    const auto& parts = grown.partitions();
    // Each round halves up to every partition, the widest first, so the ring stays as evenly
    // divided as the service's doubling of partitions leaves it.
    std::vector<size_t> order(parts.size());
    std::iota(order.begin(), order.end(), 0);
    auto width = [&](size_t i) {
      const uint64_t end = i + 1 < parts.size() ? parts[i + 1].begin : 0;
      return end - parts[i].begin - 1;  // the whole ring's 2^64 - 1 included
    };
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return width(a) > width(b); });
    size_t wanted = count - parts.size();
    std::vector<bool> halve(parts.size(), false);
    for (size_t i : order) {
      if (wanted == 0) break;
      if (!grown.Middle(i)) continue;
      halve[i] = true;
      --wanted;
    }
    if (wanted == count - parts.size()) break;  // nothing left to split
    std::vector<PartitionMap::Partition> next;
    next.reserve(parts.size() * 2);
    for (size_t i = 0; i < parts.size(); ++i) {
      if (!halve[i]) {
        next.push_back(parts[i]);
        continue;
      }
      next.push_back({parts[i].begin, PartitionMap::Id(owner.id, owner.next_sequence++)});
      next.push_back({*grown.Middle(i), PartitionMap::Id(owner.id, owner.next_sequence++)});
    }
    grown = PartitionMap(std::move(next));
  }
  return grown;
}

std::optional<std::pair<uint64_t, uint64_t>> PartitionLayout::SplitInHalf(uint64_t partition_id) {
  std::lock_guard lock(mu_);
  Owner* owner = OwnerToChange(static_cast<uint32_t>(partition_id >> 32));
  if (owner == nullptr) return std::nullopt;
  const PartitionMap& current = *owner->map.load(std::memory_order_relaxed);
  const auto& parts = current.partitions();
  if (parts.size() >= kMaxHeatPartitions) return std::nullopt;
  auto it = std::find_if(parts.begin(), parts.end(),
                         [&](const PartitionMap::Partition& p) { return p.id == partition_id; });
  if (it == parts.end()) return std::nullopt;
  const std::optional<uint64_t> middle = current.Middle(static_cast<size_t>(it - parts.begin()));
  if (!middle) return std::nullopt;
  const uint64_t low = PartitionMap::Id(owner->id, owner->next_sequence++);
  const uint64_t high = PartitionMap::Id(owner->id, owner->next_sequence++);
  Publish(*owner, current.Split(*middle, low, high));
  return std::pair(low, high);
}

}  // namespace stator::engine
