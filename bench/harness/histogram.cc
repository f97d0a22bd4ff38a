// LatencyHistogram: see histogram.h for the bucket layout.
#include "bench/harness/histogram.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace stator::bench {

int LatencyHistogram::BucketOf(uint64_t nanos) {
  if (nanos < kLinear) return static_cast<int>(nanos);
  // shift >= 1 puts nanos >> shift in [64, 128): one of 64 sub-buckets of its power of two.
  const int shift = std::bit_width(nanos) - 7;
  if (shift > kMaxShift) return kBuckets - 1;
  return kLinear + (shift - 1) * kSubBuckets + static_cast<int>((nanos >> shift) - kSubBuckets);
}

uint64_t LatencyHistogram::BucketLow(int index) {
  if (index < kLinear) return static_cast<uint64_t>(index);
  const int shift = (index - kLinear) / kSubBuckets + 1;
  const uint64_t sub = static_cast<uint64_t>((index - kLinear) % kSubBuckets) + kSubBuckets;
  return sub << shift;
}

uint64_t LatencyHistogram::BucketHigh(int index) {
  if (index < kLinear) return static_cast<uint64_t>(index);
  const int shift = (index - kLinear) / kSubBuckets + 1;
  return BucketLow(index) + (uint64_t{1} << shift) - 1;
}

void LatencyHistogram::Record(uint64_t nanos) {
  ++counts_[BucketOf(nanos)];
  ++count_;
  sum_ += nanos;
  min_ = std::min(min_, nanos);
  max_ = std::max(max_, nanos);
}

void LatencyHistogram::Merge(const LatencyHistogram& other) {
  if (other.count_ == 0) return;
  for (int i = 0; i < kBuckets; ++i) counts_[i] += other.counts_[i];
  count_ += other.count_;
  sum_ += other.sum_;
  min_ = std::min(min_, other.min_);
  max_ = std::max(max_, other.max_);
}

void LatencyHistogram::Reset() { *this = LatencyHistogram(); }

uint64_t LatencyHistogram::Percentile(double q) const {
  if (count_ == 0) return 0;
  const double clamped = std::clamp(q, 0.0, 1.0);
  const uint64_t rank = std::max<uint64_t>(
      1, static_cast<uint64_t>(std::ceil(clamped * static_cast<double>(count_))));
  uint64_t seen = 0;
  for (int i = 0; i < kBuckets; ++i) {
    seen += counts_[i];
    if (seen >= rank) {
      const uint64_t mid = BucketLow(i) + (BucketHigh(i) - BucketLow(i)) / 2;
      return std::clamp(mid, min(), max_);
    }
  }
  return max_;
}

}  // namespace stator::bench
