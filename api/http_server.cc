#include "api/http_server.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <algorithm>
#include <chrono>
#include <optional>
#include <thread>
#include <vector>

namespace stator::api {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

// Headers of DynamoDB requests are small; this bounds memory per connection before the body.
constexpr uint32_t kHeaderLimit = 64 * 1024;

int ThreadCount(int configured) {
  return configured > 0 ? configured
                        : std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
}

// One connection: reads a request header, checks the declared length, reads the body, hands the
// request to the handler, writes the response, and loops while keep-alive holds. All handlers of
// one session run on its strand.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket&& socket, const HttpHandler& handler, std::chrono::seconds timeout)
      : stream_(std::move(socket)), handler_(handler), timeout_(timeout) {}

  void Start() {
    asio::dispatch(stream_.get_executor(),
                   beast::bind_front_handler(&Session::DoRead, shared_from_this()));
  }

 private:
  void DoRead() {
    parser_.emplace();
    parser_->header_limit(kHeaderLimit);
    parser_->body_limit(handler_.options().max_request_bytes);
    stream_.expires_after(timeout_);
    http::async_read_header(stream_, buffer_, *parser_,
                            beast::bind_front_handler(&Session::OnReadHeader,
                                                      shared_from_this()));
  }

  void OnReadHeader(beast::error_code ec, std::size_t) {
    if (ec) return OnReadError(ec);
    const HttpRequest& header = parser_->get();
    const auto length = parser_->content_length();
    if (length && *length > handler_.options().max_request_bytes) {
      return DoWrite(HttpHandler::PayloadTooLarge(header.version()));
    }
    if (beast::iequals(header[http::field::expect], "100-continue")) {
      // The client waits for this before it sends the body (the Java SDK does for large ones).
      auto cont = std::make_shared<http::response<http::empty_body>>(http::status::continue_,
                                                                     header.version());
      return http::async_write(stream_, *cont,
                               [self = shared_from_this(), cont](beast::error_code wec,
                                                                 std::size_t) {
                                 if (wec) return self->DoClose();
                                 self->DoReadBody();
                               });
    }
    DoReadBody();
  }

  void DoReadBody() {
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&Session::OnRead, shared_from_this()));
  }

  void OnRead(beast::error_code ec, std::size_t) {
    if (ec) return OnReadError(ec);
    const HttpRequest req = parser_->release();
    DoWrite(handler_.Handle(req));
  }

  void OnReadError(beast::error_code ec) {
    // A peer that closes, times out or resets is simply gone; anything else is bad HTTP.
    if (ec == http::error::end_of_stream || ec == beast::error::timeout ||
        ec == asio::error::connection_reset || ec == asio::error::eof ||
        ec == asio::error::operation_aborted) {
      return DoClose();
    }
    if (ec == http::error::body_limit) return DoWrite(HttpHandler::PayloadTooLarge(11));
    if (ec == http::error::header_limit) return DoWrite(HttpHandler::BadRequest(11));
    // Every other HTTP parse error means the bytes are not HTTP/1.x: say so, then hang up.
    if (ec.category() == http::make_error_code(http::error::bad_version).category()) {
      return DoWrite(HttpHandler::BadRequest(11));
    }
    DoClose();
  }

  void DoWrite(HttpResponse res) {
    response_ = std::move(res);
    stream_.expires_after(timeout_);
    http::async_write(stream_, response_,
                      beast::bind_front_handler(&Session::OnWrite, shared_from_this(),
                                                response_.keep_alive()));
  }

  void OnWrite(bool keep_alive, beast::error_code ec, std::size_t) {
    if (ec || !keep_alive) return DoClose();
    response_ = {};
    DoRead();
  }

  void DoClose() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);  // best effort
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  const HttpHandler& handler_;
  const std::chrono::seconds timeout_;
  std::optional<http::request_parser<http::string_body>> parser_;
  HttpResponse response_;
};

}  // namespace

// Accepts connections and gives each its own strand and session.
class HttpServer::Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(asio::io_context& ioc, const HttpHandler& handler, std::chrono::seconds timeout)
      : ioc_(ioc), acceptor_(asio::make_strand(ioc)), handler_(handler), timeout_(timeout) {}

  bool Open(const tcp::endpoint& endpoint, std::string* error) {
    beast::error_code ec;
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
      *error = "cannot listen on " + endpoint.address().to_string() + ":" +
               std::to_string(endpoint.port()) + ": " + ec.message();
      return false;
    }
    return true;
  }

  uint16_t port() const { return acceptor_.local_endpoint().port(); }

  void DoAccept() {
    acceptor_.async_accept(asio::make_strand(ioc_),
                           beast::bind_front_handler(&Listener::OnAccept, shared_from_this()));
  }

  void Close() {
    asio::post(acceptor_.get_executor(), [self = shared_from_this()] {
      beast::error_code ec;
      self->acceptor_.close(ec);
    });
  }

 private:
  void OnAccept(beast::error_code ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted || !acceptor_.is_open()) return;
    if (!ec) {
      beast::error_code ignored;
      socket.set_option(tcp::no_delay(true), ignored);
      std::make_shared<Session>(std::move(socket), handler_, timeout_)->Start();
    }
    DoAccept();  // an accept error (e.g. out of descriptors) must not stop the server
  }

  asio::io_context& ioc_;
  tcp::acceptor acceptor_;
  const HttpHandler& handler_;
  const std::chrono::seconds timeout_;
};

HttpServer::HttpServer(const HttpHandler& handler, HttpServerOptions options)
    : handler_(handler),
      options_(std::move(options)),
      ioc_(ThreadCount(options_.threads)) {}

HttpServer::~HttpServer() = default;

bool HttpServer::Start(std::string* error) {
  beast::error_code ec;
  const auto address = asio::ip::make_address(options_.host, ec);
  if (ec) {
    *error = "invalid host address '" + options_.host + "': " + ec.message();
    return false;
  }
  listener_ = std::make_shared<Listener>(ioc_, handler_,
                                         std::chrono::seconds(options_.timeout_seconds));
  if (!listener_->Open(tcp::endpoint(address, options_.port), error)) return false;
  port_ = listener_->port();
  listener_->DoAccept();
  return true;
}

void HttpServer::Run() {
  const int n = ThreadCount(options_.threads);
  std::vector<std::thread> threads;
  threads.reserve(n - 1);
  for (int i = 1; i < n; ++i) threads.emplace_back([this] { ioc_.run(); });
  ioc_.run();
  for (std::thread& t : threads) t.join();
}

void HttpServer::Stop() {
  if (listener_) listener_->Close();
  ioc_.stop();
}

}  // namespace stator::api
