// StorageConfig::low_priority_background_work: RocksDB's flush thread runs at nice 19 once it
// has taken a flush. The pools are the process's, so this test leaves them lowered for the rest
// of the binary; nothing else here depends on their priority.
#include <dirent.h>

#include <chrono>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "engine/storage/storage.h"

namespace stator::engine {
namespace {

// The nice value of this process's thread named `name`, if there is one.
std::optional<int> NiceOfThread(const std::string& name) {
  DIR* tasks = opendir("/proc/self/task");
  if (tasks == nullptr) return std::nullopt;
  std::optional<int> nice;
  while (dirent* entry = readdir(tasks)) {
    const std::string dir = std::string("/proc/self/task/") + entry->d_name;
    std::string comm;
    std::getline(std::ifstream(dir + "/comm"), comm);
    if (comm != name) continue;
    std::string stat;
    std::getline(std::ifstream(dir + "/stat"), stat);
    // After the command's closing parenthesis: state, then fields 4..19; nice is field 19.
    std::istringstream fields(stat.substr(stat.rfind(')') + 2));
    std::string field;
    for (int i = 3; i <= 19 && fields >> field; ++i) {
      if (i == 19) nice = std::stoi(field);
    }
  }
  closedir(tasks);
  return nice;
}

TEST(BackgroundPriorityTest, TheFlushThreadRunsAtTheLowestPriorityOnceItHasFlushed) {
  StorageConfig config;
  config.in_memory = true;
  config.memory_budget_bytes = size_t{16} << 20;  // 4 MB memtables: a few MB written flush one
  config.low_priority_background_work = true;
  auto storage = std::move(Storage::Open(config)).value();
  const std::string value(1000, 'v');
  for (int i = 0; i < 12000; ++i) {
    WriteBatch batch(*storage);
    batch.Put(Space::kItems, "key-" + std::to_string(i), value);
    ASSERT_TRUE(storage->Write(batch).ok());
  }
  std::optional<int> nice;
  for (int waited_ms = 0; waited_ms < 10000; waited_ms += 50) {
    nice = NiceOfThread("rocksdb:high");
    if (nice == 19) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_TRUE(nice.has_value()) << "no rocksdb:high thread";
  EXPECT_EQ(*nice, 19);
}

}  // namespace
}  // namespace stator::engine
