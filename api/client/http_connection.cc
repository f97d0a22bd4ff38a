#include "api/client/http_connection.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <optional>

namespace stator::client {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

// Answers larger than this are refused: DynamoDB's largest (a 16 MB BatchGetItem page) fits.
constexpr uint64_t kBodyLimit = 64ULL << 20;

template <class Stream>
class Connection final : public HttpConnection {
 public:
  static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;

  Connection(const Endpoint& endpoint, bool verify_tls)
      : endpoint_(endpoint), verify_tls_(verify_tls), stream_(MakeStream()) {}

  ~Connection() override {
    beast::error_code ignored;
    Lowest().socket().shutdown(tcp::socket::shutdown_both, ignored);
    Lowest().socket().close(ignored);
  }

  Status Open(std::chrono::nanoseconds timeout) {
    tcp::resolver resolver(ioc_);
    beast::error_code ec;
    const auto addresses = resolver.resolve(endpoint_.host, endpoint_.port, ec);
    if (ec) return Fail(TransportFailure::kConnect, "resolve " + endpoint_.host, ec);
    Lowest().expires_after(timeout);
    Lowest().async_connect(addresses, [&](beast::error_code e, const tcp::endpoint&) { ec = e; });
    Run();
    if (!ec) Lowest().socket().set_option(tcp::no_delay(true), ec);
    if constexpr (kTls) {
      if (!ec) {
        SSL_set_tlsext_host_name(stream_.native_handle(), endpoint_.host.c_str());
        if (verify_tls_) {
          stream_.set_verify_callback(asio::ssl::host_name_verification(endpoint_.host));
        }
        stream_.async_handshake(asio::ssl::stream_base::client,
                                [&](beast::error_code e) { ec = e; });
        Run();
      }
    }
    Lowest().expires_never();
    if (ec) return Fail(TransportFailure::kConnect, "connect " + endpoint_.Describe(), ec);
    return Status::OK();
  }

  Result<HttpReply> Exchange(std::string_view wire, std::chrono::nanoseconds timeout) override {
    failure_ = TransportFailure::kNone;
    beast::error_code ec;
    Lowest().expires_after(timeout);
    asio::async_write(stream_, asio::buffer(wire.data(), wire.size()),
                      [&](beast::error_code e, size_t) { ec = e; });
    Run();
    if (ec) return Fail(TransportFailure::kIo, "write to " + endpoint_.Describe(), ec);
    http::response_parser<http::string_body> parser;
    parser.body_limit(kBodyLimit);
    http::async_read(stream_, buffer_, parser, [&](beast::error_code e, size_t) { ec = e; });
    Run();
    Lowest().expires_never();
    if (ec) return Fail(TransportFailure::kIo, "read from " + endpoint_.Describe(), ec);
    auto& res = parser.get();
    HttpReply reply{static_cast<int>(res.result_int()), std::move(res.body()), res.keep_alive()};
    reusable_ = reply.keep_alive;
    return reply;
  }

 private:
  Stream MakeStream() {
    if constexpr (kTls) {
      if (verify_tls_) {
        ssl_.set_default_verify_paths();
        ssl_.set_verify_mode(asio::ssl::verify_peer);
      }
      return Stream(ioc_, ssl_);
    } else {
      return Stream(ioc_);
    }
  }
  beast::tcp_stream& Lowest() { return beast::get_lowest_layer(stream_); }

  // Runs the operations started until they complete (or their deadline cancels them).
  void Run() {
    ioc_.restart();
    ioc_.run();
  }

  Status Fail(TransportFailure kind, const std::string& what, beast::error_code ec) {
    reusable_ = false;
    failure_ = ec == beast::error::timeout ? TransportFailure::kTimeout : kind;
    if (failure_ == TransportFailure::kTimeout) {
      return Status::IOError(what + ": timed out");
    }
    return Status::IOError(what + ": " + ec.message());
  }

  const Endpoint endpoint_;
  const bool verify_tls_;
  asio::io_context ioc_{1};
  asio::ssl::context ssl_{asio::ssl::context::tls_client};
  Stream stream_;
  beast::flat_buffer buffer_;
};

template <class Stream>
Result<std::unique_ptr<HttpConnection>> Open(const Endpoint& endpoint, bool verify_tls,
                                             std::chrono::nanoseconds timeout) {
  auto c = std::make_unique<Connection<Stream>>(endpoint, verify_tls);
  STATOR_RETURN_IF_ERROR(c->Open(timeout));
  return std::unique_ptr<HttpConnection>(std::move(c));
}

}  // namespace

Result<std::unique_ptr<HttpConnection>> HttpConnection::Connect(const Endpoint& endpoint,
                                                                bool verify_tls,
                                                                std::chrono::nanoseconds timeout) {
  if (endpoint.tls) return Open<TlsStream>(endpoint, verify_tls, timeout);
  return Open<beast::tcp_stream>(endpoint, verify_tls, timeout);
}

Result<HttpReply> ExchangeOnce(const Endpoint& endpoint, bool verify_tls, std::string_view wire,
                               std::chrono::nanoseconds timeout) {
  auto connection = HttpConnection::Connect(endpoint, verify_tls, timeout);
  if (!connection.ok()) return connection.status();
  return (*connection)->Exchange(wire, timeout);
}

Result<HttpReply> HttpGet(const Endpoint& endpoint, bool verify_tls, std::string_view path) {
  std::string wire = "GET ";
  wire.append(path).append(" HTTP/1.1\r\nHost: ").append(endpoint.host_header);
  wire.append("\r\nAccept: text/plain\r\nConnection: close\r\n\r\n");
  return ExchangeOnce(endpoint, verify_tls, wire);
}

}  // namespace stator::client
