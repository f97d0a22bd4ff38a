#include "bench/harness/request_body.h"

#include <gtest/gtest.h>

namespace stator::bench {
namespace {

TEST(ResponseParsingTest, ErrorTypeAfterTheHash) {
  EXPECT_EQ(ErrorType(R"({"__type":"com.amazonaws.dynamodb.v20120810#ThrottlingException",)"
                      R"("message":"x"})"),
            "ThrottlingException");
  EXPECT_EQ(ErrorType(R"({"__type":"ValidationException"})"), "ValidationException");
  EXPECT_EQ(ErrorType("<html>"), "UnknownError");
}

TEST(ResponseParsingTest, VersionAndCapacity) {
  EXPECT_EQ(FindVersion(R"({"Item":{"version":{"N":"17"},"pk":{"S":"a"}}})"), "17");
  EXPECT_EQ(FindVersion(R"({})"), "");
  EXPECT_DOUBLE_EQ(CapacityUnits(R"({"ConsumedCapacity":{"TableName":"t","CapacityUnits":0.5}})"),
                   0.5);
  EXPECT_DOUBLE_EQ(CapacityUnits(R"({"Item":{}})"), -1);
}

TEST(RequestBodiesTest, KeysFollowTheDocumentedLayout) {
  RunConfig config;
  config.table = "t";
  config.item_size = 8;
  Workload e = YcsbWorkload("e").value();
  RequestBodies bodies(config, e);
  NextOp op;
  op.op = Operation::kGetItem;
  op.key = 1234;
  std::string body;
  bodies.Build(op, &body);
  EXPECT_EQ(body, R"({"TableName":"t","Key":{"pk":{"S":"user12"},"sk":{"N":"34"}}})");
  op.op = Operation::kQuery;
  op.length = 10;
  bodies.Build(op, &body);
  EXPECT_NE(body.find(R"(":lo":{"N":"34"},":hi":{"N":"43"})"), std::string::npos) << body;
}

}  // namespace
}  // namespace stator::bench
