// Helpers shared by the engine's Database tests. Built with STATOR_TEST_REMOTE_DATABASE (the
// remote_api_tests binary), OpenInMemory opens instead a remote Database on a fresh server process
// of its own, so the embedded API's tests also hold against a service reached over HTTP.
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "stator/database.h"
#ifdef STATOR_TEST_REMOTE_DATABASE
#include "tests/api/remote/server_process.h"
#endif

namespace stator::testing {

// A clock the test moves by hand. A follower, when set, is moved the same distance: the virtual
// clock of the server behind a remote Database.
class ManualClock final : public Clock {
 public:
  int64_t NowMicros() const override { return now_.load(); }
  void Advance(int64_t micros) {
    now_ += micros;
    if (follower_) follower_(micros);
  }
  void SetFollower(std::function<void(int64_t micros)> follower) {
    follower_ = std::move(follower);
  }

 private:
  std::atomic<int64_t> now_{1'700'000'000'000'000};
  std::function<void(int64_t micros)> follower_;
};

// A temporary directory removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    path_ = std::filesystem::temp_directory_path() /
            ("stator-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    std::filesystem::remove_all(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::string path() const { return path_.string(); }

 private:
  static inline int counter_ = 0;
  std::filesystem::path path_;
};

#ifdef STATOR_TEST_REMOTE_DATABASE
// A remote Database on a server of its own, whose transient statuses last delay_ms. The server
// keeps one database for all credentials (--shared-db), as a default CallOptions names the shared
// namespace and "ddblocal" ARNs. Given a ManualClock, the server runs a virtual clock the
// ManualClock moves; any other clock stays the server's own wall clock.
inline std::unique_ptr<Database> OpenInMemory(std::shared_ptr<Clock> clock = Clock::System(),
                                              int64_t delay_ms = 0) {
  std::vector<std::string> args = {"--in-memory", "--shared-db", "--delay-transient-statuses-ms",
                                   std::to_string(delay_ms)};
  auto manual = std::dynamic_pointer_cast<ManualClock>(clock);
  if (manual) args.push_back("--virtual-clock");
  auto db = remote::ServedDatabase::Start(std::move(args));
  if (db && manual) {
    manual->SetFollower([url = db->url()](int64_t micros) {
      Status moved = remote::AdvanceServerClock(url, micros);
      EXPECT_TRUE(moved.ok()) << moved.message();
    });
  }
  return db;
}
#else
inline std::unique_ptr<Database> OpenInMemory(std::shared_ptr<Clock> clock = Clock::System(),
                                              int64_t delay_ms = 0) {
  Options options;
  options.in_memory = true;
  options.clock = std::move(clock);
  options.transient_status_delay_ms = delay_ms;
  auto db = Database::Open(options);
  EXPECT_TRUE(db.ok()) << db.status().message();
  return std::move(db).value();
}
#endif

// Short attribute values for test items.
inline AttributeValue S(const std::string& s) { return AttributeValue::S(s); }
inline AttributeValue N(const std::string& n) { return AttributeValue::N(n); }

inline CreateTableRequest HashTable(const std::string& name, ScalarType type = ScalarType::kS) {
  CreateTableRequest r;
  r.table_name = name;
  r.attribute_definitions = {{"id", type}};
  r.key_schema = {{"id", KeyType::kHash}};
  r.billing_mode = BillingMode::kPayPerRequest;
  return r;
}

inline CreateTableRequest HashRangeTable(const std::string& name) {
  CreateTableRequest r;
  r.table_name = name;
  r.attribute_definitions = {{"pk", ScalarType::kS}, {"sk", ScalarType::kN}};
  r.key_schema = {{"pk", KeyType::kHash}, {"sk", KeyType::kRange}};
  r.provisioned_throughput = ProvisionedThroughput{5, 5};
  return r;
}

#define EXPECT_STATUS(expr, code_, text)                  \
  do {                                                    \
    auto&& _r = (expr);                                   \
    ASSERT_FALSE(_r.ok());                                \
    EXPECT_EQ(_r.status().code(), (code_));               \
    EXPECT_EQ(_r.status().message(), (text));             \
  } while (0)

}  // namespace stator::testing
