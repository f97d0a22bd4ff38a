#include "bench/harness/workload.h"

#include <gtest/gtest.h>

namespace stator::bench {
namespace {

TEST(WorkloadTest, YcsbPresets) {
  auto a = YcsbWorkload("a");
  ASSERT_TRUE(a.ok());
  EXPECT_TRUE(a->Uses(Operation::kGetItem));
  EXPECT_TRUE(a->Uses(Operation::kUpdateItem));
  EXPECT_FALSE(a->NeedsSortKey());
  auto d = YcsbWorkload("d");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->distribution, Distribution::kLatest);
  auto e = YcsbWorkload("e");
  ASSERT_TRUE(e.ok());
  EXPECT_TRUE(e->NeedsSortKey());
  EXPECT_FALSE(YcsbWorkload("g").ok());
}

TEST(WorkloadTest, ParsesACustomMix) {
  auto w = ParseWorkloadJson(
      R"({"operations":{"GetItem":80,"BatchWriteItem":10.5,"GsiQuery":9.5},)"
      R"("distribution":"uniform","batch_size":20,"scan_limit":50})",
      "mix");
  ASSERT_TRUE(w.ok()) << w.status().message();
  EXPECT_EQ(w->mix.size(), 3u);
  EXPECT_EQ(w->distribution, Distribution::kUniform);
  EXPECT_TRUE(w->distribution_given);
  EXPECT_EQ(w->batch_size, 20);
  EXPECT_EQ(w->scan_limit, 50);
  EXPECT_TRUE(w->NeedsIndex());
  EXPECT_DOUBLE_EQ(w->mix[1].weight, 10.5);
}

void ExpectError(const char* json, const char* fragment) {
  auto w = ParseWorkloadJson(json, "test");
  ASSERT_FALSE(w.ok()) << json;
  EXPECT_EQ(w.status().code(), ErrorCode::kValidation);
  EXPECT_NE(w.status().message().find(fragment), std::string::npos) << w.status().message();
}

TEST(WorkloadTest, RejectsBadFiles) {
  ExpectError("{not json", "not valid JSON");
  ExpectError("[1,2]", "must be a JSON object");
  ExpectError(R"({"distribution":"zipfian"})", "has no \"operations\"");
  ExpectError(R"({"operations":{"Frobnicate":1}})", "unknown operation \"Frobnicate\"");
  ExpectError(R"({"operations":{"Load":1}})", "unknown operation \"Load\"");
  ExpectError(R"({"operations":{"GetItem":"x"}})", "must be a number");
  ExpectError(R"({"operations":{"GetItem":-1}})", "must not be negative");
  ExpectError(R"({"operations":{"GetItem":0}})", "positive total weight");
  ExpectError(R"({"operations":[]})", "must be an object");
  ExpectError(R"({"operations":{"GetItem":1},"distribution":"pareto"})", "uniform, zipfian");
  ExpectError(R"({"operations":{"GetItem":1},"batch_size":0})", "\"batch_size\"");
  ExpectError(R"({"operations":{"GetItem":1},"batch_size":1.5})", "\"batch_size\"");
  ExpectError(R"({"operations":{"GetItem":1},"speed":3})", "unknown workload field \"speed\"");
}

TEST(WorkloadTest, MissingFileIsAnError) {
  auto w = LoadWorkload("/nonexistent/workload.json");
  ASSERT_FALSE(w.ok());
  EXPECT_NE(w.status().message().find("cannot read"), std::string::npos);
}

}  // namespace
}  // namespace stator::bench
