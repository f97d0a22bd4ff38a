// PartitionLayout: the partition maps (PartitionMap) of one table and of each of its GSIs — the
// one place they are kept and changed. Every data-plane request finds its partition here,
// without a lock. A map changes in two ways only, both by splitting partitions in halves of
// their hash ranges (the service never merges them):
//  - EnsureAtLeast: the catalog sizes a table or GSI for its throughput when it is created,
//    loaded or updated (engine/throughput/partition_count.h has the service's rule);
//  - SplitInHalf: throughput enforcement splits a partition that stays hot
//    (engine/throughput/partition_heat.h says when).
// An LSI is partitioned as its table (the service keeps an LSI's items with their table's
// item collection), so it has no map of its own.
//
// Publication: an owner's current map is an atomic pointer to an immutable map. A change builds
// a new map and swaps the pointer; the map it replaces is kept until the layout (with its table)
// is destroyed, so a reader still holding the old pointer never meets freed memory — with no
// reference count and no epoch to maintain on the read path, which costs one acquire load (a
// plain load on x86; bench/engine/partition_layout_bench.cc). The price is memory: a split keeps
// one superseded map, so splits for heat stop at kMaxHeatPartitions per owner, which keeps what
// is retained under about 8 MB per owner in the worst case. Maps are not persisted: after a
// restart a table starts again from the count its throughput needs.
//
// Thread safety: Find, Count, TableMap are lock-free and safe during changes; changes are
// serialized by the layout's own mutex, never the catalog's.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

#include "engine/access/partition_map.h"

namespace stator::engine {

class PartitionLayout {
 public:
  // Splits for heat stop once an owner has this many partitions: at 1,000 write units each, far
  // beyond what one Stator process serves.
  static constexpr size_t kMaxHeatPartitions = 1024;

  // The table `table_id`, with one partition until EnsureAtLeast sizes it.
  explicit PartitionLayout(uint32_t table_id);
  ~PartitionLayout();
  PartitionLayout(const PartitionLayout&) = delete;
  PartitionLayout& operator=(const PartitionLayout&) = delete;

  // The id of the partition of the table or GSI `owner_id` that holds `hash`. A GSI the layout
  // does not know yet (one whose creation is being committed) is treated as whole: its
  // partition of sequence 0.
  uint64_t Find(uint32_t owner_id, uint64_t hash) const;
  // The table's current map; it stays valid as long as the layout.
  const PartitionMap& TableMap() const { return *table_.map.load(std::memory_order_acquire); }
  // How many partitions the table or GSI `owner_id` has now (0: an owner it does not know).
  size_t Count(uint32_t owner_id) const;

  // Gives the table or GSI `owner_id` at least `count` partitions: a new GSI gets `count` of
  // equal ranges; an owner with fewer splits its widest partitions in halves.
  void EnsureAtLeast(uint32_t owner_id, uint32_t count);
  // Splits partition `partition_id` into two halves of its hash range with new ids, which it
  // returns (the lower half's first). Nothing when it is no longer a current partition (split
  // already), its range holds a single hash, or its owner has kMaxHeatPartitions.
  std::optional<std::pair<uint64_t, uint64_t>> SplitInHalf(uint64_t partition_id);

 private:
  struct Owner {
    explicit Owner(uint32_t owner_id) : id(owner_id) {}
    const uint32_t id;
    std::atomic<const PartitionMap*> map{nullptr};
    uint32_t next_sequence = 0;  // guarded by mu_
  };
  using IndexOwners = std::vector<Owner*>;

  const Owner* FindOwner(uint32_t owner_id) const;
  // The same owner, to change. Requires mu_ held.
  Owner* OwnerToChange(uint32_t owner_id) { return const_cast<Owner*>(FindOwner(owner_id)); }
  // Makes `map` the current map of `owner`, keeping it alive. Requires mu_ held.
  void Publish(Owner& owner, PartitionMap map);
  // `map` with its widest partitions split in halves until it has `count` partitions (or none
  // is left to split), the new partitions taking `owner`'s next sequences. Requires mu_ held.
  static PartitionMap Grow(const PartitionMap& map, uint32_t count, Owner& owner);

  Owner table_;
  std::atomic<const IndexOwners*> indexes_{nullptr};
  std::mutex mu_;
  // Everything ever published, kept for readers that may still hold it; guarded by mu_.
  std::vector<std::unique_ptr<const PartitionMap>> maps_;
  std::vector<std::unique_ptr<Owner>> index_owners_;
  std::vector<std::unique_ptr<const IndexOwners>> index_lists_;
};

}  // namespace stator::engine
