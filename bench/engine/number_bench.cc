// Micro-benchmarks of Decimal on the hot paths of a write and a key lookup: parsing request
// text, comparing values (conditions, sort), and encoding a sort key.
#include <benchmark/benchmark.h>

#include <string>

#include "engine/model/number.h"

namespace stator::engine {
namespace {

Decimal MustParse(std::string_view text) {
  Result<Decimal> r = Decimal::Parse(text);
  return r.ok() ? r.value() : Decimal();
}

void BM_ParseTypical(benchmark::State& state) {
  for (auto _ : state) {
    Result<Decimal> r = Decimal::Parse("12345.678");
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_ParseTypical);

void BM_ParseLong(benchmark::State& state) {
  for (auto _ : state) {
    Result<Decimal> r = Decimal::Parse("-3.1415926535897932384626433832795028841e-7");
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_ParseLong);

void BM_Compare(benchmark::State& state) {
  const Decimal a = MustParse("12345.678");
  const Decimal b = MustParse("12345.6781");
  for (auto _ : state) {
    benchmark::DoNotOptimize(Compare(a, b));
  }
}
BENCHMARK(BM_Compare);

void BM_AppendOrderedKey(benchmark::State& state) {
  const Decimal a = MustParse("-12345.678");
  std::string out;
  for (auto _ : state) {
    out.clear();
    a.AppendOrderedKey(&out);
    benchmark::DoNotOptimize(out.data());
  }
}
BENCHMARK(BM_AppendOrderedKey);

void BM_Add(benchmark::State& state) {
  const Decimal a = MustParse("12345.678");
  const Decimal b = MustParse("1");
  for (auto _ : state) {
    Result<Decimal> r = a.Add(b);
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_Add);

}  // namespace
}  // namespace stator::engine
