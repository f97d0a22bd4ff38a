// --compare: two reports side by side, with the server's figures when both have them.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "bench/harness/report.h"
#include "tests/bench/compare_columns.h"

namespace stator::bench {
namespace {

// A report as --json writes it, with only what Compare reads; `server` is its server section's
// members (empty: none).
std::string ReportJson(double seconds, double throughput, const std::string& server) {
  std::string out = "{\"seconds\":" + std::to_string(seconds) +
                    ",\"total\":{\"throughput\":" + std::to_string(throughput) +
                    ",\"errors\":0,\"latency_us\":{\"p50\":100}}";
  if (!server.empty()) out += ",\"server\":{" + server + "}";
  return out + "}";
}

using testing::Columns;

class CompareTest : public ::testing::Test {
 protected:
  std::string Write(const std::string& name, const std::string& json) {
    const std::string path = ::testing::TempDir() + "/compare_test_" + name + ".json";
    std::ofstream(path) << json;
    paths_.push_back(path);
    return path;
  }
  void TearDown() override {
    for (const auto& path : paths_) std::remove(path.c_str());
  }
  std::vector<std::string> paths_;
};

constexpr char kServerA[] =
    R"("table":"t","available":true,"consumed_read_units_per_s":100,)"
    R"("consumed_write_units_per_s":50,"read_throttle_events":20,"write_throttle_events":0,)"
    R"("requests":{"GetItem":1000},"cache_hits":{},"clients":{"throttled":20})";
constexpr char kServerB[] =
    R"("table":"t","available":true,"consumed_read_units_per_s":200,)"
    R"("consumed_write_units_per_s":50,"read_throttle_events":10,"write_throttle_events":0,)"
    R"("requests":{"GetItem":4000,"PutItem":400},"cache_hits":{},"clients":{"throttled":10})";

TEST_F(CompareTest, BothServerSectionsAreComparedPerSecond) {
  const std::string a = Write("a", ReportJson(10, 100, kServerA));
  const std::string b = Write("b", ReportJson(20, 200, kServerB));
  std::ostringstream out;
  ASSERT_TRUE(Compare(a, b, out).ok());
  const std::string text = out.str();
  ASSERT_NE(text.find("server\n"), std::string::npos) << text;
  EXPECT_EQ(Columns(text, "consumed read units (/s)"), "100.0 200.0 2.0000");
  // 20 events in 10 s, 10 in 20 s.
  EXPECT_EQ(Columns(text, "read_throttle_events (/s)"), "2.0 0.5 0.2500");
  EXPECT_EQ(Columns(text, "GetItem requests (/s)"), "100.0 200.0 2.0000");
  // An operation only B's server saw.
  EXPECT_EQ(Columns(text, "PutItem requests (/s)"), "- 20.0 -");
}

TEST_F(CompareTest, NoServerRowsUnlessBothReportsHaveThem) {
  const std::string a = Write("a", ReportJson(10, 100, kServerA));
  const std::string b = Write("b", ReportJson(10, 100, ""));
  const std::string c =
      Write("c", ReportJson(10, 100, R"("table":"t","available":false,"unavailable":"404")"));
  for (const auto& other : {b, c}) {
    std::ostringstream out;
    ASSERT_TRUE(Compare(a, other, out).ok());
    EXPECT_EQ(out.str().find("server\n"), std::string::npos) << out.str();
    EXPECT_NE(out.str().find("throughput (ops/s)"), std::string::npos);
  }
}

}  // namespace
}  // namespace stator::bench
