#include "engine/backups/table_snapshot.h"

#include "engine/model/coding.h"
#include "engine/storage/key_codec.h"
#include "engine/storage/sorted_files.h"

namespace stator::engine {

Result<SnapshotFigures> WriteTableSnapshot(const Storage& storage, uint32_t table_id,
                                           const std::string& path) {
  // An iterator reads the implicit snapshot of its creation: the one instant the backup is of.
  auto it = storage.NewRangeIterator(Space::kItems, TablePrefix(table_id),
                                     TablePrefix(table_id + 1), /*reverse=*/false);
  SortedFileWriter writer(storage, path);
  SnapshotFigures figures;
  for (; it->Valid(); it->Next()) {
    // The record starts with the item's size (item_store.h): the figures need no decoding.
    Reader reader(it->value());
    uint64_t item_size = 0;
    if (!reader.Varint(&item_size)) return Status::IOError("corrupt item record");
    STATOR_RETURN_IF_ERROR(writer.Put(it->key(), it->value()));
    ++figures.item_count;
    figures.size_bytes += static_cast<int64_t>(item_size);
  }
  STATOR_RETURN_IF_ERROR(it->status());
  STATOR_RETURN_IF_ERROR(writer.Finish());
  figures.has_file = writer.written();
  return figures;
}

}  // namespace stator::engine
