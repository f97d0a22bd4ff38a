// http_floor: the ruler for Stator's HTTP benchmarks. A minimal Boost.Beast keep-alive server
// that answers every request with the same small JSON body and no work, so a load generator
// pointed at it measures the cost of HTTP alone; Stator's numbers are read against it. With
// --storage it first writes each PutItem's item to RocksDB as the engine does (put_storage.h):
// the floor of HTTP and storage together.
//
// Usage: http_floor [port=8001] [threads=1] [--storage]. Thread safety: one io_context, N
// threads, one strand per connection.
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string_view>
#include <thread>
#include <vector>

#include "bench/http_floor/put_storage.h"

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr std::string_view kBody = R"({"TableNames":[]})";

class Session : public std::enable_shared_from_this<Session> {
 public:
  // The buffer starts with room for a whole typical request, as Stator's sessions read: with
  // Beast's 512-byte first reads a 1 KB PutItem took three recv calls, and the floor would have
  // charged Stator for syscalls it does not make.
  Session(tcp::socket&& s, stator::bench::PutStorage* storage)
      : stream_(std::move(s)), storage_(storage) {
    buffer_.reserve(4096);
  }
  void DoRead() {
    req_ = {};
    http::async_read(stream_, buffer_, req_,
                     beast::bind_front_handler(&Session::OnRead, shared_from_this()));
  }

 private:
  void OnRead(beast::error_code ec, std::size_t) {
    if (ec) return;
    if (storage_ != nullptr && req_["X-Amz-Target"].ends_with(".PutItem")) {
      (void)storage_->Put(req_.body());
    }
    res_ = {http::status::ok, req_.version()};
    res_.set(http::field::content_type, "application/x-amz-json-1.0");
    res_.body() = std::string(kBody);
    res_.keep_alive(req_.keep_alive());
    res_.prepare_payload();
    http::async_write(stream_, res_,
                      beast::bind_front_handler(&Session::OnWrite, shared_from_this()));
  }
  void OnWrite(beast::error_code ec, std::size_t) {
    if (ec || !res_.keep_alive()) return;
    DoRead();
  }

  beast::tcp_stream stream_;
  stator::bench::PutStorage* storage_;  // null: answer without storing
  beast::flat_buffer buffer_;
  http::request<http::string_body> req_;
  http::response<http::string_body> res_;
};

void Accept(asio::io_context& ioc, tcp::acceptor& acceptor, stator::bench::PutStorage* storage) {
  acceptor.async_accept(asio::make_strand(ioc), [&ioc, &acceptor, storage](beast::error_code ec,
                                                                           tcp::socket s) {
    if (!ec) {
      s.set_option(tcp::no_delay(true), ec);
      std::make_shared<Session>(std::move(s), storage)->DoRead();
    }
    Accept(ioc, acceptor, storage);
  });
}

}  // namespace

int main(int argc, char** argv) {
  const auto port = static_cast<unsigned short>(argc > 1 ? std::atoi(argv[1]) : 8001);
  const int threads = std::max(1, argc > 2 ? std::atoi(argv[2]) : 1);
  std::unique_ptr<stator::bench::PutStorage> storage;
  if (argc > 3 && std::string_view(argv[3]) == "--storage") {
    storage = std::make_unique<stator::bench::PutStorage>();
  }
  asio::io_context ioc(threads);
  tcp::acceptor acceptor(ioc, tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  Accept(ioc, acceptor, storage.get());
  std::cout << "http_floor listening on http://127.0.0.1:" << acceptor.local_endpoint().port()
            << std::endl;
  std::vector<std::thread> pool;
  for (int i = 1; i < threads; ++i) pool.emplace_back([&ioc] { ioc.run(); });
  ioc.run();
  for (auto& t : pool) t.join();
}
