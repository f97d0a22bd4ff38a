// HttpServer: the asynchronous Boost.Beast HTTP/1.1 server in front of an HttpHandler, modelled on
// Beast's example/http/server/async: a listener accepts connections, each served by a session
// (do_read/on_read/do_write/on_write) with keep-alive and timeouts. Requests are read header
// first so a declared body over the limit is refused with 413 before a byte of it is read;
// malformed HTTP is answered 400 and the connection closed. There is one io_context per I/O
// thread, each connection staying on one of them, or one io_context that every I/O thread runs
// (HttpServerOptions::share_connections). Connections over max_connections are answered
// 503 at once, and so is a request whose body would take the bodies being read over
// max_buffered_request_bytes; an accept that fails (out of descriptors) is retried after a growing
// pause, not at once, so the server never spins.
//
// Thread safety: Start, then Run from one thread; Stop may be called from any thread (or a
// signal handler posted on io_context()).
#pragma once

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "api/http_handler.h"

namespace stator::api {

struct HttpServerOptions {
  // Address to bind. Stator binds the loopback interface by default, unlike DynamoDB Local's
  // 0.0.0.0, so a development database is not exposed to the network by accident.
  // Default: "127.0.0.1"
  std::string host = "127.0.0.1";

  // TCP port; 0 binds an ephemeral port (see port()).
  // Default: 8000
  uint16_t port = 8000;

  // I/O threads; 0 means one per core, or one on a machine of two cores or fewer.
  // Default: 0
  int threads = 0;

  // How connections are spread over the I/O threads. Pinned: each thread runs an io_context of
  // its own and a connection stays on one thread, so a session needs no strand and the threads
  // share nothing; but a connection whose thread the OS has parked waits, though another thread
  // is idle. Shared: the threads run one io_context, any of them serves any ready connection
  // (each session on a strand of its own).
  // Default: false (pinned)
  bool share_connections = false;

  // How long a connection may take to send a request (or be idle between keep-alive requests),
  // and to take a response, before it is closed.
  // Default: 60
  int timeout_seconds = 60;

  // Connections served at once; one more is answered 503 (ServiceUnavailable) and closed, so the
  // server keeps descriptors to answer with rather than failing to accept. 0: the process's
  // descriptor limit less 256 kept for data files and the rest.
  // Default: 0
  int max_connections = 0;

  // Bytes of request bodies all connections may hold at once while they are read and handled.
  // A request whose declared length does not fit what is left is answered 503
  // (ServiceUnavailable, which SDKs retry) before its body is read, so slow or stalled senders
  // cannot make the server hold more than this.
  // Default: 256 MiB
  int64_t max_buffered_request_bytes = int64_t{256} << 20;

  // Threads for the requests whose answers wait on the network, for a server in front of a
  // remote service: an I/O thread answers what it can at once (HttpHandler::HandleAtOnce: cache
  // hits) and hands the rest (misses, writes) to these, so that a hit never queues behind a
  // miss; they bound the requests the upstream sees at once. 0: every request is answered on its
  // I/O thread, as the engine's are, whose answers do not wait on the network.
  // Default: 0
  int waiting_threads = 0;
};

class HttpServer {
 public:
  // The handler must outlive the server.
  HttpServer(const HttpHandler& handler, HttpServerOptions options);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and listens. False with *error set when the address cannot be bound.
  bool Start(std::string* error);

  // The bound port (the real one when options.port was 0). Valid after Start.
  uint16_t port() const { return port_; }
  // The connection limit in force (max_connections, or the one derived). Valid after Start.
  int max_connections() const { return max_connections_; }

  // Serves until Stop: runs the io_contexts on options.threads threads, this one included.
  void Run();

  // Stops accepting and serving; Run returns. Thread-safe.
  void Stop();

  // The first I/O thread's context (the one that accepts), e.g. for a signal_set.
  boost::asio::io_context& io_context() { return *contexts_.front(); }

 private:
  class Listener;

  const HttpHandler& handler_;
  const HttpServerOptions options_;
  using WorkGuard = boost::asio::executor_work_guard<boost::asio::io_context::executor_type>;

  int thread_count_ = 1;
  std::vector<std::unique_ptr<boost::asio::io_context>> contexts_;
  std::vector<WorkGuard> work_;  // keeps a context without connections running until Stop
  // Declared after contexts_, so it is joined before they go: its requests post answers to them.
  std::unique_ptr<boost::asio::thread_pool> waiting_;  // null without waiting_threads
  std::shared_ptr<Listener> listener_;
  uint16_t port_ = 0;
  int max_connections_ = 0;
};

}  // namespace stator::api
