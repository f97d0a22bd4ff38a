// BackupCatalog: the backups of every namespace, by id, persisted as BackupRecords in the meta key
// space (backup_record.h) and kept in memory for the control plane's look-ups and listings; and
// which backups a restore is reading, so that they are not deleted under it.
//
// Thread safety: every method is safe to call concurrently; one mutex guards the map and the set.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "engine/backups/backup_record.h"
#include "engine/storage/storage.h"

namespace stator::engine {

class BackupCatalog {
 public:
  explicit BackupCatalog(Storage& storage) : storage_(storage) {}

  // Loads the persisted records. Errors: IOError for a corrupt record.
  Status Load();

  // Persists the record (new, or replacing the one of its id) and remembers it.
  Status Put(const BackupRecord& record);
  // Forgets the record and deletes it from storage.
  Status Remove(std::string_view id);

  // The tenant's backup of that id; none when there is no such backup in that namespace.
  std::optional<BackupRecord> Find(std::string_view tenant, std::string_view id) const;
  // Every record (start-up recovery).
  std::vector<BackupRecord> All() const;
  // The tenant's backups, oldest first (ids sort by creation time); point-in-time images are
  // not backups and are left out.
  std::vector<BackupRecord> List(std::string_view tenant) const;

  // Marks the backup as read by one more restore / one fewer. A backup in use is not deleted.
  void AcquireForRestore(const std::string& id);
  void ReleaseFromRestore(const std::string& id);
  bool InUse(std::string_view id) const;

 private:
  Storage& storage_;
  mutable std::mutex mu_;
  std::map<std::string, BackupRecord, std::less<>> by_id_;  // guarded by mu_
  std::multiset<std::string, std::less<>> restoring_;       // guarded by mu_
};

}  // namespace stator::engine
