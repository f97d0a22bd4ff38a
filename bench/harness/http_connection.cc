// Connection: one keep-alive connection's loop of write request, read response, record.
#include "bench/harness/http_connection.h"

#include <atomic>
#include <chrono>
#include <iostream>
#include <random>

namespace stator::bench {
namespace {

constexpr auto kRequestTimeout = std::chrono::seconds(30);
constexpr auto kReconnectDelay = std::chrono::milliseconds(100);
// A server that refuses a connection (503, closing it) is retried as the AWS SDKs retry: after
// a delay drawn uniformly below min(kMaxBackoff, kBaseBackoff x 2^(refusals - 1)) ("full
// jitter"), reset once a request succeeds. Reconnecting at once would measure a storm of
// refusals that no real client makes.
constexpr auto kBaseBackoff = std::chrono::milliseconds(25);
constexpr auto kMaxBackoff = std::chrono::milliseconds(1000);

using TlsStream = beast::ssl_stream<beast::tcp_stream>;

// What the server's kCacheOutcomeHeader says of a response; kNone when it says nothing (a server
// without a cache, or another service).
CacheOutcome CacheOutcomeOf(const http::response<http::string_body>& res) {
  const auto it =
      res.find(beast::string_view(kCacheOutcomeHeader.data(), kCacheOutcomeHeader.size()));
  if (it == res.end()) return CacheOutcome::kNone;
  const beast::string_view value = it->value();
  if (value == "hit") return CacheOutcome::kHit;
  if (value == "miss") return CacheOutcome::kMiss;
  return CacheOutcome::kNone;
}

template <class Stream>
class Connection : public std::enable_shared_from_this<Connection<Stream>> {
 public:
  static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;

  // refusals: how many times in a row the server refused this connection's predecessors.
  Connection(ThreadContext* ctx, int refusals)
      : ctx_(ctx), stream_(MakeStream(ctx)), timer_(ctx->ioc), refusals_(refusals) {}

  void Start() {
    Lowest().expires_after(kRequestTimeout);
    Lowest().async_connect(ctx_->addresses,
                           [self = this->shared_from_this()](beast::error_code ec, auto) {
                             self->OnConnect(ec);
                           });
  }

 private:
  static Stream MakeStream(ThreadContext* ctx) {
    if constexpr (kTls) {
      return Stream(ctx->ioc, ctx->ssl);
    } else {
      return Stream(ctx->ioc);
    }
  }
  beast::tcp_stream& Lowest() { return beast::get_lowest_layer(stream_); }

  void OnConnect(beast::error_code ec) {
    if (ec) return Fail(false, "ConnectionError", ec);
    Lowest().socket().set_option(tcp::no_delay(true));
    if constexpr (kTls) {
      SSL_set_tlsext_host_name(stream_.native_handle(), ctx_->endpoint.host.c_str());
      if (ctx_->verify_tls) {
        stream_.set_verify_callback(asio::ssl::host_name_verification(ctx_->endpoint.host));
      }
      stream_.async_handshake(asio::ssl::stream_base::client,
                              [self = this->shared_from_this()](beast::error_code e) {
                                if (e) return self->Fail(false, "TlsError", e);
                                self->Next();
                              });
    } else {
      Next();
    }
  }

  void Next() {
    Lowest().expires_never();  // idle until the next request is due: no timeout while waiting
    uint64_t index = 0;
    if (!ctx_->state->TryStart(&index)) return Close();
    op_ = ctx_->ops.Next(index);
    rmw_update_ = false;
    if (!ctx_->schedule) {
      from_ = Clock::now();
      return Send();
    }
    from_ = ctx_->schedule->IntendedStart(ctx_->sequence++);
    if (from_ <= Clock::now()) return Send();
    timer_.expires_at(from_);
    timer_.async_wait([self = this->shared_from_this()](beast::error_code) {
      if (self->ctx_->state->stop.load(std::memory_order_relaxed)) return self->Close();
      self->Send();
    });
  }

  void Send() {
    if (rmw_update_) {
      ctx_->bodies.BuildRmwUpdate(op_.key, version_, &body_);
      ctx_->writer.Write("UpdateItem", body_, &wire_);
    } else {
      ctx_->bodies.Build(op_, &body_);
      ctx_->writer.Write(RequestBodies::TargetOf(op_.op), body_, &wire_);
    }
    Lowest().expires_after(kRequestTimeout);
    asio::async_write(stream_, asio::buffer(wire_),
                      [self = this->shared_from_this()](beast::error_code ec, size_t) {
                        if (ec) return self->Fail(true, "ConnectionError", ec);
                        self->Read();
                      });
  }

  void Read() {
    parser_.emplace();
    parser_->body_limit(64 << 20);
    http::async_read(stream_, buffer_, *parser_,
                     [self = this->shared_from_this()](beast::error_code ec, size_t) {
                       if (ec) return self->Fail(true, "ConnectionError", ec);
                       self->OnResponse();
                     });
  }

  void OnResponse() {
    const auto& res = parser_->get();
    const bool ok = res.result_int() == 200;
    const std::string_view body = res.body();
    if (op_.op == Operation::kReadModifyWrite && !rmw_update_ && ok) {
      version_ = std::string(FindVersion(body));
      rmw_update_ = true;
      return Send();
    }
    ctx_->recorder->Record(op_.op, LatencyNanos(from_, Clock::now()), ok ? "" : ErrorType(body),
                           ctx_->want_capacity ? CapacityUnits(body) : -1,
                           ok ? CacheOutcomeOf(res) : CacheOutcome::kNone);
    if (ok && op_.op == Operation::kInsert) ctx_->ops.InsertDone();
    refusals_ = res.result() == http::status::service_unavailable ? refusals_ + 1 : 0;
    if (!res.keep_alive()) {
      Close();
      if (refusals_ == 0) return StartConnection(ctx_);
      return ReconnectAfter(Backoff(), refusals_);
    }
    Next();
  }

  void Fail(bool in_flight, std::string_view what, beast::error_code ec) {
    // A connection that never gets to send (refused, bad certificate) records no request; say
    // why once, or a run against a wrong endpoint would just show zero requests.
    static std::atomic<bool> told{false};
    if (!in_flight && !told.exchange(true)) {
      std::cerr << "stator-bench: " << what << ": " << ec.message() << " (retrying)\n";
    }
    if (in_flight) ctx_->recorder->Record(op_.op, LatencyNanos(from_, Clock::now()), what, -1);
    Close();
    // Retry after a pause, so an endpoint that is down is not hammered by reconnects.
    ReconnectAfter(kReconnectDelay, 0);
  }

  std::chrono::nanoseconds Backoff() {
    const auto ceiling = std::min<std::chrono::nanoseconds>(
        kMaxBackoff, kBaseBackoff * (int64_t{1} << std::min(refusals_ - 1, 20)));
    std::uniform_int_distribution<int64_t> draw(0, ceiling.count());
    return std::chrono::nanoseconds(draw(ctx_->jitter));
  }

  void ReconnectAfter(std::chrono::nanoseconds delay, int refusals) {
    if (ctx_->state->stop.load(std::memory_order_relaxed)) return;
    auto timer = std::make_shared<asio::steady_timer>(ctx_->ioc, delay);
    ThreadContext* ctx = ctx_;
    timer->async_wait([timer, ctx, refusals](beast::error_code) {
      if (!ctx->state->stop.load(std::memory_order_relaxed)) StartConnection(ctx, refusals);
    });
  }

  void Close() {
    beast::error_code ignored;
    Lowest().socket().shutdown(tcp::socket::shutdown_both, ignored);
    Lowest().socket().close(ignored);
  }

  ThreadContext* ctx_;
  Stream stream_;
  asio::steady_timer timer_;
  beast::flat_buffer buffer_;
  std::optional<http::response_parser<http::string_body>> parser_;
  NextOp op_;
  bool rmw_update_ = false;
  std::string version_;
  std::string body_;
  std::string wire_;
  Clock::time_point from_;
  int refusals_;
};

}  // namespace

ThreadContext::ThreadContext(const RunConfig& config, const Endpoint& endpoint_in,
                             RunState* state_in, Recorder* recorder_in, uint64_t seed)
    : endpoint(endpoint_in),
      state(state_in),
      recorder(recorder_in),
      ops(state_in, seed),
      bodies(config, config.workload),
      writer(endpoint_in, config.credentials),
      want_capacity(config.return_consumed_capacity),
      verify_tls(config.verify_tls),
      jitter(static_cast<std::minstd_rand::result_type>(seed)) {
  if (endpoint.tls && config.verify_tls) {
    ssl.set_default_verify_paths();
    ssl.set_verify_mode(asio::ssl::verify_peer);
  }
}

void StartConnection(ThreadContext* ctx, int refusals) {
  if (ctx->endpoint.tls) {
    std::make_shared<Connection<TlsStream>>(ctx, refusals)->Start();
  } else {
    std::make_shared<Connection<beast::tcp_stream>>(ctx, refusals)->Start();
  }
}

}  // namespace stator::bench
