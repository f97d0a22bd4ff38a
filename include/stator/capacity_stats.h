// CapacityStats: the capacity units each table, index and partition consumed, and the accesses
// throughput enforcement refused on each, since the database opened (Database::GetCapacityStats):
// the figures behind the CloudWatch metrics ConsumedReadCapacityUnits,
// ConsumedWriteCapacityUnits, ReadThrottleEvents and WriteThrottleEvents (per table and per
// GlobalSecondaryIndexName), and their cause-specific kin (ReadKeyRangeThroughputThrottleEvents,
// WriteMaxOnDemandThroughputThrottleEvents, ...).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace stator {

// What a refused access met: the LimitType of the service's ThrottlingReason (API Reference,
// ThrottlingReason; Developer Guide, "Diagnosing throttling"). Never reordered: the figures are
// indexed by it.
enum class ThrottleLimit : unsigned char {
  kProvisioned,  // a provisioned table's or GSI's throughput
  kPartition,    // a partition's ceiling, which the service calls a key range's
  kOnDemand,     // twice an on-demand table's or GSI's previous peak
  kMaxOnDemand,  // the maximum an on-demand table's or GSI's OnDemandThroughput sets
};
inline constexpr size_t kThrottleLimitCount = 4;

// The service's name of the limit, as a ThrottlingReason's reason ends ("Table" or "Index",
// "Read" or "Write", then this).
constexpr std::string_view LimitTypeOf(ThrottleLimit limit) {
  switch (limit) {
    case ThrottleLimit::kProvisioned:
      return "ProvisionedThroughputExceeded";
    case ThrottleLimit::kPartition:
      return "KeyRangeThroughputExceeded";
    case ThrottleLimit::kMaxOnDemand:
      return "MaxOnDemandThroughputExceeded";
    case ThrottleLimit::kOnDemand:
      // The service names no limit type of its own for traffic beyond double the previous
      // peak. Of the four it documents, the one for a table-level throttle of an on-demand
      // table or GSI whose user set no maximum is AccountLimitExceeded ("account-level service
      // quotas exceeded (in on-demand mode)"): KeyRangeThroughputExceeded is a partition's,
      // ProvisionedThroughputExceeded a provisioned table's, and MaxOnDemandThroughputExceeded
      // that of a MaxRead/WriteRequestUnits the user chose.
      return "AccountLimitExceeded";
  }
  return "";
}

// Throttle events of one direction (reads or writes), by the limit each met.
struct ThrottleEvents {
  std::array<uint64_t, kThrottleLimitCount> by_limit{};

  uint64_t operator[](ThrottleLimit limit) const { return by_limit[static_cast<size_t>(limit)]; }
  uint64_t total() const {
    uint64_t sum = 0;
    for (uint64_t n : by_limit) sum += n;
    return sum;
  }
  ThrottleEvents& operator+=(const ThrottleEvents& other) {
    for (size_t i = 0; i < by_limit.size(); ++i) by_limit[i] += other.by_limit[i];
    return *this;
  }
};

// A table's or index's figures, summed over its partitions.
struct TableCapacityFigures {
  std::string tenant;  // the namespace the table lives in (a credential's, or the shared one)
  std::string table;
  std::string index;  // empty: the table itself
  double read_units = 0;
  double write_units = 0;
  // Throttle events: accesses of the table (its LSIs' included, which spend its throughput) or
  // of the GSI refused by throughput enforcement. As in CloudWatch, a write to a table that one
  // of its GSIs holds back is the GSI's event, not the table's ("The TableName dimension
  // returns the WriteThrottleEvents for the table, but not for any global secondary indexes").
  // Zero unless throttling is on.
  ThrottleEvents read_throttles;
  ThrottleEvents write_throttles;
  // How many partitions the table or GSI has now (an LSI: its table's).
  size_t partition_count = 0;
};

// One partition's figures. Scans, and writes to an index, are charged to no single partition
// (their units and refusals are in TableCapacityFigures only).
struct PartitionCapacityFigures {
  std::string tenant;
  std::string table;
  std::string index;  // empty: the table's partition (or an LSI's, which shares it)
  // The partition's sequence within its table or GSI: 0 for the first, and new numbers for the
  // halves of each split, so a partition split since keeps its figures under its own number.
  uint32_t partition = 0;
  double read_units = 0;
  double write_units = 0;
  ThrottleEvents read_throttles;
  ThrottleEvents write_throttles;
};

struct CapacityStats {
  std::vector<TableCapacityFigures> tables;  // one per table and index that was accessed
  std::vector<PartitionCapacityFigures> partitions;  // one per partition that was accessed
};

}  // namespace stator
