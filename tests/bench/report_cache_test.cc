// The report's cache section: hits and misses timed apart, the hit ratio, in text, JSON and
// --compare; and nothing of it when the server never said which reads its cache answered.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "bench/harness/report.h"
#include "tests/bench/compare_columns.h"

namespace stator::bench {
namespace {

constexpr uint64_t kHitNanos = 100'000;    // 100 us
constexpr uint64_t kMissNanos = 2'000'000;  // 2 ms

using testing::Columns;

// A report of one second whose GetItems came from `recorder`.
Report ReportOf(Recorder& recorder) {
  Report r;
  r.target = "http://127.0.0.1:1";
  r.workload = "c";
  r.distribution = "zipfian";
  r.seconds = 1;
  r.ops = recorder.Totals();
  return r;
}

// Three hits and one miss of GetItem; one PutItem, which no cache saw.
void RecordMix(Recorder* recorder) {
  for (int i = 0; i < 3; ++i) {
    recorder->Record(Operation::kGetItem, kHitNanos, "", -1, CacheOutcome::kHit);
  }
  recorder->Record(Operation::kGetItem, kMissNanos, "", -1, CacheOutcome::kMiss);
  recorder->Record(Operation::kPutItem, kMissNanos, "", -1);
}

TEST(RecorderCacheTest, HitsAndMissesAreTimedApart) {
  Recorder recorder;
  RecordMix(&recorder);
  const OpStats get = recorder.Totals()[static_cast<int>(Operation::kGetItem)];
  EXPECT_EQ(get.latency.count(), 4u);
  EXPECT_EQ(get.hits.count(), 3u);
  EXPECT_EQ(get.misses.count(), 1u);
  EXPECT_DOUBLE_EQ(get.HitRatio(), 0.75);
  // Within the histogram's 0.8 % of the recorded values.
  EXPECT_NEAR(static_cast<double>(get.hits.Percentile(0.99)), kHitNanos, kHitNanos * 0.01);
  EXPECT_NEAR(static_cast<double>(get.misses.Percentile(0.5)), kMissNanos, kMissNanos * 0.01);
  const OpStats put = recorder.Totals()[static_cast<int>(Operation::kPutItem)];
  EXPECT_FALSE(put.HasCacheOutcomes());
  EXPECT_DOUBLE_EQ(put.HitRatio(), 0);
}

TEST(RecorderCacheTest, MergingKeepsTheSplit) {
  Recorder a, b;
  RecordMix(&a);
  b.Record(Operation::kGetItem, kMissNanos, "", -1, CacheOutcome::kMiss);
  OpStats merged = a.Totals()[static_cast<int>(Operation::kGetItem)];
  merged.Merge(b.Totals()[static_cast<int>(Operation::kGetItem)]);
  EXPECT_EQ(merged.hits.count(), 3u);
  EXPECT_EQ(merged.misses.count(), 2u);
  EXPECT_DOUBLE_EQ(merged.HitRatio(), 0.6);
}

TEST(ReportCacheTest, TextAndJsonCarryTheRatioAndBothLatencies) {
  Recorder recorder;
  RecordMix(&recorder);
  const Report r = ReportOf(recorder);
  std::ostringstream text;
  PrintText(r, text);
  EXPECT_NE(text.str().find("cache (x-stator-cache)"), std::string::npos) << text.str();
  // GetItem's row: ratio, 3 hits at 100 us, 1 miss at 2 ms; PutItem has none.
  EXPECT_NE(text.str().find("0.7500          3     100."), std::string::npos) << text.str();
  EXPECT_NE(text.str().find("          1    20"), std::string::npos) << text.str();
  const std::string json = ToJson(r);
  EXPECT_NE(json.find(R"("GetItem":{"count":4)"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("cache":{"hits":3,"misses":1,"hit_ratio":0.7500,)"
                      R"("hit_latency_us":{"p50":100.0,)"),
            std::string::npos)
      << json;
  EXPECT_NE(json.find(R"("miss_latency_us":{"p50":20)"), std::string::npos) << json;
  // The PutItem object closes without one.
  const size_t put = json.find(R"("PutItem":)");
  ASSERT_NE(put, std::string::npos);
  EXPECT_EQ(json.find("\"cache\"", put), std::string::npos) << json;
}

TEST(ReportCacheTest, NoSectionWhenTheServerNeverSaid) {
  Recorder recorder;
  recorder.Record(Operation::kGetItem, kHitNanos, "", -1);
  const Report r = ReportOf(recorder);
  std::ostringstream text;
  PrintText(r, text);
  EXPECT_EQ(text.str().find("cache ("), std::string::npos) << text.str();
  EXPECT_EQ(ToJson(r).find("\"cache\""), std::string::npos);
}

TEST(ReportCacheTest, CompareShowsTheCacheRowsOfEitherReport) {
  Recorder with, without;
  RecordMix(&with);
  without.Record(Operation::kGetItem, kHitNanos, "", -1);
  const std::string a = ::testing::TempDir() + "/report_cache_a.json";
  const std::string b = ::testing::TempDir() + "/report_cache_b.json";
  std::ofstream(a) << ToJson(ReportOf(without));
  std::ofstream(b) << ToJson(ReportOf(with));
  std::ostringstream out;
  ASSERT_TRUE(Compare(a, b, out).ok());
  std::remove(a.c_str());
  std::remove(b.c_str());
  const std::string text = out.str();
  // A has no cache figures: "-" in its column, and no ratio.
  EXPECT_EQ(Columns(text, "cache hits (%)"), "- 75.0 -") << text;
  EXPECT_EQ(Columns(text, "hit p50 (us)"), "- 100.0 -") << text;
  EXPECT_EQ(Columns(text, "miss p99 (us)"), "- 2000.0 -") << text;
}

}  // namespace
}  // namespace stator::bench
