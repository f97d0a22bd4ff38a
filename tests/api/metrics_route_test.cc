// The metrics page's families for figures given by a fake database: throttle events per table,
// GSI, reason and partition, ThrottledRequests per table and operation, and the stream
// consumers' counters.
#include "api/metrics_route.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/api/fake_database.h"

namespace stator::api {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class WithFigures : public testing::FakeDatabase {
 public:
  CapacityStats GetCapacityStats() const override {
    CapacityStats out;
    TableCapacityFigures& table = out.tables.emplace_back();
    table.tenant = "t";
    table.table = "orders";
    table.read_units = 12;
    table.read_throttles.by_limit[static_cast<size_t>(ThrottleLimit::kPartition)] = 2;
    table.partition_count = 4;
    TableCapacityFigures& gsi = out.tables.emplace_back();
    gsi.tenant = "t";
    gsi.table = "orders";
    gsi.index = "byCustomer";
    gsi.write_throttles.by_limit[static_cast<size_t>(ThrottleLimit::kProvisioned)] = 3;
    gsi.write_throttles.by_limit[static_cast<size_t>(ThrottleLimit::kMaxOnDemand)] = 1;
    gsi.partition_count = 1;
    PartitionCapacityFigures& p = out.partitions.emplace_back();
    p.tenant = "t";
    p.table = "orders";
    p.partition = 5;
    p.read_units = 12;
    p.read_throttles.by_limit[static_cast<size_t>(ThrottleLimit::kPartition)] = 2;
    return out;
  }
  OperationStats GetOperationStats() const override {
    OperationStats out;
    TableOperationFigures& t = out.by_table.emplace_back();
    t.tenant = "t";
    t.table = "orders";
    OperationFigures& puts = t.by_operation[static_cast<size_t>(Operation::kPutItem)];
    puts.count = 9;
    puts.errors = 4;
    puts.errors_by_code[static_cast<size_t>(ErrorCode::kProvisionedThroughputExceeded)] = 3;
    return out;
  }
  std::vector<EventSourceMappingStatus> GetEventSourceMappings() const override {
    EventSourceMappingStatus m;
    m.uuid = "u1";
    m.function_name = "audit";
    m.table_name = "orders";
    m.state = "Enabled";
    m.invocations = 12;
    m.failed_invocations = 2;
    m.records_delivered = 340;
    m.iterator_age_ms = 1500;
    return {m};
  }
};

TEST(MetricsRoute, ThrottleEventsPerTableIndexReasonAndPartition) {
  const std::string text = MetricsText(WithFigures());
  EXPECT_THAT(text, HasSubstr("stator_read_throttle_events_total{tenant=\"t\",table=\"orders\","
                              "index=\"\"} 2\n"));
  EXPECT_THAT(text, HasSubstr("stator_write_throttle_events_total{tenant=\"t\",table=\"orders\","
                              "index=\"byCustomer\"} 4\n"));
  EXPECT_THAT(text,
              HasSubstr("stator_throttle_events_by_reason_total{tenant=\"t\",table=\"orders\","
                        "index=\"\",reason=\"TableReadKeyRangeThroughputExceeded\"} 2\n"));
  EXPECT_THAT(text,
              HasSubstr("stator_throttle_events_by_reason_total{tenant=\"t\",table=\"orders\","
                        "index=\"byCustomer\",reason=\"IndexWriteMaxOnDemandThroughputExceeded\"} "
                        "1\n"));
  // Reasons without events are left out.
  EXPECT_THAT(text, Not(HasSubstr("IndexReadProvisionedThroughputExceeded")));
  EXPECT_THAT(text, HasSubstr("stator_partitions{tenant=\"t\",table=\"orders\",index=\"\"} 4\n"));
  EXPECT_THAT(text, HasSubstr("stator_partition_consumed_read_capacity_units_total{tenant=\"t\","
                              "table=\"orders\",index=\"\",partition=\"5\"} 12\n"));
  EXPECT_THAT(text, HasSubstr("stator_partition_read_throttle_events_total{tenant=\"t\","
                              "table=\"orders\",index=\"\",partition=\"5\"} 2\n"));
}

TEST(MetricsRoute, ThrottledRequestsPerTableAndOperation) {
  const std::string text = MetricsText(WithFigures());
  EXPECT_THAT(text, HasSubstr("# TYPE stator_throttled_requests_total counter\n"));
  EXPECT_THAT(text, HasSubstr("stator_throttled_requests_total{tenant=\"t\",table=\"orders\","
                              "operation=\"PutItem\"} 3\n"));
}

TEST(MetricsRoute, StreamConsumersPerMapping) {
  const std::string text = MetricsText(WithFigures());
  const std::string labels = "{mapping=\"u1\",function=\"audit\",table=\"orders\"}";
  EXPECT_THAT(text, HasSubstr("stator_event_source_invocations_total" + labels + " 12\n"));
  EXPECT_THAT(text, HasSubstr("stator_event_source_failed_invocations_total" + labels + " 2\n"));
  EXPECT_THAT(text, HasSubstr("stator_event_source_records_delivered_total" + labels + " 340\n"));
  EXPECT_THAT(text, HasSubstr("# TYPE stator_event_source_iterator_age_seconds gauge\n"));
  EXPECT_THAT(text, HasSubstr("stator_event_source_iterator_age_seconds" + labels + " 1.5\n"));
  EXPECT_THAT(text, HasSubstr("stator_event_source_enabled" + labels + " 1\n"));
}

}  // namespace
}  // namespace stator::api
