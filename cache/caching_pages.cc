// The cache's page reads: Query and Scan through the query cache.
#include "cache/caching_database.h"
#include "cache/request_fingerprint.h"
#include "engine/model/expressions/key_condition.h"
#include "engine/model/read_parameters.h"

namespace stator::cache {
namespace {

bool IsArn(std::string_view table_name) { return table_name.starts_with("arn:"); }

// The engine's KeySchema of a described table.
bool SchemaOf(const TableDescription& d, KeySchema* out) {
  auto type_of = [&](const std::string& name) {
    for (const auto& def : d.attribute_definitions) {
      if (def.attribute_name == name) return def.attribute_type;
    }
    return ScalarType::kS;
  };
  bool hash = false;
  for (const auto& k : d.key_schema) {
    KeyAttribute a{k.attribute_name, type_of(k.attribute_name)};
    if (k.key_type == KeyType::kHash) {
      out->hash = std::move(a);
      hash = true;
    } else {
      out->range = std::move(a);
    }
  }
  return hash;
}

// The read units a cached page charges: those its response reports. A page cached from a request
// that did not ask for ConsumedCapacity does not know them and charges none.
double PageUnits(const ReadResponse& page) {
  return page.consumed_capacity ? page.consumed_capacity->capacity_units : 0;
}

// A cached page, copied out for one request.
ReadResponse Hit(const ReadResponse& page) {
  ReadResponse out(page);
  out.cache = CacheOutcome::kHit;
  return out;
}

// A page read from the database behind the cache.
Result<ReadResponse> Missed(Result<ReadResponse> response) {
  if (response.ok()) response->cache = CacheOutcome::kMiss;
  return response;
}

}  // namespace

bool CachingDatabase::PartitionOf(const CallOptions& c, const QueryRequest& r,
                                  std::string* key_name, AttributeValue* value,
                                  uint64_t shape_version) {
  KeySchema schema;
  if (!cache_->schemas().Find(c.tenant, r.table_name, shape_version, &schema)) {
    DescribeTableRequest describe;
    describe.table_name = r.table_name;
    auto d = inner().DescribeTable(c, describe);
    if (!d.ok() || !SchemaOf(d->table, &schema)) return false;
    cache_->schemas().Put(c.tenant, r.table_name, shape_version, schema);
  }
  auto prepared = PrepareRead(ReadKind::kQuery, r, &r.key_condition_expression, &r.key_conditions,
                              r.query_filter);
  if (!prepared.ok()) return false;
  Result<expr::KeyCondition> condition = Status::Validation("no key condition");
  if (prepared->key_condition) {
    condition = expr::KeyConditionFromExpression(*prepared->key_condition, schema);
  } else if (prepared->key_conditions) {
    condition = expr::KeyConditionFromLegacy(&*prepared->key_conditions, schema);
  }
  if (!condition.ok()) return false;
  *key_name = schema.hash.name;
  *value = condition->partition_value;
  return true;
}

// A page the cache did not hold, counted once the engine answered: a request naming a missing
// table (any string a client sends) must not leave counters behind.
TableCounters* CachingDatabase::CountedMiss(const CallOptions& c, std::string_view table) {
  TableCounters* counters = cache_->counters().For(c.tenant, table);
  Count(counters->query_misses);
  return counters;
}

Result<QueryResponse> CachingDatabase::Query(const CallOptions& c, const QueryRequest& r) {
  if (IsArn(r.table_name) || (cache_->dax() && r.consistent_read) || !cache_->caches_pages()) {
    return Missed(inner().Query(c, r));
  }
  std::string fingerprint;
  QueryFingerprint(c.tenant, r, &fingerprint);
  if (auto page = cache_->queries().Get(fingerprint)) {
    STATOR_RETURN_IF_ERROR(
        Served(c, {Operation::kQuery, r.table_name, nullptr, &r, PageUnits(*page)}, true));
    return Hit(*page);
  }

  // The shape version first: the schema used to name the partition is valid under it only.
  const uint64_t shape = cache_->queries().ShapeVersion(c.tenant, r.table_name);
  std::string key_name;
  AttributeValue partition;
  const bool partitioned = !r.index_name && PartitionOf(c, r, &key_name, &partition, shape);
  PageDependency dependency = cache_->queries().Depend(c.tenant, r.table_name, key_name,
                                                       partitioned ? &partition : nullptr);
  dependency.shape_version = shape;
  auto response = Missed(inner().Query(c, r));
  if (response.ok()) {
    TableCounters* counters = CountedMiss(c, r.table_name);
    cache_->queries().Fill(std::move(fingerprint), dependency,
                           std::make_shared<const QueryResponse>(*response), counters);
  }
  return response;
}

Result<ScanResponse> CachingDatabase::Scan(const CallOptions& c, const ScanRequest& r) {
  if (IsArn(r.table_name) || (cache_->dax() && r.consistent_read) || !cache_->caches_pages()) {
    return Missed(inner().Scan(c, r));
  }
  std::string fingerprint;
  ScanFingerprint(c.tenant, r, &fingerprint);
  if (auto page = cache_->queries().Get(fingerprint)) {
    STATOR_RETURN_IF_ERROR(
        Served(c, {Operation::kScan, r.table_name, nullptr, &r, PageUnits(*page)}, true));
    return Hit(*page);
  }

  const PageDependency dependency = cache_->queries().Depend(c.tenant, r.table_name, {}, nullptr);
  auto response = Missed(inner().Scan(c, r));
  if (response.ok()) {
    TableCounters* counters = CountedMiss(c, r.table_name);
    cache_->queries().Fill(std::move(fingerprint), dependency,
                           std::make_shared<const ScanResponse>(*response), counters);
  }
  return response;
}

}  // namespace stator::cache
