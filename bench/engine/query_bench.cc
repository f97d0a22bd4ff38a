// Embedded read throughput of the multi-item reads: Query of 100 items of 200 bytes from one
// partition, and a full Scan of 1 M items of 200 bytes, single segment and TotalSegments=2 on two
// threads. Items/s counts items returned. In memory, loaded once per process.
#include <benchmark/benchmark.h>

#include <thread>

#include "stator/database.h"

namespace stator {
namespace {

const CallOptions kCall;
constexpr int kScanItems = 1'000'000;

// About 200 bytes as the service counts them: keys plus one padding attribute.
Item SmallItem(const std::string& pk, int sk) {
  return {{"pk", AttributeValue::S(pk)},
          {"sk", AttributeValue::N(std::to_string(sk))},
          {"pad", AttributeValue::S(std::string(180, 'x'))}};
}

Database& Loaded() {
  static std::unique_ptr<Database> db = [] {
    Options options;
    options.in_memory = true;
    auto opened = std::move(Database::Open(options)).value();
    for (const char* name : {"query_bench", "scan_bench"}) {
      CreateTableRequest create;
      create.table_name = name;
      create.attribute_definitions = {{"pk", ScalarType::kS}, {"sk", ScalarType::kN}};
      create.key_schema = {{"pk", KeyType::kHash}, {"sk", KeyType::kRange}};
      create.billing_mode = BillingMode::kPayPerRequest;
      (void)opened->CreateTable(kCall, create);
    }
    PutItemRequest put;
    put.table_name = "query_bench";
    for (int i = 0; i < 100; ++i) {
      put.item = SmallItem("partition", i);
      (void)opened->PutItem(kCall, put);
    }
    put.table_name = "scan_bench";
    for (int i = 0; i < kScanItems; ++i) {
      put.item = SmallItem("p" + std::to_string(i), 0);
      (void)opened->PutItem(kCall, put);
    }
    return opened;
  }();
  return *db;
}

void BM_Query100(benchmark::State& state) {
  Database& db = Loaded();
  QueryRequest r;
  r.table_name = "query_bench";
  r.key_condition_expression = "pk = :p";
  r.expression_attribute_values = {{":p", AttributeValue::S("partition")}};
  int64_t items = 0;
  for (auto _ : state) {
    auto page = db.Query(kCall, r);
    if (!page.ok()) state.SkipWithError(page.status().message().c_str());
    items += page->count;
  }
  state.SetItemsProcessed(items);
}
BENCHMARK(BM_Query100);

// Pages through one segment; returns the items seen.
int64_t ScanSegment(Database& db, int64_t segment, int64_t total) {
  int64_t items = 0;
  ScanRequest r;
  r.table_name = "scan_bench";
  if (total > 1) {
    r.segment = segment;
    r.total_segments = total;
  }
  do {
    auto page = db.Scan(kCall, r);
    if (!page.ok()) return -1;
    items += page->count;
    r.exclusive_start_key = page->last_evaluated_key;
  } while (r.exclusive_start_key);
  return items;
}

void BM_ScanAll(benchmark::State& state) {
  Database& db = Loaded();
  const int64_t total = state.range(0);
  int64_t items = 0;
  for (auto _ : state) {
    std::vector<int64_t> counts(total);
    std::vector<std::thread> threads;
    for (int64_t s = 0; s < total; ++s) {
      threads.emplace_back([&, s] { counts[s] = ScanSegment(db, s, total); });
    }
    for (auto& t : threads) t.join();
    int64_t seen = 0;
    for (int64_t c : counts) seen += c;
    if (seen != kScanItems) state.SkipWithError("scan missed or repeated items");
    items += seen;
  }
  state.SetItemsProcessed(items);
}
BENCHMARK(BM_ScanAll)->Arg(1)->Arg(2)->ArgName("segments")->Unit(benchmark::kMillisecond)
    ->UseRealTime()->Iterations(2);

}  // namespace
}  // namespace stator
