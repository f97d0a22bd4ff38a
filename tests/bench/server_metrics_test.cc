#include "bench/harness/server_metrics.h"

#include <gtest/gtest.h>

namespace stator::bench {
namespace {

constexpr char kTenant[] = "bench_us-east-1";

std::vector<MetricSample> Parse(std::string_view text) {
  auto samples = ParsePrometheusText(text);
  EXPECT_TRUE(samples.ok()) << samples.status().message();
  return samples.ok() ? *samples : std::vector<MetricSample>{};
}

// What stator's /metrics answers (api/metrics_route.cc), for two tables and two tenants.
constexpr char kMetrics[] = R"(# TYPE stator_requests_total counter
stator_requests_total{operation="GetItem"} 100
stator_requests_total{operation="PutItem"} 0
stator_requests_total{operation="UpdateItem"} 40
# TYPE stator_cache_hits_total counter
stator_cache_hits_total{operation="GetItem"} 30
stator_cache_hits_total{operation="UpdateItem"} 0
stator_consumed_read_capacity_units_total{tenant="bench_us-east-1",table="t",index=""} 50
stator_consumed_read_capacity_units_total{tenant="bench_us-east-1",table="t",index="g"} 5
stator_consumed_read_capacity_units_total{tenant="bench_us-east-1",table="other",index=""} 999
stator_consumed_read_capacity_units_total{tenant="someone_eu-west-1",table="t",index=""} 777
stator_consumed_write_capacity_units_total{tenant="bench_us-east-1",table="t",index=""} 20
stator_consumed_write_capacity_units_total{tenant="bench_us-east-1",table="t",index="g"} 2
stator_read_throttle_events_total{tenant="bench_us-east-1",table="t"} 7
stator_read_throttle_events_total{tenant="someone_eu-west-1",table="t"} 70
stator_write_throttle_events_total{tenant="bench_us-east-1",table="t"} 3
stator_write_throttle_events_total{tenant="bench_us-east-1",table="other"} 300
)";

TEST(ServerMetricsTest, ExtractsTheRunsTableAndTenant) {
  const ServerMetrics m = ExtractServerMetrics(Parse(kMetrics), "t", kTenant);
  EXPECT_DOUBLE_EQ(m.read_units, 55);  // the table and its index
  EXPECT_DOUBLE_EQ(m.write_units, 22);
  EXPECT_DOUBLE_EQ(m.read_throttles, 7);
  EXPECT_DOUBLE_EQ(m.write_throttles, 3);
  EXPECT_DOUBLE_EQ(m.requests.at("GetItem"), 100);
  EXPECT_DOUBLE_EQ(m.requests.at("UpdateItem"), 40);
  EXPECT_DOUBLE_EQ(m.cache_hits.at("GetItem"), 30);
}

TEST(ServerMetricsTest, SumsEveryTenantWhenNoneIsTheRuns) {
  const ServerMetrics m = ExtractServerMetrics(Parse(kMetrics), "t", "unknown_tenant");
  EXPECT_DOUBLE_EQ(m.read_units, 55 + 777);
  EXPECT_DOUBLE_EQ(m.read_throttles, 77);
}

TEST(ServerMetricsTest, AnAbsentTableHasNoCapacity) {
  const ServerMetrics m = ExtractServerMetrics(Parse(kMetrics), "absent", kTenant);
  EXPECT_EQ(m.read_units, 0);
  EXPECT_EQ(m.write_units, 0);
  EXPECT_EQ(m.read_throttles, 0);
  EXPECT_DOUBLE_EQ(m.requests.at("GetItem"), 100);  // server-wide all the same
}

TEST(ServerMetricsTest, DifferenceIsAfterMinusBefore) {
  ServerMetrics before;
  before.read_units = 10;
  before.write_units = 4;
  before.read_throttles = 1;
  before.requests = {{"GetItem", 100}, {"PutItem", 5}};
  before.cache_hits = {{"GetItem", 30}};
  ServerMetrics after;
  after.read_units = 25.5;
  after.write_units = 4;
  after.read_throttles = 9;
  after.write_throttles = 2;
  after.requests = {{"GetItem", 160}, {"PutItem", 5}, {"Query", 3}};
  after.cache_hits = {{"GetItem", 50}};
  const ServerMetrics d = Difference(after, before);
  EXPECT_DOUBLE_EQ(d.read_units, 15.5);
  EXPECT_DOUBLE_EQ(d.write_units, 0);
  EXPECT_DOUBLE_EQ(d.read_throttles, 8);
  EXPECT_DOUBLE_EQ(d.write_throttles, 2);
  EXPECT_DOUBLE_EQ(d.requests.at("GetItem"), 60);
  EXPECT_DOUBLE_EQ(d.requests.at("Query"), 3);  // first seen after the start
  EXPECT_EQ(d.requests.count("PutItem"), 0u);   // unchanged: left out
  EXPECT_DOUBLE_EQ(d.cache_hits.at("GetItem"), 20);
}

TEST(ServerMetricsTest, ACounterThatWentDownCountsFromZero) {
  // The server restarted during the run: its counters began again at 0.
  ServerMetrics before;
  before.write_units = 500;
  before.requests = {{"PutItem", 1000}};
  ServerMetrics after;
  after.write_units = 12;
  after.requests = {{"PutItem", 40}};
  const ServerMetrics d = Difference(after, before);
  EXPECT_DOUBLE_EQ(d.write_units, 12);
  EXPECT_DOUBLE_EQ(d.requests.at("PutItem"), 40);
}

TEST(ServerMetricsTest, DifferenceOfRealTextsBeforeAndAfter) {
  const auto before = ExtractServerMetrics(Parse(kMetrics), "t", kTenant);
  std::string later = kMetrics;
  auto replace = [&later](std::string_view from, std::string_view to) {
    later.replace(later.find(from), from.size(), to);
  };
  replace(R"(table="t",index=""} 50)", R"(table="t",index=""} 80)");
  replace(R"({operation="GetItem"} 100)", R"({operation="GetItem"} 131)");
  const auto after = ExtractServerMetrics(Parse(later), "t", kTenant);
  const ServerMetrics d = Difference(after, before);
  EXPECT_DOUBLE_EQ(d.read_units, 30);
  EXPECT_DOUBLE_EQ(d.requests.at("GetItem"), 31);
  EXPECT_EQ(d.requests.size(), 1u);
  EXPECT_EQ(d.read_throttles, 0);
}

}  // namespace
}  // namespace stator::bench
