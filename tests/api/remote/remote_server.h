// What the remote Database's own tests share, beyond the server process (server_process.h): a
// server per suite, a table to create, and the server's own answer to a request sent without the
// remote Database, to compare the remote Database's typed results with what the server holds.
//
// Thread safety: one test thread.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <utility>

#include "api/client/http_connection.h"
#include "api/client/request_writer.h"
#include "api/errors_client.h"
#include "stator/database.h"
#include "tests/api/remote/server_process.h"

namespace stator::remote {

inline AttributeValue S(std::string s) { return AttributeValue::S(std::move(s)); }
inline AttributeValue N(std::string n) { return AttributeValue::N(std::move(n)); }

inline CreateTableRequest OrdersTable(const std::string& name) {
  CreateTableRequest r;
  r.table_name = name;
  r.attribute_definitions = {{"pk", ScalarType::kS}, {"sk", ScalarType::kN}};
  r.key_schema = {{"pk", KeyType::kHash}, {"sk", KeyType::kRange}};
  r.billing_mode = BillingMode::kPayPerRequest;
  return r;
}

// The server's answer to X-Amz-Target prefix.target with `body`, sent on a connection of its
// own, signed as the remote Database signs: the body of a 200 answer, or the error as
// api::DecodeErrorResponse reads it.
inline Result<std::string> RawCall(const std::string& url, std::string_view target,
                                   std::string_view body,
                                   std::string_view prefix = "DynamoDB_20120810") {
  auto endpoint = client::ParseEndpoint(url);
  if (!endpoint.ok()) return endpoint.status();
  client::Credentials credentials;
  credentials.access_key = kAccessKey;
  credentials.secret_key = kSecretKey;
  client::RequestWriter writer(*endpoint, std::move(credentials));
  std::string wire;
  writer.Write(target, body, &wire, prefix);
  auto reply = client::ExchangeOnce(*endpoint, false, wire);
  if (!reply.ok()) return reply.status();
  if (reply->status != 200) return api::DecodeErrorResponse(reply->status, reply->body);
  return std::move(reply->body);
}

// A remote Database on a server the suite shares (started once per suite).
class RemoteServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new ServerProcess(); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void SetUp() override {
    ASSERT_FALSE(server_->url().empty()) << "the server did not start: " << STATOR_BIN;
    auto db = Database::Open(RemoteAt(server_->url()));
    ASSERT_TRUE(db.ok()) << db.status().message();
    remote_ = std::move(db).value();
  }

  // A remote Database on the server with the DAX-mode cache in front of it, as a program that
  // wants DAX opens one.
  std::unique_ptr<Database> OpenDaxCached() {
    Options o = RemoteAt(server_->url());
    o.cache.size_bytes = 16 << 20;
    o.cache.mode = CacheOptions::Mode::kDax;
    auto opened = Database::Open(o);
    EXPECT_TRUE(opened.ok()) << opened.status().message();
    return opened.ok() ? std::move(opened).value() : nullptr;
  }

  Result<std::string> Raw(std::string_view target, std::string_view body,
                          std::string_view prefix = "DynamoDB_20120810") {
    return RawCall(server_->url(), target, body, prefix);
  }

  // Waits (up to 10 s) for `table` to be ACTIVE, as a restored table becomes once its items are
  // in; false if it never does.
  bool WaitActive(Database& db, const std::string& table) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline) {
      auto described = db.DescribeTable(call_, {table});
      if (described.ok() && described->table.table_status == TableStatus::kActive) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
  }

  static inline ServerProcess* server_ = nullptr;
  std::unique_ptr<Database> remote_;
  CallOptions call_;
};

}  // namespace stator::remote
