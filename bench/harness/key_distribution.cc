// Key distributions: see key_distribution.h. Constants are YCSB's, so that "zipfian" here
// means what it means in YCSB results.
#include "bench/harness/key_distribution.h"

#include <algorithm>
#include <cmath>

namespace stator::bench {
namespace {
// YCSB's ScrambledZipfianGenerator draws from a zipfian over 10^10 items (zeta precomputed)
// and hashes the draw into the key space, so the hot keys are scattered, not 0, 1, 2 ...
constexpr uint64_t kScrambledItems = 10'000'000'000ULL;
constexpr double kScrambledZeta = 26.46902820178302;
}  // namespace

bool ParseDistribution(std::string_view name, Distribution* out) {
  if (name == "uniform") *out = Distribution::kUniform;
  else if (name == "zipfian") *out = Distribution::kZipfian;
  else if (name == "latest") *out = Distribution::kLatest;
  else if (name == "sequential") *out = Distribution::kSequential;
  else return false;
  return true;
}

std::string_view ToString(Distribution d) {
  switch (d) {
    case Distribution::kUniform: return "uniform";
    case Distribution::kZipfian: return "zipfian";
    case Distribution::kLatest: return "latest";
    case Distribution::kSequential: return "sequential";
  }
  return "?";
}

double ZipfianGenerator::Zeta(uint64_t from, uint64_t to, double theta, double initial) {
  double sum = initial;
  for (uint64_t i = from; i < to; ++i) sum += 1.0 / std::pow(static_cast<double>(i + 1), theta);
  return sum;
}

ZipfianGenerator::ZipfianGenerator(uint64_t n, double zeta_n)
    : n_(std::max<uint64_t>(n, 1)),
      zeta_n_(zeta_n > 0 ? zeta_n : Zeta(0, std::max<uint64_t>(n, 1), kTheta, 0)),
      zeta2_(Zeta(0, 2, kTheta, 0)) {
  Derive();
}

void ZipfianGenerator::Derive() {
  alpha_ = 1.0 / (1.0 - kTheta);
  eta_ = (1 - std::pow(2.0 / static_cast<double>(n_), 1 - kTheta)) / (1 - zeta2_ / zeta_n_);
}

void ZipfianGenerator::Grow(uint64_t n) {
  if (n <= n_) return;
  zeta_n_ = Zeta(n_, n, kTheta, zeta_n_);
  n_ = n;
  Derive();
}

uint64_t ZipfianGenerator::Next(double u) const {
  const double uz = u * zeta_n_;
  if (uz < 1.0) return 0;
  if (uz < 1.0 + std::pow(0.5, kTheta)) return std::min<uint64_t>(1, n_ - 1);
  const auto v = static_cast<uint64_t>(static_cast<double>(n_) *
                                       std::pow(eta_ * u - eta_ + 1, alpha_));
  return std::min(v, n_ - 1);
}

uint64_t FnvHash64(uint64_t value) {
  constexpr uint64_t kOffset = 0xCBF29CE484222325ULL;
  constexpr uint64_t kPrime = 1099511628211ULL;
  uint64_t hash = kOffset;
  for (int i = 0; i < 8; ++i) {
    hash ^= value & 0xff;
    hash *= kPrime;
    value >>= 8;
  }
  return hash;
}

KeyChooser::KeyChooser(Distribution d, uint64_t keys, const std::atomic<uint64_t>* inserted,
                       uint64_t seed)
    : distribution_(d), keys_(std::max<uint64_t>(keys, 1)), inserted_(inserted), rng_(seed) {
  if (d == Distribution::kZipfian) {
    zipfian_ = std::make_unique<ZipfianGenerator>(kScrambledItems, kScrambledZeta);
  } else if (d == Distribution::kLatest) {
    zipfian_ = std::make_unique<ZipfianGenerator>(
        inserted_ ? std::max<uint64_t>(inserted_->load(std::memory_order_relaxed), 1) : keys_);
  }
}

uint64_t KeyChooser::Next() {
  switch (distribution_) {
    case Distribution::kUniform:
      return std::uniform_int_distribution<uint64_t>(0, keys_ - 1)(rng_);
    case Distribution::kZipfian:
      return FnvHash64(zipfian_->Next(Uniform01())) % keys_;
    case Distribution::kLatest: {
      const uint64_t max =
          inserted_ ? std::max<uint64_t>(inserted_->load(std::memory_order_acquire), 1) : keys_;
      zipfian_->Grow(max);
      return max - 1 - std::min(zipfian_->Next(Uniform01()), max - 1);
    }
    case Distribution::kSequential:
      return next_++ % keys_;
  }
  return 0;
}

}  // namespace stator::bench
