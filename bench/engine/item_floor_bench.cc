// Uncached GetItem and PutItem against their storage floor, measured in the same process on the
// same store: the operation through the public Database API and the RocksDB work under it done
// directly on the engine's Storage (what storage_bench.cc measures on a store of its own), on
// random keys of the same 100,000 ~1 KB items, in alternating blocks of kBlock operations. Both
// so see the same data, compaction state and machine load; a block is long enough for each side
// to run with the CPU caches as it leaves them when it runs alone (timed one for one, the floor
// read shared the operation's cache misses and the ratio came out lower than either alone). The
// reported ratio (op_p50 / floor_p50) is what the README's embedded targets are stated in.
// - BM_GetItemVsFloor: GetItem of a random key; the floor is one point read of another key's
//   record (an uncached GetItem's RocksDB work).
// - BM_GetItemFlatVsFloor: the same read answered in the flat item form (GetItemFlat).
// - BM_PutItemVsFloor: PutItem overwriting a random key; the floor reads another key's record
//   (its size) and writes a batch with that record and a statistics merge, which is what a
//   PutItem on a table without indexes writes.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "bench/engine/bench_util.h"
#include "engine/engine_database.h"
#include "engine/model/coding.h"
#include "engine/tables/catalog.h"
#include "stator/database.h"

namespace stator {
namespace {

constexpr int kKeys = 100'000;
constexpr int kBlock = 1000;  // operations of one side before the other side's turn
const CallOptions kCall;

using bench_util::KeyOf;
using bench_util::OneKilobyteItem;

// The engine with no item cache in front, its table loaded, and the encoded keys of its items.
struct Loaded {
  std::unique_ptr<Database> db;
  engine::Storage* storage = nullptr;
  std::vector<std::string> item_keys;
};

Loaded& LoadedStore(bool in_memory) {
  // Never destroyed: the stores outlive RocksDB's own statics at exit otherwise, and closing
  // them then fails ("pthread lock: Invalid argument").
  static Loaded* const loaded = new Loaded[2];
  Loaded& l = loaded[in_memory ? 1 : 0];
  if (l.db) return l;
  Options options;
  options.in_memory = in_memory;
  // One directory per mode: both stores stay open, and opening one clears its directory.
  options.data_dir = std::filesystem::temp_directory_path() /
                     (in_memory ? "stator-bench-floor-memory" : "stator-bench-floor-disk");
  std::filesystem::remove_all(options.data_dir);
  l.db = std::move(engine::EngineDatabase::Open(options)).value();
  (void)bench_util::CreateBenchTable(*l.db);
  PutItemRequest put;
  put.table_name = "bench";
  for (int i = 0; i < kKeys; ++i) {
    put.item = OneKilobyteItem(i);
    (void)l.db->PutItem(kCall, put);
  }
  l.storage = &static_cast<engine::EngineDatabase&>(*l.db).StorageForBenchmarks();
  for (auto it = l.storage->NewRangeIterator(engine::Space::kItems, "", "", false); it->Valid();
       it->Next()) {
    l.item_keys.emplace_back(it->key());
  }
  return l;
}

// Per-operation latencies of one side, reported as p50/p99 counters in microseconds.
class Latencies {
 public:
  Latencies() { samples_.reserve(1 << 20); }
  template <class Fn>
  void Time(Fn&& fn) {
    const auto start = std::chrono::steady_clock::now();
    fn();
    const auto end = std::chrono::steady_clock::now();
    samples_.push_back(std::chrono::duration<double, std::micro>(end - start).count());
  }
  double Percentile(double q) {
    if (samples_.empty()) return 0;
    const size_t n = static_cast<size_t>(q * static_cast<double>(samples_.size() - 1));
    std::nth_element(samples_.begin(), samples_.begin() + static_cast<long>(n), samples_.end());
    return samples_[n];
  }

 private:
  std::vector<double> samples_;
};

void Report(benchmark::State& state, Latencies& op, Latencies& floor) {
  const double op_p50 = op.Percentile(0.50), floor_p50 = floor.Percentile(0.50);
  state.counters["op_p50_us"] = op_p50;
  state.counters["floor_p50_us"] = floor_p50;
  state.counters["op_p99_us"] = op.Percentile(0.99);
  state.counters["floor_p99_us"] = floor.Percentile(0.99);
  state.counters["ratio_p50"] = floor_p50 > 0 ? op_p50 / floor_p50 : 0;
  state.SetItemsProcessed(state.iterations());
}

// A read of a random key by `read` (GetItem or GetItemFlat) against the floor.
template <class Read>
void ReadVsFloor(benchmark::State& state, Read read) {
  Loaded& l = LoadedStore(state.range(0) == 1);
  GetItemRequest get;
  get.table_name = "bench";
  std::mt19937 rng(42);
  std::uniform_int_distribution<int> pick(0, kKeys - 1);
  Latencies op, floor;
  bool op_turn = true;
  int in_block = 0;
  for (auto _ : state) {
    get.key = {{"id", AttributeValue::S(KeyOf(pick(rng)))}};
    const std::string& key = l.item_keys[static_cast<size_t>(pick(rng)) % l.item_keys.size()];
    auto get_item = [&] {
      auto result = read(*l.db, get);
      if (!result.ok() || !result->item) state.SkipWithError("missing item");
      benchmark::DoNotOptimize(result);
    };
    auto point_read = [&] {
      bool found = false;
      size_t bytes = 0;
      (void)l.storage->Get(
          engine::Space::kItems, key, [&](std::string_view value) { bytes = value.size(); },
          &found);
      if (!found) state.SkipWithError("missing record");
      benchmark::DoNotOptimize(bytes);
    };
    if (op_turn) {
      op.Time(get_item);
    } else {
      floor.Time(point_read);
    }
    if (++in_block == kBlock) {
      in_block = 0;
      op_turn = !op_turn;
    }
  }
  Report(state, op, floor);
}

void BM_GetItemVsFloor(benchmark::State& state) {
  ReadVsFloor(state, [](Database& db, const GetItemRequest& r) { return db.GetItem(kCall, r); });
}
BENCHMARK(BM_GetItemVsFloor)->Arg(0)->Arg(1)->ArgName("in_memory");

// The item in its flat form (flat_item.h): the stored record handed over, not decoded.
void BM_GetItemFlatVsFloor(benchmark::State& state) {
  ReadVsFloor(state,
              [](Database& db, const GetItemRequest& r) { return db.GetItemFlat(kCall, r); });
}
BENCHMARK(BM_GetItemFlatVsFloor)->Arg(0)->Arg(1)->ArgName("in_memory");

void BM_PutItemVsFloor(benchmark::State& state) {
  Loaded& l = LoadedStore(state.range(0) == 1);
  // Overwrites of 1000 random loaded items in turn, as BM_PutItemLatency writes them; the floor
  // rewrites 1000 other random records as they are stored.
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> pick(0, kKeys - 1);
  std::vector<PutItemRequest> puts(1000);
  for (auto& put : puts) {
    put.table_name = "bench";
    put.item = OneKilobyteItem(pick(rng));
  }
  std::vector<std::pair<std::string, std::string>> records(1000);
  for (auto& [key, value] : records) {
    key = l.item_keys[static_cast<size_t>(pick(rng)) % l.item_keys.size()];
    bool found = false;
    (void)l.storage->Get(engine::Space::kItems, key, &value, &found);
  }
  const std::string stats_key =
      engine::StatsKey(DecodeFixed32BE(l.item_keys.front().data()));  // the table's id
  Latencies op, floor;
  bool op_turn = true;
  int in_block = 0;
  size_t i = 0;
  for (auto _ : state) {
    const PutItemRequest& put = puts[i % puts.size()];
    // Named, not a structured binding: clang before 16 cannot capture a binding in a lambda.
    const std::string& key = records[i % records.size()].first;
    const std::string& record = records[i % records.size()].second;
    ++i;
    auto put_item = [&] {
      auto result = l.db->PutItem(kCall, put);
      if (!result.ok()) state.SkipWithError(result.status().message().c_str());
      benchmark::DoNotOptimize(result);
    };
    auto write = [&] {
      bool found = false;
      size_t old_bytes = 0;
      (void)l.storage->Get(
          engine::Space::kItems, key, [&](std::string_view value) { old_bytes = value.size(); },
          &found);
      benchmark::DoNotOptimize(old_bytes);
      engine::WriteBatch batch(*l.storage);
      batch.Put(engine::Space::kItems, key, record);
      batch.AddStats(stats_key, 0, 0);
      if (!l.storage->Write(batch).ok()) state.SkipWithError("write failed");
    };
    if (op_turn) {
      op.Time(put_item);
    } else {
      floor.Time(write);
    }
    if (++in_block == kBlock) {
      in_block = 0;
      op_turn = !op_turn;
    }
  }
  Report(state, op, floor);
}
BENCHMARK(BM_PutItemVsFloor)->Arg(0)->Arg(1)->ArgName("in_memory");

}  // namespace
}  // namespace stator
