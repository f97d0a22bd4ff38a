// What DynamoDB Streams cost the engine, against the streams issue's three targets:
//
// BM_PutItemStream/<view>: PutItem of the ~1 KB items of BM_PutItem over its 1000 keys, on a
// table without a stream ("none", the floor) and with a stream of each view type, registered
// side by side so one run gives the ratios (target: NEW_AND_OLD_IMAGES at most 1.3 x none in CPU
// per write). The items are loaded before the timed loop, so every timed put overwrites one.
// changed:1 changes 8 bytes of each item on every put (its size stays the same), so each put
// writes a MODIFY record; changed:0 rewrites items as they are, which writes no record (as in the
// service) but still reads and compares the old item. cpu_time is the writing thread's;
// process_cpu_us adds what RocksDB's background threads spent (flushes, compactions) a put.
//
// BM_GetRecords: one shard of 100,000 INSERT records of 1 KB items (NEW_AND_OLD_IMAGES), read
// from TRIM_HORIZON in GetRecords pages of Limit 1000, again from the start when the end is
// reached; items_per_second is records read (target: at least 200,000 a second).
//
// BM_StreamVisibilityLatency: `writers` threads put new items (rate:N a second between them, or
// rate:0 as fast as they can) and timestamp each acknowledgement; a reader thread polls
// GetRecords with NextShardIterator and timestamps each record when it first comes back. The
// counters are percentiles of the difference, in microseconds (target: p99 under 1 ms). A record
// can come back before its writer has taken its timestamp (it becomes visible inside PutItem):
// before_ack counts those, and they count as 0. With one writer a record is visible once its own
// write settles; with two (the server's I/O threads on this machine), also only once every
// record with a lower sequence number has (stream_log.h), so a writer held up between taking its
// number and settling it holds back the other's records.
#include <benchmark/benchmark.h>
#include <time.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "bench/engine/bench_util.h"
#include "stator/database.h"
#include "stator/streams.h"

namespace stator {
namespace {

const CallOptions kCall;
constexpr int kPutKeys = 1000;          // BM_PutItem's keys
constexpr int kShardRecords = 100'000;  // BM_GetRecords' shard

using bench_util::KeyOf;
using bench_util::OneKilobyteItem;

int64_t ProcessCpuNanos() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return int64_t{ts.tv_sec} * 1'000'000'000 + ts.tv_nsec;
}

int64_t ThreadCpuNanos() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return int64_t{ts.tv_sec} * 1'000'000'000 + ts.tv_nsec;
}

int64_t NowNanos() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// A fresh database in `dir` (or in memory) holding the table "bench", with a stream of `view`.
// cached: behind a 64 MB item cache, as the server runs it.
std::unique_ptr<Database> OpenBench(bool in_memory, bool cached, std::optional<StreamViewType> view,
                                    const char* dir) {
  Options options;
  options.in_memory = in_memory;
  options.data_dir = std::filesystem::temp_directory_path() / dir;
  std::filesystem::remove_all(options.data_dir);
  if (cached) options.cache.size_bytes = size_t{64} << 20;
  auto db = std::move(Database::Open(options)).value();
  (void)bench_util::CreateBenchTable(*db, view);
  return db;
}

// Writes `items` with BatchWriteItem, 25 at a time.
Status Load(Database& db, const std::vector<Item>& items) {
  for (size_t first = 0; first < items.size(); first += 25) {
    BatchWriteItemRequest batch;
    auto& writes = batch.request_items["bench"];
    for (size_t k = first; k < first + 25 && k < items.size(); ++k) {
      writes.push_back(WriteRequest{items[k], std::nullopt});
    }
    auto written = db.BatchWriteItem(kCall, batch);
    if (!written.ok()) return written.status();
  }
  return Status::OK();
}

// A TRIM_HORIZON iterator of the newest shard of the table's stream.
Result<std::string> TrimHorizon(Database& db) {
  auto table = db.DescribeTable(kCall, {"bench"});
  if (!table.ok()) return table.status();
  if (!table->table.latest_stream_arn) return Status::Validation("the table has no stream");
  DescribeStreamRequest describe;
  describe.stream_arn = *table->table.latest_stream_arn;
  auto stream = db.DescribeStream(kCall, describe);
  if (!stream.ok()) return stream.status();
  if (stream->stream_description.shards.empty()) return Status::Validation("no shard");
  GetShardIteratorRequest get;
  get.stream_arn = describe.stream_arn;
  get.shard_id = stream->stream_description.shards.back().shard_id;
  get.shard_iterator_type = ShardIteratorType::kTrimHorizon;
  auto iterator = db.GetShardIterator(kCall, get);
  if (!iterator.ok()) return iterator.status();
  return std::move(iterator->shard_iterator);
}

// Writes `n` as 8 digits over the start of field0: the item changes, its size does not.
void Stamp(Item& item, uint64_t n) {
  char digits[9];
  std::snprintf(digits, sizeof digits, "%08llu", static_cast<unsigned long long>(n % 100'000'000));
  item.at("field0").s().replace(0, 8, digits, 8);
}

void BM_PutItemStream(benchmark::State& state, std::optional<StreamViewType> view) {
  const bool in_memory = state.range(0) == 1;
  const bool cached = state.range(1) == 1;
  const bool changed = state.range(2) == 1;
  auto db = OpenBench(in_memory, cached, view, "stator-bench-stream-db");
  std::vector<Item> items;
  for (int i = 0; i < kPutKeys; ++i) items.push_back(OneKilobyteItem(i));
  if (Status s = Load(*db, items); !s.ok()) return state.SkipWithError(s.message().c_str());
  std::vector<PutItemRequest> puts(items.size());
  for (size_t i = 0; i < items.size(); ++i) {
    puts[i].table_name = "bench";
    puts[i].item = items[i];
  }
  if (cached) {
    // As BM_PutItem/cached:1: each key read once, so every timed put replaces a cached item.
    GetItemRequest get;
    get.table_name = "bench";
    for (const Item& item : items) {
      get.key = {{"id", item.at("id")}};
      (void)db->GetItem(kCall, get);
    }
  }
  uint64_t version = 0;
  size_t i = 0;
  const int64_t cpu_before = ProcessCpuNanos();
  for (auto _ : state) {
    PutItemRequest& put = puts[i++ % puts.size()];
    if (changed) Stamp(put.item, ++version);
    auto result = db->PutItem(kCall, put);
    if (!result.ok()) state.SkipWithError(result.status().message().c_str());
  }
  const int64_t cpu = ProcessCpuNanos() - cpu_before;
  state.SetItemsProcessed(state.iterations());
  if (state.iterations() > 0) {
    state.counters["process_cpu_us"] =
        static_cast<double>(cpu) / 1e3 / static_cast<double>(state.iterations());
  }
}

// Each combination of storage, cache and change with every view right after its floor, so the
// ratios compare neighbours in time (the machine is shared and drifts).
const bool kPutItemStreamRegistered = [] {
  const std::optional<StreamViewType> views[] = {
      std::nullopt, StreamViewType::kKeysOnly, StreamViewType::kNewImage, StreamViewType::kOldImage,
      StreamViewType::kNewAndOldImages};
  for (int64_t in_memory : {1, 0}) {
    for (int64_t cached : {0, 1}) {
      for (int64_t changed : {1, 0}) {
        for (const auto& view : views) {
          const std::string name =
              "BM_PutItemStream/" + std::string(view ? ToString(*view) : "none");
          benchmark::RegisterBenchmark(name.c_str(), BM_PutItemStream, view)
              ->Args({in_memory, cached, changed})
              ->ArgNames({"in_memory", "cached", "changed"});
        }
      }
    }
  }
  return true;
}();

// The shard BM_GetRecords reads, loaded once per storage mode (Google Benchmark calls a
// benchmark function several times while it sizes the run).
Database& LoadedShard(bool in_memory) {
  static std::mutex mu;
  static std::unique_ptr<Database> loaded[2];
  std::lock_guard lock(mu);
  auto& db = loaded[in_memory ? 1 : 0];
  if (!db) {
    db = OpenBench(in_memory, false, StreamViewType::kNewAndOldImages,
                   in_memory ? "stator-bench-shard-mem" : "stator-bench-shard-db");
    std::vector<Item> items;
    items.reserve(kShardRecords);
    for (int i = 0; i < kShardRecords; ++i) items.push_back(OneKilobyteItem(i));
    (void)Load(*db, items);
  }
  return *db;
}

void BM_GetRecords(benchmark::State& state) {
  Database& db = LoadedShard(state.range(0) == 1);
  GetRecordsRequest get;
  get.limit = 1000;
  auto start = TrimHorizon(db);
  if (!start.ok()) return state.SkipWithError(start.status().message().c_str());
  get.shard_iterator = *start;
  int64_t records = 0;
  int64_t pages = 0;
  int64_t passes = 0;
  for (auto _ : state) {
    auto page = db.GetRecords(kCall, get);
    if (!page.ok()) return state.SkipWithError(page.status().message().c_str());
    if (page->records.empty()) {
      // The end of the open shard: read it again from the start.
      ++passes;
      get.shard_iterator = *start;
      continue;
    }
    records += static_cast<int64_t>(page->records.size());
    ++pages;
    get.shard_iterator = std::move(*page->next_shard_iterator);
    benchmark::DoNotOptimize(page);
  }
  state.SetItemsProcessed(records);
  state.counters["passes"] = static_cast<double>(passes);
  state.counters["records_per_page"] =
      pages > 0 ? static_cast<double>(records) / static_cast<double>(pages) : 0;
}
BENCHMARK(BM_GetRecords)->Arg(1)->Arg(0)->ArgName("in_memory");

// The key number of a record of item "user<i>"; -1 for any other.
int KeyNumberOf(const Record& record) {
  auto id = record.dynamodb.keys.find("id");
  if (id == record.dynamodb.keys.end()) return -1;
  const std::string& key = id->second.s();
  return key.starts_with("user") ? std::atoi(key.c_str() + 4) : -1;
}

double Percentile(std::vector<double>& sorted, double q) {
  return sorted[static_cast<size_t>(q * static_cast<double>(sorted.size() - 1))];
}

void BM_StreamVisibilityLatency(benchmark::State& state) {
  const int64_t rate = state.range(0);
  const bool in_memory = state.range(1) == 1;
  const int writers = static_cast<int>(state.range(2));
  const int writes = rate == 0 ? 20'000 : static_cast<int>(std::min<int64_t>(20'000, rate * 3));
  auto db =
      OpenBench(in_memory, false, StreamViewType::kNewAndOldImages, "stator-bench-visibility-db");
  auto start = TrimHorizon(*db);
  if (!start.ok()) return state.SkipWithError(start.status().message().c_str());
  std::vector<PutItemRequest> puts(static_cast<size_t>(writes));
  for (int i = 0; i < writes; ++i) {
    puts[i].table_name = "bench";
    puts[i].item = OneKilobyteItem(i);
  }
  // acked: written by the writers, read by the reader as it goes; seen and held: the reader's.
  std::vector<std::atomic<int64_t>> acked(puts.size());
  std::vector<int64_t> seen(puts.size(), 0);
  std::vector<char> held(puts.size(), 0);
  int64_t calls = 0, empty_calls = 0, longest_call = 0, longest_call_cpu = 0;
  size_t largest_page = 0;
  std::mutex error_mu;
  std::string error;  // guarded by error_mu
  auto fail = [&](std::string message) {
    std::lock_guard lock(error_mu);
    error = std::move(message);
  };
  for (auto _ : state) {
    std::thread reader([&] {
      GetRecordsRequest get;
      get.limit = 1000;
      get.shard_iterator = *start;
      int found = 0;
      // When the last poll began that read to the end of what was visible (a page shorter than
      // the 1 MB a page holds): a record acknowledged before then and not in that page was
      // committed but held back by the engine (an earlier sequence number still in flight).
      int64_t caught_up_at = 0;
      const int64_t deadline = NowNanos() + 60'000'000'000;
      while (found < writes && NowNanos() < deadline) {
        const int64_t called = NowNanos();
        const int64_t cpu_before = ThreadCpuNanos();
        auto page = db->GetRecords(kCall, get);
        const int64_t now = NowNanos();
        if (now - called > longest_call) {
          longest_call = now - called;
          longest_call_cpu = ThreadCpuNanos() - cpu_before;
        }
        if (!page.ok()) return fail(page.status().message());
        ++calls;
        if (page->records.empty()) ++empty_calls;
        largest_page = std::max(largest_page, page->records.size());
        for (const Record& record : page->records) {
          const int k = KeyNumberOf(record);
          if (k >= 0 && k < writes && seen[k] == 0) {
            seen[k] = now;
            const int64_t ack = acked[k].load(std::memory_order_acquire);
            held[k] = ack != 0 && ack < caught_up_at;
            ++found;
          }
        }
        if (page->records.size() < 900) caught_up_at = called;
        get.shard_iterator = std::move(*page->next_shard_iterator);
      }
    });
    const int64_t begin = NowNanos();
    // Writer w writes items w, w + writers, ..., item i due at i / rate seconds.
    auto write = [&](int w) {
      for (int i = w; i < writes; i += writers) {
        if (rate > 0) {
          const int64_t due = begin + int64_t{i} * 1'000'000'000 / rate;
          if (due > NowNanos()) {
            std::this_thread::sleep_for(std::chrono::nanoseconds(due - NowNanos()));
          }
        }
        auto result = db->PutItem(kCall, puts[i]);
        acked[i].store(NowNanos(), std::memory_order_release);
        if (!result.ok()) fail(result.status().message());
      }
    };
    std::vector<std::thread> threads;
    for (int w = 1; w < writers; ++w) threads.emplace_back(write, w);
    write(0);
    for (std::thread& t : threads) t.join();
    state.counters["writes_per_s"] = writes * 1e9 / static_cast<double>(NowNanos() - begin);
    reader.join();
  }
  if (!error.empty()) return state.SkipWithError(error.c_str());
  std::vector<double> latency_us;
  int64_t before_ack = 0, held_back = 0;
  double held_back_max_us = 0;
  for (size_t i = 0; i < puts.size(); ++i) {
    if (seen[i] == 0) return state.SkipWithError("a record never became readable");
    const int64_t ack = acked[i].load();
    if (seen[i] < ack) ++before_ack;
    latency_us.push_back(static_cast<double>(std::max<int64_t>(seen[i] - ack, 0)) / 1e3);
    if (held[i]) {
      ++held_back;
      held_back_max_us = std::max(held_back_max_us, latency_us.back());
    }
  }
  std::sort(latency_us.begin(), latency_us.end());
  state.counters["p50_us"] = Percentile(latency_us, 0.50);
  state.counters["p99_us"] = Percentile(latency_us, 0.99);
  state.counters["p999_us"] = Percentile(latency_us, 0.999);
  state.counters["max_us"] = latency_us.back();
  state.counters["before_ack"] = static_cast<double>(before_ack);
  state.counters["polls"] = static_cast<double>(calls);
  state.counters["empty_polls"] = static_cast<double>(empty_calls);
  // Why a run's tail is long: a reader that fell behind reads pages of up to 1000 records, whose
  // records it sees only when the page comes back; and the longest poll's CPU time tells a slow
  // read from a reader that was not running (the reader's clock reads cost it ~0.3 us a poll).
  state.counters["longest_poll_us"] = static_cast<double>(longest_call) / 1e3;
  state.counters["longest_poll_cpu_us"] = static_cast<double>(longest_call_cpu) / 1e3;
  state.counters["largest_page"] = static_cast<double>(largest_page);
  // The engine's own share of the tail: records it withheld after their write was acknowledged.
  state.counters["held_back"] = static_cast<double>(held_back);
  state.counters["held_back_max_us"] = held_back_max_us;
}
BENCHMARK(BM_StreamVisibilityLatency)
    ->ArgsProduct({{0, 10'000, 1'000}, {1, 0}, {1}})
    ->ArgsProduct({{0, 10'000}, {1, 0}, {2}})
    ->ArgNames({"rate", "in_memory", "writers"})
    ->Iterations(1)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace stator
