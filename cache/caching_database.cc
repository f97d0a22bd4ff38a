// The cache's change subscriber and old-item source, and its item reads: GetItem,
// GetItemShared, BatchGetItem.
#include "cache/caching_database.h"

#include <set>

#include "engine/model/batch_limits.h"
#include "engine/model/capacity.h"
#include "engine/model/expressions/projection.h"
#include "engine/model/expressions/request_expressions.h"
#include "engine/model/item_validation.h"
#include "engine/model/names.h"

namespace stator::cache {
namespace {

bool IsArn(std::string_view table_name) { return table_name.starts_with("arn:"); }

// Of the budget, the item cache takes three quarters and the query cache the rest.
size_t ItemBudget(size_t total) { return total / 4 * 3; }

using Projection = std::optional<std::vector<expr::Path>>;

bool HasProjection(const std::optional<std::string>& expression,
                   const std::optional<std::vector<std::string>>& attributes,
                   const ExpressionAttributeNames& names) {
  return expression || attributes || !names.empty();
}

Item Shaped(const Item& item, const Projection& projection) {
  return projection ? expr::Project(item, *projection) : item;
}

CacheOutcome OutcomeOf(bool hit) { return hit ? CacheOutcome::kHit : CacheOutcome::kMiss; }

// A read the cache passed on to the database behind it, said to be a miss.
template <class R>
R Missed(R response) {
  if (response.ok()) response->cache = CacheOutcome::kMiss;
  return response;
}

}  // namespace

Cache::Cache(const CacheOptions& options, std::shared_ptr<Clock> clock, EvictionPolicy policy)
    : options_(options),
      items_({ItemBudget(options.size_bytes), policy,
              options.mode == CacheOptions::Mode::kDax ? options.item_ttl_ms * 1000 : 0, clock}),
      queries_({options.size_bytes - ItemBudget(options.size_bytes), policy,
                options.mode == CacheOptions::Mode::kDax ? options.query_ttl_ms * 1000 : 0,
                clock}) {}

void Cache::OnItemsChanged(const TableRef& table, std::span<const ItemChange> changes) {
  items_.Apply(table, changes);
  if (!dax()) queries_.Apply(table, changes);  // DAX leaves its query cache alone on writes
}

void Cache::OnTableChanged(const TableRef& table) {
  items_.DropTable(table.tenant, table.name);
  queries_.DropTable(table.tenant, table.name);
}

bool Cache::Lookup(const TableRef& table, const Item& key, KnownItem* out) {
  return items_.Lookup(table, key, out);
}

CacheStats Cache::Stats() const {
  CacheStats out;
  out.enabled = true;
  out.capacity_bytes = options_.size_bytes;
  counters_.Collect(&out);
  return out;
}

CachingDatabase::~CachingDatabase() = default;

Status CachingDatabase::Served(const CallOptions& c, const ServedRead& r, bool last) {
  Status s = inner().AccessServed(c, r);
  if (last || !s.ok()) inner().RecordServed(r.op, s.code());
  return s;
}

Result<std::shared_ptr<const CachedItem>> CachingDatabase::ReadItem(const CallOptions& c,
                                                                    const GetItemRequest& r,
                                                                    bool* hit) {
  *hit = false;
  using Entry = std::shared_ptr<const CachedItem>;
  if (IsArn(r.table_name) || (cache_->dax() && r.consistent_read)) return Entry();
  std::optional<Item> normalized;
  if (!ValidateItem(r.key, &normalized).ok()) return Entry();  // the engine says why
  thread_local ItemKey key;
  ItemCache::MakeKey(c.tenant, r.table_name, normalized ? *normalized : r.key, &key);
  FillTicket ticket;
  if (Entry cached = cache_->items().Get(key, &ticket)) {
    *hit = true;
    return cached;
  }

  GetItemRequest whole;  // the whole item, so that it can be cached
  whole.table_name = r.table_name;
  whole.key = r.key;
  whole.consistent_read = r.consistent_read;
  auto read = inner().GetItem(c, whole);
  if (!read.ok()) return read.status();
  // Counted once the table is known to exist: a request naming a missing table (any string
  // a client sends) must not leave counters behind.
  TableCounters* counters = cache_->counters().For(c.tenant, r.table_name);
  Count(counters->item_misses);
  auto value = std::make_shared<CachedItem>();
  if (read->item) {
    value->exists = true;
    value->item = std::move(*read->item);
    value->size = ItemSize(value->item);
  }
  ItemKey fill_key = key;  // the thread-local may be reused by the time Fill runs
  cache_->items().Fill(fill_key, ticket, value, counters);
  return Entry(std::move(value));
}

Result<GetItemResponse> CachingDatabase::GetItem(const CallOptions& c, const GetItemRequest& r) {
  Projection projection;
  if (HasProjection(r.projection_expression, r.attributes_to_get, r.expression_attribute_names)) {
    auto prepared = expr::PrepareProjection(r.projection_expression, r.attributes_to_get,
                                            r.expression_attribute_names);
    if (!prepared.ok()) return prepared.status();
    projection = std::move(prepared).value();
  }
  bool hit;
  auto entry = ReadItem(c, r, &hit);
  if (!entry.ok()) return entry.status();
  if (*entry == nullptr) return Missed(inner().GetItem(c, r));
  const CachedItem& cached = **entry;
  const double units = ReadUnits(cached.size, r.consistent_read);
  if (hit) {
    STATOR_RETURN_IF_ERROR(
        Served(c, {Operation::kGetItem, r.table_name, &r.key, nullptr, units}, true));
  }
  GetItemResponse out;
  out.cache = OutcomeOf(hit);
  if (cached.exists) out.item = Shaped(cached.item, projection);
  out.consumed_capacity =
      Consumed(r.return_consumed_capacity, std::string(TableNameOf(r.table_name)), units, false);
  return out;
}

Result<SharedGetItemResponse> CachingDatabase::GetItemShared(const CallOptions& c,
                                                             const GetItemRequest& r) {
  if (HasProjection(r.projection_expression, r.attributes_to_get, r.expression_attribute_names)) {
    return Database::GetItemShared(c, r);  // a projected item is made per request anyway
  }
  bool hit;
  auto entry = ReadItem(c, r, &hit);
  if (!entry.ok()) return entry.status();
  if (*entry == nullptr) return Database::GetItemShared(c, r);
  const std::shared_ptr<const CachedItem>& cached = *entry;
  const double units = ReadUnits(cached->size, r.consistent_read);
  if (hit) {
    STATOR_RETURN_IF_ERROR(
        Served(c, {Operation::kGetItem, r.table_name, &r.key, nullptr, units}, true));
  }
  SharedGetItemResponse out;
  out.cache = OutcomeOf(hit);
  if (cached->exists) {
    out.item = std::shared_ptr<const Item>(cached, &cached->item);
    out.encoded = std::shared_ptr<EncodedItem>(cached, &cached->encoded);
  }
  out.consumed_capacity =
      Consumed(r.return_consumed_capacity, std::string(TableNameOf(r.table_name)), units, false);
  return out;
}

Result<FlatGetItemResponse> CachingDatabase::GetItemFlat(const CallOptions& c,
                                                         const GetItemRequest& r) {
  auto shared = GetItemShared(c, r);
  if (!shared.ok()) return shared.status();
  return FlatGetItemResponse::Of(shared->item.get(), std::move(shared->consumed_capacity),
                                 shared->cache);
}

// Every key of the batch hit. Each passes the table-access step in request order (entries[i] is
// the entry of request.keys[i]), as the engine admits them: a key throttled there comes back in
// UnprocessedKeys, and the request fails only when no key was read. The request's figures are
// recorded once, with its outcome.
Result<BatchGetItemResponse> CachingDatabase::BatchFromCache(const CallOptions& c,
                                                             const BatchGetItemRequest& r,
                                                             const BatchHits& hits) {
  int64_t bytes = 0;
  std::vector<Projection> projections;
  for (const auto& [name, entries] : hits) {
    for (const auto& entry : entries) bytes += entry->size;
    const KeysAndAttributes& request = r.request_items.find(*name)->second;
    auto projection =
        expr::PrepareProjection(request.projection_expression, request.attributes_to_get,
                                request.expression_attribute_names);
    if (!projection.ok()) return Missed(inner().BatchGetItem(c, r));  // the engine says why
    projections.push_back(std::move(projection).value());
  }
  if (bytes > kMaxBatchGetResponseBytes) return Missed(inner().BatchGetItem(c, r));
  BatchGetItemResponse out;
  std::optional<Status> throttled;
  bool read_any = false;
  for (size_t t = 0; t < hits.size(); ++t) {
    const auto& [name, entries] = hits[t];
    const KeysAndAttributes& request = r.request_items.find(*name)->second;
    auto& items = out.responses[*name];
    const std::string table_name(TableNameOf(*name));
    for (size_t i = 0; i < entries.size(); ++i) {
      const double units = ReadUnits(entries[i]->size, request.consistent_read);
      Status admitted =
          inner().AccessServed(c, {Operation::kBatchGetItem, *name, &request.keys[i], nullptr, units});
      if (admitted.code() == ErrorCode::kProvisionedThroughputExceeded) {
        KeysAndAttributes& rest = out.unprocessed_keys[*name];
        if (rest.keys.empty()) {
          rest = request;
          rest.keys.clear();
        }
        rest.keys.push_back(request.keys[i]);
        throttled = std::move(admitted);
        continue;
      }
      if (!admitted.ok()) {
        inner().RecordServed(Operation::kBatchGetItem, admitted.code());
        return admitted;
      }
      read_any = true;
      AddUnits(r.return_consumed_capacity, table_name, units, false, &out.consumed_capacity);
      if (entries[i]->exists) items.push_back(Shaped(entries[i]->item, projections[t]));
    }
  }
  if (throttled && !read_any) {
    inner().RecordServed(Operation::kBatchGetItem, throttled->code());
    return *throttled;
  }
  inner().RecordServed(Operation::kBatchGetItem, ErrorCode::kOk);
  out.cache = CacheOutcome::kHit;
  return out;
}

Result<BatchGetItemResponse> CachingDatabase::BatchGetItem(const CallOptions& c,
                                                           const BatchGetItemRequest& r) {
  // Keys whose entries missed, with what filling them needs.
  struct Miss {
    const std::string* table;
    ItemKey key;
    FillTicket ticket;
    const Item* request_key;
  };
  std::vector<Miss> misses;
  BatchHits hits;
  std::set<std::string> unfillable;  // tables read with a projection: their items are partial
  bool cacheable = !r.request_items.empty();
  size_t total = 0;
  for (const auto& [name, request] : r.request_items) {
    total += request.keys.size();
    if (IsArn(name) || (cache_->dax() && request.consistent_read)) cacheable = false;
    if (HasProjection(request.projection_expression, request.attributes_to_get,
                      request.expression_attribute_names)) {
      unfillable.insert(name);
    }
  }
  if (total > kMaxBatchGetKeys) cacheable = false;  // the engine words the error
  for (const auto& [name, request] : r.request_items) {
    if (!cacheable) break;
    auto& table_hits = hits.emplace_back(&name, std::vector<std::shared_ptr<const CachedItem>>());
    std::set<std::string> seen;
    for (const Item& raw : request.keys) {
      std::optional<Item> normalized;
      if (!ValidateItem(raw, &normalized).ok()) {
        cacheable = false;
        break;
      }
      Miss m{&name, {}, {}, &raw};
      ItemCache::MakeKey(c.tenant, name, normalized ? *normalized : raw, &m.key);
      if (!seen.insert(m.key.bytes).second) cacheable = false;  // duplicates: the engine's error
      if (auto hit = cache_->items().Get(m.key, &m.ticket)) {
        table_hits.second.push_back(std::move(hit));
      } else {
        misses.push_back(std::move(m));
      }
    }
  }

  if (cacheable && misses.empty()) return BatchFromCache(c, r, hits);

  auto response = Missed(inner().BatchGetItem(c, r));
  if (!response.ok() || !cacheable) return response;
  // Fill the misses from the engine's answer: an item returned is the key's item; a key neither
  // returned nor left unprocessed has no item.
  for (Miss& m : misses) {
    if (unfillable.count(*m.table) || response->unprocessed_keys.count(*m.table)) continue;
    TableCounters* counters = cache_->counters().For(c.tenant, *m.table);
    Count(counters->item_misses);
    auto value = std::make_shared<CachedItem>();
    for (const Item& item : response->responses[*m.table]) {
      Item key;
      for (const auto& [attribute, v] : *m.request_key) {
        auto it = item.find(attribute);
        if (it != item.end()) key.emplace(attribute, it->second);
      }
      ItemKey candidate;
      ItemCache::MakeKey(c.tenant, *m.table, key, &candidate);
      if (candidate.bytes != m.key.bytes) continue;
      value->exists = true;
      value->item = item;
      value->size = ItemSize(item);
      break;
    }
    cache_->items().Fill(m.key, m.ticket, std::move(value), counters);
  }
  return response;
}

}  // namespace stator::cache
