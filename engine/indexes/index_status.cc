#include "engine/indexes/index_status.h"

#include "engine/tables/throughput_quotas.h"

namespace stator::engine {

ProvisionedThroughputDescription ThroughputOf(const IndexDef& index) {
  ProvisionedThroughputDescription pt;
  if (index.throughput) {
    pt.read_capacity_units = index.throughput->read_capacity_units;
    pt.write_capacity_units = index.throughput->write_capacity_units;
  }
  pt.last_increase_date_time = index.last_increase_date_time;
  pt.last_decrease_date_time = index.last_decrease_date_time;
  pt.number_of_decreases_today = index.number_of_decreases_today;
  return pt;
}

void SetThroughput(const ProvisionedThroughputDescription& pt, IndexDef* index) {
  index->throughput = ProvisionedThroughput{pt.read_capacity_units, pt.write_capacity_units};
  index->last_increase_date_time = pt.last_increase_date_time;
  index->last_decrease_date_time = pt.last_decrease_date_time;
  index->number_of_decreases_today = pt.number_of_decreases_today;
}

void DescribeGsiThroughput(const IndexDef& index, int64_t now, SecondaryIndexDescription* out) {
  ProvisionedThroughputDescription& pt = out->provisioned_throughput.emplace(ThroughputOf(index));
  StartDecreaseDay(pt, now);
  out->on_demand_throughput = index.on_demand_throughput;
}

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
    DescribeGsiThroughput(index, now, &out);
    d->global_secondary_indexes.push_back(std::move(out));
  }
}

}  // namespace stator::engine
