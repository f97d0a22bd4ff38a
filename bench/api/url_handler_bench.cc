// Write-to-handler latency of an event source mapping whose handler is a URL
// (api/stream_handlers/url_handler.h), against its target (p99 under 10 ms) and its floor.
//
// A receiver in this process (a blocking Beast server on 127.0.0.1, one connection at a time, as
// the handler opens one per invocation) timestamps each record of item "user<k>" the first time
// an event carrying it arrives, and answers 200 with an empty body.
//
// BM_UrlHandlerLatency/rate:N: one writer puts new 1 KB items at N a second into an in-memory
// database whose table "bench" (NEW_AND_OLD_IMAGES stream) feeds the receiver through a
// TableName mapping (BatchSize 100, MaximumBatchingWindowInSeconds 0), and timestamps each
// acknowledgement. Counters: percentiles of arrival minus acknowledgement, in microseconds.
//
// BM_UrlHandlerRoundTrip: the floor. The same UrlHandler posts a one-record event to the same
// receiver and waits for the answer, with no database: the cost of the HTTP exchange itself
// (connect, send, receive, close). Counters: percentiles of one Invoke, in microseconds.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast.hpp>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "api/stream_handlers/url_handler.h"
#include "bench/engine/bench_util.h"
#include "bench/engine/paced_writes.h"
#include "stator/database.h"

namespace stator {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

using bench_util::NowNanos;
using bench_util::Percentile;

// The HTTP end of the mapping: timestamps the first arrival of each "user<k>", k < keys.
class Receiver {
 public:
  explicit Receiver(size_t keys)
      : arrived_(keys), acceptor_(io_, {asio::ip::make_address("127.0.0.1"), 0}) {
    thread_ = std::thread([this] { Serve(); });
  }
  ~Receiver() {
    stopping_ = true;
    // Wakes the blocking accept with a connection of our own.
    asio::ip::tcp::socket poke(io_);
    boost::system::error_code ignored;
    poke.connect(acceptor_.local_endpoint(), ignored);
    thread_.join();
  }
  std::string url() const {
    return "http://127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port()) + "/invoke";
  }
  int64_t arrived(size_t k) const { return arrived_[k].load(std::memory_order_acquire); }
  int64_t found() const { return found_.load(std::memory_order_acquire); }
  int64_t requests() const { return requests_.load(std::memory_order_relaxed); }

 private:
  void Serve() {
    while (!stopping_) {
      asio::ip::tcp::socket socket(io_);
      boost::system::error_code ec;
      acceptor_.accept(socket, ec);
      if (ec || stopping_) continue;
      beast::flat_buffer buffer;
      http::request<http::string_body> request;
      http::read(socket, buffer, request, ec);
      if (ec) continue;
      Note(request.body(), NowNanos());
      requests_.fetch_add(1, std::memory_order_relaxed);
      http::response<http::string_body> response{http::status::ok, request.version()};
      response.set(http::field::content_type, "application/json");
      response.keep_alive(false);
      response.prepare_payload();
      http::write(socket, response, ec);
      socket.shutdown(asio::ip::tcp::socket::shutdown_both, ec);
    }
  }
  // Each record names its key as {"S":"user<k>"} in Keys and its images.
  void Note(const std::string& event, int64_t now) {
    constexpr std::string_view kKey = R"("S":"user)";
    for (size_t at = event.find(kKey); at != std::string::npos; at = event.find(kKey, at + 1)) {
      const long k = std::strtol(event.c_str() + at + kKey.size(), nullptr, 10);
      if (k < 0 || static_cast<size_t>(k) >= arrived_.size()) continue;
      int64_t unset = 0;
      if (arrived_[k].compare_exchange_strong(unset, now)) {
        found_.fetch_add(1, std::memory_order_relaxed);
      }
    }
  }

  std::vector<std::atomic<int64_t>> arrived_;
  std::atomic<int64_t> found_{0};
  std::atomic<int64_t> requests_{0};
  std::atomic<bool> stopping_{false};
  asio::io_context io_;
  asio::ip::tcp::acceptor acceptor_;
  std::thread thread_;  // last: started once the rest is ready
};

std::shared_ptr<StreamHandler> HandlerFor(const Receiver& receiver) {
  return std::shared_ptr<StreamHandler>(std::move(api::UrlHandler::Create(receiver.url())).value());
}

void SetPercentiles(benchmark::State& state, std::vector<double>& micros) {
  std::sort(micros.begin(), micros.end());
  state.counters["p50_us"] = Percentile(micros, 0.50);
  state.counters["p99_us"] = Percentile(micros, 0.99);
  state.counters["max_us"] = micros.back();
}

void BM_UrlHandlerLatency(benchmark::State& state) {
  const int64_t rate = state.range(0);
  const int writes = static_cast<int>(rate * 3);
  Receiver receiver(static_cast<size_t>(writes));
  Options options;
  options.in_memory = true;
  EventSourceMapping mapping;
  mapping.table_name = "bench";
  mapping.function_name = "bench";
  mapping.batch_size = 100;
  mapping.handler = HandlerFor(receiver);
  options.event_source_mappings.push_back(std::move(mapping));
  auto db = std::move(Database::Open(options)).value();
  (void)bench_util::CreateBenchTable(*db, StreamViewType::kNewAndOldImages);
  std::vector<PutItemRequest> puts(static_cast<size_t>(writes));
  for (int i = 0; i < writes; ++i) {
    puts[i].table_name = "bench";
    puts[i].item = bench_util::OneKilobyteItem(i);
  }
  std::vector<int64_t> acked(puts.size(), 0);
  for (auto _ : state) {
    if (Status put = bench_util::PutAtRate(*db, puts, rate, &acked); !put.ok()) {
      return state.SkipWithError(put.message().c_str());
    }
    const int64_t deadline = NowNanos() + 30'000'000'000;
    while (receiver.found() < writes && NowNanos() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }
  db.reset();  // no invocation may outlive the receiver
  if (receiver.found() < writes) return state.SkipWithError("a record never reached the URL");
  std::vector<double> latency_us;
  for (size_t i = 0; i < puts.size(); ++i) {
    latency_us.push_back(static_cast<double>(std::max<int64_t>(receiver.arrived(i) - acked[i], 0)) /
                         1e3);
  }
  SetPercentiles(state, latency_us);
  state.counters["records_per_request"] =
      static_cast<double>(writes) / static_cast<double>(std::max<int64_t>(1, receiver.requests()));
}
BENCHMARK(BM_UrlHandlerLatency)
    ->Arg(1'000)
    ->ArgName("rate")
    ->Iterations(1)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

void BM_UrlHandlerRoundTrip(benchmark::State& state) {
  constexpr int kInvokes = 3'000;
  Receiver receiver(kInvokes);
  auto handler = HandlerFor(receiver);
  std::vector<double> micros;
  for (auto _ : state) {
    for (int i = 0; i < kInvokes; ++i) {
      StreamHandlerEvent event;
      event.event_source_arn = "arn:aws:dynamodb:us-east-1:000000000000:table/bench/stream/x";
      Record record;
      record.dynamodb.keys = {{"id", AttributeValue::S("user" + std::to_string(i))}};
      record.dynamodb.sequence_number = "100000000000000000001";
      event.records.push_back(std::move(record));
      StreamInvocation invocation{"request", "bench", Clock::System()->NowMicros() + 3'000'000};
      const int64_t begin = NowNanos();
      StreamHandlerResponse response = handler->Invoke(event, invocation);
      micros.push_back(static_cast<double>(NowNanos() - begin) / 1e3);
      if (response.failed) return state.SkipWithError(response.error.c_str());
    }
  }
  SetPercentiles(state, micros);
}
BENCHMARK(BM_UrlHandlerRoundTrip)->Iterations(1)->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace stator
