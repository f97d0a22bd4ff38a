// UrlHandler against a small Beast server run by the test on an ephemeral port.
#include "api/stream_handlers/url_handler.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <functional>
#include <mutex>
#include <thread>

#include "api/stream_handlers/function_response.h"
#include "api/stream_handlers/stream_event.h"

namespace stator::api {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using Millis = std::chrono::milliseconds;

using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

// Serves one connection at a time on 127.0.0.1, answering each request with `respond`; keeps
// the last request it read.
class TestServer {
 public:
  using Respond = std::function<Response(const Request&, const std::atomic<bool>& stopping)>;

  explicit TestServer(Respond respond) : respond_(std::move(respond)) {
    acceptor_.open(tcp::v4());
    acceptor_.bind(tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    acceptor_.listen();
    thread_ = std::thread([this] { Serve(); });
  }
  ~TestServer() {
    stopping_ = true;
    beast::error_code ignored;
    // Wakes the accept: a connection that sends nothing.
    tcp::socket poke(ioc_);
    poke.connect(acceptor_.local_endpoint(), ignored);
    poke.close(ignored);
    thread_.join();
  }

  uint16_t port() const { return acceptor_.local_endpoint().port(); }
  std::string url(std::string_view target) const {
    return "http://127.0.0.1:" + std::to_string(port()) + std::string(target);
  }
  Request last_request() {
    std::lock_guard<std::mutex> lock(mu_);
    return last_;
  }

 private:
  void Serve() {
    while (!stopping_) {
      tcp::socket socket(ioc_);
      beast::error_code ec;
      acceptor_.accept(socket, ec);
      if (ec || stopping_) return;
      beast::flat_buffer buffer;
      Request req;
      http::read(socket, buffer, req, ec);
      if (ec) continue;
      {
        std::lock_guard<std::mutex> lock(mu_);
        last_ = req;
      }
      Response res = respond_(req, stopping_);
      res.version(req.version());
      res.keep_alive(false);
      res.prepare_payload();
      http::write(socket, res, ec);
      socket.shutdown(tcp::socket::shutdown_both, ec);
    }
  }

  Respond respond_;
  asio::io_context ioc_;
  tcp::acceptor acceptor_{ioc_};
  std::atomic<bool> stopping_{false};
  std::mutex mu_;
  Request last_;
  std::thread thread_;
};

Response Answer(http::status status, std::string body) {
  Response res{status, 11};
  res.body() = std::move(body);
  return res;
}

StreamHandlerEvent Event() {
  StreamHandlerEvent e;
  e.event_source_arn = "arn:aws:dynamodb:us-east-1:000000000000:table/t/stream/label";
  Record& r = e.records.emplace_back();
  r.event_id = "e1";
  r.aws_region = "us-east-1";
  r.dynamodb.keys = {{"pk", AttributeValue::S("a")}};
  r.dynamodb.sequence_number = "000000000000000000001";
  return e;
}

StreamInvocation Invocation(Millis timeout = Millis(10'000)) {
  StreamInvocation inv;
  inv.request_id = "5f2c0c1e-0000-4000-8000-000000000003";
  inv.function_name = "orders";
  inv.deadline_micros = Clock::System()->NowMicros() + timeout.count() * 1000;
  return inv;
}

std::unique_ptr<UrlHandler> Handler(std::string_view url) {
  Result<std::unique_ptr<UrlHandler>> h = UrlHandler::Create(url);
  EXPECT_TRUE(h.ok()) << h.status().message();
  return h.ok() ? std::move(h).value() : nullptr;
}

TEST(UrlHandler, PostsTheEventAndReadsTheResponse) {
  TestServer server([](const Request&, const std::atomic<bool>&) {
    return Answer(http::status::ok, R"({"batchItemFailures":[{"itemIdentifier":"1"}]})");
  });
  StreamHandlerResponse r = Handler(server.url("/hooks/orders?v=1"))->Invoke(Event(), Invocation());
  ASSERT_FALSE(r.failed) << r.error;
  EXPECT_THAT(r.batch_item_failures, ElementsAre("1"));

  const Request req = server.last_request();
  EXPECT_EQ(req.method(), http::verb::post);
  EXPECT_EQ(req.target(), "/hooks/orders?v=1");
  EXPECT_EQ(req[http::field::content_type], "application/json");
  EXPECT_EQ(req[http::field::host], "127.0.0.1:" + std::to_string(server.port()));
  EXPECT_EQ(req["X-Stator-Function-Name"], "orders");
  EXPECT_EQ(req["X-Stator-Request-Id"], "5f2c0c1e-0000-4000-8000-000000000003");
  EXPECT_EQ(req["X-Stator-Event-Source-Arn"], Event().event_source_arn);
  const int timeout_ms = std::stoi(std::string(req["X-Stator-Timeout-Ms"]));
  EXPECT_GT(timeout_ms, 9000);
  EXPECT_LE(timeout_ms, 10'000);
  EXPECT_EQ(req.body(), EncodeStreamEvent(Event()));
}

TEST(UrlHandler, AnyTwoHundredIsSuccessAndAnEmptyBodyIsANullResponse) {
  TestServer server([](const Request&, const std::atomic<bool>&) {
    return Answer(http::status::no_content, "");
  });
  StreamHandlerResponse r = Handler(server.url("/"))->Invoke(Event(), Invocation());
  EXPECT_FALSE(r.failed) << r.error;
}

TEST(UrlHandler, AnotherStatusFailsWithTheStatusAndTheBody) {
  TestServer server([](const Request&, const std::atomic<bool>&) {
    return Answer(http::status::internal_server_error,
                  "{\"errorType\":\"Error\",\"errorMessage\":\"boom\"}\nsecond line");
  });
  StreamHandlerResponse r = Handler(server.url("/h"))->Invoke(Event(), Invocation());
  EXPECT_TRUE(r.failed);
  EXPECT_EQ(r.error, "POST " + server.url("/h") +
                         R"(: HTTP 500: {"errorType":"Error","errorMessage":"boom"})");
}

TEST(UrlHandler, AnUnparsableBodyFails) {
  TestServer server(
      [](const Request&, const std::atomic<bool>&) { return Answer(http::status::ok, "OK"); });
  StreamHandlerResponse r = Handler(server.url("/"))->Invoke(Event(), Invocation());
  EXPECT_TRUE(r.failed);
  EXPECT_THAT(r.error, HasSubstr(kInvalidResponsePrefix));
}

TEST(UrlHandler, ABodyOverLambdasLimitFails) {
  TestServer server([](const Request&, const std::atomic<bool>&) {
    return Answer(http::status::ok, std::string(kMaxFunctionResponseBytes + 1, ' '));
  });
  StreamHandlerResponse r = Handler(server.url("/"))->Invoke(Event(), Invocation());
  EXPECT_TRUE(r.failed);
  EXPECT_EQ(r.error, kResponseTooLarge);
}

TEST(UrlHandler, ASlowServerTimesOutAtTheDeadline) {
  TestServer server([](const Request&, const std::atomic<bool>& stopping) {
    for (int i = 0; i < 500 && !stopping; ++i) std::this_thread::sleep_for(Millis(10));
    return Answer(http::status::ok, "{}");
  });
  const auto start = std::chrono::steady_clock::now();
  StreamHandlerResponse r = Handler(server.url("/"))->Invoke(Event(), Invocation(Millis(300)));
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_TRUE(r.failed);
  EXPECT_EQ(r.error, "Task timed out after 0.30 seconds");
  EXPECT_GE(took, Millis(250));
  EXPECT_LT(took, Millis(2000));
}

TEST(UrlHandler, NoServerFails) {
  uint16_t port = 0;
  {
    asio::io_context ioc;
    tcp::acceptor a(ioc, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    port = a.local_endpoint().port();
  }  // closed: nothing listens there now
  const std::string url = "http://127.0.0.1:" + std::to_string(port) + "/";
  StreamHandlerResponse r = Handler(url)->Invoke(Event(), Invocation());
  EXPECT_TRUE(r.failed);
  EXPECT_THAT(r.error, HasSubstr("POST " + url + ": "));
  EXPECT_THAT(r.error, HasSubstr("refused"));
}

TEST(HttpUrl, SplitsALocalUrl) {
  Result<HttpUrl> u = ParseHttpUrl("http://127.0.0.1:9001/a/b?c=d");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->host, "127.0.0.1");
  EXPECT_EQ(u->port, "9001");
  EXPECT_EQ(u->target, "/a/b?c=d");

  u = ParseHttpUrl("HTTP://localhost");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->host, "localhost");
  EXPECT_EQ(u->port, "80");
  EXPECT_EQ(u->target, "/");

  u = ParseHttpUrl("http://[::1]:8080?x");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->host, "::1");
  EXPECT_EQ(u->port, "8080");
  EXPECT_EQ(u->target, "/?x");
}

TEST(HttpUrl, RefusesWhatItCannotServe) {
  for (std::string_view url :
       {"https://127.0.0.1/", "ftp://h/", "127.0.0.1:80/", "http://", "http:///path", "http://h:/",
        "http://h:0/", "http://h:65536/", "http://h:8o/", "http://u:p@h/", "http://h/#frag",
        "http://[::1/", "http://[::1]x/"}) {
    Result<HttpUrl> u = ParseHttpUrl(url);
    EXPECT_FALSE(u.ok()) << url;
    if (!u.ok()) {
      EXPECT_EQ(u.status().code(), ErrorCode::kValidation);
      EXPECT_THAT(u.status().message(), HasSubstr(url)) << url;
    }
  }
}

}  // namespace
}  // namespace stator::api
