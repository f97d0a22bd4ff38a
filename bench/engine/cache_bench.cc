// The read-through cache (cache/): embedded cached GetItem latency, and the hit ratio of the
// eviction policies on skewed workloads, which chose S3-FIFO over LRU (cache/eviction.h).
//
// BM_CachedGetItem / BM_CachedGetItemShared: 10,000 1 KB items, all cached, random keys; one
// thread. Each read is timed on its own; p50 and p99 (ns) are reported as counters. GetItem
// copies the item into its response (ten attributes: ten allocations); GetItemShared, which the
// HTTP server uses, hands out the cached item itself.
//
// BM_EvictionHitRatio/<policy>/<zipf s x100>/<budget in permille of the keys>: 2M reads of
// 100,000 keys drawn from a zipfian distribution, fill on miss, equal-sized entries; the
// `hit_ratio` counter is the figure compared. Measured on this machine (hit ratio, LRU vs
// S3-FIFO, same trace, seed 42):
//   zipf 0.99, budget  1%: 0.489 vs 0.583      zipf 0.80, budget  1%: 0.204 vs 0.315
//   zipf 0.99, budget  5%: 0.650 vs 0.715      zipf 0.80, budget  5%: 0.369 vs 0.467
//   zipf 0.99, budget 10%: 0.724 vs 0.772      zipf 0.80, budget 10%: 0.468 vs 0.550
// (re-run: build/bench/engine_bench --benchmark_filter=EvictionHitRatio)
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <random>
#include <vector>

#include "cache/eviction.h"
#include "bench/engine/bench_util.h"
#include "stator/database.h"

namespace stator {
namespace {

const CallOptions kCall;
constexpr int kCachedKeys = 10'000;

std::unique_ptr<Database> OpenCachedAndWarm() {
  Options options;
  options.in_memory = true;
  options.cache.size_bytes = 256 << 20;
  auto db = std::move(Database::Open(options)).value();
  (void)bench_util::CreateBenchTable(*db);
  for (int i = 0; i < kCachedKeys; ++i) {
    PutItemRequest put;
    put.table_name = "bench";
    put.item = bench_util::OneKilobyteItem(i);
    (void)db->PutItem(kCall, put);
    GetItemRequest get;
    get.table_name = "bench";
    get.key = Item{{"id", AttributeValue::S(bench_util::KeyOf(i))}};
    (void)db->GetItem(kCall, get);
  }
  return db;
}

template <class Read>
void TimeReads(benchmark::State& state, Read&& read) {
  auto db = OpenCachedAndWarm();
  std::vector<GetItemRequest> requests(1024);
  std::mt19937 rng(7);
  for (auto& r : requests) {
    r.table_name = "bench";
    const int key = static_cast<int>(rng() % kCachedKeys);
    r.key = Item{{"id", AttributeValue::S(bench_util::KeyOf(key))}};
  }
  std::vector<int64_t> ns;
  ns.reserve(1 << 20);
  size_t i = 0;
  for (auto _ : state) {
    const auto start = std::chrono::steady_clock::now();
    read(*db, requests[i++ & 1023]);
    const auto end = std::chrono::steady_clock::now();
    if (ns.size() < ns.capacity()) {
      ns.push_back(std::chrono::duration_cast<std::chrono::nanoseconds>(end - start).count());
    }
  }
  std::sort(ns.begin(), ns.end());
  if (!ns.empty()) {
    state.counters["p50_ns"] = static_cast<double>(ns[ns.size() / 2]);
    state.counters["p99_ns"] = static_cast<double>(ns[ns.size() * 99 / 100]);
  }
  const CacheStats stats = db->GetCacheStats();
  if (!stats.tables.empty()) {
    const auto& t = stats.tables[0];
    state.counters["hit_ratio"] =
        static_cast<double>(t.item_hits) / static_cast<double>(t.item_hits + t.item_misses);
  }
}

void BM_CachedGetItem(benchmark::State& state) {
  TimeReads(state, [](Database& db, const GetItemRequest& r) {
    auto response = db.GetItem(kCall, r);
    benchmark::DoNotOptimize(response);
  });
}
BENCHMARK(BM_CachedGetItem);

void BM_CachedGetItemShared(benchmark::State& state) {
  TimeReads(state, [](Database& db, const GetItemRequest& r) {
    auto response = db.GetItemShared(kCall, r);
    benchmark::DoNotOptimize(response);
  });
}
BENCHMARK(BM_CachedGetItemShared);

// Ranks 0..n-1 drawn with probability proportional to 1 / (rank + 1)^s.
class Zipf {
 public:
  Zipf(int n, double s) : cdf_(n) {
    double sum = 0;
    for (int i = 0; i < n; ++i) cdf_[i] = sum += 1.0 / std::pow(i + 1, s);
    for (double& c : cdf_) c /= sum;
  }
  int Next(std::mt19937_64& rng) {
    const double u = std::uniform_real_distribution<double>(0, 1)(rng);
    return static_cast<int>(std::lower_bound(cdf_.begin(), cdf_.end(), u) - cdf_.begin());
  }

 private:
  std::vector<double> cdf_;
};

void BM_EvictionHitRatio(benchmark::State& state) {
  constexpr int kKeys = 100'000;
  constexpr int kReads = 2'000'000;
  constexpr size_t kCharge = 100;
  const auto policy = static_cast<cache::EvictionPolicy>(state.range(0));
  Zipf zipf(kKeys, static_cast<double>(state.range(1)) / 100);
  const size_t budget = kKeys * static_cast<size_t>(state.range(2)) / 1000 * kCharge;
  double ratio = 0;
  for (auto _ : state) {
    cache::EvictingShard<int> shard;
    shard.Configure(policy, budget);
    std::mt19937_64 rng(42);
    int hits = 0;
    for (int i = 0; i < kReads; ++i) {
      // Scrambled so that popular keys are not neighbours in hash order.
      const uint64_t key = static_cast<uint64_t>(zipf.Next(rng)) * 0x9E3779B97F4A7C15ULL;
      const std::string name = std::to_string(key);
      if (shard.Find(key, name) != nullptr) {
        ++hits;
      } else {
        shard.Insert(key, name, 0, kCharge, [](int) {});
      }
    }
    ratio = static_cast<double>(hits) / kReads;
  }
  state.counters["hit_ratio"] = ratio;
  state.SetLabel(policy == cache::EvictionPolicy::kLru ? "LRU" : "S3-FIFO");
}
BENCHMARK(BM_EvictionHitRatio)
    ->ArgsProduct({{0, 1}, {99, 80}, {10, 50, 100}})
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace stator
