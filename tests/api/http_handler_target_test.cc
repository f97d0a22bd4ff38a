// What each X-Amz-Target and each request outside the API answers, byte for byte, through the HTTP
// handler: the API prefixes, their operations (known, unknown, not implemented yet), targets of
// other APIs, and the paths a non-POST request may take. These pin the answers clients see, so that
// how targets and paths are routed inside may change without changing them.
#include <gtest/gtest.h>

#include "api/http_handler.h"
#include "tests/api/fake_database.h"

namespace stator::api {
namespace {

namespace http = boost::beast::http;

constexpr std::string_view kUnknownOperation =
    R"({"__type":"com.amazon.coral.service#UnknownOperationException"})";
constexpr std::string_view kMissingToken =
    R"({"__type":"com.amazon.coral.service#MissingAuthenticationTokenException",)"
    R"("message":"Request is missing Authentication Token"})";
constexpr std::string_view kServicePage = "<UnknownOperationException/>\n";

std::string NotImplemented(std::string_view operation) {
  return R"({"__type":"com.amazon.coral.service#UnknownOperationException","message":)"
         R"("Stator does not implement the operation )" +
         std::string(operation) + R"( yet"})";
}

HttpRequest Post(std::string_view target, std::string body, bool auth = true) {
  HttpRequest req{http::verb::post, "/", 11};
  req.set(http::field::content_type, "application/x-amz-json-1.0");
  req.set("X-Amz-Target", target);
  if (auth) {
    req.set(http::field::authorization,
            "AWS4-HMAC-SHA256 Credential=AKID/20250101/us-east-1/dynamodb/aws4_request, "
            "SignedHeaders=host;x-amz-date;x-amz-target, Signature=abc");
    req.set("X-Amz-Date", "20250101T000000Z");
  }
  req.body() = std::move(body);
  req.prepare_payload();
  return req;
}

class HttpHandlerTargetTest : public ::testing::Test {
 protected:
  HttpResponse Handle(const HttpRequest& req) { return handler_.Handle(req); }
  HttpResponse Handle(std::string_view target, std::string body = "{}", bool auth = true) {
    return Handle(Post(target, std::move(body), auth));
  }

  testing::FakeDatabase db_;
  Dispatcher dispatcher_{db_};
  HttpHandler handler_{dispatcher_, HttpHandlerOptions{}};
};

TEST_F(HttpHandlerTargetTest, DynamoDbOperationsRun) {
  HttpResponse res = Handle("DynamoDB_20120810.ListTables");
  EXPECT_EQ(res.result_int(), 200);
  EXPECT_EQ(res.body(), R"({"TableNames":[]})");
  EXPECT_EQ(db_.last_call().tenant, "AKID_us-east-1");
}

// Before the Streams API had a registry of its own, its prefix reached every DynamoDB operation.
// Clients may depend on that, so it is kept.
TEST_F(HttpHandlerTargetTest, TheStreamsPrefixReachesDynamoDbOperations) {
  HttpResponse res = Handle("DynamoDBStreams_20120810.ListTables");
  EXPECT_EQ(res.result_int(), 200);
  EXPECT_EQ(res.body(), R"({"TableNames":[]})");

  res = Handle("DynamoDBStreams_20120810.PutItem", R"({"TableName":"tbl","Item":{"k":{"S":"a"}}})");
  EXPECT_EQ(res.result_int(), 400);
  EXPECT_EQ(res.body(), R"({"__type":"com.amazon.coral.validate#ValidationException",)"
                        R"("message":"fake database"})");  // the fake's answer: it was called
}

// The Streams operations run under their own prefix; the DynamoDB API has no such names.
TEST_F(HttpHandlerTargetTest, StreamsOperationsRunOnlyUnderTheirPrefix) {
  HttpResponse res = Handle("DynamoDBStreams_20120810.ListStreams");
  EXPECT_EQ(res.result_int(), 400);
  EXPECT_EQ(res.body(), R"({"__type":"com.amazon.coral.validate#ValidationException",)"
                        R"("message":"fake database"})");  // the fake's answer: it was called
  EXPECT_EQ(db_.last_call().tenant, "AKID_us-east-1");

  const std::pair<std::string_view, std::string_view> kFirstMissing[] = {
      {"DescribeStream", "1 validation error detected: Value null at 'streamArn'"},
      {"GetShardIterator", "3 validation errors detected: Value null at 'streamArn'"},
      {"GetRecords", "1 validation error detected: Value null at 'shardIterator'"}};
  for (const auto& [op, message] : kFirstMissing) {
    res = Handle("DynamoDBStreams_20120810." + std::string(op));
    EXPECT_EQ(res.result_int(), 400) << op;
    EXPECT_EQ(res.body().rfind(R"({"__type":"com.amazon.coral.validate#ValidationException",)"
                               R"("message":")" +
                                   std::string(message),
                               0),
              0u)
        << res.body();
  }

  for (std::string_view op : {"DescribeStream", "GetRecords", "GetShardIterator", "ListStreams"}) {
    const std::string target = "DynamoDB_20120810." + std::string(op);
    res = Handle(target);
    EXPECT_EQ(res.result_int(), 400) << target;
    EXPECT_EQ(res.body(), kUnknownOperation) << target;
  }
}

TEST_F(HttpHandlerTargetTest, NotImplementedDynamoDbOperationsSaySo) {
  for (std::string_view prefix : {"DynamoDB_20120810.", "DynamoDBStreams_20120810."}) {
    // Requests valid as they stand (an empty body): an invalid one gets the ValidationException.
    for (std::string_view op : {"ListImports", "ListExports", "ListGlobalTables"}) {
      const std::string target = std::string(prefix) + std::string(op);
      const HttpResponse res = Handle(target);
      EXPECT_EQ(res.result_int(), 400) << target;
      EXPECT_EQ(res.body(), NotImplemented(op)) << target;
      EXPECT_EQ(res[http::field::content_type], "application/x-amz-json-1.0");
    }
  }
}

TEST_F(HttpHandlerTargetTest, UnknownNamesOfAKnownApiAreCheckedAfterAuthAndBody) {
  for (std::string_view target :
       {"DynamoDB_20120810.NoSuchOperation", "DynamoDBStreams_20120810.NoSuchOperation",
        "DynamoDB_20120810.listtables", "DynamoDB_20120810. ListTables"}) {
    HttpResponse res = Handle(target);
    EXPECT_EQ(res.result_int(), 400) << target;
    EXPECT_EQ(res.body(), kUnknownOperation) << target;
    res = Handle(target, "{}", /*auth=*/false);
    EXPECT_EQ(res.body(), kMissingToken) << target;
    res = Handle(target, "{");
    EXPECT_EQ(res.body(), R"({"__type":"com.amazon.coral.service#SerializationException"})")
        << target;
  }
}

// A target that names no API Stator serves is refused before authentication and the body.
TEST_F(HttpHandlerTargetTest, OtherApisAreUnknownBeforeAuthentication) {
  for (std::string_view target :
       {"", "ListTables", "DynamoDB_20111205.ListTables", "dynamodb_20120810.ListTables",
        "DynamoDB_20120810", "DynamoDB_20120810.", "DynamoDBStreams_20120810.", ".ListTables",
        "DynamoDB_20120810.ListTables.", "DynamoDB_20120810.A.B", "Kinesis_20131202.ListStreams",
        "DynamoDBStreams_20120810X.ListStreams"}) {
    const HttpResponse res = Handle(target, "{", /*auth=*/false);
    EXPECT_EQ(res.result_int(), 400) << target;
    EXPECT_EQ(res.body(), kUnknownOperation) << target;
    EXPECT_EQ(res[http::field::content_type], "application/x-amz-json-1.0") << target;
  }
}

// A POST is an API request whatever its path.
TEST_F(HttpHandlerTargetTest, PostsToAnyPathAreApiRequests) {
  HttpRequest req = Post("DynamoDB_20120810.ListTables", "{}");
  req.target("/health");
  const HttpResponse res = Handle(req);
  EXPECT_EQ(res.result_int(), 200);
  EXPECT_EQ(res.body(), R"({"TableNames":[]})");
}

TEST_F(HttpHandlerTargetTest, OnlyGetSlashIsTheHealthCheck) {
  HttpRequest get{http::verb::get, "/", 11};
  HttpResponse res = Handle(get);
  EXPECT_EQ(res.result_int(), 200);
  EXPECT_EQ(res.body(), "healthy: dynamodb.us-east-1.amazonaws.com ");
  EXPECT_EQ(res.find(http::field::content_type), res.end());

  HttpHandlerOptions options;
  options.health_region = "eu-west-3";
  EXPECT_EQ(HttpHandler(dispatcher_, options).Handle(get).body(),
            "healthy: dynamodb.eu-west-3.amazonaws.com ");

  for (auto [verb, path] : {std::pair{http::verb::get, "/?x=1"},
                            {http::verb::get, "//"},
                            {http::verb::get, ""},
                            {http::verb::get, "/health"},
                            {http::verb::head, "/"},
                            {http::verb::put, "/"},
                            {http::verb::delete_, "/"},
                            {http::verb::options, "/"}}) {
    HttpRequest req{verb, path, 11};
    res = Handle(req);
    EXPECT_EQ(res.result_int(), 404) << req.method_string() << " " << path;
    EXPECT_EQ(res.body(), kServicePage) << req.method_string() << " " << path;
    EXPECT_EQ(res["x-amz-crc32"], "3552371480");
    EXPECT_EQ(res.find(http::field::content_type), res.end());
  }
}

// With an allowed Origin, an OPTIONS on any path is a preflight; other requests outside the API
// answer as without an Origin, plus the CORS headers.
TEST_F(HttpHandlerTargetTest, OriginsTurnOptionsIntoPreflightsOnAnyPath) {
  HttpHandlerOptions any;
  any.cors_origins = {"*"};
  HttpHandler handler(dispatcher_, any);
  auto Handle = [&](const HttpRequest& req) { return handler.Handle(req); };
  HttpRequest preflight{http::verb::options, "/anything", 11};
  preflight.set(http::field::origin, "http://a.example");
  HttpResponse res = Handle(preflight);
  EXPECT_EQ(res.result_int(), 200);
  EXPECT_EQ(res.body(), "");
  EXPECT_EQ(res[http::field::access_control_max_age], "172800");

  HttpRequest get{http::verb::get, "/", 11};
  get.set(http::field::origin, "http://a.example");
  res = Handle(get);
  EXPECT_EQ(res.result_int(), 200);
  EXPECT_EQ(res.body(), "healthy: dynamodb.us-east-1.amazonaws.com ");
  EXPECT_EQ(res[http::field::access_control_allow_origin], "*");

  get.target("/x");
  res = Handle(get);
  EXPECT_EQ(res.result_int(), 404);
  EXPECT_EQ(res[http::field::access_control_allow_origin], "*");
}

}  // namespace
}  // namespace stator::api
