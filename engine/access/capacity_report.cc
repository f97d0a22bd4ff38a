// Database::GetCapacityStats: the ledger's figures, summed over partitions, by table and index,
// with the refusals of throughput enforcement, for the metrics page and the embedded API.
#include <map>
#include <tuple>

#include "engine/engine_database.h"

namespace stator::engine {

CapacityStats EngineDatabase::GetCapacityStats() const {
  CapacityStats out;
  const CapacityLedger* ledger = access_.ledger();
  if (ledger == nullptr) return out;  // Options::admission replaced the engine's own
  std::map<uint32_t, std::shared_ptr<Table>> tables;
  for (auto& table : catalog_.AllTables()) tables.emplace(table->id, table);
  std::map<std::pair<uint32_t, std::string>, TableCapacityFigures> rows;
  ledger->ForEach([&](uint32_t table_id, std::string_view index, const CapacityLedger::Units& u) {
    auto table = tables.find(table_id);
    if (table == tables.end()) return;  // deleted since
    TableCapacityFigures& row = rows[{table_id, std::string(index)}];
    row.tenant = table->second->tenant;
    row.table = table->second->name;
    row.index = std::string(index);
    row.read_units += u.read;
    row.write_units += u.write;
  });
  const ThrottlingAdmission* throttling = access_.throttling();
  for (auto& [key, row] : rows) {
    if (throttling != nullptr && row.index.empty()) {
      const ThrottlingAdmission::Throttles t = throttling->ThrottledOn(key.first);
      row.read_throttles = t.read;
      row.write_throttles = t.write;
    }
    out.tables.push_back(std::move(row));
  }
  return out;
}

}  // namespace stator::engine
