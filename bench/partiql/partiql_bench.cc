// Embedded PartiQL against the API call it stands for: `SELECT * FROM "bench" WHERE id = ?`
// through Partiql::ExecuteStatement against the equivalent GetItem, both on the same loaded
// in-memory database (behind its item cache, as every read after the first is). The statement's
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

Database& Loaded() {
  static std::mutex mu;
  // Never destroyed: its background threads must not outlive the statics they use at exit.
  static Database* db = nullptr;
  std::lock_guard lock(mu);
  if (!db) {
    Options options;
    options.in_memory = true;
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
  Database& db = Loaded();
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
BENCHMARK(BM_GetItem);

void BM_ExecuteStatementSelectByKey(benchmark::State& state) {
  Database& db = Loaded();
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
BENCHMARK(BM_ExecuteStatementSelectByKey);

}  // namespace
}  // namespace stator
