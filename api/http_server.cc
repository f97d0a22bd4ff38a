// Threads: one io_context per thread, each run by that thread alone, and connections dealt to
// them in turn. A connection stays on one thread, so a session needs no strand and no locks, and
// the contexts share nothing. With waiting threads, a request whose answer waits on the network is
// handed to one of them and its response posted back to the connection's thread; meanwhile the
// session does nothing else, so its state is the waiting thread's alone.
#include "api/http_server.h"

#include <sys/resource.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/core/read_size.hpp>
#include <boost/beast/http.hpp>
#include <charconv>
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
using Clock = std::chrono::steady_clock;

// Headers of DynamoDB requests are small; this bounds memory per connection before the body.
constexpr uint32_t kHeaderLimit = 64 * 1024;

// Room for a read of a request (Session::ReadRoom); the first is a connection's idle footprint.
constexpr size_t kReadRoom = 4096;
constexpr size_t kMaxReadRoom = 64 * 1024;

// The status line and header fields of `res` as HTTP/1.1 puts them on the wire. Beast's generic
// serializer walks a chain of buffer views to do this, at about 20k instructions per response
// (measured with callgrind: a fifth of a whole GetItem); a response is a few short fields.
void SerializeHead(const HttpResponse& res, std::string* head) {
  head->clear();
  const unsigned version = res.version();
  char line[24] = {'H', 'T', 'T', 'P', '/', static_cast<char>('0' + version / 10 % 10), '.',
                   static_cast<char>('0' + version % 10), ' '};
  char* end = std::to_chars(line + 9, line + sizeof(line), res.result_int()).ptr;
  *end++ = ' ';
  head->append(line, end);
  head->append(res.reason());
  head->append("\r\n");
  for (const auto& field : res) {
    head->append(field.name_string());
    head->append(": ");
    head->append(field.value());
    head->append("\r\n");
  }
  head->append("\r\n");
}

// Descriptors kept for everything but connections: RocksDB's files, logs, handler processes.
constexpr rlim_t kReservedDescriptors = 256;
constexpr std::chrono::milliseconds kFirstAcceptPause{10};
constexpr std::chrono::milliseconds kLongestAcceptPause{1000};

int ConnectionLimit(int configured) {
  if (configured > 0) return configured;
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return 65536;
  const rlim_t usable = limit.rlim_cur > kReservedDescriptors * 2
                            ? limit.rlim_cur - kReservedDescriptors
                            : limit.rlim_cur / 2;
  return static_cast<int>(std::clamp<rlim_t>(usable, 1, 1 << 20));
}

// The bytes of request bodies all sessions hold, against a limit: a session reserves its body's
// declared length before reading it and gives it back once the request is handled.
class BodyBudget {
 public:
  explicit BodyBudget(int64_t limit) : limit_(limit) {}
  bool Reserve(int64_t bytes) {
    int64_t held = held_.load(std::memory_order_relaxed);
    do {
      if (held + bytes > limit_) return false;
    } while (!held_.compare_exchange_weak(held, held + bytes, std::memory_order_relaxed));
    return true;
  }
  void Release(int64_t bytes) { held_.fetch_sub(bytes, std::memory_order_relaxed); }

 private:
  const int64_t limit_;
  std::atomic<int64_t> held_{0};
};

// Counts a served connection for as long as its session lives.
class ConnectionSlot {
 public:
  explicit ConnectionSlot(std::shared_ptr<std::atomic<int>> live) : live_(std::move(live)) {
    live_->fetch_add(1, std::memory_order_relaxed);
  }
  ~ConnectionSlot() { live_->fetch_sub(1, std::memory_order_relaxed); }
  ConnectionSlot(const ConnectionSlot&) = delete;
  ConnectionSlot& operator=(const ConnectionSlot&) = delete;

 private:
  std::shared_ptr<std::atomic<int>> live_;
};

// One I/O thread per core, but a single one on a machine of two cores or fewer. There the clients
// (a test suite, a load generator) and RocksDB's background threads share the machine with the
// server: with two I/O threads, three threads want two cores, and a request waits whenever the OS
// parks the thread that holds its connection (7-13 us of run-queue wait per request against
// 0.1-1.3 us with one thread; GetItem p99 1.3-3.6 ms against 0.34-1.6 ms, and more throughput).
int ThreadCount(int configured) {
  if (configured > 0) return configured;
  const int cores = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  return cores <= 2 ? 1 : cores;
}

// One connection: parses a request header, checks the declared length, parses the body, hands the
// request to the handler, writes the response, and loops while keep-alive holds. A session lives
// on one io_context run by one thread, so its handlers never run concurrently and need no strand.
//
// Timeouts: every read or write must finish within `timeout` of its start. Re-arming a timer per
// operation costs a timer-queue update (and often a timerfd syscall) per request, so one timer
// per session is armed lazily: when it fires early it re-arms for the current deadline.
class Session : public std::enable_shared_from_this<Session> {
 public:
  // `waiting`: the threads of requests whose answers wait on the network; null when none are.
  Session(tcp::socket&& socket, const HttpHandler& handler, std::chrono::seconds timeout,
          std::shared_ptr<std::atomic<int>> live, std::shared_ptr<BodyBudget> budget,
          asio::thread_pool* waiting)
      : socket_(std::move(socket)),
        timer_(socket_.get_executor()),
        handler_(handler),
        timeout_(timeout),
        slot_(std::move(live)),
        budget_(std::move(budget)),
        waiting_(waiting) {}
  ~Session() { ReleaseBody(); }

  void Start() {
    asio::dispatch(socket_.get_executor(),
                   beast::bind_front_handler(&Session::DoRead, shared_from_this()));
  }
  // Answers `res` without reading a request, then closes.
  void Refuse(HttpResponse res) {
    asio::dispatch(socket_.get_executor(),
                   [self = shared_from_this(), res = std::move(res)] { self->DoWrite(res); });
  }

 private:
  void DoRead() {
    parser_.emplace();
    parser_->header_limit(kHeaderLimit);
    parser_->body_limit(handler_.options().max_request_bytes);
    header_checked_ = false;
    StartDeadline();
    Parse();
  }

  // Parses what the buffer holds and reads more until the request is whole. A request usually
  // arrives in one segment: parsing header and body from one read, rather than Beast's
  // async_read_header then async_read (two composed operations, each completing through the
  // io_context), saves about 2k instructions per request.
  void Parse() {
    beast::error_code ec;
    while (buffer_.size() > 0) {
      const size_t used = parser_->put(buffer_.data(), ec);
      buffer_.consume(used);
      if (ec == http::error::need_more) break;
      if (ec) return OnReadError(ec);
      if (parser_->is_header_done() && !header_checked_) {
        header_checked_ = true;
        if (!CheckHeader()) return;
      }
      if (parser_->is_done()) return OnRead();
      if (used == 0) break;
    }
    socket_.async_read_some(buffer_.prepare(ReadRoom()),
                            beast::bind_front_handler(&Session::OnReadSome, shared_from_this()));
  }

  // How much the next read may take: a whole typical request, and once the header has told the
  // body's length, all of the body still to come. Beast's read_size offers 512 bytes to a small
  // buffer: a 1 KB PutItem took three recv calls, and cost 1.1 x the server CPU it costs now.
  size_t ReadRoom() const {
    size_t room = kReadRoom;
    const auto rest = parser_->is_header_done() ? parser_->content_length_remaining() : boost::none;
    if (rest) room = std::max<size_t>(room, static_cast<size_t>(*rest));
    return std::min(room, kMaxReadRoom);
  }

  void OnReadSome(beast::error_code ec, std::size_t bytes) {
    buffer_.commit(bytes);
    if (ec == asio::error::eof) {
      // Between requests the peer is done; within one, the request is cut short.
      if (!parser_->got_some()) return OnReadError(http::error::end_of_stream);
      parser_->put_eof(ec);
      return OnReadError(ec ? ec : http::error::partial_message);
    }
    if (ec) return OnReadError(ec);
    Parse();
  }

  // Checks a parsed header before its body is read: false when the session has answered
  // (413) or paused parsing (100-continue) and will go on by itself.
  bool CheckHeader() {
    const HttpRequest& header = parser_->get();
    const auto length = parser_->content_length();
    if (length && *length > handler_.options().max_request_bytes) {
      DoWrite(HttpHandler::PayloadTooLarge(header.version()));
      return false;
    }
    // A chunked body may grow to the limit: that much is held for it. A request with neither a
    // length nor chunks has no body.
    const auto body_bytes = static_cast<int64_t>(
        length ? *length : (parser_->chunked() ? handler_.options().max_request_bytes : 0));
    if (!budget_->Reserve(body_bytes)) {
      DoWrite(HttpHandler::TooMuchBuffered(header.version()));
      return false;
    }
    reserved_ = body_bytes;
    if (!beast::iequals(header[http::field::expect], "100-continue")) return true;
    // The client waits for this before it sends the body (the Java SDK does for large ones).
    auto cont = std::make_shared<http::response<http::empty_body>>(http::status::continue_,
                                                                   header.version());
    http::async_write(socket_, *cont,
                      [self = shared_from_this(), cont](beast::error_code wec, std::size_t) {
                        if (wec) return self->DoClose();
                        self->Parse();
                      });
    return false;
  }

  void OnRead() {
    if (waiting_ == nullptr) return Answer(handler_.Handle(parser_->get()));
    if (auto res = handler_.HandleAtOnce(parser_->get())) return Answer(std::move(*res));
    // Its answer waits on the network: a waiting thread handles it, and this thread serves other
    // connections meanwhile. The deadline is suspended (OnTimer) until the answer is back.
    awaiting_answer_ = true;
    asio::post(*waiting_, [self = shared_from_this()] {
      HttpResponse res = self->handler_.Handle(self->parser_->get());
      asio::post(self->socket_.get_executor(), [self, res = std::move(res)]() mutable {
        self->awaiting_answer_ = false;
        self->Answer(std::move(res));
      });
    });
  }

  void Answer(HttpResponse res) {
    parser_.reset();  // the body is handled: its bytes go back
    ReleaseBody();
    DoWrite(std::move(res));
  }

  void ReleaseBody() {
    budget_->Release(reserved_);
    reserved_ = 0;
  }

  void OnReadError(beast::error_code ec) {
    // A peer that closes, times out or resets is simply gone; anything else is bad HTTP.
    if (ec == http::error::end_of_stream || ec == asio::error::connection_reset ||
        ec == asio::error::eof || ec == asio::error::operation_aborted || timed_out_) {
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
    SerializeHead(response_, &head_);
    StartDeadline();
    const std::array<asio::const_buffer, 2> wire = {asio::buffer(head_),
                                                    asio::buffer(response_.body())};
    asio::async_write(socket_, wire,
                      beast::bind_front_handler(&Session::OnWrite, shared_from_this(),
                                                response_.keep_alive()));
  }

  void OnWrite(bool keep_alive, beast::error_code ec, std::size_t) {
    if (ec || !keep_alive) return DoClose();
    DoRead();
  }

  void DoClose() {
    beast::error_code ec;
    socket_.shutdown(tcp::socket::shutdown_send, ec);  // best effort
    timer_.cancel();  // lets the session go once its last operation is done
    closed_ = true;
  }

  // The operation starting now must end within timeout_.
  void StartDeadline() {
    deadline_ = Clock::now() + timeout_;
    if (timer_armed_) return;
    ArmTimer();
  }

  void ArmTimer() {
    timer_armed_ = true;
    timer_.expires_at(deadline_);
    timer_.async_wait(beast::bind_front_handler(&Session::OnTimer, shared_from_this()));
  }

  void OnTimer(beast::error_code ec) {
    timer_armed_ = false;
    if (ec || closed_) return;
    // Time spent waiting for a handled request's answer is not the client's to account for.
    if (awaiting_answer_) deadline_ = Clock::now() + timeout_;
    if (Clock::now() < deadline_) return ArmTimer();
    // Too slow: closing the socket ends the pending operation with operation_aborted.
    timed_out_ = true;
    closed_ = true;
    socket_.close(ec);
  }

  tcp::socket socket_;
  asio::steady_timer timer_;
  beast::flat_buffer buffer_;
  const HttpHandler& handler_;
  const std::chrono::seconds timeout_;
  std::optional<http::request_parser<http::string_body>> parser_;
  HttpResponse response_;
  std::string head_;  // response_'s status line and fields, serialized
  Clock::time_point deadline_;
  bool header_checked_ = false;  // CheckHeader has run for the request being parsed
  bool timer_armed_ = false;
  bool timed_out_ = false;
  bool closed_ = false;
  bool awaiting_answer_ = false;  // a waiting thread is handling the request
  ConnectionSlot slot_;
  const std::shared_ptr<BodyBudget> budget_;
  int64_t reserved_ = 0;  // of budget_, for the request being read
  asio::thread_pool* const waiting_;
};

}  // namespace

// Accepts connections and hands them to the io_contexts in turn.
class HttpServer::Listener : public std::enable_shared_from_this<Listener> {
 public:
  // shared: the contexts (one) are run by several threads, so each connection gets a strand.
  Listener(std::vector<std::unique_ptr<asio::io_context>>& contexts, bool shared,
           const HttpHandler& handler, std::chrono::seconds timeout, int max_connections,
           int64_t max_buffered_bytes, asio::thread_pool* waiting)
      : contexts_(contexts),
        shared_(shared),
        strand_(asio::make_strand(*contexts[0])),
        acceptor_(strand_),
        pause_timer_(strand_),
        handler_(handler),
        timeout_(timeout),
        max_connections_(max_connections),
        budget_(std::make_shared<BodyBudget>(max_buffered_bytes)),
        waiting_(waiting) {}

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
    const asio::any_io_executor next =
        shared_ ? asio::any_io_executor(asio::make_strand(*contexts_[0]))
                : asio::any_io_executor(contexts_[next_++ % contexts_.size()]->get_executor());
    acceptor_.async_accept(next,
                           beast::bind_front_handler(&Listener::OnAccept, shared_from_this()));
  }

  void Close() {
    asio::post(acceptor_.get_executor(), [self = shared_from_this()] {
      beast::error_code ec;
      self->acceptor_.close(ec);
      self->pause_timer_.cancel();
    });
  }

 private:
  void OnAccept(beast::error_code ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted || !acceptor_.is_open()) return;
    if (ec) return PauseAccepting();
    pause_ = kFirstAcceptPause;
    beast::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    auto session =
        std::make_shared<Session>(std::move(socket), handler_, timeout_, live_, budget_, waiting_);
    if (live_->load(std::memory_order_relaxed) > max_connections_) {
      session->Refuse(HttpHandler::TooManyConnections(max_connections_));
    } else {
      session->Start();
    }
    DoAccept();
  }

  // An accept that failed (e.g. out of descriptors) fails again at once: waiting, with a pause
  // that doubles up to a second, lets connections end and free descriptors instead of spinning.
  void PauseAccepting() {
    pause_timer_.expires_after(pause_);
    pause_ = std::min(pause_ * 2, kLongestAcceptPause);
    pause_timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (!ec && self->acceptor_.is_open()) self->DoAccept();
    });
  }

  std::vector<std::unique_ptr<asio::io_context>>& contexts_;
  const bool shared_;
  // The acceptor's and pause timer's handlers, and Close, never run at once.
  asio::strand<asio::io_context::executor_type> strand_;
  tcp::acceptor acceptor_;
  asio::steady_timer pause_timer_;
  std::chrono::milliseconds pause_ = kFirstAcceptPause;
  const HttpHandler& handler_;
  const std::chrono::seconds timeout_;
  const int max_connections_;
  // Sessions alive, the refused ones included while they answer.
  const std::shared_ptr<std::atomic<int>> live_ = std::make_shared<std::atomic<int>>(0);
  const std::shared_ptr<BodyBudget> budget_;
  asio::thread_pool* const waiting_;
  size_t next_ = 0;
};

HttpServer::HttpServer(const HttpHandler& handler, HttpServerOptions options)
    : handler_(handler), options_(std::move(options)) {
  thread_count_ = ThreadCount(options_.threads);
  const int contexts = options_.share_connections ? 1 : thread_count_;
  for (int i = 0; i < contexts; ++i) {
    // A context run by exactly one thread is told so: the hint lets Asio skip its locks and
    // cross-thread wake-ups.
    contexts_.push_back(
        std::make_unique<asio::io_context>(thread_count_ / contexts));
    work_.push_back(asio::make_work_guard(*contexts_.back()));
  }
  if (options_.waiting_threads > 0) {
    waiting_ = std::make_unique<asio::thread_pool>(options_.waiting_threads);
  }
}

HttpServer::~HttpServer() = default;

bool HttpServer::Start(std::string* error) {
  beast::error_code ec;
  const auto address = asio::ip::make_address(options_.host, ec);
  if (ec) {
    *error = "invalid host address '" + options_.host + "': " + ec.message();
    return false;
  }
  max_connections_ = ConnectionLimit(options_.max_connections);
  listener_ = std::make_shared<Listener>(contexts_, options_.share_connections, handler_,
                                         std::chrono::seconds(options_.timeout_seconds),
                                         max_connections_, options_.max_buffered_request_bytes,
                                         waiting_.get());
  if (!listener_->Open(tcp::endpoint(address, options_.port), error)) return false;
  port_ = listener_->port();
  listener_->DoAccept();
  return true;
}

void HttpServer::Run() {
  std::vector<std::thread> threads;
  threads.reserve(thread_count_ - 1);
  for (int i = 1; i < thread_count_; ++i) {
    threads.emplace_back([ctx = contexts_[i % contexts_.size()].get()] { ctx->run(); });
  }
  contexts_[0]->run();
  for (std::thread& t : threads) t.join();
}

void HttpServer::Stop() {
  if (listener_) listener_->Close();
  for (auto& ctx : contexts_) ctx->stop();
  if (waiting_) waiting_->stop();
}

}  // namespace stator::api
