// PartitionMap: a table's (or an index's) partition-key hash space split into partitions, as
// DynamoDB splits tables: each partition holds the contiguous range of the 64-bit hash ring
// (engine/storage/key_codec.h: the hash leads every item key) from its `begin` to the next
// partition's, and has an id that stays its own for its life. A split replaces one partition by
// two with fresh ids, so figures kept by id (capacity, throttling) never mix the halves.
//
// Ids: the owner's id (table or index id, never reused) in the high 32 bits, a sequence number
// in the low 32: unique in the database. How many partitions an owner has, and when one splits,
// is decided by the service's rules elsewhere (engine/access/partition_layout.h, which also
// owns the maps).
//
// Thread safety: immutable; a split makes a new map that replaces the old as a whole.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace stator::engine {

class PartitionMap {
 public:
  struct Partition {
    uint64_t begin = 0;  // the first hash of the range
    uint64_t id = 0;
  };

  // One partition over the whole ring.
  static PartitionMap Whole(uint32_t owner_id) { return PartitionMap({{0, Id(owner_id, 0)}}); }
  // `count` (at least 1) partitions of equal ranges, with the sequences 0 to count - 1.
  static PartitionMap Even(uint32_t owner_id, uint32_t count);

  // `partitions` sorted by begin, the first beginning at 0.
  explicit PartitionMap(std::vector<Partition> partitions) : partitions_(std::move(partitions)) {}

  // The id of the partition holding `hash`.
  uint64_t Find(uint64_t hash) const;
  // This map with the partition holding `hash` split at `at` (inside that partition's range,
  // above its begin) into two partitions with the ids `low` and `high`.
  PartitionMap Split(uint64_t at, uint64_t low, uint64_t high) const;
  // The middle of the range of the partition at `index`, where halving it splits it; nullopt
  // when the range holds a single hash and cannot be split.
  std::optional<uint64_t> Middle(size_t index) const;

  const std::vector<Partition>& partitions() const { return partitions_; }
  static uint64_t Id(uint32_t owner_id, uint32_t sequence) {
    return (uint64_t{owner_id} << 32) | sequence;
  }

 private:
  std::vector<Partition> partitions_;
};

}  // namespace stator::engine
