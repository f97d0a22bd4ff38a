// Key distributions of the YCSB core workloads: uniform, scrambled zipfian (popular keys spread
// over the key space) and latest (recently inserted keys are the popular ones), after YCSB's
// UniformLongGenerator, ScrambledZipfianGenerator and SkewedLatestGenerator (Gray et al.,
// "Quickly generating billion-record synthetic databases", SIGMOD 1994); and sequential (keys
// 0, 1, 2 ... in turn), which reads every key once in --keys operations: a warm-up pass.
//
// Thread safety: a KeyChooser is used by one thread (it owns its random state); the count of
// inserted keys it reads for "latest" is shared and atomic.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <random>
#include <string_view>

namespace stator::bench {

enum class Distribution { kUniform, kZipfian, kLatest, kSequential };

// "uniform", "zipfian", "latest", "sequential"; false for anything else.
bool ParseDistribution(std::string_view name, Distribution* out);
std::string_view ToString(Distribution d);

// Gray's zipfian over [0, n) with constant theta; item 0 is the most popular.
class ZipfianGenerator {
 public:
  static constexpr double kTheta = 0.99;  // YCSB's ZIPFIAN_CONSTANT
  // zeta_n, when known, saves the O(n) sum.
  explicit ZipfianGenerator(uint64_t n, double zeta_n = 0);
  uint64_t Next(double u) const;  // u uniform in [0, 1)
  // Grows the range to n (n only grows), updating zeta incrementally as SkewedLatest does.
  void Grow(uint64_t n);
  uint64_t n() const { return n_; }
  static double Zeta(uint64_t from, uint64_t to, double theta, double initial);

 private:
  void Derive();
  uint64_t n_;
  double zeta_n_;
  double zeta2_;
  double alpha_ = 0;
  double eta_ = 0;
};

uint64_t FnvHash64(uint64_t value);  // YCSB's Utils.fnvhash64

// Picks key numbers in [0, keys) (or, for kLatest, among the keys inserted so far).
class KeyChooser {
 public:
  // inserted: how many keys exist (keys at start, grown by inserts); kLatest reads it.
  KeyChooser(Distribution d, uint64_t keys, const std::atomic<uint64_t>* inserted, uint64_t seed);
  uint64_t Next();
  std::mt19937_64& rng() { return rng_; }

 private:
  double Uniform01() { return std::uniform_real_distribution<double>(0, 1)(rng_); }
  Distribution distribution_;
  uint64_t keys_;
  const std::atomic<uint64_t>* inserted_;
  std::mt19937_64 rng_;
  std::unique_ptr<ZipfianGenerator> zipfian_;
  uint64_t next_ = 0;  // kSequential: each driver thread walks the keys in order
};

}  // namespace stator::bench
