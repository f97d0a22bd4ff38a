// Helpers shared by the engine's Database tests.
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <string>

#include "stator/database.h"

namespace stator::testing {

// A clock the test moves by hand.
class ManualClock final : public Clock {
 public:
  int64_t NowMicros() const override { return now_.load(); }
  void Advance(int64_t micros) { now_ += micros; }

 private:
  std::atomic<int64_t> now_{1'700'000'000'000'000};
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
