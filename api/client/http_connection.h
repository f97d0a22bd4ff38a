// HttpConnection: one synchronous HTTP/1.1 keep-alive connection (plain TCP or TLS) to an
// Endpoint, each exchange bounded by a deadline. Shared by the load harness's control-plane
// calls and the remote Database's connection pool.
//
// Asio's synchronous calls take no timeout, so each exchange runs asynchronous operations on the
// connection's own io_context, with Beast's tcp_stream expiry as the deadline, until they finish.
//
// Thread safety: a connection is used by one thread at a time (a pool hands it out exclusively).
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "api/client/endpoint.h"
#include "stator/status.h"

namespace stator::client {

struct HttpReply {
  int status = 0;
  std::string body;
  bool keep_alive = true;  // false: the server closes the connection after this answer
};

// What went wrong with an exchange that has no HTTP answer, for the caller's retry decision.
enum class TransportFailure : unsigned char {
  kNone,
  kConnect,  // resolving, connecting or the TLS handshake failed: nothing was sent
  kTimeout,  // the deadline passed
  kIo,       // the connection broke while the request or the answer was on the wire
};

class HttpConnection {
 public:
  // Opens a connection within timeout. Errors: IOError naming the endpoint and the cause.
  static Result<std::unique_ptr<HttpConnection>> Connect(const Endpoint& endpoint, bool verify_tls,
                                                         std::chrono::nanoseconds timeout);
  virtual ~HttpConnection() = default;

  // Writes wire (one complete request) and reads the answer, within timeout. Errors: IOError,
  // with failure() telling which kind; the connection is then closed and must be dropped.
  virtual Result<HttpReply> Exchange(std::string_view wire, std::chrono::nanoseconds timeout) = 0;

  // Why the last Exchange failed (kNone after a success).
  TransportFailure failure() const { return failure_; }
  // Whether the connection may carry another request.
  bool reusable() const { return reusable_; }

 protected:
  HttpConnection() = default;
  TransportFailure failure_ = TransportFailure::kNone;
  bool reusable_ = true;
};

// One request (wire, complete) on a fresh connection, and its answer. Errors: IOError when the
// endpoint cannot be reached or the exchange fails.
Result<HttpReply> ExchangeOnce(const Endpoint& endpoint, bool verify_tls, std::string_view wire,
                               std::chrono::nanoseconds timeout = std::chrono::seconds(30));

// One GET of path on a fresh connection, for endpoints beside the API (GET /metrics).
// Errors: IOError when the endpoint cannot be reached.
Result<HttpReply> HttpGet(const Endpoint& endpoint, bool verify_tls, std::string_view path);

}  // namespace stator::client
