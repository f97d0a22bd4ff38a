#include "api/stream_handlers/function_response.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace stator::api {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;

// Lambda's "complete success" cases: an empty or null list, an empty or null response.
TEST(FunctionResponse, SuccessForEverythingLambdaCountsAsSuccess) {
  for (std::string_view body :
       {"", "  \n", "null", " null\n", "{}", R"({"batchItemFailures":[]})",
        R"({"batchItemFailures":null})", R"({"state":{"a":1}})", R"({"other":"ignored"})"}) {
    StreamHandlerResponse r = ParseFunctionResponse(body);
    EXPECT_FALSE(r.failed) << body << ": " << r.error;
    EXPECT_THAT(r.batch_item_failures, IsEmpty()) << body;
  }
}

TEST(FunctionResponse, ReportsTheFailedItems) {
  StreamHandlerResponse r = ParseFunctionResponse(
      R"({"batchItemFailures":[{"itemIdentifier":"200"},{"itemIdentifier":"100","x":1}]})"
      "\n");
  EXPECT_FALSE(r.failed);
  EXPECT_THAT(r.batch_item_failures, ElementsAre("200", "100"));
}

// A tumbling window's state is kept as JSON text; what is not an object is no state.
TEST(FunctionResponse, KeepsATumblingWindowsState) {
  StreamHandlerResponse r =
      ParseFunctionResponse(R"({"state": {"1": 282, "2": [715, "x"]}, "batchItemFailures": []})");
  EXPECT_FALSE(r.failed);
  EXPECT_EQ(r.state, R"({"1":282,"2":[715,"x"]})");
  for (std::string_view body :
       {"{}", R"({"state":null})", R"({"state":"text"})", R"({"state":[1]})"}) {
    EXPECT_FALSE(ParseFunctionResponse(body).state.has_value()) << body;
  }
}

// Lambda's "complete failure" cases: an empty or null itemIdentifier, or a bad key name.
TEST(FunctionResponse, AMalformedEntryFailsTheWholeBatch) {
  for (std::string_view body : {R"({"batchItemFailures":[{"itemIdentifier":""}]})",
                                R"({"batchItemFailures":[{"itemIdentifier":null}]})",
                                R"({"batchItemFailures":[{"itemIdentifer":"100"}]})",
                                R"({"batchItemFailures":[{"itemIdentifier":100}]})",
                                R"({"batchItemFailures":[{"itemIdentifier":"1"},"2"]})",
                                R"({"batchItemFailures":{"itemIdentifier":"1"}})"}) {
    StreamHandlerResponse r = ParseFunctionResponse(body);
    EXPECT_TRUE(r.failed) << body;
    EXPECT_THAT(r.error, StartsWith(kInvalidResponsePrefix)) << body;
    EXPECT_THAT(r.batch_item_failures, IsEmpty()) << body;
  }
}

TEST(FunctionResponse, AResponseThatIsNotAJsonObjectFails) {
  EXPECT_THAT(ParseFunctionResponse("ok").error, HasSubstr("not JSON"));
  EXPECT_THAT(ParseFunctionResponse(R"({"batchItemFailures":[)").error, HasSubstr("not JSON"));
  EXPECT_THAT(ParseFunctionResponse(R"("done")").error, HasSubstr("not a JSON object"));
  EXPECT_THAT(ParseFunctionResponse("[]").error, HasSubstr("not a JSON object"));
  EXPECT_TRUE(ParseFunctionResponse("42").failed);
  EXPECT_TRUE(ParseFunctionResponse("{} {}").failed);
}

}  // namespace
}  // namespace stator::api
