// Capacity units as DynamoDB counts them: a write unit per 1 KB (rounded up) of the larger of the
// old and new item, a read unit per 4 KB read strongly consistently, half that eventually
// consistently; at least one unit (half for eventually consistent reads) per request.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "stator/requests.h"

namespace stator::engine {

inline double WriteUnits(int64_t item_bytes) {
  return static_cast<double>(item_bytes <= 0 ? 1 : (item_bytes + 1023) / 1024);
}

inline double ReadUnits(int64_t item_bytes, bool consistent) {
  const double units = static_cast<double>(item_bytes <= 0 ? 1 : (item_bytes + 4095) / 4096);
  return consistent ? units : units / 2;
}

// The ConsumedCapacity to return for a request, or nothing when it asked for none.
// Takes the name as a view so that the common case, no capacity asked for, copies nothing.
inline std::optional<ConsumedCapacity> Consumed(ReturnConsumedCapacity mode,
                                                std::string_view table_name, double units,
                                                bool is_write) {
  if (mode == ReturnConsumedCapacity::kNone) return std::nullopt;
  ConsumedCapacity c;
  c.table_name = std::string(table_name);
  c.capacity_units = units;
  if (is_write) {
    c.write_capacity_units = units;
  } else {
    c.read_capacity_units = units;
  }
  if (mode == ReturnConsumedCapacity::kIndexes) {
    Capacity table;
    table.capacity_units = units;
    if (is_write) {
      table.write_capacity_units = units;
    } else {
      table.read_capacity_units = units;
    }
    c.table = table;
  }
  return c;
}

}  // namespace stator::engine
