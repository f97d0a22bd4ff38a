// HttpDriver: endpoint parsing, the synchronous control-plane call, and the driver threads.
#include "bench/harness/http_driver.h"

#include <chrono>
#include <thread>

#include "bench/harness/http_connection.h"

namespace stator::bench {
namespace {

constexpr auto kTableWait = std::chrono::seconds(120);

template <class Stream>
Result<HttpReply> WriteAndRead(Stream& stream, const std::string& wire) {
  beast::error_code ec;
  asio::write(stream, asio::buffer(wire), ec);
  if (ec) return Status::IOError("write: " + ec.message());
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::read(stream, buffer, res, ec);
  if (ec) return Status::IOError("read: " + ec.message());
  return HttpReply{static_cast<int>(res.result_int()), std::move(res.body())};
}

// One request (wire, complete) on a fresh connection to endpoint, and its answer.
Result<HttpReply> Exchange(const Endpoint& endpoint, bool verify_tls, const std::string& wire) {
  const std::string describe = (endpoint.tls ? "https://" : "http://") + endpoint.host_header;
  asio::io_context ioc;
  tcp::resolver resolver(ioc);
  beast::error_code ec;
  const auto addresses = resolver.resolve(endpoint.host, endpoint.port, ec);
  if (ec) return Status::IOError("resolve " + endpoint.host + ": " + ec.message());
  if (!endpoint.tls) {
    beast::tcp_stream stream(ioc);
    stream.connect(addresses, ec);
    if (ec) return Status::IOError("connect " + describe + ": " + ec.message());
    return WriteAndRead(stream, wire);
  }
  asio::ssl::context ssl(asio::ssl::context::tls_client);
  if (verify_tls) {
    ssl.set_default_verify_paths();
    ssl.set_verify_mode(asio::ssl::verify_peer);
  }
  beast::ssl_stream<beast::tcp_stream> stream(ioc, ssl);
  SSL_set_tlsext_host_name(stream.native_handle(), endpoint.host.c_str());
  if (verify_tls) stream.set_verify_callback(asio::ssl::host_name_verification(endpoint.host));
  beast::get_lowest_layer(stream).connect(addresses, ec);
  if (!ec) stream.handshake(asio::ssl::stream_base::client, ec);
  if (ec) return Status::IOError("connect " + describe + ": " + ec.message());
  return WriteAndRead(stream, wire);
}

}  // namespace

Result<Endpoint> ParseEndpoint(std::string_view url) {
  Endpoint e;
  if (url.starts_with("http://")) {
    url.remove_prefix(7);
  } else if (url.starts_with("https://")) {
    url.remove_prefix(8);
    e.tls = true;
  } else {
    return Status::Validation("--endpoint must start with http:// or https://");
  }
  const size_t slash = url.find('/');
  if (slash != std::string_view::npos) {
    if (url.substr(slash) != "/") return Status::Validation("--endpoint takes no path");
    url = url.substr(0, slash);
  }
  const size_t colon = url.rfind(':');
  if (colon != std::string_view::npos && url.find(']') == std::string_view::npos) {
    e.host = std::string(url.substr(0, colon));
    e.port = std::string(url.substr(colon + 1));
  } else {
    e.host = std::string(url);
    e.port = e.tls ? "443" : "80";
  }
  if (e.host.empty() || e.port.empty()) return Status::Validation("--endpoint has no host");
  const bool default_port = e.port == (e.tls ? "443" : "80");
  e.host_header = default_port ? e.host : e.host + ":" + e.port;
  return e;
}

HttpDriver::HttpDriver(const RunConfig& config, Endpoint endpoint)
    : config_(config), endpoint_(std::move(endpoint)) {}

HttpDriver::~HttpDriver() = default;

std::string HttpDriver::Describe() const {
  return (endpoint_.tls ? "https://" : "http://") + endpoint_.host_header;
}

Result<HttpReply> HttpDriver::Call(std::string_view target, const std::string& body) {
  RequestWriter writer(endpoint_, config_.credentials);
  std::string wire;
  writer.Write(target, body, &wire);
  return Exchange(endpoint_, config_.verify_tls, wire);
}

Result<HttpReply> HttpGet(const Endpoint& endpoint, bool verify_tls, std::string_view path) {
  std::string wire = "GET ";
  wire.append(path).append(" HTTP/1.1\r\nHost: ").append(endpoint.host_header);
  wire.append("\r\nAccept: text/plain\r\nConnection: close\r\n\r\n");
  return Exchange(endpoint, verify_tls, wire);
}

Status HttpDriver::PrepareTable() {
  RequestBodies bodies(config_, config_.workload);
  auto created = Call("CreateTable", bodies.CreateTable());
  if (!created.ok()) return created.status();
  if (created->status != 200 && ErrorType(created->body) != "ResourceInUseException") {
    return Status::Validation("CreateTable: " + created->body);
  }
  const std::string describe = R"({"TableName":")" + config_.table + "\"}";
  const auto deadline = Clock::now() + kTableWait;
  while (Clock::now() < deadline) {
    auto described = Call("DescribeTable", describe);
    if (!described.ok()) return described.status();
    if (described->status != 200) return Status::Validation("DescribeTable: " + described->body);
    // ACTIVE, with no index still CREATING (a GSI backfills after its table is ACTIVE).
    if (described->body.find("CREATING") == std::string::npos &&
        described->body.find("\"ACTIVE\"") != std::string::npos) {
      return Status::OK();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  return Status::IOError("table " + config_.table + " did not become ACTIVE");
}

void HttpDriver::RunThread(int thread_index, RunState* state, Recorder* recorder) {
  ThreadContext ctx(config_, endpoint_, state, recorder,
                    0x5eed0000ULL + static_cast<uint64_t>(thread_index));
  tcp::resolver resolver(ctx.ioc);
  beast::error_code ec;
  ctx.addresses = resolver.resolve(endpoint_.host, endpoint_.port, ec);
  if (ec) {
    recorder->Record(Operation::kGetItem, 0, "ResolveError", -1);
    return;
  }
  if (state->rate_per_thread > 0) ctx.schedule.emplace(state->start, state->rate_per_thread);
  const int threads = std::max(config_.threads, 1);
  const int connections =
      config_.connections / threads + (thread_index < config_.connections % threads ? 1 : 0);
  for (int i = 0; i < connections; ++i) StartConnection(&ctx);
  ctx.ioc.run();
}

}  // namespace stator::bench
