// PartitionCount: a partition's throughput ceilings, and how many partitions a table or GSI
// needs for the throughput it must serve, by the service's rules.
//
//  - Every partition serves at most 3,000 read and 1,000 write units a second (Developer Guide,
//    "DynamoDB burst and adaptive capacity": "throttling will occur if a single partition
//    receives more than 3000 read operation or more than 1000 write operations").
//  - A new table gets "a sufficient number of partitions ... so that it can handle any
//    provisioned throughput needs", and more partitions come "if you increase the table's
//    provisioned throughput settings beyond what the existing partitions can support"
//    (Developer Guide, "Partitions and data distribution in DynamoDB"); "global secondary
//    indexes in DynamoDB are also composed of partitions" that "behave in much the same way".
//    The guide no longer gives the count; the formula AWS presented for it, and that the
//    service's ceilings imply, is ceil(RCU / 3,000 + WCU / 1,000), at least one. (The older
//    10 GB-per-partition rule is not modelled: partitions here split for throughput only.)
//  - An on-demand table or GSI is sized for its initial throughput, 12,000 read and 4,000
//    write request units a second (Developer Guide, "DynamoDB on-demand capacity mode", "Initial
//    throughput and scaling properties": twice the initial previous peak of OnDemandPeak), so
//    the same formula gives it 12,000 / 3,000 + 4,000 / 1,000 = 8 partitions.
//  - Partitions are only split, never merged (AWS Database Blog, "Scaling DynamoDB: How
//    partitions, hot keys, and split for heat impact performance", part 3): lowering the
//    throughput, or switching billing mode, keeps them.
//
// Thread safety: constants and pure functions.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "engine/throughput/on_demand_peak.h"

namespace stator::engine {

// The service's figures.
inline constexpr double kPartitionReadCeiling = 3000;
inline constexpr double kPartitionWriteCeiling = 1000;

// The partitions a table or GSI provisioned with `read_units` and `write_units` a second needs.
inline uint32_t PartitionsFor(int64_t read_units, int64_t write_units) {
  const double needed = static_cast<double>(read_units) / kPartitionReadCeiling +
                        static_cast<double>(write_units) / kPartitionWriteCeiling;
  // The service's throughput ceilings (40,000 units per table by default, quotas above that)
  // keep this far below the cap; the cap only guards against absurd settings.
  return static_cast<uint32_t>(std::clamp(std::ceil(needed), 1.0, 65536.0));
}

// The partitions a new on-demand table or GSI has.
inline uint32_t OnDemandPartitions() {
  return PartitionsFor(static_cast<int64_t>(2 * kOnDemandInitialReadPeak),
                       static_cast<int64_t>(2 * kOnDemandInitialWritePeak));
}

}  // namespace stator::engine
