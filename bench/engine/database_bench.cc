// Embedded single-item throughput and latency: PutItem and GetItem of 1 KB items over 100,000
// keys, through the public Database API (WAL on, no fsync), in memory and on disk. The *Latency
// benchmarks time every operation with a steady clock and report its p50/p99 in microseconds
// (the issue 7 targets are medians); BM_GetItemThreads reads from one and from two threads to
// show the read path scales (no global lock).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <mutex>
#include <random>
#include <vector>

#include "engine/engine_database.h"
#include "bench/engine/bench_util.h"
#include "stator/database.h"

namespace stator {
namespace {

constexpr int kKeys = 100'000;
const CallOptions kCall;

using bench_util::KeyOf;
using bench_util::OneKilobyteItem;

// budgeted: the engine alone, opened with the small RocksDB memory budget it gets behind a 1 GiB
// item cache (storage.cc), to measure what a read that misses the item cache costs.
// cached: the engine behind a 64 MB item cache, as the server runs it (writes then tell the
// cache's change listener).
std::unique_ptr<Database> OpenFresh(bool in_memory, bool budgeted = false, bool cached = false) {
  Options options;
  options.in_memory = in_memory;
  options.data_dir = std::filesystem::temp_directory_path() / "stator-bench-db";
  std::filesystem::remove_all(options.data_dir);
  if (budgeted) options.cache.size_bytes = size_t{1} << 30;
  if (cached) options.cache.size_bytes = size_t{64} << 20;
  auto db = std::move(budgeted ? engine::EngineDatabase::Open(options) : Database::Open(options))
                .value();
  (void)bench_util::CreateBenchTable(*db);
  return db;
}

void BM_PutItem(benchmark::State& state) {
  auto db = OpenFresh(state.range(0) == 1, false, state.range(1) == 1);
  std::vector<PutItemRequest> puts(1000);
  for (int i = 0; i < 1000; ++i) {
    puts[i].table_name = "bench";
    puts[i].item = OneKilobyteItem(i);
  }
  if (state.range(1) == 1) {
    // Behind the cache, as in a server that has served reads: every key is written and read
    // once, so each timed put replaces a cached item (the change feed updates it).
    GetItemRequest get;
    get.table_name = "bench";
    for (const PutItemRequest& put : puts) {
      (void)db->PutItem(kCall, put);
      get.key = {{"id", put.item.at("id")}};
      (void)db->GetItem(kCall, get);
    }
  }
  int i = 0;
  for (auto _ : state) {
    auto result = db->PutItem(kCall, puts[i++ % puts.size()]);
    if (!result.ok()) state.SkipWithError(result.status().message().c_str());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PutItem)->ArgsProduct({{1, 0}, {0, 1}})->ArgNames({"in_memory", "cached"});

// Google Benchmark calls a benchmark function several times while it sizes the run: load the
// table once per storage mode, not on every call.
Database& LoadedDatabase(bool in_memory, bool budgeted = false) {
  static std::mutex mu;  // threaded benchmarks call this from every thread
  static std::unique_ptr<Database> loaded[3];
  std::lock_guard lock(mu);
  auto& db = loaded[budgeted ? 2 : in_memory ? 1 : 0];
  if (!db) {
    db = OpenFresh(in_memory, budgeted);
    PutItemRequest put;
    put.table_name = "bench";
    for (int i = 0; i < kKeys; ++i) {
      put.item = OneKilobyteItem(i);
      (void)db->PutItem(kCall, put);
    }
  }
  return *db;
}

// GetItem of uniformly random loaded keys, as long as the benchmark runs.
void RandomGets(benchmark::State& state, Database& db) {
  GetItemRequest get;
  get.table_name = "bench";
  std::mt19937 rng(42);
  std::uniform_int_distribution<int> pick(0, kKeys - 1);
  for (auto _ : state) {
    get.key = {{"id", AttributeValue::S(KeyOf(pick(rng)))}};
    auto result = db.GetItem(kCall, get);
    if (!result.ok() || !result->item) state.SkipWithError("missing item");
    benchmark::DoNotOptimize(result);
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_GetItem(benchmark::State& state) {
  RandomGets(state, LoadedDatabase(state.range(0) == 1));
}
BENCHMARK(BM_GetItem)->Arg(1)->Arg(0)->ArgName("in_memory");

// GetItem on disk from the engine with the RocksDB budget it has behind the item cache: the cost
// of an item-cache miss (compare BM_GetItem/in_memory:0).
void BM_GetItemBudgeted(benchmark::State& state) {
  RandomGets(state, LoadedDatabase(false, true));
}
BENCHMARK(BM_GetItemBudgeted);

// Per-operation latencies, in nanoseconds, of one benchmark thread.
class Latencies {
 public:
  Latencies() { samples_.reserve(1 << 20); }
  // Times fn, keeping its latency.
  template <class Fn>
  void Time(Fn&& fn) {
    const auto start = std::chrono::steady_clock::now();
    fn();
    const auto end = std::chrono::steady_clock::now();
    samples_.push_back(std::chrono::duration<double, std::nano>(end - start).count());
  }
  // Reports p50 and p99 in microseconds (averaged over threads).
  void Report(benchmark::State& state) {
    if (samples_.empty()) return;
    state.counters["p50_us"] = benchmark::Counter(Percentile(0.50) / 1e3,
                                                  benchmark::Counter::kAvgThreads);
    state.counters["p99_us"] = benchmark::Counter(Percentile(0.99) / 1e3,
                                                  benchmark::Counter::kAvgThreads);
  }

 private:
  double Percentile(double q) {
    const size_t n = static_cast<size_t>(q * static_cast<double>(samples_.size() - 1));
    std::nth_element(samples_.begin(), samples_.begin() + static_cast<long>(n), samples_.end());
    return samples_[n];
  }
  std::vector<double> samples_;
};

void BM_GetItemLatency(benchmark::State& state) {
  Database& db = LoadedDatabase(state.range(0) == 1);
  GetItemRequest get;
  get.table_name = "bench";
  std::mt19937 rng(42 + state.thread_index());
  std::uniform_int_distribution<int> pick(0, kKeys - 1);
  Latencies latencies;
  for (auto _ : state) {
    get.key = {{"id", AttributeValue::S(KeyOf(pick(rng)))}};
    latencies.Time([&] {
      auto result = db.GetItem(kCall, get);
      if (!result.ok() || !result->item) state.SkipWithError("missing item");
      benchmark::DoNotOptimize(result);
    });
  }
  latencies.Report(state);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_GetItemLatency)->Arg(1)->Arg(0)->ArgName("in_memory");

// Read throughput from one and from two threads (items_per_second is the total of the threads).
BENCHMARK(BM_GetItemLatency)
    ->Name("BM_GetItemThreads")
    ->Arg(0)
    ->ArgName("in_memory")
    ->Threads(1)
    ->Threads(2)
    ->UseRealTime();

void BM_PutItemLatency(benchmark::State& state) {
  Database& db = LoadedDatabase(state.range(0) == 1);
  std::vector<PutItemRequest> puts(1000);
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> pick(0, kKeys - 1);
  for (auto& put : puts) {
    put.table_name = "bench";
    put.item = OneKilobyteItem(pick(rng));  // overwrites of existing keys, as in steady state
  }
  Latencies latencies;
  size_t i = 0;
  for (auto _ : state) {
    const PutItemRequest& put = puts[i++ % puts.size()];
    latencies.Time([&] {
      auto result = db.PutItem(kCall, put);
      if (!result.ok()) state.SkipWithError(result.status().message().c_str());
      benchmark::DoNotOptimize(result);
    });
  }
  latencies.Report(state);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PutItemLatency)->Arg(1)->Arg(0)->ArgName("in_memory");

}  // namespace
}  // namespace stator
