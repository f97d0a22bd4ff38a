// LatencyHistogram: a log-bucketed histogram of durations in nanoseconds, in the manner of
// HdrHistogram: exact below 128 ns, then 64 linear sub-buckets per power of two, so any reported
// percentile is within 0.8% of a recorded value. Fixed memory (~30 KB), O(1) Record, mergeable.
//
// Thread safety: none; each driver thread records into its own histograms, merged afterwards.
#pragma once

#include <array>
#include <cstdint>

namespace stator::bench {

class LatencyHistogram {
 public:
  void Record(uint64_t nanos);
  void Merge(const LatencyHistogram& other);
  void Reset();

  uint64_t count() const { return count_; }
  uint64_t min() const { return count_ == 0 ? 0 : min_; }
  uint64_t max() const { return max_; }
  double Mean() const { return count_ == 0 ? 0 : static_cast<double>(sum_) / count_; }
  // The value below or at which a fraction q (0..1) of the recorded values lie: the middle of
  // the bucket holding the ceil(q * count)-th smallest value, clamped to [min, max]. 0 if empty.
  uint64_t Percentile(double q) const;

  // Bucketing, exposed for tests: the index of a value and the lowest value of an index.
  static int BucketOf(uint64_t nanos);
  static uint64_t BucketLow(int index);
  static uint64_t BucketHigh(int index);

  static constexpr int kLinear = 128;      // values below this have a bucket each
  static constexpr int kSubBuckets = 64;   // per power of two above
  static constexpr int kMaxShift = 35;     // 64 << 35 ns: ~37 minutes; larger values clamp
  static constexpr int kBuckets = kLinear + kMaxShift * kSubBuckets;

 private:
  std::array<uint64_t, kBuckets> counts_{};
  uint64_t count_ = 0;
  uint64_t sum_ = 0;
  uint64_t min_ = UINT64_MAX;
  uint64_t max_ = 0;
};

}  // namespace stator::bench
