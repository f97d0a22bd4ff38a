#include "engine/pitr/point_in_time_image.h"

#include <map>
#include <memory>

#include "engine/model/coding.h"
#include "engine/pitr/pitr_history.h"
#include "engine/storage/key_codec.h"
#include "engine/storage/sorted_files.h"

namespace stator::engine {
namespace {

// Writes one item record to the file, counting it.
Status Emit(SortedFileWriter& writer, std::string_view key, std::string_view record,
            SnapshotFigures* figures) {
  Reader reader(record);
  uint64_t item_size = 0;
  if (!reader.Varint(&item_size)) return Status::IOError("corrupt item record");
  ++figures->item_count;
  figures->size_bytes += static_cast<int64_t>(item_size);
  return writer.Put(key, record);
}

}  // namespace

Result<SnapshotFigures> WritePointInTimeImage(const Storage& storage, const Table& table,
                                              uint32_t history_id, int64_t at_micros,
                                              const std::string& path) {
  std::unique_ptr<RangeIterator> items;
  std::unique_ptr<RangeIterator> history;
  {
    auto gate = LockGateExclusive(table);
    items = storage.NewRangeIterator(Space::kItems, TablePrefix(table.id),
                                     TablePrefix(table.id + 1), false);
    history = storage.NewRangeIterator(Space::kItems, HistoryBound(history_id, at_micros + 1),
                                       TablePrefix(history_id + 1), false);
  }
  // Each item changed after T, as its first change after T found it ("" = it did not exist).
  std::map<std::string, std::string, std::less<>> undo;
  for (; history->Valid(); history->Next()) {
    undo.try_emplace(std::string(HistoryItemKey(history->key())), history->value());
  }
  STATOR_RETURN_IF_ERROR(history->status());

  SortedFileWriter writer(storage, path);
  SnapshotFigures figures;
  auto u = undo.begin();
  while (items->Valid() || u != undo.end()) {
    if (u == undo.end() || (items->Valid() && items->key() < u->first)) {
      STATOR_RETURN_IF_ERROR(Emit(writer, items->key(), items->value(), &figures));
      items->Next();
      continue;
    }
    if (items->Valid() && items->key() == u->first) items->Next();  // changed since: undone
    if (!u->second.empty()) STATOR_RETURN_IF_ERROR(Emit(writer, u->first, u->second, &figures));
    ++u;
  }
  STATOR_RETURN_IF_ERROR(items->status());
  STATOR_RETURN_IF_ERROR(writer.Finish());
  figures.has_file = writer.written();
  return figures;
}

}  // namespace stator::engine
