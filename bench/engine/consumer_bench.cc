// What event source mappings (engine/consumers/) deliver and what they cost the writer, against
// the mappings' targets. Every put changes its item (Stamp), so every put writes a record: the
// engine writes none for a put of an identical item. The table's stream is NEW_AND_OLD_IMAGES.
//
// BM_ConsumerLatency: one writer puts new 1 KB items at rate:N a second and timestamps each
// acknowledgement; an embedded C++ handler (MaximumBatchingWindowInSeconds 0, BatchSize 100)
// timestamps each record when its batch arrives. The counters are percentiles of the
// difference, in microseconds (target: p99 under 2 ms). A record can arrive before its writer
// has taken its timestamp (the change feed wakes the consumer inside PutItem): before_ack counts
// those, and they count as 0. batches and records_per_batch tell one record a batch (the
// consumer keeping up) from batches gathered while the handler or the scheduler were behind.
//
// BM_ConsumerThroughput/mapping:{0,1}: one writer puts changing 1 KB items over 1000 keys as fast
// as it can, on the same table without a mapping (mapping:0, the floor) and with one whose
// embedded handler only counts records (BatchSize 100). items_per_second is puts, in wall time
// (the consumer competes with the writer for the machine's cores; target: mapping:1 at least
// 0.8 x mapping:0); delivered_per_s is records the handler received while the writer wrote
// (target: at least 50,000 a second), backlog the records written but not yet delivered when
// the writer stopped, records_per_batch what the handler got an invocation.
//
// The HTTP handler (api/stream_handlers/url_handler.h, in stator_api, which engine_bench may not
// link) is measured by bench/api/url_handler_bench.cc.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "bench/engine/bench_util.h"
#include "bench/engine/paced_writes.h"
#include "stator/database.h"
#include "stator/event_source_mapping.h"

namespace stator {
namespace {

const CallOptions kCall;
constexpr int kPutKeys = 1000;  // BM_PutItem's keys

using bench_util::NowNanos;
using bench_util::OneKilobyteItem;
using bench_util::Percentile;
using bench_util::PutAtRate;

// The key number of a record of item "user<i>"; -1 for any other.
int KeyNumberOf(const Record& record) {
  auto id = record.dynamodb.keys.find("id");
  if (id == record.dynamodb.keys.end()) return -1;
  const std::string& key = id->second.s();
  return key.starts_with("user") ? std::atoi(key.c_str() + 4) : -1;
}

// Writes `n` as 8 digits over the start of field0: the item changes, its size does not.
void Stamp(Item& item, uint64_t n) {
  char digits[9];
  std::snprintf(digits, sizeof digits, "%08llu", static_cast<unsigned long long>(n % 100'000'000));
  item.at("field0").s().replace(0, 8, digits, 8);
}

// Timestamps the arrival of each record of item "user<k>", k < arrived.size(), the first time.
class ArrivalHandler final : public StreamHandler {
 public:
  explicit ArrivalHandler(size_t keys) : arrived_(keys) {}

  StreamHandlerResponse Invoke(const StreamHandlerEvent& event,
                               const StreamInvocation& /*invocation*/) override {
    const int64_t now = NowNanos();
    for (const Record& record : event.records) {
      const int k = KeyNumberOf(record);
      if (k < 0 || static_cast<size_t>(k) >= arrived_.size()) continue;
      int64_t unset = 0;
      if (arrived_[k].compare_exchange_strong(unset, now)) {
        found_.fetch_add(1, std::memory_order_relaxed);
      }
    }
    batches_.fetch_add(1, std::memory_order_relaxed);
    return {};
  }

  int64_t arrived(size_t k) const { return arrived_[k].load(std::memory_order_acquire); }
  int64_t found() const { return found_.load(std::memory_order_acquire); }
  int64_t batches() const { return batches_.load(std::memory_order_relaxed); }

 private:
  std::vector<std::atomic<int64_t>> arrived_;
  std::atomic<int64_t> found_{0};
  std::atomic<int64_t> batches_{0};
};

// Counts the records it is given.
class CountingHandler final : public StreamHandler {
 public:
  StreamHandlerResponse Invoke(const StreamHandlerEvent& event,
                               const StreamInvocation& /*invocation*/) override {
    records_.fetch_add(static_cast<int64_t>(event.records.size()), std::memory_order_relaxed);
    batches_.fetch_add(1, std::memory_order_relaxed);
    return {};
  }
  int64_t records() const { return records_.load(std::memory_order_relaxed); }
  int64_t batches() const { return batches_.load(std::memory_order_relaxed); }

 private:
  std::atomic<int64_t> records_{0};
  std::atomic<int64_t> batches_{0};
};

// A fresh database in `dir` (or in memory) holding the table "bench" with a NEW_AND_OLD_IMAGES
// stream, fed to `handler` by a TableName mapping (BatchSize 100, no batching window, from
// TRIM_HORIZON) unless `handler` is null.
std::unique_ptr<Database> OpenBench(bool in_memory, std::shared_ptr<StreamHandler> handler,
                                    const char* dir) {
  Options options;
  options.in_memory = in_memory;
  options.data_dir = std::filesystem::temp_directory_path() / dir;
  std::filesystem::remove_all(options.data_dir);
  if (handler != nullptr) {
    EventSourceMapping mapping;
    mapping.table_name = "bench";
    mapping.function_name = "bench";
    mapping.batch_size = 100;
    mapping.maximum_batching_window_seconds = 0;
    mapping.handler = std::move(handler);
    options.event_source_mappings.push_back(std::move(mapping));
  }
  auto db = std::move(Database::Open(options)).value();
  (void)bench_util::CreateBenchTable(*db, StreamViewType::kNewAndOldImages);
  return db;
}

void BM_ConsumerLatency(benchmark::State& state) {
  const int64_t rate = state.range(0);
  const bool in_memory = state.range(1) == 1;
  const int writes = static_cast<int>(std::min<int64_t>(20'000, rate * 3));
  auto handler = std::make_shared<ArrivalHandler>(static_cast<size_t>(writes));
  auto db = OpenBench(in_memory, handler, "stator-bench-consumer-latency-db");
  std::vector<PutItemRequest> puts(static_cast<size_t>(writes));
  for (int i = 0; i < writes; ++i) {
    puts[i].table_name = "bench";
    puts[i].item = OneKilobyteItem(i);
  }
  std::vector<int64_t> acked(puts.size(), 0);
  for (auto _ : state) {
    const int64_t begin = NowNanos();
    if (Status put = PutAtRate(*db, puts, rate, &acked); !put.ok()) {
      return state.SkipWithError(put.message().c_str());
    }
    state.counters["writes_per_s"] = writes * 1e9 / static_cast<double>(NowNanos() - begin);
    const int64_t deadline = NowNanos() + 30'000'000'000;
    while (handler->found() < writes && NowNanos() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }
  if (handler->found() < writes) return state.SkipWithError("a record never reached the handler");
  std::vector<double> latency_us;
  int64_t before_ack = 0;
  for (size_t i = 0; i < puts.size(); ++i) {
    const int64_t arrived = handler->arrived(i);
    if (arrived < acked[i]) ++before_ack;
    latency_us.push_back(static_cast<double>(std::max<int64_t>(arrived - acked[i], 0)) / 1e3);
  }
  std::sort(latency_us.begin(), latency_us.end());
  state.counters["p50_us"] = Percentile(latency_us, 0.50);
  state.counters["p99_us"] = Percentile(latency_us, 0.99);
  state.counters["p999_us"] = Percentile(latency_us, 0.999);
  state.counters["max_us"] = latency_us.back();
  state.counters["before_ack"] = static_cast<double>(before_ack);
  state.counters["batches"] = static_cast<double>(handler->batches());
  state.counters["records_per_batch"] =
      static_cast<double>(writes) / static_cast<double>(std::max<int64_t>(1, handler->batches()));
}
BENCHMARK(BM_ConsumerLatency)
    ->ArgsProduct({{1'000, 5'000}, {1, 0}})
    ->ArgNames({"rate", "in_memory"})
    ->Iterations(1)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

void BM_ConsumerThroughput(benchmark::State& state) {
  const bool mapped = state.range(0) == 1;
  const bool in_memory = state.range(1) == 1;
  auto handler = mapped ? std::make_shared<CountingHandler>() : nullptr;
  auto db = OpenBench(in_memory, handler, "stator-bench-consumer-throughput-db");
  std::vector<PutItemRequest> puts(kPutKeys);
  for (int i = 0; i < kPutKeys; ++i) {
    puts[i].table_name = "bench";
    puts[i].item = OneKilobyteItem(i);
    if (auto loaded = db->PutItem(kCall, puts[i]); !loaded.ok()) {
      return state.SkipWithError(loaded.status().message().c_str());
    }
  }
  // The load's INSERT records delivered first, so the timed loop counts only its own.
  const int64_t deadline = NowNanos() + 30'000'000'000;
  while (handler != nullptr && handler->records() < kPutKeys && NowNanos() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  const int64_t delivered_before = handler != nullptr ? handler->records() : 0;
  const int64_t batches_before = handler != nullptr ? handler->batches() : 0;
  uint64_t version = 0;
  size_t i = 0;
  const int64_t begin = NowNanos();
  for (auto _ : state) {
    PutItemRequest& put = puts[i++ % puts.size()];
    Stamp(put.item, ++version);
    auto result = db->PutItem(kCall, put);
    if (!result.ok()) state.SkipWithError(result.status().message().c_str());
  }
  const int64_t elapsed = NowNanos() - begin;
  state.SetItemsProcessed(state.iterations());
  if (handler != nullptr && elapsed > 0) {
    const int64_t delivered = handler->records() - delivered_before;
    state.counters["delivered_per_s"] =
        static_cast<double>(delivered) * 1e9 / static_cast<double>(elapsed);
    // Each batch also costs a checkpoint write (a RocksDB write beside the puts'): a consumer
    // that keeps up gathers few records a batch, so it writes about as often as the writer.
    state.counters["records_per_batch"] =
        static_cast<double>(delivered) /
        static_cast<double>(std::max<int64_t>(1, handler->batches() - batches_before));
    state.counters["backlog"] =
        static_cast<double>(static_cast<int64_t>(state.iterations()) - delivered);
  }
}
// Each mapping run right after its floor, so the ratio compares neighbours in time.
BENCHMARK(BM_ConsumerThroughput)
    ->Args({0, 1})
    ->Args({1, 1})
    ->Args({0, 0})
    ->Args({1, 0})
    ->ArgNames({"mapping", "in_memory"})
    ->UseRealTime();

}  // namespace
}  // namespace stator
