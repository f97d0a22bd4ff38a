#include "api/request_id.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <set>

namespace stator::api {
namespace {

TEST(RequestIdTest, HasTheServiceShape) {
  const std::string id = NewRequestId();
  ASSERT_EQ(id.size(), 52u);
  for (char c : id) EXPECT_TRUE((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')) << id;
}

TEST(RequestIdTest, IsFreshEachTime) {
  std::set<std::string> ids;
  for (int i = 0; i < 1000; ++i) ids.insert(NewRequestId());
  EXPECT_EQ(ids.size(), 1000u);
}

// The service's ids are unpredictable: consecutive ids of one thread must not differ by one (or
// any fixed step), as a counter's would.
TEST(RequestIdTest, OneIdTellsNothingOfTheNext) {
  auto tail = [](const std::string& id) {
    uint64_t n = 0;
    for (char c : id.substr(40)) n = n * 36 + (c <= '9' ? c - '0' : c - 'A' + 10);
    return n;
  };
  std::set<uint64_t> steps;
  uint64_t last = tail(NewRequestId());
  for (int i = 0; i < 100; ++i) {
    const uint64_t next = tail(NewRequestId());
    steps.insert(next - last);
    last = next;
  }
  EXPECT_GT(steps.size(), 95u);
}

}  // namespace
}  // namespace stator::api
