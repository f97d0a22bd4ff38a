// The storage floor under PutItem and GetItem: the RocksDB work those operations do, done
// directly on engine::Storage with the engine's options, so the rest of their cost (validation,
// encoding, locks, statistics) is the difference from BM_PutItemLatency / BM_GetItemLatency
// (database_bench.cc), measured on the same 100,000 keys of ~1 KB records.
// - BM_StorageGet: one point read of a random record (what an uncached GetItem reads).
// - BM_StoragePut: one point read of the old record and one batch writing the new record and a
//   statistics merge (what a PutItem on a table without indexes writes).
// - BM_StoragePutOnly: the batch alone, without the read.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "engine/storage/storage.h"

namespace stator::engine {
namespace {

constexpr int kKeys = 100'000;
constexpr size_t kRecordBytes = 1'100;

std::string KeyOf(int i) {
  // A 4-byte table prefix, an 8-byte partition hash and the key bytes, as key_codec.h lays out
  // an item key (the hash here is the index, which spreads the keys the same way).
  std::string key("\0\0\0\1", 4);
  const uint64_t hash = static_cast<uint64_t>(i) * 0x9E3779B97F4A7C15ull;
  for (int b = 7; b >= 0; --b) key.push_back(static_cast<char>(hash >> (8 * b)));
  return key.append("Suser").append(std::to_string(i));
}

// One store per storage mode, loaded once: Google Benchmark calls each function several times.
Storage& LoadedStorage(bool in_memory) {
  static std::unique_ptr<Storage> loaded[2];
  auto& storage = loaded[in_memory ? 1 : 0];
  if (storage) return *storage;
  StorageConfig config;
  config.in_memory = in_memory;
  config.dir = std::filesystem::temp_directory_path() / "stator-bench-storage";
  std::filesystem::remove_all(config.dir);
  storage = std::move(Storage::Open(config)).value();
  const std::string record(kRecordBytes, 'r');
  for (int i = 0; i < kKeys; ++i) {
    WriteBatch batch(*storage);
    batch.Put(Space::kItems, KeyOf(i), record);
    (void)storage->Write(batch);
  }
  return *storage;
}

// Times each call of fn and reports the p50 and p99 in microseconds.
template <class Fn>
void TimeEach(benchmark::State& state, Fn&& fn) {
  std::vector<double> samples;
  samples.reserve(1 << 20);
  for (auto _ : state) {
    const auto start = std::chrono::steady_clock::now();
    fn();
    samples.push_back(
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start)
            .count());
  }
  if (samples.empty()) return;
  for (const auto& [name, q] : {std::pair{"p50_us", 0.50}, std::pair{"p99_us", 0.99}}) {
    const size_t n = static_cast<size_t>(q * static_cast<double>(samples.size() - 1));
    std::nth_element(samples.begin(), samples.begin() + static_cast<long>(n), samples.end());
    state.counters[name] = samples[n];
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_StorageGet(benchmark::State& state) {
  Storage& storage = LoadedStorage(state.range(0) == 1);
  std::mt19937 rng(42);
  std::uniform_int_distribution<int> pick(0, kKeys - 1);
  TimeEach(state, [&] {
    bool found = false;
    size_t bytes = 0;
    (void)storage.Get(Space::kItems, KeyOf(pick(rng)),
                      [&](std::string_view value) { bytes = value.size(); }, &found);
    if (!found) state.SkipWithError("missing record");
    benchmark::DoNotOptimize(bytes);
  });
}
BENCHMARK(BM_StorageGet)->Arg(1)->Arg(0)->ArgName("in_memory");

void StoragePuts(benchmark::State& state, bool read_old) {
  Storage& storage = LoadedStorage(state.range(0) == 1);
  // Overwrites of 1000 random loaded keys in turn, as BM_PutItemLatency writes them.
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> pick(0, kKeys - 1);
  std::vector<std::string> keys(1000);
  for (auto& key : keys) key = KeyOf(pick(rng));
  std::string record(kRecordBytes, 'r');
  int64_t version = 0;
  size_t i = 0;
  TimeEach(state, [&] {
    const std::string& key = keys[i++ % keys.size()];
    if (read_old) {
      bool found = false;
      size_t old_bytes = 0;
      (void)storage.Get(Space::kItems, key,
                        [&](std::string_view value) { old_bytes = value.size(); }, &found);
      benchmark::DoNotOptimize(old_bytes);
    }
    record[++version % kRecordBytes] ^= 1;
    WriteBatch batch(storage);
    batch.Put(Space::kItems, key, record);
    batch.AddStats("stats", 0, 0);
    if (!storage.Write(batch).ok()) state.SkipWithError("write failed");
  });
}

void BM_StoragePut(benchmark::State& state) { StoragePuts(state, true); }
BENCHMARK(BM_StoragePut)->Arg(1)->Arg(0)->ArgName("in_memory");

void BM_StoragePutOnly(benchmark::State& state) { StoragePuts(state, false); }
BENCHMARK(BM_StoragePutOnly)->Arg(1)->Arg(0)->ArgName("in_memory");

}  // namespace
}  // namespace stator::engine
