// What the table-access step's admission costs a request: one Admit before the work and one
// Charge after it, on one table's one partition.
// - BM_LedgerAdmitCharge: the default admission (records consumed capacity).
// - BM_ThrottlingAdmitCharge: throughput enforcement (--throttling on) on a provisioned table:
//   its buckets, the partition's ceiling, then the ledger. Run with --benchmark_threads to see
//   the stripes under contention.
// - BM_ThrottlingAdmitChargeOnDemand: the same on an on-demand table: its peaks, the partition's
//   ceiling, then the ledger.
#include <benchmark/benchmark.h>

#include <memory>

#include "engine/access/capacity_ledger.h"
#include "engine/access/partition_map.h"
#include "engine/throughput/throttling_admission.h"

namespace stator::engine {
namespace {

Access Put() {
  Access a;
  a.op = Operation::kPutItem;
  a.table = {"", "t", 7};
  a.partition = PartitionMap::Id(7, 0);
  a.provisioned_read = 1'000'000;  // never refused: the admitted path is measured
  a.provisioned_write = 1'000'000;
  return a;
}

void BM_LedgerAdmitCharge(benchmark::State& state) {
  static CapacityLedger ledger;
  const Access a = Put();
  for (auto _ : state) {
    benchmark::DoNotOptimize(ledger.Admit(a));
    ledger.Charge(a, 0, 1e-9);
  }
}
BENCHMARK(BM_LedgerAdmitCharge)->Threads(1)->Threads(2);

void BM_ThrottlingAdmitCharge(benchmark::State& state) {
  static ThrottlingAdmission admission(*Clock::System(), std::make_shared<CapacityLedger>());
  const Access a = Put();
  for (auto _ : state) {
    benchmark::DoNotOptimize(admission.Admit(a));
    admission.Charge(a, 0, 1e-9);  // the ceiling's refill outpaces it: never refused
  }
}
BENCHMARK(BM_ThrottlingAdmitCharge)->Threads(1)->Threads(2);

void BM_ThrottlingAdmitChargeOnDemand(benchmark::State& state) {
  static ThrottlingAdmission admission(*Clock::System(), std::make_shared<CapacityLedger>());
  Access a = Put();
  a.provisioned_read = 0;
  a.provisioned_write = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(admission.Admit(a));
    admission.Charge(a, 0, 1e-9);  // far below any limit: never refused
  }
}
BENCHMARK(BM_ThrottlingAdmitChargeOnDemand)->Threads(1)->Threads(2);

}  // namespace
}  // namespace stator::engine
