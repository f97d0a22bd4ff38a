#include "engine/ttl/ttl_sweeper.h"

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/model/coding.h"
#include "engine/model/item_codec.h"
#include "engine/storage/key_codec.h"
#include "engine/ttl/ttl_policy.h"

namespace stator::engine {
namespace {

// The first item key of the partition beginning at hash `begin` of table `table_id`: the table
// prefix, then the hash big-endian (key_codec.h).
std::string PartitionStart(uint32_t table_id, uint64_t begin) {
  std::string key = TablePrefix(table_id);
  for (int shift = 56; shift >= 0; shift -= 8) key.push_back(static_cast<char>(begin >> shift));
  return key;
}

// [begin, end) of partition `index` of the table's current map.
std::pair<std::string, std::string> PartitionRange(const Table& table, size_t index) {
  const auto& partitions = table.partitions.TableMap().partitions();
  std::string begin = PartitionStart(table.id, partitions[index].begin);
  std::string end = index + 1 < partitions.size()
                        ? PartitionStart(table.id, partitions[index + 1].begin)
                        : TablePrefix(table.id + 1);
  return {std::move(begin), std::move(end)};
}

// Decodes an item record (item_store.h: varint size, then the item); false when corrupt.
bool DecodeStoredItem(std::string_view value, Item* out) {
  Reader r(value);
  uint64_t size = 0;
  return r.Varint(&size) && DecodeItem(r.rest(), out);
}

// The table's TTL attribute now, or nothing when TTL is disabled or the table is gone.
std::optional<std::string> TtlAttribute(const Catalog& catalog, const Table& table) {
  TableMeta meta;
  if (!catalog.Describe(table, &meta)) return std::nullopt;
  return std::move(meta.ttl_attribute);
}

// The shortest rest between passes: a zero interval would keep the one worker sweeping.
constexpr int64_t kShortestRestMicros = 10'000;

class TtlSweeper final : public BackgroundTask {
 public:
  explicit TtlSweeper(const TtlSweeperContext& c) : c_(c) {}

  NextRun Step(int64_t now) override {
    if (tables_.empty() && !StartPass()) return Rest();
    // A failure (a storage error) skips the rest of the table; the next pass tries it again.
    if (!SweepChunk(now)) NextTable();
    return tables_.empty() ? Rest() : NextRun::Now();
  }

 private:
  NextRun Rest() const { return NextRun::After(std::max(c_.interval_micros, kShortestRestMicros)); }

  // Takes the tables of this pass; false when there are none.
  bool StartPass() {
    tables_ = c_.catalog.AllTables();
    table_ = 0;
    partition_ = 0;
    cursor_.clear();
    return !tables_.empty();
  }

  void NextTable() {
    ++table_;
    partition_ = 0;
    cursor_.clear();
    if (table_ >= tables_.size()) tables_.clear();  // the pass is over
  }

  void NextPartition(const Table& table) {
    ++partition_;
    cursor_.clear();
    if (partition_ >= table.partitions.TableMap().partitions().size()) NextTable();
  }

  // Sweeps the next chunk of the current partition; false on a storage error.
  bool SweepChunk(int64_t now) {
    const std::shared_ptr<Table> table = tables_[table_];
    const std::optional<std::string> attribute = TtlAttribute(c_.catalog, *table);
    if (!attribute || partition_ >= table->partitions.TableMap().partitions().size()) {
      NextTable();
      return true;
    }
    auto [begin, end] = PartitionRange(*table, partition_);
    if (!cursor_.empty()) begin = cursor_;
    std::vector<std::string> expired;
    auto it = c_.items.storage().NewRangeIterator(Space::kItems, begin, end, false);
    int read = 0;
    Item item;
    for (; it->Valid() && read < c_.scan_chunk; it->Next(), ++read) {
      item.clear();
      if (DecodeStoredItem(it->value(), &item) && IsExpired(item, *attribute, now)) {
        expired.emplace_back(it->key());
      }
    }
    if (!it->status().ok()) return false;
    const bool more = it->Valid();
    if (more) cursor_ = std::string(it->key());
    it.reset();
    for (const std::string& key : expired) {
      if (!Expire(*table, key, *attribute).ok()) return false;
    }
    if (!more) NextPartition(*table);
    return true;
  }

  // Deletes the item at `key` if it is still expired, as the service deletes it.
  Status Expire(const Table& table, const std::string& key, const std::string& attribute) {
    if (TtlSweepHooks::before_expire) TtlSweepHooks::before_expire(key);
    if (c_.marks.IsMarked(key)) return Status::OK();  // a transaction holds it: next pass
    StoredItem old;
    const Status s = c_.items.Write(
        table, key,
        [&](const StoredItem& stored) -> Result<WriteDecision> {
          if (!stored.exists()) return WriteDecision{};
          auto item = stored.Decode();
          if (!item.ok()) return item.status();
          // The clock read now, under the item's lock: what the writers before saw is final.
          if (!IsExpired(**item, attribute, c_.clock.NowMicros())) return WriteDecision{};
          return WriteDecision{WriteDecision::Kind::kDelete, nullptr, 0};
        },
        &old, ReadMode::kWholeItem, nullptr, WriteCause::kService);
    // The table deleted meanwhile: nothing left to expire.
    return s.code() == ErrorCode::kResourceNotFound ? Status::OK() : s;
  }

  const TtlSweeperContext c_;
  // The pass in progress: its tables, the one being swept, its partition, and where the next
  // chunk starts in it (empty: at the partition's start). No tables: between passes.
  std::vector<std::shared_ptr<Table>> tables_;
  size_t table_ = 0;
  size_t partition_ = 0;
  std::string cursor_;
};

}  // namespace

Status ScheduleTtlSweeper(Scheduler& scheduler, const TtlSweeperContext& context) {
  return scheduler.Schedule(std::string(kTtlSweeperTask), std::make_unique<TtlSweeper>(context),
                            NextRun::After(context.interval_micros));
}

}  // namespace stator::engine
