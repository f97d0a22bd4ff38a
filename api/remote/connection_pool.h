// ConnectionPool: the remote Database's keep-alive connections to one endpoint, each with its
// own request writer (a SigV4 signer is one thread's). A call takes a channel, exclusively, and
// gives it back; idle channels are reused, most recent first (its connection is the least likely
// to have been closed by the server for idleness), up to max_idle of them kept.
//
// Thread safety: Acquire and Release are safe for concurrent use; a channel is one caller's
// between them.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "api/client/endpoint.h"
#include "api/client/http_connection.h"
#include "api/client/request_writer.h"

namespace stator::remote {

struct Channel {
  Channel(const client::Endpoint& endpoint, client::Credentials credentials)
      : writer(endpoint, std::move(credentials)) {}
  std::unique_ptr<client::HttpConnection> connection;  // null: to be opened
  client::RequestWriter writer;
  std::string wire;  // the request's bytes, reused
};

class ConnectionPool {
 public:
  ConnectionPool(client::Endpoint endpoint, client::Credentials credentials, size_t max_idle)
      : endpoint_(std::move(endpoint)), credentials_(std::move(credentials)), max_idle_(max_idle) {}

  const client::Endpoint& endpoint() const { return endpoint_; }

  // An idle channel, or a new one (not yet connected).
  std::unique_ptr<Channel> Acquire();
  // Keeps `channel` for reuse, dropping a connection that cannot carry another request.
  void Release(std::unique_ptr<Channel> channel);
  size_t idle() const;

 private:
  const client::Endpoint endpoint_;
  const client::Credentials credentials_;
  const size_t max_idle_;
  mutable std::mutex mu_;
  std::vector<std::unique_ptr<Channel>> idle_;  // GUARDED_BY(mu_)
};

}  // namespace stator::remote
