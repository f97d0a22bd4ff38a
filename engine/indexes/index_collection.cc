#include "engine/indexes/index_collection.h"

#include <algorithm>
#include <atomic>
#include <map>

#include "engine/model/capacity.h"
#include "engine/model/coding.h"
#include "engine/storage/key_codec.h"

namespace stator::engine {
namespace {

std::atomic<int64_t> limit_override{0};

// Item key components up to the partition key (key_codec.h): table id, hash, pk_len.
constexpr size_t kPartitionLengthOffset = kTablePrefixSize + 8;

}  // namespace

int64_t ItemCollectionLimitBytes() {
  const int64_t v = limit_override.load(std::memory_order_relaxed);
  return v > 0 ? v : kItemCollectionLimitBytes;
}

void SetItemCollectionLimitForTesting(int64_t bytes) {
  limit_override.store(bytes, std::memory_order_relaxed);
}

bool HasLocalIndex(const std::vector<IndexDef>& indexes) {
  for (const IndexDef& index : indexes) {
    if (index.local) return true;
  }
  return false;
}

std::string CollectionStatsKey(std::string_view item_key) {
  size_t end = item_key.size();
  if (item_key.size() >= kPartitionLengthOffset + 2) {
    const auto hi = static_cast<unsigned char>(item_key[kPartitionLengthOffset]);
    const auto lo = static_cast<unsigned char>(item_key[kPartitionLengthOffset + 1]);
    end = std::min(end, kPartitionLengthOffset + 2 + ((size_t{hi} << 8) | lo));
  }
  std::string key = "c";
  key.append(item_key.substr(0, end));
  return key;
}

std::string CollectionStatsPrefix(uint32_t table_id) {
  std::string key = "c";
  PutFixed32BE(&key, table_id);
  return key;
}

Status CheckCollectionLimits(const Storage& storage, const std::vector<WriteEffect*>& effects,
                             size_t* failed) {
  // Per collection: the deltas of the effects so far, plus its stored size once read.
  struct Collection {
    bool read = false;
    int64_t size = 0;
  };
  std::map<std::string_view, Collection> collections;
  for (size_t i = 0; i < effects.size(); ++i) {
    WriteEffect* e = effects[i];
    if (e == nullptr || e->collection_key.empty()) continue;
    Collection& c = collections[e->collection_key];
    c.size += e->collection_delta;
    // The limit is only crossed by growing: a write that does not grow its collection needs the
    // counter only to report it (otherwise a read per write of every table with an LSI).
    if (!c.read && (e->collection_delta > 0 || e->want_collection_size)) {
      int64_t count = 0, stored = 0;
      STATOR_RETURN_IF_ERROR(storage.GetStats(e->collection_key, &count, &stored));
      c.read = true;
      c.size += stored;
    }
    if (!c.read) continue;
    e->collection_size_after = c.size;
    if (e->collection_delta > 0 && c.size > ItemCollectionLimitBytes()) {
      if (failed != nullptr) *failed = i;
      return Status(ErrorCode::kItemCollectionSizeLimitExceeded,
                    std::string(kCollectionSizeExceeded));
    }
  }
  return Status::OK();
}

ItemCollectionMetrics CollectionMetrics(const KeySchema& key, const Item& item_or_key,
                                        int64_t size_bytes) {
  ItemCollectionMetrics m;
  auto it = item_or_key.find(key.hash.name);
  if (it != item_or_key.end()) m.item_collection_key.emplace(it->first, it->second);
  const double lower = static_cast<double>(std::max<int64_t>(size_bytes, 0) / (int64_t{1} << 30));
  m.size_estimate_range_gb = {lower, lower + 1};
  return m;
}

void AddEffectUnits(ReturnConsumedCapacity mode, const WriteEffect& effect, ConsumedCapacity* c) {
  for (const WriteEffect::IndexUnits& u : effect.index_units) {
    AddIndexUnits(mode, u.index_name, u.local, u.units, true, c);
  }
}

}  // namespace stator::engine
