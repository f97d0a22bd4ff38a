#include "api/http_handler.h"

#include <gtest/gtest.h>

#include "api/compression.h"
#include "api/crc32.h"
#include "tests/api/fake_database.h"

namespace stator::api {
namespace {

namespace http = boost::beast::http;

constexpr std::string_view kAuth =
    "AWS4-HMAC-SHA256 Credential=AKID/20250101/us-east-1/dynamodb/aws4_request, "
    "SignedHeaders=host;x-amz-date;x-amz-target, Signature=abc";

HttpRequest Post(std::string_view target, std::string body, bool auth = true) {
  HttpRequest req{http::verb::post, "/", 11};
  req.set(http::field::content_type, "application/x-amz-json-1.0");
  if (!target.empty()) req.set("X-Amz-Target", target);
  if (auth) {
    req.set(http::field::authorization, kAuth);
    req.set("X-Amz-Date", "20250101T000000Z");
  }
  req.body() = std::move(body);
  req.prepare_payload();
  return req;
}

class HttpHandlerTest : public ::testing::Test {
 protected:
  HttpResponse Handle(const HttpRequest& req, HttpHandlerOptions options = {}) {
    return HttpHandler(dispatcher_, std::move(options)).Handle(req);
  }

  testing::FakeDatabase db_;
  Dispatcher dispatcher_{db_};
};

void ExpectServiceHeaders(const HttpResponse& res) {
  EXPECT_EQ(res[http::field::server], "Server");
  EXPECT_EQ(res["x-amzn-RequestId"].size(), 52u);
  EXPECT_EQ(res["x-amz-crc32"], std::to_string(Crc32(res.body())));
  EXPECT_EQ(res[http::field::content_length], std::to_string(res.body().size()));
  EXPECT_FALSE(res[http::field::date].empty());
}

TEST_F(HttpHandlerTest, MissingTargetIsUnknownOperation) {
  const HttpResponse res = Handle(Post("", "{}"));
  EXPECT_EQ(res.result_int(), 400);
  EXPECT_EQ(res.body(), R"({"__type":"com.amazon.coral.service#UnknownOperationException"})");
  EXPECT_EQ(res[http::field::content_type], "application/x-amz-json-1.0");
  ExpectServiceHeaders(res);
}

TEST_F(HttpHandlerTest, OtherApiPrefixIsUnknownOperation) {
  for (std::string_view t : {"DynamoDB_20111205.ListTables", "ListTables", "Foo.Bar.Baz"}) {
    const HttpResponse res = Handle(Post(t, "{}"));
    EXPECT_EQ(res.result_int(), 400) << t;
    EXPECT_NE(res.body().find("UnknownOperationException"), std::string::npos) << t;
  }
}

TEST_F(HttpHandlerTest, MissingAuthorizationIsMissingAuthenticationToken) {
  const HttpResponse res = Handle(Post("DynamoDB_20120810.ListTables", "{}", false));
  EXPECT_EQ(res.result_int(), 400);
  EXPECT_EQ(res.body(),
            R"({"__type":"com.amazon.coral.service#MissingAuthenticationTokenException",)"
            R"("message":"Request is missing Authentication Token"})");
  ExpectServiceHeaders(res);
}

TEST_F(HttpHandlerTest, MalformedAuthorizationIsIncompleteSignature) {
  HttpRequest req = Post("DynamoDB_20120810.ListTables", "{}");
  req.set(http::field::authorization, "AWS4-HMAC-SHA256 Credential=a/b/c/d/e");
  const HttpResponse res = Handle(req);
  EXPECT_EQ(res.result_int(), 400);
  EXPECT_NE(res.body().find("IncompleteSignatureException"), std::string::npos);
  EXPECT_NE(res.body().find("requires 'Signature' parameter"), std::string::npos);
}

TEST_F(HttpHandlerTest, WellFormedRequestReachesTheDispatcher) {
  const HttpResponse res = Handle(Post("DynamoDB_20120810.ListTables", "{}"));
  RequestContext ctx;
  ctx.call.tenant = "AKID_us-east-1";
  ctx.call.region = "us-east-1";
  const ApiResponse direct = dispatcher_.Handle(ctx, "ListTables", "{}");
  EXPECT_EQ(res.result_int(), direct.http_status);
  EXPECT_EQ(res.body(), direct.body);
  ExpectServiceHeaders(res);
}

// Field names are case-insensitive (SDKs send "x-amz-target"), and of a repeated field the first
// counts, as Beast's look-up by name returns it.
TEST_F(HttpHandlerTest, HeaderNamesAreCaseInsensitiveAndTheFirstOfARepeatCounts) {
  HttpRequest req{http::verb::post, "/", 11};
  req.insert("content-type", "application/x-amz-json-1.0");
  req.insert("x-amz-target", "DynamoDB_20120810.ListTables");
  req.insert("X-AMZ-TARGET", "DynamoDB_20120810.Nope");
  req.insert("authorization", kAuth);
  req.insert("x-amz-date", "20250101T000000Z");
  req.body() = "{}";
  req.prepare_payload();
  const HttpResponse res = Handle(req);
  RequestContext ctx;
  ctx.call.tenant = "AKID_us-east-1";
  ctx.call.region = "us-east-1";
  EXPECT_EQ(res.result_int(), 200) << res.body();
  EXPECT_EQ(res.body(), dispatcher_.Handle(ctx, "ListTables", "{}").body);
}

TEST_F(HttpHandlerTest, RequestIdsDiffer) {
  const HttpRequest req = Post("DynamoDB_20120810.ListTables", "{}");
  EXPECT_NE(Handle(req)["x-amzn-RequestId"], Handle(req)["x-amzn-RequestId"]);
}

TEST_F(HttpHandlerTest, HealthCheck) {
  HttpRequest req{http::verb::get, "/", 11};
  const HttpResponse res = Handle(req);
  EXPECT_EQ(res.result_int(), 200);
  EXPECT_EQ(res.body(), "healthy: dynamodb.us-east-1.amazonaws.com ");
  EXPECT_EQ(res["x-amz-crc32"], "3128867991");
  ExpectServiceHeaders(res);

  HttpRequest other{http::verb::get, "/health", 11};
  EXPECT_EQ(Handle(other).result_int(), 404);
}

// While the store cannot write, the health check answers 503 and says why; once it can, 200
// again. Reads are not its business: they keep working either way.
TEST_F(HttpHandlerTest, HealthCheckSaysWhenTheServerCannotWrite) {
  HttpRequest req{http::verb::get, "/", 11};
  db_.SetStorageCondition({false, "the disk is full"});
  HttpResponse res = Handle(req);
  EXPECT_EQ(res.result_int(), 503);
  EXPECT_EQ(res.body(),
            "unhealthy: dynamodb.us-east-1.amazonaws.com cannot write: the disk is full");
  ExpectServiceHeaders(res);

  db_.SetStorageCondition({});
  res = Handle(req);
  EXPECT_EQ(res.result_int(), 200);
  EXPECT_EQ(res.body(), "healthy: dynamodb.us-east-1.amazonaws.com ");
}

// The virtual clock's routes exist only when the server runs on one; otherwise a GET there, and
// a POST whose body is not the API's JSON, answer the service's unknown page, as anywhere else.
TEST_F(HttpHandlerTest, TheClockRoutesAnswerOnlyWithAVirtualClock) {
  HttpRequest get{http::verb::get, "/stator/clock", 11};
  HttpRequest post{http::verb::post, "/stator/clock", 11};
  post.body() = R"({"advanceSeconds": 60})";
  post.prepare_payload();
  EXPECT_EQ(Handle(get).result_int(), 404);
  HttpResponse res = Handle(post);
  EXPECT_EQ(res.result_int(), 404);
  EXPECT_EQ(res.body(), "<UnknownOperationException/>\n");

  HttpHandlerOptions options;
  options.virtual_clock = std::make_shared<MovableClock>();
  EXPECT_EQ(Handle(get, options).result_int(), 200);
  res = Handle(post, options);
  EXPECT_EQ(res.result_int(), 200) << res.body();
  ExpectServiceHeaders(res);
  EXPECT_EQ(options.virtual_clock->offset_micros(), 60'000'000);
}

TEST_F(HttpHandlerTest, WrongContentTypeOrMethodIsTheServicePage) {
  HttpRequest req = Post("DynamoDB_20120810.ListTables", "{}");
  req.set(http::field::content_type, "text/plain");
  HttpResponse res = Handle(req);
  EXPECT_EQ(res.result_int(), 404);
  EXPECT_EQ(res.body(), "<UnknownOperationException/>\n");
  EXPECT_EQ(res["x-amz-crc32"], "3552371480");

  HttpRequest put{http::verb::put, "/", 11};
  EXPECT_EQ(Handle(put).result_int(), 404);
}

TEST_F(HttpHandlerTest, AcceptsJson11AndApplicationJson) {
  for (std::string_view ct : {"application/x-amz-json-1.1", "application/json; charset=utf-8"}) {
    HttpRequest req = Post("DynamoDB_20120810.ListTables", "{}");
    req.set(http::field::content_type, ct);
    const HttpResponse res = Handle(req);
    EXPECT_NE(res.result_int(), 404) << ct;
  }
}

TEST_F(HttpHandlerTest, GzipRequestBodyIsDecoded) {
  const HttpResponse plain = Handle(Post("DynamoDB_20120810.ListTables", "{}"));
  HttpRequest req = Post("DynamoDB_20120810.ListTables", Compress(ContentCoding::kGzip, "{}"));
  req.set(http::field::content_encoding, "gzip");
  const HttpResponse res = Handle(req);
  EXPECT_EQ(res.result_int(), plain.result_int());
  EXPECT_EQ(res.body(), plain.body());
}

TEST_F(HttpHandlerTest, CorruptOrUnknownContentEncodingIsTheClientsError) {
  HttpRequest req = Post("DynamoDB_20120810.ListTables", "{}");
  req.set(http::field::content_encoding, "gzip");
  EXPECT_EQ(Handle(req).result_int(), 400);
  req.set(http::field::content_encoding, "garbage");
  const HttpResponse res = Handle(req);
  EXPECT_EQ(res.result_int(), 400);
  EXPECT_NE(res.body().find("SerializationException"), std::string::npos);
}

TEST_F(HttpHandlerTest, DecompressionBombIsRefused) {
  HttpRequest req = Post("DynamoDB_20120810.ListTables",
                         Compress(ContentCoding::kGzip, std::string(20 << 20, ' ')));
  req.set(http::field::content_encoding, "gzip");
  const HttpResponse res = Handle(req);
  EXPECT_EQ(res.result_int(), 413);
}

TEST_F(HttpHandlerTest, ResponseIsCompressedAndCrcCoversTheWireBytes) {
  HttpHandlerOptions options;
  options.compression_threshold = 1;  // the fake's answers are small
  HttpRequest req = Post("DynamoDB_20120810.ListTables", "{}");
  const HttpResponse plain = Handle(req, options);
  req.set(http::field::accept_encoding, "gzip, deflate");
  const HttpResponse res = Handle(req, options);
  EXPECT_EQ(res[http::field::content_encoding], "gzip");
  EXPECT_EQ(res["x-amz-crc32"], std::to_string(Crc32(res.body())));
  std::string decoded;
  ASSERT_EQ(Decompress(ContentCoding::kGzip, res.body(), 1 << 20, &decoded),
            DecompressResult::kOk);
  EXPECT_EQ(decoded, plain.body());
}

TEST_F(HttpHandlerTest, SmallResponsesAreNotCompressed) {
  HttpRequest req = Post("DynamoDB_20120810.ListTables", "{}");
  req.set(http::field::accept_encoding, "gzip");
  const HttpResponse res = Handle(req);
  EXPECT_EQ(res.find(http::field::content_encoding), res.end());
}

TEST_F(HttpHandlerTest, CorsPreflightEchoesTheRequest) {
  HttpRequest req{http::verb::options, "/", 11};
  req.set(http::field::origin, "http://example.com");
  req.set(http::field::access_control_request_method, "POST");
  req.set(http::field::access_control_request_headers, "x-amz-target, content-type");
  HttpHandlerOptions any;
  any.cors_origins = {"*"};
  const HttpResponse res = Handle(req, any);
  EXPECT_EQ(res.result_int(), 200);
  EXPECT_EQ(res[http::field::access_control_allow_origin], "*");
  EXPECT_EQ(res[http::field::access_control_allow_methods], "POST");
  EXPECT_EQ(res[http::field::access_control_allow_headers], "x-amz-target, content-type");
  EXPECT_EQ(res[http::field::access_control_max_age], "172800");
  EXPECT_NE(res[http::field::access_control_expose_headers].find("x-amzn-RequestId"),
            std::string::npos);
}

TEST_F(HttpHandlerTest, CorsHeadersOnlyWithAnAllowedOrigin) {
  HttpRequest req = Post("DynamoDB_20120810.ListTables", "{}");
  HttpResponse res = Handle(req);
  EXPECT_EQ(res.find(http::field::access_control_allow_origin), res.end());

  req.set(http::field::origin, "http://a.example");
  res = Handle(req);  // by default no other origin is allowed
  EXPECT_EQ(res.find(http::field::access_control_allow_origin), res.end());
  HttpHandlerOptions any;
  any.cors_origins = {"*"};
  res = Handle(req, any);
  EXPECT_EQ(res[http::field::access_control_allow_origin], "*");
  EXPECT_EQ(res.find(http::field::access_control_max_age), res.end());

  HttpHandlerOptions list;
  list.cors_origins = {"http://a.example", "http://b.example"};
  EXPECT_EQ(Handle(req, list)[http::field::access_control_allow_origin], "http://a.example");
  req.set(http::field::origin, "http://evil.example");
  res = Handle(req, list);
  EXPECT_EQ(res.find(http::field::access_control_allow_origin), res.end());
}

TEST_F(HttpHandlerTest, KeepAliveFollowsTheRequest) {
  HttpRequest req = Post("DynamoDB_20120810.ListTables", "{}");
  EXPECT_TRUE(Handle(req).keep_alive());
  req.keep_alive(false);
  EXPECT_FALSE(Handle(req).keep_alive());
}

TEST_F(HttpHandlerTest, PayloadTooLargeClosesTheConnection) {
  const HttpResponse res = HttpHandler::PayloadTooLarge(11);
  EXPECT_EQ(res.result_int(), 413);
  EXPECT_EQ(res.reason(), "Request Entity Too Large");
  EXPECT_FALSE(res.keep_alive());
  EXPECT_EQ(res["x-amzn-RequestId"].size(), 52u);
}

}  // namespace
}  // namespace stator::api
