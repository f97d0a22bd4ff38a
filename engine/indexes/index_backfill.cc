#include "engine/indexes/index_backfill.h"

#include <algorithm>
#include <shared_mutex>

#include "engine/indexes/index_codec.h"
#include "engine/model/coding.h"
#include "engine/model/item_codec.h"
#include "engine/model/item_validation.h"
#include "engine/storage/key_codec.h"

namespace stator::engine {
namespace {

// The index `id` of the table if it is still being backfilled; null otherwise.
IndexDef* FindBackfilling(std::vector<IndexDef>& indexes, uint32_t id) {
  for (auto& index : indexes) {
    if (index.id == id) return index.backfilling ? &index : nullptr;
  }
  return nullptr;
}

// Takes one chunk from BackfillHooks::chunks_allowed; true when none is left (paused).
bool Paused() {
  int allowed = BackfillHooks::chunks_allowed.load();
  while (allowed > 0) {
    if (BackfillHooks::chunks_allowed.compare_exchange_weak(allowed, allowed - 1)) return false;
  }
  return allowed == 0;
}

class IndexBackfill final : public BackgroundTask {
 public:
  IndexBackfill(Storage& storage, Catalog& catalog, std::weak_ptr<Table> table, uint32_t index_id)
      : storage_(storage), catalog_(catalog), table_(std::move(table)), index_id_(index_id) {}

  NextRun Step(int64_t /*now_micros*/) override {
    std::shared_ptr<Table> table = table_.lock();
    if (table == nullptr) return NextRun::Done();
    if (Paused()) return NextRun::After(kBackfillPausePollMicros);
    auto more = Chunk(*table);
    // A storage failure leaves the cursor where it was; the next open resumes from it.
    return more.ok() && *more ? NextRun::Now() : NextRun::Done();
  }

 private:
  // Backfills the next chunk; false when the index is complete (or gone with its table).
  Result<bool> Chunk(Table& table);

  Storage& storage_;
  Catalog& catalog_;
  const std::weak_ptr<Table> table_;  // weak: a deleted table is not kept alive by its backfill
  const uint32_t index_id_;
};

Result<bool> IndexBackfill::Chunk(Table& table) {
  auto gate = LockGateExclusive(table);
  if (table.dropped) return false;
  IndexDef* index = FindBackfilling(table.indexes, index_id_);
  if (index == nullptr) return false;
  const std::string begin =
      index->backfill_cursor.empty() ? TablePrefix(table.id) : index->backfill_cursor;
  auto it = storage_.NewRangeIterator(Space::kItems, begin, TablePrefix(table.id + 1), false);
  WriteBatch batch(storage_);
  int64_t count = 0, size = 0;
  const int chunk = std::max(1, BackfillHooks::chunk_items.load());
  Item item;
  for (int n = 0; it->Valid() && n < chunk; it->Next(), ++n) {
    Reader reader(it->value());
    uint64_t item_size = 0;
    item.clear();
    if (!reader.Varint(&item_size) || !DecodeItem(reader.rest(), &item)) {
      return Status::IOError("corrupt item record");
    }
    const std::string key = IndexEntryKey(*index, item, std::string(it->key()));
    if (key.empty()) continue;  // sparse, or a key attribute of another type
    ++count;
    if (index->projection.projection_type == ProjectionType::kAll) {
      // A reference to the item (index_codec.h), counted as the whole item.
      batch.Put(Space::kItems, key, {});
      size += static_cast<int64_t>(item_size);
      continue;
    }
    const Item projected = ProjectForIndex(*index, table.key, item);
    std::string value;
    const int64_t projected_size = ItemSize(projected);
    PutVarint(&value, static_cast<uint64_t>(projected_size));
    EncodeItem(projected, &value);
    batch.Put(Space::kItems, key, value);
    size += projected_size;
  }
  STATOR_RETURN_IF_ERROR(it->status());
  const bool done = !it->Valid();
  const std::string cursor = done ? std::string() : std::string(it->key());
  if (count != 0) batch.AddStats(StatsKey(index->id), count, size);
  STATOR_RETURN_IF_ERROR(catalog_.Update(
      table,
      [&](TableMeta& meta) {
        for (auto& persisted : meta.indexes) {
          if (persisted.id != index_id_) continue;
          persisted.backfilling = !done;
          persisted.backfill_cursor = cursor;
        }
        return Status::OK();
      },
      batch));
  index->backfilling = !done;
  index->backfill_cursor = cursor;
  return !done;
}

}  // namespace

std::string BackfillTaskName(uint32_t table_id, uint32_t index_id) {
  return "index-backfill/" + std::to_string(table_id) + "/" + std::to_string(index_id);
}

Status ScheduleBackfill(Scheduler& scheduler, Storage& storage, Catalog& catalog,
                        const std::shared_ptr<Table>& table, uint32_t index_id) {
  return scheduler.Schedule(BackfillTaskName(table->id, index_id),
                            std::make_unique<IndexBackfill>(storage, catalog, table, index_id));
}

}  // namespace stator::engine
