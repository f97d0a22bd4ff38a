// Embedded PartiQL against the API call it stands for: `SELECT * FROM "bench" WHERE id = ?`
// through Partiql::ExecuteStatement against the equivalent GetItem, both on the same loaded
// in-memory database, without (cached:0, the embedded default) and with (cached:1) the item
// cache, whose hits are far cheaper than the engine's reads. The statement's
// parse and its table's key schema are cached, so what remains is binding the parameter and
// building the GetItem. Target (issue 20): ExecuteStatement at most 1.3x GetItem.
#include <benchmark/benchmark.h>

#include <memory>
#include <mutex>
#include <random>

#include "bench/engine/bench_util.h"
#include "stator/database.h"
#include "stator/partiql.h"

namespace stator {
namespace {

constexpr int kKeys = 10'000;
const CallOptions kCall;

Database& Loaded(bool cached) {
  static std::mutex mu;
  // Never destroyed: their background threads must not outlive the statics they use at exit.
  static Database* loaded[2] = {nullptr, nullptr};
  std::lock_guard lock(mu);
  Database*& db = loaded[cached ? 1 : 0];
  if (!db) {
    Options options;
    options.in_memory = true;
    if (cached) options.cache.size_bytes = 256 << 20;
    db = Database::Open(options).value().release();
    (void)bench_util::CreateBenchTable(*db);
    PutItemRequest put;
    put.table_name = "bench";
    for (int i = 0; i < kKeys; ++i) {
      put.item = bench_util::OneKilobyteItem(i);
      (void)db->PutItem(kCall, put);
    }
  }
  return *db;
}

void BM_GetItem(benchmark::State& state) {
  Database& db = Loaded(state.range(0) == 1);
  GetItemRequest get;
  get.table_name = "bench";
  std::mt19937 rng(42);
  std::uniform_int_distribution<int> pick(0, kKeys - 1);
  for (auto _ : state) {
    get.key = {{"id", AttributeValue::S(bench_util::KeyOf(pick(rng)))}};
    auto result = db.GetItem(kCall, get);
    if (!result.ok() || !result->item) state.SkipWithError("GetItem failed");
    benchmark::DoNotOptimize(result);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_GetItem)->Arg(0)->Arg(1)->ArgName("cached");

void BM_ExecuteStatementSelectByKey(benchmark::State& state) {
  Database& db = Loaded(state.range(0) == 1);
  Partiql partiql(db);
  ExecuteStatementRequest select;
  select.statement = "SELECT * FROM \"bench\" WHERE id = ?";
  select.parameters.resize(1);
  std::mt19937 rng(42);
  std::uniform_int_distribution<int> pick(0, kKeys - 1);
  for (auto _ : state) {
    select.parameters[0] = AttributeValue::S(bench_util::KeyOf(pick(rng)));
    auto result = partiql.ExecuteStatement(kCall, select);
    if (!result.ok() || result->items.size() != 1) state.SkipWithError("ExecuteStatement failed");
    benchmark::DoNotOptimize(result);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ExecuteStatementSelectByKey)->Arg(0)->Arg(1)->ArgName("cached");

}  // namespace
}  // namespace stator
