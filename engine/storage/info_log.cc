#include "engine/storage/info_log.h"

#include <fcntl.h>
#include <rocksdb/env.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <ctime>
#include <filesystem>

namespace stator::engine {
namespace {

// Lines longer than this are cut: RocksDB's longest (the options dump) are a few hundred bytes.
constexpr size_t kMaxLineBytes = 4096;

class AppendOnlyLogger final : public rocksdb::Logger {
 public:
  explicit AppendOnlyLogger(int fd) : fd_(fd) {}
  ~AppendOnlyLogger() override {
    if (fd_ >= 0) ::close(fd_);
  }

  using rocksdb::Logger::Logv;
  void Logv(const char* format, va_list ap) override {
    if (fd_ < 0) return;
    char line[kMaxLineBytes];
    size_t size = FormatTime(line, sizeof(line));
    const int n = std::vsnprintf(line + size, sizeof(line) - size - 1, format, ap);
    if (n < 0) return;
    size = std::min(size + static_cast<size_t>(n), sizeof(line) - 2);
    if (size == 0 || line[size - 1] != '\n') line[size++] = '\n';
    // A line the disk refuses is dropped: nothing is retried, nothing remembered.
    (void)!::write(fd_, line, size);
  }

 private:
  // "2026/12/06-11:30:15.123456 ", as RocksDB's own lines begin.
  static size_t FormatTime(char* out, size_t capacity) {
    timeval now{};
    gettimeofday(&now, nullptr);
    std::tm tm{};
    localtime_r(&now.tv_sec, &tm);
    const int n = std::snprintf(out, capacity, "%04d/%02d/%02d-%02d:%02d:%02d.%06ld ",
                                tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                                tm.tm_min, tm.tm_sec, static_cast<long>(now.tv_usec));
    return n > 0 ? static_cast<size_t>(n) : 0;
  }

  const int fd_;
};

}  // namespace

std::shared_ptr<rocksdb::Logger> OpenInfoLog(const std::string& dir) {
  const std::filesystem::path log = std::filesystem::path(dir) / "LOG";
  std::error_code ec;
  std::filesystem::rename(log, std::filesystem::path(dir) / "LOG.old", ec);  // none yet: fine
  const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0600);
  return std::make_shared<AppendOnlyLogger>(fd);
}

}  // namespace stator::engine
