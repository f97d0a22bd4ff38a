#include "engine/reads/read_request.h"

#include <algorithm>
#include <set>

#include "engine/indexes/index_codec.h"
#include "engine/indexes/index_read.h"
#include "engine/model/capacity.h"
#include "engine/model/coding.h"
#include "engine/model/expressions/condition_evaluator.h"
#include "engine/model/expressions/expression_cache.h"
#include "engine/model/expressions/legacy_conditions.h"
#include "engine/model/expressions/projection.h"
#include "engine/model/expressions/request_expressions.h"
#include "engine/model/expressions/resolver.h"
#include "engine/model/item_codec.h"
#include "engine/model/item_validation.h"
#include "engine/storage/key_codec.h"
#include "engine/tables/table_validation.h"

namespace stator::engine {
Status CheckReadAgainstTable(ReadKind kind, PreparedRead* p, const Table& table,
                             std::string* start, const IndexDef* index) {
  const bool query = kind == ReadKind::kQuery;
  const KeySchema& key = index ? index->key : table.key;
  if (p->filter && query) STATOR_RETURN_IF_ERROR(expr::CheckFilterAvoidsKeys(*p->filter, key));
  if (p->legacy_filter) {
    STATOR_RETURN_IF_ERROR(expr::CheckLegacyFilter(&*p->legacy_filter,
                                                   query ? "QueryFilter" : "ScanFilter",
                                                   query ? &key : nullptr));
  }
  start->clear();
  if (!p->start_key) return Status::OK();
  if (index) return IndexStartKey(table, *index, *p->start_key, start);
  const AttributeValue *partition, *sort;
  Status s = CheckKey(table.key, *p->start_key, &partition, &sort);
  if (!s.ok()) {
    if (s.message() == kKeyDoesNotMatchSchema) {
      return Status::Validation(std::string(kInvalidStartKey));
    }
    return Status::Validation(std::string(kInvalidStartKey) + ": " + s.message());
  }
  *start = EncodeItemKey(table.id, *partition, sort);
  return Status::OK();
}

namespace {

// LastEvaluatedKey: the table key, and for an index read the index key too, as the service
// returns it.
Item KeyOf(const Table& table, const KeySchema* index_key, const Item& item) {
  Item key;
  auto copy = [&](const std::string& name) {
    auto it = item.find(name);
    if (it != item.end()) key.emplace(name, it->second);
  };
  copy(table.key.hash.name);
  if (table.key.range) copy(table.key.range->name);
  if (index_key != nullptr) {
    copy(index_key->hash.name);
    if (index_key->range) copy(index_key->range->name);
    for (const KeyAttribute& k : index_key->more_hash) copy(k.name);
    for (const KeyAttribute& k : index_key->more_range) copy(k.name);
  }
  return key;
}

bool Matches(const PreparedRead& p, const Item& item) {
  if (p.filter) return expr::Evaluate(*p.filter, item);
  if (p.legacy_filter) {
    return expr::MatchesLegacyFilter(*p.legacy_filter, p.conditional_operator, item);
  }
  return true;
}

}  // namespace

namespace {

// One page being read: the request, its limits, and what was read so far.
class PageReader {
 public:
  PageReader(const Table& table, const PreparedRead& p, std::optional<int64_t> limit,
             ReadResponse* out, const IndexDef* index, const ItemFetcher* fetch)
      : table_(table),
        p_(p),
        limit_(limit),
        out_(out),
        index_(index),
        fetch_(fetch),
        count_only_(p.select == Select::kCount),
        // Counting every item needs no item decoded, but the one a page stops at (its key).
        decode_all_(!count_only_ || p.filter || p.legacy_filter) {
    if (!count_only_) {
      out->items.emplace();
      out->items->reserve(static_cast<size_t>(std::min<int64_t>(limit.value_or(64), 256)));
    }
  }

  Result<int64_t> Run(RangeIterator& it);

 private:
  // Reads the entry `it` is on: its record, or for a reference the base item's record read at
  // the iterator's snapshot. Sets *stop when the page ends with it.
  Status ReadEntry(const RangeIterator& it, bool* stop);
  // Counts, filters and keeps one record (varint size + item bytes, item_store.h).
  Status Consume(const RangeIterator& it, std::string_view item_key, std::string_view record,
                 bool* stop);
  // Whether `it` is on a reference that ReadReferences reads (an ALL index's entry, no fetch).
  bool BatchedReference(const RangeIterator& it) const {
    return index_ != nullptr && fetch_ == nullptr && it.value().empty();
  }
  // Reads the run of references from `it` on, up to kReferenceBatch of them (and no more than
  // the Limit leaves), with one MultiGet at the iterator's snapshot, and consumes their records
  // in order. Leaves `it` past the last entry it read. Sets *stop when the page ends with one of
  // them, and *more when the batch read an entry after that one.
  Status ReadReferences(RangeIterator& it, bool* stop, bool* more);

  const Table& table_;
  const PreparedRead& p_;
  const std::optional<int64_t> limit_;
  ReadResponse* const out_;
  const IndexDef* const index_;
  const ItemFetcher* const fetch_;
  const bool count_only_, decode_all_;
  int64_t bytes_ = 0;
  bool limit_reached_ = false, page_full_ = false;
  Item item_;
  std::vector<std::string> batch_keys_;  // ReadReferences's, reused
};

// References read with one MultiGet per this many entries: read one by one, their point reads
// were most of a read through an ALL index (BM_QueryIndex).
constexpr size_t kReferenceBatch = 32;

Status PageReader::Consume(const RangeIterator& it, std::string_view item_key,
                           std::string_view record, bool* stop) {
  Reader reader(record);
  uint64_t size = 0;
  if (!reader.Varint(&size)) return Status::IOError("corrupt item record");
  ++out_->scanned_count;
  bytes_ += static_cast<int64_t>(size);
  // The service stops a page after Limit items read, or once 1 MB of item data was read.
  limit_reached_ = limit_ && out_->scanned_count >= *limit_;
  page_full_ = bytes_ >= kMaxPageBytes;
  *stop = limit_reached_ || page_full_;
  if (decode_all_ || *stop) {
    item_.clear();
    if (!DecodeItem(reader.rest(), &item_)) return Status::IOError("corrupt item record");
  }
  if (*stop) out_->last_evaluated_key = KeyOf(table_, index_ ? &index_->key : nullptr, item_);
  if (fetch_ != nullptr && decode_all_) STATOR_RETURN_IF_ERROR((*fetch_)(it, item_key, &item_));
  if (!decode_all_ || Matches(p_, item_)) {
    ++out_->count;
    if (!count_only_) {
      out_->items->push_back(p_.projection ? expr::Project(item_, *p_.projection)
                                           : std::move(item_));
    }
  }
  return Status::OK();
}

Status PageReader::ReadEntry(const RangeIterator& it, bool* stop) {
  if (index_ == nullptr) return Consume(it, it.key(), it.value(), stop);
  // A projected entry needs its item's key only for a fetch of the item.
  if (!it.value().empty() && fetch_ == nullptr) return Consume(it, {}, it.value(), stop);
  const std::string_view item_key = EntryItemKey(*index_, it.key());
  if (item_key.empty()) return Status::IOError("corrupt index entry key");
  if (!it.value().empty()) return Consume(it, item_key, it.value(), stop);
  // A reference: the item's record, read where the entry was, stands for the entry. The point
  // read is the price of references (item_store.cc): BM_QueryIndex (index_bench.cc, Release,
  // medians) reads 100 items of a GSI partition in 316-391 us against 164-219 us from their
  // base-table partition, where copies took 172-231 us. Mostly the memtable skiplist search.
  // Runs of references without a fetch are read in batches instead (ReadReferences); this is
  // the one-by-one read of a reference whose item is also fetched.
  Status consumed;
  bool found = false;
  STATOR_RETURN_IF_ERROR(it.Get(
      Space::kItems, item_key,
      [&](std::string_view record) { consumed = Consume(it, item_key, record, stop); }, &found));
  if (!found) return Status::IOError("index entry without its item");
  return consumed;
}

Status PageReader::ReadReferences(RangeIterator& it, bool* stop, bool* more) {
  size_t most = kReferenceBatch;
  if (limit_) {
    most = static_cast<size_t>(
        std::clamp<int64_t>(*limit_ - out_->scanned_count, 1, static_cast<int64_t>(most)));
  }
  batch_keys_.clear();
  for (; it.Valid() && batch_keys_.size() < most && BatchedReference(it); it.Next()) {
    const std::string_view item_key = EntryItemKey(*index_, it.key());
    if (item_key.empty()) return Status::IOError("corrupt index entry key");
    batch_keys_.emplace_back(item_key);
  }
  const size_t n = batch_keys_.size();
  size_t stopped_at = n;
  bool missing = false;
  Status consumed;
  STATOR_RETURN_IF_ERROR(it.MultiGet(
      Space::kItems, batch_keys_.data(), n,
      [&](size_t i, std::string_view record, bool found) {
        if (stopped_at != n || missing || !consumed.ok()) return;
        if (!found) {
          missing = true;
          return;
        }
        bool ends = false;
        consumed = Consume(it, batch_keys_[i], record, &ends);
        if (ends) stopped_at = i;
      }));
  if (missing) return Status::IOError("index entry without its item");
  STATOR_RETURN_IF_ERROR(consumed);
  *stop = stopped_at != n;
  *more = stopped_at + 1 < n;
  return Status::OK();
}

Result<int64_t> PageReader::Run(RangeIterator& it) {
  while (it.Valid()) {
    bool stop = false;
    if (BatchedReference(it)) {
      bool more = false;
      STATOR_RETURN_IF_ERROR(ReadReferences(it, &stop, &more));
      if (!stop) continue;
      // As below; `it` is already past the batch.
      if (page_full_ && !limit_reached_ && !more && !it.Valid()) {
        out_->last_evaluated_key.reset();
      }
      break;
    }
    STATOR_RETURN_IF_ERROR(ReadEntry(it, &stop));
    if (!stop) {
      it.Next();
      continue;
    }
    if (page_full_ && !limit_reached_) {
      // A full page that ended the range has nothing left to continue from.
      it.Next();
      if (!it.Valid()) out_->last_evaluated_key.reset();
    }
    break;
  }
  STATOR_RETURN_IF_ERROR(it.status());
  return bytes_;
}

}  // namespace

Result<int64_t> ReadPage(RangeIterator& it, const Table& table, const PreparedRead& p,
                         std::optional<int64_t> limit, ReadResponse* out, const IndexDef* index,
                         const ItemFetcher* fetch) {
  return PageReader(table, p, limit, out, index, fetch).Run(it);
}

std::optional<ConsumedCapacity> ReadCapacity(const ReadRequest& r, int64_t bytes) {
  return Consumed(r.return_consumed_capacity, std::string(TableNameOf(r.table_name)),
                  ReadUnits(bytes, r.consistent_read), false);
}

}  // namespace stator::engine
