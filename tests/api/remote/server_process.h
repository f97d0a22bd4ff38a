// What every test of a remote Database needs: the real server binary (STATOR_BIN) started on a
// port of its choosing, the Options of a remote Database on it, and a Database that owns a server
// of its own (the embedded API's tests, built as remote_api_tests, run on one per database).
//
// Thread safety: one test thread starts and drops a server; a ServedDatabase is a Database.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "api/client/endpoint.h"
#include "api/client/http_connection.h"
#include "stator/database.h"
#include "stator/forwarding_database.h"
#include "tests/api/child_process.h"

namespace stator::remote {

inline constexpr char kAccessKey[] = "AKIDREMOTETEST";
inline constexpr char kSecretKey[] = "secret";

// The server binary, started with `args` (default --in-memory) on a port of its choosing and
// with `env` added to its environment, stopped at the end.
class ServerProcess {
 public:
  explicit ServerProcess(std::vector<std::string> args = {"--in-memory"},
                         std::vector<std::pair<std::string, std::string>> env = {}) {
    args.insert(args.begin(), {STATOR_BIN, "--port", "0"});
    process_ = std::make_unique<testing::ChildProcess>(std::move(args), env);
    // "stator listening on http://127.0.0.1:PORT (...)"
    const std::string line = process_->WaitForLine(
        [](const std::string& text) { return text.find("http://") != std::string::npos; });
    const size_t at = line.find("http://");
    if (at != std::string::npos) url_ = line.substr(at, line.find(' ', at) - at);
  }
  const std::string& url() const { return url_; }

 private:
  std::unique_ptr<testing::ChildProcess> process_;
  std::string url_;
};

inline Options RemoteAt(const std::string& url) {
  Options o;
  o.remote.endpoint = url;
  o.remote.region = "us-east-1";
  o.remote.access_key_id = kAccessKey;
  o.remote.secret_access_key = kSecretKey;
  return o;
}

// Moves the clock of the server at `url`, started with --virtual-clock, `micros` forward
// (POST /stator/clock). Errors: IOError when the server cannot be reached, InternalServerError
// when it refuses.
inline Status AdvanceServerClock(const std::string& url, int64_t micros) {
  auto endpoint = client::ParseEndpoint(url);
  if (!endpoint.ok()) return endpoint.status();
  const std::string body =
      "{\"advanceSeconds\": " + std::to_string(static_cast<double>(micros) / 1e6) + "}";
  const std::string wire = "POST /stator/clock HTTP/1.1\r\nHost: " + endpoint->host_header +
                           "\r\nContent-Type: application/json\r\nContent-Length: " +
                           std::to_string(body.size()) + "\r\n\r\n" + body;
  auto reply = client::ExchangeOnce(*endpoint, false, wire);
  if (!reply.ok()) return reply.status();
  if (reply->status != 200) return Status(ErrorCode::kInternalServerError, reply->body);
  return Status::OK();
}

// The server a ServedDatabase stops when dropped. A base of ServedDatabase placed before
// ForwardingDatabase, so that the server starts before the remote Database opens on it and
// stops only after that Database is gone.
class OwnedServer {
 protected:
  explicit OwnedServer(std::vector<std::string> args) : server_(std::move(args)) {}

  // A remote Database on the server; null, with a test failure recorded, when the server did not
  // start or the Database does not open.
  std::unique_ptr<Database> OpenRemote() {
    if (server_.url().empty()) {
      ADD_FAILURE() << "the server did not start: " << STATOR_BIN;
      return nullptr;
    }
    auto opened = Database::Open(RemoteAt(server_.url()));
    if (!opened.ok()) {
      ADD_FAILURE() << opened.status().message();
      return nullptr;
    }
    opened_ = true;
    return std::move(opened).value();
  }

  ServerProcess server_;
  bool opened_ = false;
};

// A remote Database on a server process of its own, which stops when the Database is dropped:
// what an embedded program gets from Database::Open with Options.remote.endpoint set, with a
// fresh service behind it as an in-memory database is fresh.
class ServedDatabase final : private OwnedServer, public ForwardingDatabase {
 public:
  // A Database on a server started with `args` (after --port 0); null when OpenRemote fails.
  static std::unique_ptr<ServedDatabase> Start(std::vector<std::string> args) {
    std::unique_ptr<ServedDatabase> db(new ServedDatabase(std::move(args)));
    return db->opened_ ? std::move(db) : nullptr;
  }

  const std::string& url() const { return server_.url(); }

 private:
  explicit ServedDatabase(std::vector<std::string> args)
      : OwnedServer(std::move(args)), ForwardingDatabase(OpenRemote()) {}
};

}  // namespace stator::remote
