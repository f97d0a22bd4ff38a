#include "engine/items/item_store.h"

#include <mutex>
#include <shared_mutex>

#include "engine/indexes/index_codec.h"
#include "engine/indexes/index_collection.h"
#include "engine/model/capacity.h"
#include "engine/model/coding.h"
#include "engine/model/item_codec.h"
#include "engine/model/item_validation.h"
#include "engine/storage/key_codec.h"
#include "engine/tables/catalog.h"

namespace stator::engine {

Result<const Item*> StoredItem::Decode() const {
  if (item() == nullptr) return Status::IOError("the item was read without its attributes");
  return item();
}

Result<Item> StoredItem::Take() {
  if (shared_) return *shared_;
  if (!item_) return Status::IOError("the item was read without its attributes");
  return std::move(*item_);
}

// Fills *out from a stored record; false when it is corrupt.
bool ItemStore::DecodeRecord(std::string_view value, ReadMode mode, StoredItem* out) {
  Reader r(value);
  uint64_t size = 0;
  if (!r.Varint(&size)) return false;
  out->size_ = static_cast<int64_t>(size);
  if (mode == ReadMode::kSizeOnly) return true;
  if (mode == ReadMode::kRecord) {
    out->record_.assign(value);
    return true;
  }
  out->item_.emplace();
  return DecodeItem(r.rest(), &*out->item_);
}

Status ItemStore::Read(const Table&, const std::string& key, StoredItem* out,
                       ReadMode mode) const {
  out->record_.clear();
  out->item_.reset();
  out->shared_.reset();
  out->size_ = 0;
  bool ok = true;
  STATOR_RETURN_IF_ERROR(storage_.Get(
      Space::kItems, key, [&](std::string_view value) { ok = DecodeRecord(value, mode, out); },
      &out->exists_));
  if (!ok) return Status::IOError("corrupt item record");
  return Status::OK();
}

Status ItemStore::ReadFlat(const Table&, const std::string& key, std::optional<FlatItem>* item,
                           int64_t* size) const {
  item->reset();
  *size = 0;
  // The record is read into the string the item keeps, behind its size: one copy of the bytes.
  std::string record;
  bool exists = false;
  STATOR_RETURN_IF_ERROR(storage_.Get(Space::kItems, key, &record, &exists));
  if (!exists) return Status::OK();
  Reader r(record);
  uint64_t stored_size = 0;
  if (r.Varint(&stored_size)) {
    *size = static_cast<int64_t>(stored_size);
    const size_t start = record.size() - r.rest().size();
    *item = FlatItem::FromEncoded(std::move(record), start);
  }
  if (!item->has_value()) return Status::IOError("corrupt item record");
  return Status::OK();
}

Status ItemStore::ReadAt(const RangeIterator& at, const Table&, std::string_view key,
                         StoredItem* out) const {
  out->record_.clear();
  out->item_.reset();
  out->shared_.reset();
  out->size_ = 0;
  bool ok = true;
  STATOR_RETURN_IF_ERROR(at.Get(
      Space::kItems, key,
      [&](std::string_view value) { ok = DecodeRecord(value, ReadMode::kWholeItem, out); },
      &out->exists_));
  if (!ok) return Status::IOError("corrupt item record");
  return Status::OK();
}

namespace {

// One item version as the index write path sees it: the item and its size; `is_new` marks the
// version being written, whose non-ALL entries need their values encoded.
struct Version {
  const Item* item = nullptr;
  int64_t size = 0;
  bool is_new = false;
};

// What an item's entry in one index is: its key (empty: no entry), size and value.
struct IndexEntry {
  std::string key;
  int64_t size = 0;
  Item projected;     // the projected attributes, for non-ALL projections
  std::string value;  // set for non-ALL projections of the new version
};

IndexEntry EntryOf(const IndexDef& index, const Table& table, const Version& v,
                   const std::string& item_key) {
  IndexEntry e;
  if (v.item == nullptr) return e;
  e.key = IndexEntryKey(index, *v.item, item_key);
  if (e.key.empty()) return e;
  if (index.projection.projection_type == ProjectionType::kAll) {
    e.size = v.size;  // counted as the service counts it: the whole item; stored as a reference
    return e;
  }
  e.projected = ProjectForIndex(index, table.key, *v.item);
  e.size = ItemSize(e.projected);
  if (v.is_new) {
    PutVarint(&e.value, static_cast<uint64_t>(e.size));
    EncodeItem(e.projected, &e.value);
  }
  return e;
}

// The write units one index's change costs, as the service charges them: a put or a delete of an
// entry costs the units of that entry; moving an entry to another index key costs both; an
// entry that stays under its key costs its new size when a projected attribute changed, and
// nothing when none did.
double IndexWriteUnits(const IndexDef& index, const Version& old_version,
                       const Version& new_version, const IndexEntry& before,
                       const IndexEntry& after) {
  if (before.key.empty()) return WriteUnits(after.size);
  if (after.key.empty()) return WriteUnits(before.size);
  if (before.key != after.key) return WriteUnits(before.size) + WriteUnits(after.size);
  const bool same = index.projection.projection_type == ProjectionType::kAll
                        ? *old_version.item == *new_version.item
                        : before.projected == after.projected;
  return same ? 0 : WriteUnits(after.size);
}

// Replaces the old item's index entries with the new item's, in the same batch as the item, so
// a crash never leaves an index out of step with its table. An index still being backfilled
// takes only items the backfill has passed; the backfill itself brings in the rest. Reports
// each index's units (when asked) and the LSI entries' growth to `effect`.
void AddIndexMutations(WriteBatch& batch, const Table& table, const std::string& key,
                       const Version& old_version, const Version& new_version,
                       WriteEffect* effect) {
  // An item rewritten as it was leaves every entry as it was (same keys, same projections, same
  // sizes, no units): comparing the items once costs far less than building each entry's key and
  // rewriting the projected ones (measured when ALL entries were still copies of the item: an
  // overwrite of a ~1 KB item with 3 ALL indexes, callgrind, 123.4k instructions per PutItem
  // without this, 64.1k with; 44.6k unindexed).
  if (old_version.item != nullptr && new_version.item != nullptr &&
      *old_version.item == *new_version.item) {
    return;
  }
  for (const IndexDef& index : table.indexes) {
    if (index.backfilling && key >= index.backfill_cursor) continue;
    const IndexEntry before = EntryOf(index, table, old_version, key);
    const IndexEntry after = EntryOf(index, table, new_version, key);
    if (before.key.empty() && after.key.empty()) continue;
    const bool moved = before.key != after.key;
    if (!before.key.empty() && moved) batch.Delete(Space::kItems, before.key);
    // An ALL entry is a reference (index_codec.h): under an unchanged key it stays as it is; only
    // a projected entry carries attributes to rewrite. When ALL entries were copies, every put
    // wrote the item once per ALL index. Measured (bench/engine/index_bench.cc, Release, medians
    // of 3): a put changing a non-key attribute of a ~1 KB item with 2 GSIs + 1 LSI, all ALL,
    // 51.1 us with copies, 22.6 us with references, against 16-17 us unindexed (3.2x -> 1.3x).
    // The price is paid by index reads, a point read per entry (read_request.cc).
    if (!after.key.empty() && (moved || index.projection.projection_type != ProjectionType::kAll)) {
      batch.Put(Space::kItems, after.key, after.value);
    }
    const int64_t count_delta = (after.key.empty() ? 0 : 1) - (before.key.empty() ? 0 : 1);
    const int64_t size_delta = after.size - before.size;
    if (count_delta != 0 || size_delta != 0) {
      batch.AddStats(StatsKey(index.id), count_delta, size_delta);
    }
    if (index.local) effect->collection_delta += size_delta;
    if (effect->want_index_units) {
      const double units = IndexWriteUnits(index, old_version, new_version, before, after);
      if (units > 0) effect->index_units.push_back({index.name, index.local, units});
    }
  }
}

}  // namespace

ReadMode ItemStore::ModeFor(const Table& table, ReadMode wanted) const {
  // Replacing an item's index entries needs the old item's index keys. (A subscriber needs only
  // the primary key of a deleted item, which its encoded key gives: DecodeItemKey.)
  if (!table.indexes.empty()) return ReadMode::kWholeItem;
  bool record = false;
  for (const auto& hook : table.hooks) {
    if (hook->NeedsOldItem()) return ReadMode::kWholeItem;
    record = record || hook->NeedsOldRecord();
  }
  return record && wanted == ReadMode::kSizeOnly ? ReadMode::kRecord : wanted;
}

void ItemStore::AddHook(Table& table, std::shared_ptr<const WriteHook> hook) {
  auto gate = LockGateExclusive(table);
  table.hooks.push_back(std::move(hook));
}

void ItemStore::RemoveHook(Table& table, const WriteHook* hook) {
  auto gate = LockGateExclusive(table);
  std::erase_if(table.hooks, [&](const auto& h) { return h.get() == hook; });
}

void ItemStore::AddMutation(ItemBatch& items, const Table& table, const std::string& key,
                            const StoredItem& old, const WriteDecision& decision,
                            WriteEffect* effect) const {
  WriteBatch& batch = items.rocks_;
  const size_t before = batch.count();
  WriteEffect unreported;
  WriteEffect& e = effect != nullptr ? *effect : unreported;
  const bool collection = HasLocalIndex(table.indexes);
  if (collection) e.collection_key = CollectionStatsKey(key);
  int64_t count_delta = old.exists() ? -1 : 0;
  int64_t size_delta = -old.size();
  std::string value;     // a put's item record, kept for the hooks
  size_t encoded_at = 0;  // where its item encoding starts, after the size
  switch (decision.kind) {
    case WriteDecision::Kind::kNone:
      return;
    case WriteDecision::Kind::kPut: {
      // The size's varint fits the string's own buffer; EncodeItem then grows it once, exactly.
      PutVarint(&value, static_cast<uint64_t>(decision.item_size));
      encoded_at = value.size();
      EncodeItem(*decision.item, &value);
      batch.Put(Space::kItems, key, value);
      if (!table.indexes.empty()) {
        AddIndexMutations(batch, table, key, {old.item(), old.size()},
                          {decision.item, decision.item_size, true}, &e);
      }
      count_delta += 1;
      size_delta += decision.item_size;
      break;
    }
    case WriteDecision::Kind::kDelete:
      if (!old.exists()) return;
      batch.Delete(Space::kItems, key);
      if (!table.indexes.empty()) {
        AddIndexMutations(batch, table, key, {old.item(), old.size()}, {}, &e);
      }
      break;
  }
  if (count_delta != 0 || size_delta != 0) {
    batch.AddStats(StatsKey(table.id), count_delta, size_delta);
  }
  if (collection) {
    // The collection counts the items (its count) and their bytes plus their LSI entries'.
    e.collection_delta += size_delta;
    if (count_delta != 0 || e.collection_delta != 0) {
      batch.AddStats(e.collection_key, count_delta, e.collection_delta);
    }
  }
  if (batch.count() == before) return;
  const bool put = decision.kind == WriteDecision::Kind::kPut;
  const Item* new_item = put ? decision.item : nullptr;
  const int64_t new_size = put ? decision.item_size : 0;
  for (const auto& hook : table.hooks) {
    const uint64_t ticket =
        hook->AddRecords({table, key, old.exists(), old.size(), old.item(), new_item, new_size,
                          items.cause_, std::string_view(value).substr(encoded_at), old.record_},
                         batch);
    if (ticket != 0) items.tickets_.emplace_back(hook, ticket);
  }
  if (!feed_.empty()) {
    // A deletion's key comes from its encoded key (EncodeItemKey wrote it, so it decodes): the
    // old item need not have been read whole.
    Item primary_key;
    if (put) {
      primary_key = PrimaryKeyOf(table.key, *decision.item);
    } else {
      (void)DecodeItemKey(table.key, key, &primary_key);
    }
    items.changes_.push_back({&table, std::move(primary_key), new_item, new_size});
  }
}

void ItemBatch::SettleHooks() {
  for (const auto& [hook, ticket] : tickets_) hook->Settle(ticket);
  tickets_.clear();
}

Status ItemStore::Commit(ItemBatch& batch) {
  if (batch.count() == 0) return Status::OK();
  const Status written = storage_.Write(batch.rocks_);
  // Before the write is acknowledged: a reader of the stream sees its records from now on.
  batch.SettleHooks();
  STATOR_RETURN_IF_ERROR(written);
  feed_.ItemsChanged(batch.changes_);
  return Status::OK();
}

bool ItemStore::LookupOld(const Table& table, const std::string& key, ReadMode mode,
                          StoredItem* out) const {
  if (source_ == nullptr) return false;
  Item primary_key;
  if (!DecodeItemKey(table.key, key, &primary_key)) return false;
  KnownItem known;
  if (!source_->Lookup({table.tenant, table.name, table.id}, primary_key, &known)) {
    return false;
  }
  // A hook that keeps the old record gets the cached item instead, and encodes it.
  const bool whole = mode != ReadMode::kSizeOnly;
  if (whole && known.exists && known.item == nullptr) return false;
  out->record_.clear();
  out->item_.reset();
  out->exists_ = known.exists;
  out->size_ = known.exists ? known.size : 0;
  out->shared_ = whole && known.exists ? std::move(known.item) : nullptr;
  return true;
}

Status ItemStore::Write(const Table& table, const std::string& key, const Decider& decide,
                        StoredItem* old, ReadMode mode, WriteEffect* effect, WriteCause cause) {
  ItemBatch batch(storage_, cause);
  {
    auto gate = LockGateShared(table);
    if (table.dropped) return Status::NotFound("Requested resource not found");
    std::lock_guard lock(locks_.For(key));
    // The cache in front holds the current version of every item it caches: a write learns the
    // old item from it and skips a storage read, which on the server under PutItem load cost
    // about as much CPU as the write itself (perf: 15.6% vs 15.0%; its data blocks mostly miss
    // RocksDB's block cache).
    const ReadMode read_mode = ModeFor(table, mode);
    if (!LookupOld(table, key, read_mode, old)) {
      STATOR_RETURN_IF_ERROR(Read(table, key, old, read_mode));
    }
    auto decision = decide(*old);
    if (!decision.ok()) return decision.status();
    if (decision->kind == WriteDecision::Kind::kPut && !table.indexes.empty()) {
      STATOR_RETURN_IF_ERROR(CheckIndexKeys(table.indexes, *decision->item));
    }
    WriteEffect unreported;
    WriteEffect* e = effect != nullptr ? effect : &unreported;
    AddMutation(batch, table, key, *old, *decision, e);
    if (!e->collection_key.empty()) {
      STATOR_RETURN_IF_ERROR(CheckCollectionLimits(storage_, {e}));
    }
    STATOR_RETURN_IF_ERROR(Commit(batch));
  }
  Published(batch);
  return Status::OK();
}

}  // namespace stator::engine
