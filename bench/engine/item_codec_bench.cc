// The item codec on the ~1 KB benchmark item: what an uncached GetItem adds to its point read
// (BM_DecodeItem: decoding the stored bytes into an Item and freeing it again, as the caller
// does) and what every write encodes (BM_EncodeItem).
#include <benchmark/benchmark.h>

#include <string>

#include "bench/engine/bench_util.h"
#include "engine/model/item_codec.h"

namespace stator {
namespace {

void BM_DecodeItem(benchmark::State& state) {
  const std::string encoded = EncodeItem(bench_util::OneKilobyteItem(7));
  for (auto _ : state) {
    Item item;
    if (!DecodeItem(encoded, &item)) state.SkipWithError("corrupt");
    benchmark::DoNotOptimize(item);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(encoded.size()));
}
BENCHMARK(BM_DecodeItem);

void BM_EncodeItem(benchmark::State& state) {
  const Item item = bench_util::OneKilobyteItem(7);
  std::string out;
  for (auto _ : state) {
    out.clear();
    EncodeItem(item, &out);
    benchmark::DoNotOptimize(out);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(out.size()));
}
BENCHMARK(BM_EncodeItem);

}  // namespace
}  // namespace stator
