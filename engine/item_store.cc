#include "engine/item_store.h"

#include <mutex>
#include <shared_mutex>

#include "engine/catalog.h"
#include "engine/coding.h"
#include "engine/item_codec.h"

namespace stator::engine {

Result<const Item*> StoredItem::Decode() const {
  if (!item_) return Status::IOError("the item was read without its attributes");
  return &*item_;
}

Result<Item> StoredItem::Take() {
  if (!item_) return Status::IOError("the item was read without its attributes");
  return std::move(*item_);
}

Status ItemStore::Read(const Table&, const std::string& key, StoredItem* out,
                       ReadMode mode) const {
  out->item_.reset();
  out->size_ = 0;
  bool corrupt = false;
  STATOR_RETURN_IF_ERROR(storage_.Get(
      Space::kItems, key,
      [&](std::string_view value) {
        Reader r(value);
        uint64_t size = 0;
        corrupt = !r.Varint(&size);
        out->size_ = static_cast<int64_t>(size);
        if (corrupt || mode == ReadMode::kSizeOnly) return;
        out->item_.emplace();
        corrupt = !DecodeItem(r.rest(), &*out->item_);
      },
      &out->exists_));
  if (corrupt) return Status::IOError("corrupt item record");
  return Status::OK();
}

void ItemStore::AddMutation(WriteBatch& batch, const Table& table, const std::string& key,
                            const StoredItem& old, const WriteDecision& decision) const {
  int64_t count_delta = old.exists() ? -1 : 0;
  int64_t size_delta = -old.size();
  switch (decision.kind) {
    case WriteDecision::Kind::kNone:
      return;
    case WriteDecision::Kind::kPut: {
      std::string value;
      PutVarint(&value, static_cast<uint64_t>(decision.item_size));
      EncodeItem(*decision.item, &value);
      batch.Put(Space::kItems, key, value);
      count_delta += 1;
      size_delta += decision.item_size;
      break;
    }
    case WriteDecision::Kind::kDelete:
      if (!old.exists()) return;
      batch.Delete(Space::kItems, key);
      break;
  }
  if (count_delta != 0 || size_delta != 0) {
    batch.AddStats(StatsKey(table.id), count_delta, size_delta);
  }
}

Status ItemStore::Write(const Table& table, const std::string& key, const Decider& decide,
                        StoredItem* old, ReadMode mode) {
  std::shared_lock gate(table.write_gate);
  if (table.dropped) return Status::NotFound("Requested resource not found");
  std::lock_guard lock(locks_.For(key));
  STATOR_RETURN_IF_ERROR(Read(table, key, old, mode));
  auto decision = decide(*old);
  if (!decision.ok()) return decision.status();
  WriteBatch batch(storage_);
  AddMutation(batch, table, key, *old, *decision);
  if (batch.count() == 0) return Status::OK();
  return storage_.Write(batch);
}

}  // namespace stator::engine
