// Embedded single-item throughput: PutItem and GetItem of 1 KB items on one thread, through the
// public Database API (WAL on, no fsync), in memory and on disk.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <random>
#include <vector>

#include "stator/database.h"

namespace stator {
namespace {

constexpr int kKeys = 100'000;
const CallOptions kCall;

std::string KeyOf(int i) { return "user" + std::to_string(i); }

Item OneKilobyteItem(int i) {
  Item item{{"id", AttributeValue::S(KeyOf(i))}};
  // Ten string attributes of ~100 bytes: about 1 KB as the service counts it.
  for (int f = 0; f < 10; ++f) {
    item["field" + std::to_string(f)] = AttributeValue::S(std::string(94, char('a' + f)));
  }
  return item;
}

std::unique_ptr<Database> OpenFresh(bool in_memory) {
  Options options;
  options.in_memory = in_memory;
  options.data_dir = std::filesystem::temp_directory_path() / "stator-bench-db";
  std::filesystem::remove_all(options.data_dir);
  auto db = std::move(Database::Open(options)).value();
  CreateTableRequest create;
  create.table_name = "bench";
  create.attribute_definitions = {{"id", ScalarType::kS}};
  create.key_schema = {{"id", KeyType::kHash}};
  create.billing_mode = BillingMode::kPayPerRequest;
  (void)db->CreateTable(kCall, create);
  return db;
}

void BM_PutItem(benchmark::State& state) {
  auto db = OpenFresh(state.range(0) == 1);
  std::vector<PutItemRequest> puts(1000);
  for (int i = 0; i < 1000; ++i) {
    puts[i].table_name = "bench";
    puts[i].item = OneKilobyteItem(i);
  }
  int i = 0;
  for (auto _ : state) {
    auto result = db->PutItem(kCall, puts[i++ % puts.size()]);
    if (!result.ok()) state.SkipWithError(result.status().message().c_str());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PutItem)->Arg(1)->Arg(0)->ArgName("in_memory");

// Google Benchmark calls a benchmark function several times while it sizes the run: load the
// table once per storage mode, not on every call.
Database& LoadedDatabase(bool in_memory) {
  static std::unique_ptr<Database> loaded[2];
  auto& db = loaded[in_memory ? 1 : 0];
  if (!db) {
    db = OpenFresh(in_memory);
    PutItemRequest put;
    put.table_name = "bench";
    for (int i = 0; i < kKeys; ++i) {
      put.item = OneKilobyteItem(i);
      (void)db->PutItem(kCall, put);
    }
  }
  return *db;
}

void BM_GetItem(benchmark::State& state) {
  Database& db = LoadedDatabase(state.range(0) == 1);
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
BENCHMARK(BM_GetItem)->Arg(1)->Arg(0)->ArgName("in_memory");

}  // namespace
}  // namespace stator
