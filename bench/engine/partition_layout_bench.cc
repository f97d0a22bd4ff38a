// What finding a request's partition costs on the item path: the lock-free load of the owner's
// current map and a binary search of it (PartitionLayout::Find), for a table and for a GSI.
// Run with --benchmark_threads-style variants to see that readers share nothing they write.
#include <benchmark/benchmark.h>

#include <cstdint>

#include "engine/access/partition_layout.h"

namespace stator::engine {
namespace {

PartitionLayout& Layout() {
  static PartitionLayout* layout = [] {
    auto* l = new PartitionLayout(7);
    l->EnsureAtLeast(7, 8);  // an on-demand table's partitions
    l->EnsureAtLeast(9, 8);  // and a GSI's
    return l;
  }();
  return *layout;
}

void BM_PartitionFind(benchmark::State& state) {
  PartitionLayout& layout = Layout();
  const uint32_t owner = static_cast<uint32_t>(state.range(0));
  uint64_t hash = 0x9e3779b97f4a7c15;
  for (auto _ : state) {
    benchmark::DoNotOptimize(layout.Find(owner, hash));
    hash = hash * 6364136223846793005 + 1442695040888963407;  // a new key each time
  }
}
BENCHMARK(BM_PartitionFind)->ArgName("owner")->Arg(7)->Arg(9)->Threads(1)->Threads(2);

}  // namespace
}  // namespace stator::engine
