// The GET /stator/event-source-mappings listing, encoded and served through HttpHandler.
#include "api/stream_handlers/mapping_status.h"

#include <gtest/gtest.h>

#include "api/crc32.h"
#include "api/http_handler.h"
#include "tests/api/fake_database.h"

namespace stator::api {
namespace {

namespace http = boost::beast::http;

EventSourceMappingStatus Running() {
  EventSourceMappingStatus s;
  s.uuid = "14e0db71-5d35-4eb5-b481-8945cf9d10c2";
  s.function_name = "orders";
  s.event_source_arn = "arn:aws:dynamodb:us-east-1:000000000000:table/orders/stream/label";
  s.table_name = "orders";
  s.state = "Enabled";
  s.last_processing_result = "OK";
  s.batch_size = 100;
  s.invocations = 12;
  s.records_delivered = 340;
  s.records_filtered = 7;
  s.failed_invocations = 2;
  s.batches_sent_to_failure_destination = 1;
  s.iterator_age_ms = 35;
  return s;
}

TEST(MappingStatus, EncodesLambdasNamesThenStators) {
  EventSourceMappingStatus waiting;
  waiting.uuid = "u2";
  waiting.function_name = "audit";
  waiting.state = "Disabled";
  waiting.last_processing_result = "No records processed";
  waiting.batch_size = 10;
  EXPECT_EQ(EncodeEventSourceMappings({Running(), waiting}),
            R"([{"UUID":"14e0db71-5d35-4eb5-b481-8945cf9d10c2","FunctionName":"orders",)"
            R"("EventSourceArn":"arn:aws:dynamodb:us-east-1:000000000000:table/orders/stream/)"
            R"(label","State":"Enabled","LastProcessingResult":"OK","BatchSize":100,)"
            R"("TableName":"orders","Invocations":12,"FailedInvocations":2,)"
            R"("RecordsDelivered":340,"RecordsFiltered":7,"BatchesSentToFailureDestination":1,)"
            R"("IteratorAgeMilliseconds":35},)"
            R"({"UUID":"u2","FunctionName":"audit","EventSourceArn":null,"State":"Disabled",)"
            R"("LastProcessingResult":"No records processed","BatchSize":10,"TableName":null,)"
            R"("Invocations":0,"FailedInvocations":0,"RecordsDelivered":0,"RecordsFiltered":0,)"
            R"("BatchesSentToFailureDestination":0,"IteratorAgeMilliseconds":0}])");
  EXPECT_EQ(EncodeEventSourceMappings({}), "[]");
}

class WithMappings : public testing::FakeDatabase {
 public:
  std::vector<EventSourceMappingStatus> GetEventSourceMappings() const override {
    return {Running()};
  }
};

TEST(MappingStatus, ServedOutsideTheApi) {
  WithMappings db;
  Dispatcher dispatcher(db);
  HttpHandler handler(dispatcher, HttpHandlerOptions{});
  HttpRequest req{http::verb::get, std::string(kEventSourceMappingsPath), 11};
  HttpResponse res = handler.Handle(req);
  EXPECT_EQ(res.result(), http::status::ok);
  EXPECT_EQ(res[http::field::content_type], "application/json");
  EXPECT_EQ(res.body(), EncodeEventSourceMappings({Running()}));
  EXPECT_EQ(res["x-amz-crc32"], std::to_string(Crc32(res.body())));
  EXPECT_FALSE(res["x-amzn-RequestId"].empty());

  // Only GET, and only the exact path.
  EXPECT_EQ(handler.Handle(HttpRequest{http::verb::put, std::string(kEventSourceMappingsPath), 11})
                .result(),
            http::status::not_found);
  EXPECT_EQ(
      handler.Handle(HttpRequest{http::verb::get, "/stator/event-source-mappings/x", 11}).result(),
      http::status::not_found);
}

}  // namespace
}  // namespace stator::api
