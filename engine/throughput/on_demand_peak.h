// OnDemandPeak: how much an on-demand table or GSI may consume in a second, for reads or for
// writes, by the service's scaling rules, on the database's clock (tests move the clock instead
// of sleeping).
//
// The service documents (Developer Guide, "DynamoDB on-demand capacity mode", section "Initial
// throughput and scaling properties"; Knowledge Center, "Why is my on-demand DynamoDB table
// being throttled?"):
//  - a new on-demand table serves up to 4,000 write or 12,000 read request units a second at
//    once, as though its previous peak were 2,000 and 6,000;
//  - it accommodates up to double its previous peak traffic instantly, and traffic beyond double
//    the previous peak within 30 minutes may be throttled;
//  - the peak rises with the traffic sustained, and is kept: a table that has scaled out serves
//    that traffic again at any later time.
//
// Modelled as: the units consumed in each second of the clock are counted; the previous peak is
// the highest count among seconds at least 30 minutes old (never below the initial peak); a
// request is admitted while its second's count is below twice the previous peak. As with a
// token bucket, the units a request consumed are known only after its work, so the last request
// a second admits may take the count past the limit.
//
// Thread safety: none; its owner guards it.
#pragma once

#include <algorithm>
#include <cstdint>
#include <deque>
#include <utility>

namespace stator::engine {

// The service's figures.
inline constexpr double kOnDemandInitialReadPeak = 6000;
inline constexpr double kOnDemandInitialWritePeak = 2000;
inline constexpr int64_t kOnDemandPeakAgeSeconds = 30 * 60;

class OnDemandPeak {
 public:
  // No traffic yet, a previous peak of `initial_peak` units a second, from `now_micros`.
  OnDemandPeak(double initial_peak, int64_t now_micros)
      : peak_(initial_peak), second_(SecondOf(now_micros)) {}

  // Whether a request may start now: the current second has consumed less than twice the
  // previous peak.
  bool Admits(int64_t now_micros) {
    Advance(now_micros);
    return units_ < 2 * peak_;
  }

  // Counts what a request consumed in the current second.
  void Spend(double units, int64_t now_micros) {
    Advance(now_micros);
    units_ += units;
  }
  // The same in the second of the last Admits: that of the request's own admission, without a
  // clock read.
  void Spend(double units) { units_ += units; }

  // The units consumed in the current second.
  double UnitsThisSecond(int64_t now_micros) {
    Advance(now_micros);
    return units_;
  }

  // The previous peak in force now: the units a second the table may double at once.
  double PreviousPeak(int64_t now_micros) {
    Advance(now_micros);
    return peak_;
  }

 private:
  static int64_t SecondOf(int64_t micros) { return micros / 1'000'000; }

  void Advance(int64_t now_micros) {
    const int64_t now = SecondOf(now_micros);
    // A clock never goes back; should one, its requests count in the latest second seen.
    if (now <= second_) return;
    // Only a second busier than every one before it can ever raise the peak: the earlier and
    // busier ones reach 30 minutes of age first.
    const double highest = pending_.empty() ? peak_ : pending_.back().second;
    if (units_ > highest) pending_.emplace_back(second_, units_);
    second_ = now;
    units_ = 0;
    while (!pending_.empty() && now - pending_.front().first >= kOnDemandPeakAgeSeconds) {
      peak_ = std::max(peak_, pending_.front().second);
      pending_.pop_front();
    }
  }

  double peak_;
  int64_t second_;    // the current second of the clock
  double units_ = 0;  // consumed in second_
  // Seconds younger than 30 minutes that will raise the peak when they come of age, oldest
  // first, each busier than the one before it (so at most one per second of the 30 minutes).
  std::deque<std::pair<int64_t, double>> pending_;
};

}  // namespace stator::engine
