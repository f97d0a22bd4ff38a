#include "engine/backups/table_snapshot.h"

#include "engine/model/coding.h"
#include "engine/storage/key_codec.h"
#include "engine/storage/sorted_files.h"

namespace stator::engine {

Result<SnapshotFigures> WriteTableSnapshot(const Storage& storage, uint32_t table_id,
                                           const std::string& path) {
  SortedFileWriter writer(storage, path);
  SnapshotFigures figures;
  Status failed;
  // One read, at the implicit snapshot of its start: the one instant the backup is of.
  STATOR_RETURN_IF_ERROR(ForEachInRange(storage, Space::kItems, TablePrefix(table_id),
                                        TablePrefix(table_id + 1),
                                        [&](std::string_view key, std::string_view value) {
                                          // The record starts with the item's size (item_store.h):
                                          // the figures need no decoding.
                                          Reader reader(value);
                                          uint64_t item_size = 0;
                                          if (!reader.Varint(&item_size)) {
                                            failed = Status::IOError("corrupt item record");
                                            return false;
                                          }
                                          failed = writer.Put(key, value);
                                          ++figures.item_count;
                                          figures.size_bytes += static_cast<int64_t>(item_size);
                                          return failed.ok();
                                        }));
  STATOR_RETURN_IF_ERROR(failed);
  STATOR_RETURN_IF_ERROR(writer.Finish());
  figures.has_file = writer.written();
  return figures;
}

}  // namespace stator::engine
