#include "engine/indexes/index_status.h"

namespace stator::engine {

void AddDeletingIndexes(const TableMeta& meta, int64_t now, TableDescription* d) {
  for (const TableMeta::DeletingIndex& deleting : meta.deleting_indexes) {
    if (deleting.deleting_until_micros <= now) continue;
    const IndexDef& index = deleting.index;
    SecondaryIndexDescription out;
    out.index_name = index.name;
    out.key_schema.push_back({index.key.hash.name, KeyType::kHash});
    for (const KeyAttribute& k : index.key.more_hash) {
      out.key_schema.push_back({k.name, KeyType::kHash});
    }
    if (index.key.range) out.key_schema.push_back({index.key.range->name, KeyType::kRange});
    for (const KeyAttribute& k : index.key.more_range) {
      out.key_schema.push_back({k.name, KeyType::kRange});
    }
    out.projection = index.projection;
    out.index_arn = d->table_arn + "/index/" + index.name;
    out.index_status = IndexStatus::kDeleting;
    ProvisionedThroughputDescription& pt = out.provisioned_throughput.emplace();
    if (index.throughput) {
      pt.read_capacity_units = index.throughput->read_capacity_units;
      pt.write_capacity_units = index.throughput->write_capacity_units;
    }
    d->global_secondary_indexes.push_back(std::move(out));
  }
}

}  // namespace stator::engine
