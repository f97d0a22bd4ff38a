#include "engine/indexes/index_backfill.h"

#include <chrono>
#include <shared_mutex>

#include "engine/indexes/index_codec.h"
#include "engine/storage/key_codec.h"
#include "model/coding.h"
#include "model/item_codec.h"
#include "model/item_validation.h"

namespace stator::engine {
namespace {

IndexDef* FirstBackfilling(std::vector<IndexDef>& indexes) {
  for (auto& index : indexes) {
    if (index.backfilling) return &index;
  }
  return nullptr;
}

}  // namespace

Backfiller::Backfiller(Storage& storage, Catalog& catalog)
    : storage_(storage), catalog_(catalog), worker_([this] { Run(); }) {}

Backfiller::~Backfiller() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  worker_.join();
}

void Backfiller::Start(std::shared_ptr<Table> table) {
  {
    std::lock_guard lock(mu_);
    queue_.push_back(table);
  }
  cv_.notify_all();
}

bool Backfiller::Paused() {
  int allowed = BackfillHooks::chunks_allowed.load();
  while (allowed > 0) {
    if (BackfillHooks::chunks_allowed.compare_exchange_weak(allowed, allowed - 1)) return false;
  }
  return allowed == 0;
}

void Backfiller::Run() {
  std::unique_lock lock(mu_);
  while (!stop_) {
    if (queue_.empty()) {
      cv_.wait(lock);
      continue;
    }
    auto table = queue_.front().lock();
    queue_.pop_front();
    if (table == nullptr) continue;
    lock.unlock();
    bool more = true;
    while (more) {
      {
        std::lock_guard check(mu_);
        if (stop_) return;
      }
      if (Paused()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        continue;
      }
      auto step = Step(*table);
      // A storage failure leaves the cursor where it was; the next start resumes from it.
      more = step.ok() && *step;
    }
    lock.lock();
  }
}

Result<bool> Backfiller::Step(Table& table) {
  auto gate = LockGateExclusive(table);
  if (table.dropped) return false;
  IndexDef* index = FirstBackfilling(table.indexes);
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
  const std::string name = index->name;
  STATOR_RETURN_IF_ERROR(catalog_.Update(
      table,
      [&](TableMeta& meta) {
        for (auto& persisted : meta.indexes) {
          if (persisted.name != name) continue;
          persisted.backfilling = !done;
          persisted.backfill_cursor = cursor;
        }
        return Status::OK();
      },
      batch));
  index->backfilling = !done;
  index->backfill_cursor = cursor;
  return true;
}

}  // namespace stator::engine
