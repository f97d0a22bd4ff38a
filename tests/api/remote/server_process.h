// What every test of a remote Database needs: the real server binary (STATOR_BIN) started on a
// port of its choosing, and the Options of a remote Database on it.
//
// Thread safety: one test thread starts and drops a server.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "stator/database.h"
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

}  // namespace stator::remote
