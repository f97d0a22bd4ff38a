// Item collections and what one item write did to a table's indexes.
//
// On a table with local secondary indexes, the items that share a partition key, together with
// their LSI entries, form an item collection, limited to 10 GB (DynamoDB's
// ItemCollectionSizeLimitExceededException) and reported by ReturnItemCollectionMetrics=SIZE.
// Its size is kept exactly, by a counter per partition key merged in the same WriteBatch as the
// item (Storage::AddStats), under the meta key
//   'c'  table_id (4 bytes big-endian)  hash (8)  pk_len (2)  pk_type pk_bytes
// i.e. 'c' followed by the item key's table and partition-key components (key_codec.h), so the
// counters of one table are contiguous. Tables without LSIs keep no such counter.
//
// The limit check reads the counter under the writer's key lock; two writers of different items
// of one collection may both pass it at the edge, as the limit is a soft one in the service too.
//
// Thread safety: pure functions, except the limit, a process-wide atomic (a test hook).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/storage/storage.h"
#include "engine/tables/table.h"
#include "stator/requests.h"
#include "stator/status.h"

namespace stator::engine {

// The service's limit on an item collection.
inline constexpr int64_t kItemCollectionLimitBytes = int64_t{10} << 30;
// ItemCollectionSizeLimitExceededException's message, and a transaction's cancellation reason.
inline constexpr std::string_view kCollectionSizeExceeded = "Collection size exceeded.";
inline constexpr std::string_view kCollectionSizeExceededCode = "ItemCollectionSizeLimitExceeded";

// The limit in force: kItemCollectionLimitBytes unless a test lowered it.
int64_t ItemCollectionLimitBytes();
// Sets the limit (0 restores the default); for tests, which cannot write 10 GB.
void SetItemCollectionLimitForTesting(int64_t bytes);

// Whether the table has a local secondary index (and so item collections). Call under the
// table's write gate, or on a copy of its indexes.
bool HasLocalIndex(const std::vector<IndexDef>& indexes);

// The counter key of the collection of the item at `item_key` (an encoded item key).
std::string CollectionStatsKey(std::string_view item_key);

// The prefix of one table's collection counters: [prefix(id), prefix(id + 1)) holds them all, for
// the table's deletion (Catalog::Drop) to remove.
std::string CollectionStatsPrefix(uint32_t table_id);

// What one item mutation did to the table's indexes and item collection (ItemStore::AddMutation
// fills it).
struct WriteEffect {
  // The effect a write request asks to be told: index units always (admission is charged them,
  // engine/access/table_access.h, whether or not the request returns consumed capacity), the
  // collection's size with ReturnItemCollectionMetrics=SIZE.
  static WriteEffect AskedFor(ReturnConsumedCapacity /*capacity*/,
                              ReturnItemCollectionMetrics metrics) {
    WriteEffect effect;
    effect.want_index_units = true;
    effect.want_collection_size = metrics == ReturnItemCollectionMetrics::kSize;
    return effect;
  }

  // Ask AddMutation for the write units of each index.
  bool want_index_units = false;
  struct IndexUnits {
    std::string index_name;
    bool local = false;
    double units = 0;
  };
  std::vector<IndexUnits> index_units;  // only indexes whose entries changed
  // Set when the table has LSIs: the collection's counter key and the bytes this write adds to
  // it (negative when it shrinks).
  std::string collection_key;
  int64_t collection_delta = 0;
  // Whether the caller reports the collection's size (ReturnItemCollectionMetrics=SIZE). When it
  // does not, a write that does not grow the collection skips reading its counter: the limit can
  // only be crossed by growing. The read costs ~0.7 us (a merge counter in the memtable, Release);
  // true by default so that a caller that does not say keeps its size reported.
  bool want_collection_size = true;
  int64_t collection_size_after = 0;  // filled by CheckCollectionLimits when read
};

// Reads the collections' sizes, fills each effect's collection_size_after (effects on one
// collection accumulate in order; an effect that neither grows its collection nor wants its
// size may leave it unread, and 0), and refuses a write that grows a collection past the limit:
// ItemCollectionSizeLimitExceededException, with *failed (if given) set to the index of the first
// offending effect. Effects without a collection are skipped.
Status CheckCollectionLimits(const Storage& storage, const std::vector<WriteEffect*>& effects,
                             size_t* failed = nullptr);

// ItemCollectionMetrics of a collection of `size_bytes`: its partition key, and the estimate as a
// [lower, upper] range in GB one GB wide, as the service reports it ([0.0, 1.0] below 1 GB).
ItemCollectionMetrics CollectionMetrics(const KeySchema& key, const Item& item_or_key,
                                        int64_t size_bytes);

// Adds an effect's index write units to a ConsumedCapacity (nothing when c is null). A
// transaction does not double them: the service doubles the table's units alone.
void AddEffectUnits(ReturnConsumedCapacity mode, const WriteEffect& effect, ConsumedCapacity* c);

}  // namespace stator::engine
