// HttpConnection over TLS, against `openssl s_server -www` (skipped where the openssl command is
// missing); plain HTTP is exercised by the remote Database's tests against the real server.
#include "api/client/http_connection.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "tests/api/child_process.h"

namespace stator::client {
namespace {

// A TLS server with a fresh self-signed certificate, answering GET / with its status page.
class TlsServer {
 public:
  TlsServer() {
    const std::string dir = ::testing::TempDir();
    cert_ = dir + "http_connection_test_cert.pem";
    key_ = dir + "http_connection_test_key.pem";
    const std::string make = "openssl req -x509 -newkey rsa:2048 -nodes -keyout " + key_ +
                             " -out " + cert_ + " -days 1 -subj /CN=localhost >/dev/null 2>&1";
    if (std::system(make.c_str()) != 0) return;
    server_ = std::make_unique<testing::ChildProcess>(std::vector<std::string>{
        "openssl", "s_server", "-accept", "0", "-cert", cert_, "-key", key_, "-www"});
    const std::string accept = server_->WaitForLine(  // "ACCEPT [::]:PORT"
        [](const std::string& text) { return text.rfind("ACCEPT", 0) == 0; });
    if (!accept.empty()) port_ = accept.substr(accept.rfind(':') + 1);
  }
  ~TlsServer() {
    server_.reset();
    std::remove(cert_.c_str());
    std::remove(key_.c_str());
  }
  const std::string& port() const { return port_; }

 private:
  std::string cert_, key_, port_;
  std::unique_ptr<testing::ChildProcess> server_;
};

class HttpConnectionTlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (std::system("command -v openssl >/dev/null 2>&1") != 0) {
      GTEST_SKIP() << "no openssl command";
    }
    server_ = std::make_unique<TlsServer>();
    ASSERT_FALSE(server_->port().empty()) << "openssl s_server did not start";
    auto e = ParseEndpoint("https://127.0.0.1:" + server_->port());
    ASSERT_TRUE(e.ok());
    endpoint_ = *e;
  }
  std::unique_ptr<TlsServer> server_;
  Endpoint endpoint_;
};

TEST_F(HttpConnectionTlsTest, GetOverTlsWithoutVerification) {
  auto reply = HttpGet(endpoint_, /*verify_tls=*/false, "/");
  ASSERT_TRUE(reply.ok()) << reply.status().message();
  EXPECT_EQ(reply->status, 200);
  EXPECT_NE(reply->body.find("s_server"), std::string::npos);
}

TEST_F(HttpConnectionTlsTest, VerificationRefusesAnUnknownCertificate) {
  auto connection =
      HttpConnection::Connect(endpoint_, /*verify_tls=*/true, std::chrono::seconds(5));
  ASSERT_FALSE(connection.ok());
  EXPECT_EQ(connection.status().code(), ErrorCode::kIOError);
  EXPECT_NE(connection.status().message().find("certificate verify failed"), std::string::npos)
      << connection.status().message();
}

}  // namespace
}  // namespace stator::client
