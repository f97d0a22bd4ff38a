// QueryCache: the page half of the cache: a Query or Scan request (request_fingerprint.h) ->
// the page the engine answered.
//
// Invalidation is by version stripes rather than by searching entries. Three arrays of
// counters: per table (hashed), bumped by every item change of the table and by table changes;
// per table "shape", bumped only by table changes (deletion, index changes); per partition
// (hashed table + key attribute + value), bumped for each key attribute of each changed item.
// A page remembers the counters it depends on, read before the engine was asked: a base-table
// Query those of its table's shape and its partition (so writes elsewhere in the table leave it
// alone); a Scan or an index Query its table's. A hit compares them with the current counters
// and treats any difference as a miss. Since the feed bumps the counters after the write is in
// storage and before it is acknowledged, a read that starts after the acknowledgement sees the
// bump; and a page read before the bump was filled with the old counters, so it is dead on
// arrival: no stale fill, without any lock shared between the feed and the fill. (Bumping the
// sort-key attribute's stripe too, since the feed does not tell which key attribute is the
// partition key, only costs spurious invalidations.)
//
// In kDax mode pages expire after a TTL instead and only table changes (deletion, indexes) are
// consulted.
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

#include "cache/eviction.h"
#include "cache/table_counters.h"
#include "stator/change_feed.h"
#include "stator/clock.h"
#include "stator/requests.h"

namespace stator::cache {

// The counters one page depends on and their values when it was read.
struct PageDependency {
  uint32_t table_stripe = 0;
  int32_t partition_stripe = -1;  // -1: depends on the whole table
  uint64_t table_version = 0;
  uint64_t shape_version = 0;
  uint64_t partition_version = 0;
};

class QueryCache {
 public:
  using Config = CacheConfig;

  QueryCache(const Config& config);

  // The dependency of a page of `table`; `partition_key` and `partition_value` name the
  // partition of a base-table Query (value null: the whole table). Reads the counters now: call
  // before asking the engine.
  PageDependency Depend(std::string_view tenant, std::string_view table,
                        std::string_view partition_key,
                        const AttributeValue* partition_value) const;
  // The version of a table's shape (bumped by DropTable), for checking what was learnt of it.
  uint64_t ShapeVersion(std::string_view tenant, std::string_view table) const;

  // The cached page of the request `fingerprint`, or null.
  std::shared_ptr<const ReadResponse> Get(std::string_view fingerprint);

  void Fill(std::string fingerprint, const PageDependency& dependency,
            std::shared_ptr<const ReadResponse> page, TableCounters* counters);

  // The change feed (coherent mode only).
  void Apply(const TableRef& table, std::span<const ItemChange> changes);
  void DropTable(std::string_view tenant, std::string_view table);

 private:
  static constexpr size_t kShards = 16;
  static constexpr size_t kTableStripes = 1024;
  static constexpr size_t kPartitionStripes = 8192;
  struct Slot {
    std::shared_ptr<const ReadResponse> page;
    TableCounters* counters = nullptr;
    size_t charge = 0;
    int64_t expires_micros = 0;
    PageDependency dependency;
  };
  using Shard = EvictingShard<Slot>;
  struct alignas(64) PaddedShard {
    Shard shard;
  };

  static uint32_t TableStripe(std::string_view tenant, std::string_view table);
  static uint32_t PartitionStripe(std::string_view tenant, std::string_view table,
                                  std::string_view attribute, const AttributeValue& value);
  bool Valid(const Slot& slot) const;

  Config config_;
  std::unique_ptr<PaddedShard[]> shards_;
  std::unique_ptr<std::atomic<uint64_t>[]> table_versions_;
  std::unique_ptr<std::atomic<uint64_t>[]> shape_versions_;
  std::unique_ptr<std::atomic<uint64_t>[]> partition_versions_;
};

}  // namespace stator::cache
