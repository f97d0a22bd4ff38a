#include "engine/access/partition_map.h"

#include <algorithm>

namespace stator::engine {

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
