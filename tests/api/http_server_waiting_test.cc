// The server with waiting threads, as in front of a remote service: an I/O thread answers what it
// can at once and hands a request whose answer waits on the network to a waiting thread, so other
// connections are served meanwhile. Real server, real sockets; the database is a fake whose one
// key waits until the test lets it go.
#include <gtest/gtest.h>

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "api/http_server.h"
#include "tests/api/fake_database.h"
#include "tests/api/server_test_client.h"

namespace stator::api {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using std::chrono::milliseconds;

// GetItem of id "slow" waits on the network: refused when the call may not wait, else held until
// Release. Every other key is answered at once, as a cache hit is. PutItem records whether its
// calls could wait.
class GateDatabase : public testing::FakeDatabase {
 public:
  Result<GetItemResponse> GetItem(const CallOptions& c, const GetItemRequest& r) override {
    if (r.key.at("id") == AttributeValue::S("slow")) {
      if (!c.may_block) return Status(ErrorCode::kWouldBlock, "");
      std::unique_lock lock(gate_mu_);
      held_ = true;
      changed_.notify_all();
      changed_.wait_for(lock, std::chrono::seconds(10), [&] { return released_; });
    }
    GetItemResponse out;
    out.item = r.key;
    return out;
  }
  Result<PutItemResponse> PutItem(const CallOptions& c, const PutItemRequest&) override {
    std::lock_guard lock(gate_mu_);
    put_calls_.push_back(c.may_block);
    return PutItemResponse{};
  }

  bool WaitUntilHeld() {
    std::unique_lock lock(gate_mu_);
    return changed_.wait_for(lock, std::chrono::seconds(10), [&] { return held_; });
  }
  void Release() {
    std::lock_guard lock(gate_mu_);
    released_ = true;
    changed_.notify_all();
  }
  std::vector<bool> put_calls() {
    std::lock_guard lock(gate_mu_);
    return put_calls_;
  }

 private:
  std::mutex gate_mu_;
  std::condition_variable changed_;
  bool held_ = false;
  bool released_ = false;
  std::vector<bool> put_calls_;
};

http::request<http::string_body> GetItemOf(std::string_view id) {
  return testing::DynamoDbPost(
      "GetItem", R"({"TableName":"tbl","Key":{"id":{"S":")" + std::string(id) + R"("}}})");
}

// One I/O thread, so that a request answered on it would hold up every other connection.
class HttpServerWaitingTest : public ::testing::Test {
 protected:
  void Start(int timeout_seconds = 60) {
    HttpServerOptions options;
    options.port = 0;
    options.threads = 1;
    options.waiting_threads = 2;
    options.timeout_seconds = timeout_seconds;
    server_ = std::make_unique<HttpServer>(handler_, options);
    std::string error;
    ASSERT_TRUE(server_->Start(&error)) << error;
    thread_ = std::thread([this] { server_->Run(); });
  }
  void TearDown() override {
    db_.Release();
    if (server_) server_->Stop();
    if (thread_.joinable()) thread_.join();
  }

  beast::tcp_stream Connect() { return testing::ConnectToServer(ioc_, server_->port()); }
  static http::response<http::string_body> Read(beast::tcp_stream& stream) {
    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    http::read(stream, buffer, res);
    return res;
  }

  GateDatabase db_;
  Dispatcher dispatcher_{db_};
  HttpHandler handler_{dispatcher_, HttpHandlerOptions{}};
  std::unique_ptr<HttpServer> server_;
  std::thread thread_;
  asio::io_context ioc_;
};

TEST_F(HttpServerWaitingTest, HitsAreAnsweredWhileAMissWaits) {
  Start();
  beast::tcp_stream slow = Connect();
  http::write(slow, GetItemOf("slow"));
  ASSERT_TRUE(db_.WaitUntilHeld());

  beast::tcp_stream fast = Connect();
  for (int i = 0; i < 3; ++i) {
    http::write(fast, GetItemOf("fast"));
    const auto res = Read(fast);
    EXPECT_EQ(res.result_int(), 200);
    EXPECT_NE(res.body().find("fast"), std::string::npos) << res.body();
  }

  db_.Release();
  const auto res = Read(slow);
  EXPECT_EQ(res.result_int(), 200);
  EXPECT_NE(res.body().find("slow"), std::string::npos) << res.body();
  EXPECT_TRUE(res.keep_alive());
  http::write(slow, GetItemOf("fast"));  // the connection goes on after its waited answer
  EXPECT_EQ(Read(slow).result_int(), 200);
}

TEST_F(HttpServerWaitingTest, WritesAreHandledOnceWhereTheyMayWait) {
  Start();
  beast::tcp_stream stream = Connect();
  http::write(stream,
              testing::DynamoDbPost("PutItem", R"({"TableName":"tbl","Item":{"id":{"S":"x"}}})"));
  const auto res = Read(stream);
  EXPECT_EQ(res.result_int(), 200) << res.body();
  EXPECT_EQ(db_.put_calls(), std::vector<bool>{true});
}

TEST_F(HttpServerWaitingTest, AnAnswerMayTakeLongerThanTheTimeout) {
  Start(/*timeout_seconds=*/1);
  beast::tcp_stream slow = Connect();
  http::write(slow, GetItemOf("slow"));
  ASSERT_TRUE(db_.WaitUntilHeld());
  std::this_thread::sleep_for(milliseconds(2500));  // past the timeout, and past it again
  db_.Release();
  const auto res = Read(slow);
  EXPECT_EQ(res.result_int(), 200);
  EXPECT_NE(res.body().find("slow"), std::string::npos) << res.body();
}

}  // namespace
}  // namespace stator::api
