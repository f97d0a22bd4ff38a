#include "engine/streams/stream_hook.h"

#include "engine/model/item_validation.h"
#include "engine/storage/key_codec.h"
#include "engine/streams/stream_record_codec.h"
#include "engine/tables/table.h"

namespace stator::engine {
namespace {

bool Unchanged(const ItemMutation& m) {
  if (!m.old_exists || m.new_item == nullptr) return !m.old_exists && m.new_item == nullptr;
  return m.old_size == m.new_size && m.old_item != nullptr && *m.old_item == *m.new_item;
}

bool KeepsNew(StreamViewType v) {
  return v == StreamViewType::kNewImage || v == StreamViewType::kNewAndOldImages;
}
bool KeepsOld(StreamViewType v) {
  return v == StreamViewType::kOldImage || v == StreamViewType::kNewAndOldImages;
}

}  // namespace

uint64_t StreamHook::AddRecords(const ItemMutation& m, WriteBatch& batch) const {
  if (Unchanged(m)) return 0;
  StoredRecord r;
  r.event = !m.old_exists           ? StreamEventName::kInsert
            : m.new_item == nullptr ? StreamEventName::kRemove
                                    : StreamEventName::kModify;
  r.by_service = m.cause == WriteCause::kService;
  Item keys;
  if (m.new_item != nullptr) {
    keys = PrimaryKeyOf(m.table.key, *m.new_item);
  } else if (!DecodeItemKey(m.table.key, m.key, &keys)) {
    return 0;  // not an item key: nothing this stream can name
  }
  r.keys = &keys;
  const StreamViewType view = log_->view_type();
  if (KeepsNew(view) && m.new_item != nullptr) r.new_image = m.new_encoded;
  if (KeepsOld(view) && m.old_exists) r.old_image = m.old_item;
  // SizeBytes counts what the record carries, by the item-size rules.
  r.size_bytes = ItemSize(keys) + (!r.new_image.empty() ? m.new_size : 0) +
                 (r.old_image != nullptr ? m.old_size : 0);
  r.created_micros = clock_.NowMicros();
  // Encoded before the sequence number is taken: from Take to Settle the number holds back
  // every reader of the stream, so that span is kept to the write itself.
  std::string value;
  value.reserve(static_cast<size_t>(r.size_bytes) * 5 / 4 + 64);
  EncodeRecordValue(r, &value);
  StreamLog::Slot slot;
  if (!log_->Take(&slot)) return 0;  // disabled meanwhile
  batch.Put(Space::kStreams, RecordKey(log_->id(), slot.ordinal, slot.seq), value);
  return slot.seq;
}

}  // namespace stator::engine
