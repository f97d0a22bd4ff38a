// CapacityStats: the capacity units each table and index consumed, and the requests throughput
// enforcement refused on each table, since the database opened (Database::GetCapacityStats):
// the figures behind the CloudWatch metrics ConsumedReadCapacityUnits,
// ConsumedWriteCapacityUnits, ReadThrottleEvents and WriteThrottleEvents.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace stator {

struct TableCapacityFigures {
  std::string tenant;  // the namespace the table lives in (a credential's, or the shared one)
  std::string table;
  std::string index;  // empty: the table itself
  double read_units = 0;
  double write_units = 0;
  // Requests refused with ProvisionedThroughputExceededException (the table's row only: its
  // indexes' refusals included). Zero unless throttling is on.
  uint64_t read_throttles = 0;
  uint64_t write_throttles = 0;
};

struct CapacityStats {
  std::vector<TableCapacityFigures> tables;  // one per table and index that was accessed
};

}  // namespace stator
