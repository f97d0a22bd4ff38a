#include "engine/pitr/pitr_history.h"

#include <algorithm>

#include "engine/model/coding.h"
#include "engine/model/item_codec.h"

namespace stator::engine {

std::string HistoryBound(uint32_t history_id, int64_t stamp_micros) {
  std::string out;
  out.reserve(kHistoryKeyHeader);
  PutFixed32BE(&out, history_id);
  PutFixed64BE(&out, static_cast<uint64_t>(std::max<int64_t>(stamp_micros, 0)));
  return out;
}

std::string HistoryKey(uint32_t history_id, int64_t stamp_micros, uint64_t sequence,
                       std::string_view item_key) {
  std::string out = HistoryBound(history_id, stamp_micros);
  PutFixed64BE(&out, sequence);
  out.append(item_key);
  return out;
}

std::string_view HistoryItemKey(std::string_view history_key) {
  return history_key.size() <= kHistoryKeyHeader ? std::string_view()
                                                 : history_key.substr(kHistoryKeyHeader);
}

int64_t HistoryHook::NextStamp() const {
  const int64_t now = clock_.NowMicros();
  int64_t last = last_stamp_.load(std::memory_order_relaxed);
  int64_t stamp = 0;
  do {
    stamp = std::max(now, last);
  } while (!last_stamp_.compare_exchange_weak(last, stamp, std::memory_order_relaxed));
  return stamp;
}

uint64_t HistoryHook::AddRecords(const ItemMutation& m, WriteBatch& batch) const {
  // The before-image: the old record as stored ("" when the item did not exist), copied from
  // the read when the writer had it as bytes, else encoded from the item (never both absent:
  // ItemStore::ModeFor reads one or the other for a hook that NeedsOldRecord).
  std::string encoded;
  std::string_view before = m.old_record;
  if (m.old_exists && before.empty() && m.old_item != nullptr) {
    encoded.reserve(static_cast<size_t>(m.old_size) + 8 * m.old_item->size() + 16);
    PutVarint(&encoded, static_cast<uint64_t>(m.old_size));
    EncodeItem(*m.old_item, &encoded);
    before = encoded;
  }
  const int64_t stamp = NextStamp();
  const uint64_t sequence = sequence_.fetch_add(1, std::memory_order_relaxed);
  batch.Put(Space::kItems, HistoryKey(history_id_, stamp, sequence, m.key),
            m.old_exists ? before : std::string_view());
  return 0;
}

}  // namespace stator::engine
