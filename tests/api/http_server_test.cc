// Starts the real server on an ephemeral port in front of a fake Database and talks to it with a
// Beast client over TCP.
#include "api/http_server.h"

#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <atomic>
#include <sstream>
#include <thread>
#include <vector>

#include "api/crc32.h"
#include "tests/api/fake_database.h"
#include "tests/api/server_test_client.h"

namespace stator::api {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

// Each test runs with connections pinned to I/O threads and with the threads sharing them.
class HttpServerTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    HttpServerOptions options;
    options.port = 0;
    options.threads = 2;
    options.share_connections = GetParam();
    server_ = std::make_unique<HttpServer>(handler_, options);
    std::string error;
    ASSERT_TRUE(server_->Start(&error)) << error;
    ASSERT_NE(server_->port(), 0);
    thread_ = std::thread([this] { server_->Run(); });
  }
  void TearDown() override {
    server_->Stop();
    if (thread_.joinable()) thread_.join();
  }

  beast::tcp_stream Connect() { return testing::ConnectToServer(ioc_, server_->port()); }

  static http::request<http::string_body> ListTables() {
    return testing::DynamoDbPost("ListTables", "{}");
  }

  testing::FakeDatabase db_;
  Dispatcher dispatcher_{db_};
  HttpHandler handler_{dispatcher_, HttpHandlerOptions{}};
  std::unique_ptr<HttpServer> server_;
  std::thread thread_;
  asio::io_context ioc_;
};

TEST_P(HttpServerTest, ServesTwoRequestsOnOneKeepAliveConnection) {
  beast::tcp_stream stream = Connect();
  beast::flat_buffer buffer;
  std::string first_id;
  for (int i = 0; i < 2; ++i) {
    http::write(stream, ListTables());
    http::response<http::string_body> res;
    http::read(stream, buffer, res);
    EXPECT_TRUE(res.keep_alive());
    EXPECT_EQ(res["x-amz-crc32"], std::to_string(Crc32(res.body())));
    EXPECT_EQ(res["x-amzn-RequestId"].size(), 52u);
    EXPECT_NE(res["x-amzn-RequestId"], first_id);
    first_id = std::string(res["x-amzn-RequestId"]);
  }
}

TEST_P(HttpServerTest, RefusesAnOversizedBodyBeforeReadingIt) {
  beast::tcp_stream stream = Connect();
  const std::string header =
      "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-amz-json-1.0\r\n"
      "Content-Length: 17000000\r\n\r\n";
  asio::write(stream, asio::buffer(header));  // no body follows
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::read(stream, buffer, res);
  EXPECT_EQ(res.result_int(), 413);
  EXPECT_FALSE(res.keep_alive());
}

TEST_P(HttpServerTest, AnswersMalformedHttpWith400AndStaysUp) {
  {
    beast::tcp_stream stream = Connect();
    asio::write(stream, asio::buffer(std::string("NOT HTTP AT ALL\r\n\r\n")));
    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    http::read(stream, buffer, res);
    EXPECT_EQ(res.result_int(), 400);
  }
  beast::tcp_stream stream = Connect();
  http::write(stream, ListTables());
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::read(stream, buffer, res);
  EXPECT_FALSE(res["x-amzn-RequestId"].empty());
}

TEST_P(HttpServerTest, AnswersExpectContinue) {
  beast::tcp_stream stream = Connect();
  auto req = ListTables();
  req.set(http::field::expect, "100-continue");
  http::request_serializer<http::string_body> sr{req};
  http::write_header(stream, sr);
  beast::flat_buffer buffer;
  http::response<http::empty_body> cont;
  http::read(stream, buffer, cont);
  EXPECT_EQ(cont.result(), http::status::continue_);
  http::write(stream, sr);
  http::response<http::string_body> res;
  http::read(stream, buffer, res);
  EXPECT_FALSE(res["x-amzn-RequestId"].empty());
}

// The session parses whatever the socket gives: a request split across many small segments, and
// two requests arriving in one segment (pipelined), are both answered in order.
TEST_P(HttpServerTest, ParsesARequestSplitAcrossSegments) {
  beast::tcp_stream stream = Connect();
  std::ostringstream wire;
  wire << ListTables();
  const std::string bytes = wire.str();
  for (size_t at = 0; at < bytes.size(); at += 7) {
    asio::write(stream, asio::buffer(bytes.data() + at, std::min<size_t>(7, bytes.size() - at)));
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::read(stream, buffer, res);
  EXPECT_EQ(res.result_int(), 200);
  EXPECT_EQ(res["x-amz-crc32"], std::to_string(Crc32(res.body())));
}

TEST_P(HttpServerTest, AnswersPipelinedRequestsInOrder) {
  beast::tcp_stream stream = Connect();
  std::ostringstream wire;
  wire << ListTables() << ListTables();
  asio::write(stream, asio::buffer(wire.str()));
  beast::flat_buffer buffer;
  std::string ids[2];
  for (std::string& id : ids) {
    http::response<http::string_body> res;
    http::read(stream, buffer, res);
    EXPECT_EQ(res.result_int(), 200);
    id = std::string(res["x-amzn-RequestId"]);
  }
  EXPECT_NE(ids[0], ids[1]);
}

TEST_P(HttpServerTest, SurvivesARequestCutShort) {
  {
    beast::tcp_stream stream = Connect();
    const std::string partial = "POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\n{}";
    asio::write(stream, asio::buffer(partial));
    stream.socket().shutdown(tcp::socket::shutdown_send);
    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    beast::error_code ec;
    http::read(stream, buffer, res, ec);  // a 400 or a plain close: either way, no hang
  }
  beast::tcp_stream stream = Connect();
  http::write(stream, ListTables());
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::read(stream, buffer, res);
  EXPECT_EQ(res.result_int(), 200);
}

// A server with a one-second timeout, for the tests of the lazily re-armed session timer.
class HttpServerTimeoutTest : public HttpServerTest {
 protected:
  void SetUp() override {
    HttpServerOptions options;
    options.port = 0;
    options.threads = 2;
    options.share_connections = GetParam();
    options.timeout_seconds = 1;
    server_ = std::make_unique<HttpServer>(handler_, options);
    std::string error;
    ASSERT_TRUE(server_->Start(&error)) << error;
    thread_ = std::thread([this] { server_->Run(); });
  }
};

TEST_P(HttpServerTimeoutTest, ClosesAConnectionThatSendsNothing) {
  beast::tcp_stream stream = Connect();
  const auto start = std::chrono::steady_clock::now();
  char byte;
  beast::error_code ec;
  stream.socket().read_some(asio::buffer(&byte, 1), ec);  // blocks until the server hangs up
  EXPECT_TRUE(ec == asio::error::eof || ec == asio::error::connection_reset) << ec.message();
  const auto waited = std::chrono::steady_clock::now() - start;
  EXPECT_GE(waited, std::chrono::milliseconds(900));
  EXPECT_LT(waited, std::chrono::seconds(5));
}

TEST_P(HttpServerTimeoutTest, KeepsABusyConnectionOpenPastTheTimeout) {
  // Each request starts a new deadline; the timer armed by the first must not end the
  // connection while later requests keep it busy.
  beast::tcp_stream stream = Connect();
  beast::flat_buffer buffer;
  for (int i = 0; i < 6; ++i) {
    http::write(stream, ListTables());
    http::response<http::string_body> res;
    http::read(stream, buffer, res);
    EXPECT_EQ(res.result_int(), 200);
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
  }
}

TEST_P(HttpServerTest, ServesManyConnectionsAtOnce) {
  // Four client threads, each with four keep-alive connections used in turn: every connection's
  // requests are answered in order, whichever I/O thread serves them.
  std::vector<std::thread> clients;
  std::atomic<int> answered{0};
  for (int t = 0; t < 4; ++t) {
    clients.emplace_back([&] {
      asio::io_context ioc;
      std::vector<beast::tcp_stream> streams;
      for (int c = 0; c < 4; ++c) {
        streams.emplace_back(ioc);
        streams.back().connect(
            tcp::endpoint(asio::ip::make_address("127.0.0.1"), server_->port()));
      }
      beast::flat_buffer buffer;
      for (int i = 0; i < 200; ++i) {
        beast::tcp_stream& stream = streams[i % streams.size()];
        http::write(stream, ListTables());
        http::response<http::string_body> res;
        http::read(stream, buffer, res);
        if (res.result_int() == 200) answered.fetch_add(1);
      }
    });
  }
  for (std::thread& c : clients) c.join();
  EXPECT_EQ(answered.load(), 4 * 200);
}

INSTANTIATE_TEST_SUITE_P(Io, HttpServerTest, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "Shared" : "Pinned"; });
INSTANTIATE_TEST_SUITE_P(Io, HttpServerTimeoutTest, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "Shared" : "Pinned"; });

}  // namespace
}  // namespace stator::api
