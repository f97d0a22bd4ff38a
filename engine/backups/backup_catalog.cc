#include "engine/backups/backup_catalog.h"

namespace stator::engine {

Status BackupCatalog::Load() {
  std::map<std::string, BackupRecord, std::less<>> loaded;
  Status decode_error;
  STATOR_RETURN_IF_ERROR(storage_.ForEachWithPrefix(
      Space::kMeta, kBackupRecordPrefix, [&](std::string_view, std::string_view value) {
        BackupRecord record;
        if (!DecodeBackupRecord(value, &record)) {
          decode_error = Status::IOError("corrupt backup record in the catalog");
          return false;
        }
        std::string id = record.id;
        loaded.emplace(std::move(id), std::move(record));
        return true;
      }));
  STATOR_RETURN_IF_ERROR(decode_error);
  std::lock_guard lock(mu_);
  by_id_ = std::move(loaded);
  return Status::OK();
}

Status BackupCatalog::Put(const BackupRecord& record) {
  WriteBatch batch(storage_);
  batch.Put(Space::kMeta, BackupRecordKey(record.id), EncodeBackupRecord(record));
  std::lock_guard lock(mu_);
  STATOR_RETURN_IF_ERROR(storage_.Write(batch));
  by_id_[record.id] = record;
  return Status::OK();
}

Status BackupCatalog::Remove(std::string_view id) {
  WriteBatch batch(storage_);
  batch.Delete(Space::kMeta, BackupRecordKey(id));
  std::lock_guard lock(mu_);
  STATOR_RETURN_IF_ERROR(storage_.Write(batch));
  auto it = by_id_.find(id);
  if (it != by_id_.end()) by_id_.erase(it);
  return Status::OK();
}

std::optional<BackupRecord> BackupCatalog::Find(std::string_view tenant,
                                                std::string_view id) const {
  std::lock_guard lock(mu_);
  auto it = by_id_.find(id);
  if (it == by_id_.end() || it->second.tenant != tenant) return std::nullopt;
  return it->second;
}

std::vector<BackupRecord> BackupCatalog::All() const {
  std::lock_guard lock(mu_);
  std::vector<BackupRecord> out;
  for (const auto& [id, record] : by_id_) out.push_back(record);
  return out;
}

std::vector<BackupRecord> BackupCatalog::List(std::string_view tenant) const {
  std::lock_guard lock(mu_);
  std::vector<BackupRecord> out;
  for (const auto& [id, record] : by_id_) {
    if (record.tenant == tenant && !record.point_in_time_image) out.push_back(record);
  }
  return out;
}

void BackupCatalog::AcquireForRestore(const std::string& id) {
  std::lock_guard lock(mu_);
  restoring_.insert(id);
}

void BackupCatalog::ReleaseFromRestore(const std::string& id) {
  std::lock_guard lock(mu_);
  auto it = restoring_.find(id);
  if (it != restoring_.end()) restoring_.erase(it);
}

bool BackupCatalog::InUse(std::string_view id) const {
  std::lock_guard lock(mu_);
  return restoring_.find(id) != restoring_.end();
}

}  // namespace stator::engine
