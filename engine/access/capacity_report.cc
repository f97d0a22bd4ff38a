// Database::GetCapacityStats: the ledger's figures by table and index (summed over partitions)
// and by partition, for the metrics page and the embedded API. Runs off the request path: it
// visits the ledger a stripe at a time and reads each table's index ids under its write gate.
#include <map>
#include <tuple>

#include "engine/engine_database.h"

namespace stator::engine {
namespace {

void Add(const CapacityLedger::Units& u, double* read, double* write,
         ThrottleEvents* read_throttles, ThrottleEvents* write_throttles) {
  *read += u.read;
  *write += u.write;
  *read_throttles += u.read_throttles;
  *write_throttles += u.write_throttles;
}

// The partition owner (PartitionLayout) of each GSI of `table`, by name.
std::map<std::string, uint32_t, std::less<>> GsiIds(const Table& table) {
  std::map<std::string, uint32_t, std::less<>> out;
  auto gate = LockGateShared(table);
  for (const IndexDef& index : table.indexes) {
    if (!index.local) out.emplace(index.name, index.id);
  }
  return out;
}

}  // namespace

CapacityStats EngineDatabase::GetCapacityStats() const {
  CapacityStats out;
  const CapacityLedger* ledger = access_.ledger();
  if (ledger == nullptr) return out;  // Options::admission replaced the engine's own
  std::map<uint32_t, std::shared_ptr<Table>> tables;
  for (auto& table : catalog_.AllTables()) tables.emplace(table->id, table);
  std::map<std::pair<uint32_t, std::string>, TableCapacityFigures> rows;
  std::map<std::tuple<uint32_t, std::string, uint32_t>, PartitionCapacityFigures> partitions;
  ledger->ForEach([&](uint32_t table_id, std::string_view index, uint64_t partition,
                      const CapacityLedger::Units& u) {
    auto table = tables.find(table_id);
    if (table == tables.end()) return;  // deleted since
    TableCapacityFigures& row = rows[{table_id, std::string(index)}];
    row.tenant = table->second->tenant;
    row.table = table->second->name;
    row.index = std::string(index);
    Add(u, &row.read_units, &row.write_units, &row.read_throttles, &row.write_throttles);
    if (partition == kAllPartitions) return;
    const auto sequence = static_cast<uint32_t>(partition);
    PartitionCapacityFigures& p = partitions[{table_id, std::string(index), sequence}];
    p.tenant = row.tenant;
    p.table = row.table;
    p.index = row.index;
    p.partition = sequence;
    Add(u, &p.read_units, &p.write_units, &p.read_throttles, &p.write_throttles);
  });
  uint32_t gsis_of = 0;  // the table whose GSI ids `gsis` holds
  std::map<std::string, uint32_t, std::less<>> gsis;
  for (auto& [key, row] : rows) {
    const Table& table = *tables.at(key.first);
    uint32_t owner = table.id;  // the table, and its LSIs
    if (!row.index.empty()) {
      if (gsis_of != table.id) {
        gsis = GsiIds(table);
        gsis_of = table.id;
      }
      if (auto gsi = gsis.find(row.index); gsi != gsis.end()) owner = gsi->second;
    }
    row.partition_count = table.partitions.Count(owner);
    out.tables.push_back(std::move(row));
  }
  for (auto& [key, p] : partitions) out.partitions.push_back(std::move(p));
  return out;
}

}  // namespace stator::engine
