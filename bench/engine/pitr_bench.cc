// Point-in-time recovery's costs (the targets: write throughput with PITR on at least
// 75% of the rate with it off; the restore rate in MB/s).
// - BM_PutItemPitr: PutItem of 1 KB items over 1,000 keys (each put replaces an item, so each
//   keeps a 1 KB before-image in the history), with PITR off and on, in memory and on disk. The
//   ratio of the two rates of one medium is the target's figure.
// - BM_PutItemTwiceTheBytes: the floor of that ratio: PITR off, each put writing 2 KB (the 1 KB
//   item and a 1 KB attribute more), the bytes a put with PITR on writes (item + before-image).
// - BM_RestoreToPointInTime: RestoreTableToPointInTime of a table of STATOR_BENCH_PITR_MB
//   (default 50) of 1 KB items, a tenth of them overwritten after the restore time, until the
//   new table is ACTIVE; bytes_per_second is the table's size per iteration.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "bench/engine/bench_util.h"
#include "stator/database.h"

namespace stator {
namespace {

const CallOptions kCall;
namespace fs = std::filesystem;

std::unique_ptr<Database> OpenFresh(bool in_memory, bool pitr) {
  Options options;
  options.in_memory = in_memory;
  options.data_dir = (fs::temp_directory_path() / "stator-bench-pitr").string();
  fs::remove_all(options.data_dir);
  auto db = std::move(Database::Open(options)).value();
  (void)bench_util::CreateBenchTable(*db);
  if (pitr) (void)db->UpdateContinuousBackups(kCall, {"bench", true, {}});
  return db;
}

void BM_PutItemPitr(benchmark::State& state) {
  auto db = OpenFresh(state.range(0) == 1, state.range(1) == 1);
  std::vector<PutItemRequest> puts(1000);
  for (int i = 0; i < 1000; ++i) {
    puts[i].table_name = "bench";
    puts[i].item = bench_util::OneKilobyteItem(i);
    (void)db->PutItem(kCall, puts[i]);
  }
  size_t i = 0;
  for (auto _ : state) {
    auto result = db->PutItem(kCall, puts[i++ % puts.size()]);
    if (!result.ok()) state.SkipWithError(result.status().message().c_str());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PutItemPitr)->ArgsProduct({{1, 0}, {0, 1}})->ArgNames({"in_memory", "pitr"});

void BM_PutItemTwiceTheBytes(benchmark::State& state) {
  auto db = OpenFresh(state.range(0) == 1, false);
  std::vector<PutItemRequest> puts(1000);
  for (int i = 0; i < 1000; ++i) {
    puts[i].table_name = "bench";
    puts[i].item = bench_util::OneKilobyteItem(i);
    puts[i].item["twin"] = AttributeValue::S(std::string(1000, 't'));
    (void)db->PutItem(kCall, puts[i]);
  }
  size_t i = 0;
  for (auto _ : state) {
    auto result = db->PutItem(kCall, puts[i++ % puts.size()]);
    if (!result.ok()) state.SkipWithError(result.status().message().c_str());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PutItemTwiceTheBytes)->Arg(1)->Arg(0)->ArgName("in_memory");

void Fill(Database& db, int from, int to) {
  for (int i = from; i < to; i += 25) {
    BatchWriteItemRequest batch;
    auto& writes = batch.request_items["bench"];
    for (int j = i; j < std::min(to, i + 25); ++j) {
      WriteRequest w;
      w.put_item = bench_util::OneKilobyteItem(j);
      writes.push_back(std::move(w));
    }
    (void)db.BatchWriteItem(kCall, batch);
  }
}

void BM_RestoreToPointInTime(benchmark::State& state) {
  const char* mb = std::getenv("STATOR_BENCH_PITR_MB");
  const int items = static_cast<int>((mb != nullptr ? std::atoll(mb) : 50) << 10);
  auto db = OpenFresh(false, true);
  Fill(*db, 0, items);
  std::this_thread::sleep_for(std::chrono::milliseconds(2));
  const double at = static_cast<double>(Clock::System()->NowMicros()) / 1e6;
  std::this_thread::sleep_for(std::chrono::milliseconds(2));
  Fill(*db, 0, items / 10);
  const int64_t bytes = db->DescribeTable(kCall, {"bench"})->table.table_size_bytes;
  int n = 0;
  for (auto _ : state) {
    RestoreTableToPointInTimeRequest r;
    r.source_table_name = "bench";
    r.target_table_name = "restored" + std::to_string(n++);
    r.restore_date_time = at;
    auto restored = db->RestoreTableToPointInTime(kCall, r);
    if (!restored.ok()) {
      state.SkipWithError(restored.status().message().c_str());
      break;
    }
    while (db->DescribeTable(kCall, {r.target_table_name})->table.table_status !=
           TableStatus::kActive) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }
  state.SetBytesProcessed(state.iterations() * bytes);
}
BENCHMARK(BM_RestoreToPointInTime)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace
}  // namespace stator
