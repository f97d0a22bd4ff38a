// Embedded batch and transaction throughput on one thread, in memory (WAL on, no fsync):
// BatchWriteItem of 25 x 1 KB items and TransactWriteItems of 10 puts of 1 KB items, against
// single PutItems of the same items. items_per_second compares the per-item cost (the issue's
// target: a batch write costs no more per item than 1.2 x a single PutItem).
#include <benchmark/benchmark.h>

#include <vector>

#include "bench/engine/bench_util.h"
#include "stator/database.h"

namespace stator {
namespace {

const CallOptions kCall;

using bench_util::OneKilobyteItem;

std::unique_ptr<Database> OpenBench() {
  Options options;
  options.in_memory = true;
  auto db = std::move(Database::Open(options)).value();
  (void)bench_util::CreateBenchTable(*db);
  return db;
}

constexpr int kDistinctItems = 10'000;

void BM_SinglePutItem(benchmark::State& state) {
  auto db = OpenBench();
  PutItemRequest put;
  put.table_name = "bench";
  int i = 0;
  for (auto _ : state) {
    put.item = OneKilobyteItem(i++ % kDistinctItems);
    auto result = db->PutItem(kCall, put);
    if (!result.ok()) state.SkipWithError(result.status().message().c_str());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SinglePutItem);

void BM_BatchWriteItem25(benchmark::State& state) {
  auto db = OpenBench();
  int i = 0;
  for (auto _ : state) {
    BatchWriteItemRequest batch;
    auto& writes = batch.request_items["bench"];
    for (int k = 0; k < 25; ++k) writes.push_back({OneKilobyteItem(i++ % kDistinctItems), {}});
    auto result = db->BatchWriteItem(kCall, batch);
    if (!result.ok()) state.SkipWithError(result.status().message().c_str());
  }
  state.SetItemsProcessed(state.iterations() * 25);
}
BENCHMARK(BM_BatchWriteItem25);

void BM_TransactWriteItems10(benchmark::State& state) {
  auto db = OpenBench();
  int i = 0;
  for (auto _ : state) {
    TransactWriteItemsRequest tx;
    for (int k = 0; k < 10; ++k) {
      PutItemRequest put;
      put.table_name = "bench";
      put.item = OneKilobyteItem(i++ % kDistinctItems);
      tx.transact_items.push_back(std::move(put));
    }
    auto result = db->TransactWriteItems(kCall, tx);
    if (!result.ok()) state.SkipWithError(result.status().message().c_str());
  }
  state.SetItemsProcessed(state.iterations() * 10);
}
BENCHMARK(BM_TransactWriteItems10);

}  // namespace
}  // namespace stator
