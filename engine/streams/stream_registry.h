// StreamRegistry: every stream of the database, live (enabled) or kept readable after it was
// disabled or its table deleted, until its retention ends. It loads them at open, creates new
// ones when a table's stream is enabled, and hands each enabled stream's write hook to the
// table (the engine registers it: ItemStore::AddHook).
//
// Thread safety: safe for concurrent use; one mutex guards the maps (never held during I/O
// other than a new stream's first persist).
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "engine/model/key_schema.h"
#include "engine/storage/storage.h"
#include "engine/streams/stream_hook.h"
#include "engine/streams/stream_log.h"
#include "stator/clock.h"

namespace stator::engine {

struct StreamSettings {
  int64_t retention_micros = 24LL * 3600 * 1000 * 1000;
  int64_t rollover_micros = 4LL * 3600 * 1000 * 1000;
};

class StreamRegistry {
 public:
  StreamRegistry(Storage& storage, const Clock& clock, StreamSettings settings)
      : storage_(storage), clock_(clock), settings_(settings) {}

  // Loads every persisted stream and recovers where each one's sequence numbers resume.
  Status Load();

  // Creates and persists a new stream of a table (id from the catalog's sequence), enabled,
  // with one open shard. Returns its write hook.
  struct NewStream {
    uint32_t id = 0;
    std::string tenant;
    std::string table_name;
    std::string table_arn;
    const KeySchema* key = nullptr;
    StreamViewType view = StreamViewType::kKeysOnly;
  };
  Result<std::shared_ptr<StreamHook>> Create(const NewStream& s);

  // The write hook of an enabled stream (to register on its table at open); null otherwise.
  std::shared_ptr<StreamHook> HookOf(std::string_view tenant, std::string_view arn) const;

  // Disables the stream: its open shard closes; it stays readable for the retention period.
  Status Disable(std::string_view tenant, std::string_view arn);

  std::shared_ptr<StreamLog> Find(std::string_view tenant, std::string_view arn) const;
  std::shared_ptr<StreamLog> FindById(uint32_t id) const;
  // The stream with this ARN in whichever namespace holds it (event source mappings name
  // streams without a namespace); the newest when several do.
  std::shared_ptr<StreamLog> FindAnywhere(std::string_view arn) const;
  // The first stream of the table named `table_name` (any namespace) created after the stream
  // `after_id` (0: the newest enabled one, else the newest); null when there is none.
  std::shared_ptr<StreamLog> NextOfTable(std::string_view table_name, uint32_t after_id) const;
  // The oldest stream of the table named `table_name` (any namespace) whose id is at least
  // `from_id` and that was enabled at `since` or later (enabled now, or disabled since then);
  // null when there is none. A consumer that starts late reads from there, not from the
  // table's current stream, so records written while it waited are not skipped.
  std::shared_ptr<StreamLog> OldestOfTableSince(std::string_view table_name, uint32_t from_id,
                                                int64_t since) const;
  // The tenant's streams in creation order.
  std::vector<std::shared_ptr<StreamLog>> List(std::string_view tenant) const;
  // Every stream (upkeep).
  std::vector<std::shared_ptr<StreamLog>> All() const;

  // Removes a stream for good: its meta and its records.
  Status Drop(const StreamLog& log);

  const StreamSettings& settings() const { return settings_; }
  const Clock& clock() const { return clock_; }
  Storage& storage() const { return storage_; }

 private:
  struct Entry {
    std::shared_ptr<StreamLog> log;
    std::shared_ptr<StreamHook> hook;
  };
  static std::string ArnKey(std::string_view tenant, std::string_view arn);
  // The next sequence number of a loaded stream: after its last record and its shards' ranges.
  Result<uint64_t> RecoverNextSequence(const StreamMeta& meta) const;

  Storage& storage_;
  const Clock& clock_;
  const StreamSettings settings_;
  mutable std::mutex mu_;
  std::map<uint32_t, Entry> by_id_;                      // guarded by mu_; ids grow with creation
  std::map<std::string, uint32_t, std::less<>> by_arn_;  // guarded by mu_; tenant + ARN
};

}  // namespace stator::engine
