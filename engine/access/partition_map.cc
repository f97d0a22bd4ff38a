#include "engine/access/partition_map.h"

#include <algorithm>

namespace stator::engine {

PartitionMap PartitionMap::Even(uint32_t owner_id, uint32_t count) {
  count = std::max<uint32_t>(count, 1);
  // The ring has 2^64 hashes: a partition's width is the largest that fits `count` times, the
  // last one taking the remainder (under `count` hashes).
  const uint64_t width = ~uint64_t{0} / count;
  std::vector<Partition> partitions;
  partitions.reserve(count);
  for (uint32_t i = 0; i < count; ++i) partitions.push_back({width * i, Id(owner_id, i)});
  return PartitionMap(std::move(partitions));
}

std::optional<uint64_t> PartitionMap::Middle(size_t index) const {
  const uint64_t begin = partitions_[index].begin;
  // Modulo 2^64, the width of the last partition is 0 - begin; of the whole ring, 0.
  const uint64_t end = index + 1 < partitions_.size() ? partitions_[index + 1].begin : 0;
  const uint64_t width = end - begin;
  if (width == 0) return begin + (uint64_t{1} << 63);  // the whole ring
  if (width < 2) return std::nullopt;
  return begin + width / 2;
}

uint64_t PartitionMap::Find(uint64_t hash) const {
  // The last partition beginning at or before the hash; the first begins at 0.
  auto it = std::upper_bound(partitions_.begin(), partitions_.end(), hash,
                             [](uint64_t h, const Partition& p) { return h < p.begin; });
  return std::prev(it)->id;
}

PartitionMap PartitionMap::Split(uint64_t at, uint64_t low, uint64_t high) const {
  std::vector<Partition> out;
  out.reserve(partitions_.size() + 1);
  for (size_t i = 0; i < partitions_.size(); ++i) {
    const uint64_t end = i + 1 < partitions_.size() ? partitions_[i + 1].begin : 0;
    const bool holds = at > partitions_[i].begin && (end == 0 || at < end);
    if (!holds) {
      out.push_back(partitions_[i]);
      continue;
    }
    out.push_back({partitions_[i].begin, low});
    out.push_back({at, high});
  }
  return PartitionMap(std::move(out));
}

}  // namespace stator::engine
