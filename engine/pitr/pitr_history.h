// Point-in-time recovery's history: for every change of an item of a table with PITR enabled,
// the item as it was before the change (its "before-image"), written by an in-batch write hook
// (engine/items/write_hook.h) in the change's own WriteBatch, so history and table never
// disagree.
//
// Keeping before-images means a restore needs no base copy of the table: the table as it was at
// T is the table now, with every item changed after T put back as it was before its first change
// after T (point_in_time_image.h). History older than the recovery period is never needed (a
// restore never asks for a time before it), so retention drops it by time alone
// (pitr_retention.h).
//
// Key layout, in the items key space (engine/storage/key_codec.h):
//   history_id   4 bytes big-endian   the table's PitrSettings::history_id (engine/tables/table.h)
//   stamp        8 bytes big-endian   microseconds on the database's clock when the change was
//                                     made; changes made at one reading share it
//   sequence     8 bytes big-endian   the hook's count of changes: orders the changes of a stamp
//   item_key                          the item's encoded key
// Value: the item record as the table stored it (varint size + item_codec bytes, item_store.h),
// or empty when the item did not exist. Time order makes retention one DeleteRange.
//
// Thread safety: HistoryHook as WriteHook (concurrent writers of different items); the key
// functions are pure.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

#include "engine/items/write_hook.h"
#include "stator/clock.h"

namespace stator::engine {

inline constexpr size_t kHistoryKeyHeader = 20;  // history_id + stamp + sequence

// The first history key at or after `stamp_micros`.
std::string HistoryBound(uint32_t history_id, int64_t stamp_micros);
std::string HistoryKey(uint32_t history_id, int64_t stamp_micros, uint64_t sequence,
                       std::string_view item_key);
// The item key of a history key (empty for a malformed one).
std::string_view HistoryItemKey(std::string_view history_key);

class HistoryHook final : public WriteHook {
 public:
  HistoryHook(uint32_t history_id, const Clock& clock) : history_id_(history_id), clock_(clock) {}

  bool NeedsOldRecord() const override { return true; }
  uint64_t AddRecords(const ItemMutation& m, WriteBatch& batch) const override;

  uint32_t history_id() const { return history_id_; }

 private:
  // The clock's reading, or the last stamp when the clock stepped back: stamps never decrease,
  // so with the sequence the changes of one item sort in their commit order (each is stamped
  // under the item's lock), and a restore to T keeps every change made at T.
  int64_t NextStamp() const;

  const uint32_t history_id_;
  const Clock& clock_;
  mutable std::atomic<int64_t> last_stamp_{0};
  mutable std::atomic<uint64_t> sequence_{0};
};

}  // namespace stator::engine
