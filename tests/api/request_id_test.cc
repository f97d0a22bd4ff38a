#include "api/request_id.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace stator::api
