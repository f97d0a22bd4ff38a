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
#include <vector>

#include "stator/requests.h"

namespace stator {

inline double WriteUnits(int64_t item_bytes) {
  return static_cast<double>(item_bytes <= 0 ? 1 : (item_bytes + 1023) / 1024);
}

inline double ReadUnits(int64_t item_bytes, bool consistent) {
  const double units = static_cast<double>(item_bytes <= 0 ? 1 : (item_bytes + 4095) / 4096);
  return consistent ? units : units / 2;
}

// The shapes the service answers with: the single-item operations, Query, Scan and the batches
// report the aggregate CapacityUnits alone (with INDEXES, a Table arm and one arm per index
// touched); only the transactions add the ReadCapacityUnits/WriteCapacityUnits split, at the top
// and in the Table arm. `split` asks for it; later additions keep whichever shape the entry has.

// The ConsumedCapacity to return for a request, or nothing when it asked for none.
// Takes the name as a view so that the common case, no capacity asked for, copies nothing.
inline std::optional<ConsumedCapacity> Consumed(ReturnConsumedCapacity mode,
                                                std::string_view table_name, double units,
                                                bool is_write, bool split = false) {
  if (mode == ReturnConsumedCapacity::kNone) return std::nullopt;
  ConsumedCapacity c;
  c.table_name = std::string(table_name);
  c.capacity_units = units;
  if (split) (is_write ? c.write_capacity_units : c.read_capacity_units) = units;
  if (mode == ReturnConsumedCapacity::kIndexes) {
    Capacity table;
    table.capacity_units = units;
    if (split) (is_write ? table.write_capacity_units : table.read_capacity_units) = units;
    c.table = table;
  }
  return c;
}

// Adds `units` to a typed figure that the entry's shape carries (the split), else nothing.
inline void AddTyped(std::optional<double>& typed, bool split, double units) {
  if (split) typed = typed.value_or(0) + units;
}

// Adds an index's units to a ConsumedCapacity: to its totals, and with INDEXES to the index's own
// entry (GlobalSecondaryIndexes or LocalSecondaryIndexes), as the service breaks them down.
inline void AddIndexUnits(ReturnConsumedCapacity mode, const std::string& index_name, bool local,
                          double units, bool is_write, ConsumedCapacity* c) {
  if (mode == ReturnConsumedCapacity::kNone || c == nullptr) return;
  auto& total = is_write ? c->write_capacity_units : c->read_capacity_units;
  const bool split = total.has_value();
  c->capacity_units += units;
  AddTyped(total, split, units);
  if (mode != ReturnConsumedCapacity::kIndexes) return;
  auto& indexes = local ? c->local_secondary_indexes : c->global_secondary_indexes;
  Capacity& mine = indexes[index_name];
  mine.capacity_units += units;
  AddTyped(is_write ? mine.write_capacity_units : mine.read_capacity_units, split, units);
}

// Adds units to the ConsumedCapacity entry of `table_name` in a per-table list (batches,
// transactions: `split`), creating it in request order.
inline void AddUnits(ReturnConsumedCapacity mode, const std::string& table_name, double units,
                     bool is_write, std::vector<ConsumedCapacity>* out, bool split = false) {
  if (mode == ReturnConsumedCapacity::kNone) return;
  for (auto& c : *out) {
    if (c.table_name != table_name) continue;
    c.capacity_units += units;
    AddTyped(is_write ? c.write_capacity_units : c.read_capacity_units, split, units);
    if (c.table) {
      c.table->capacity_units += units;
      AddTyped(is_write ? c.table->write_capacity_units : c.table->read_capacity_units, split,
               units);
    }
    return;
  }
  out->push_back(*Consumed(mode, table_name, units, is_write, split));
}

// The entry of `table_name` in a per-table list (batches, transactions), or null.
inline ConsumedCapacity* FindConsumed(std::vector<ConsumedCapacity>* list,
                                      const std::string& table_name) {
  for (auto& c : *list) {
    if (c.table_name == table_name) return &c;
  }
  return nullptr;
}

}  // namespace stator
