// PartitionHeat: whether a partition has stayed hot long enough to split, for reads or for
// writes, on the database's clock (tests move the clock instead of sleeping).
//
// The service splits a partition that keeps receiving traffic near its ceiling ("split for
// heat": "a partition receives read or write traffic near its throughput capacity limit", AWS
// Database Blog, "Scaling DynamoDB: How partitions, hot keys, and split for heat impact
// performance", part 3), and adaptive capacity "rebalances your partitions such that frequently
// accessed items don't reside on the same partition" — but a single item stays "limited to the
// partition maximum of 3,000 RCUs and 1,000 WCUs" (Developer Guide, "DynamoDB burst and adaptive
// capacity", "Isolate frequently accessed items"): one hot key cannot be split away from
// itself. The service documents neither the threshold nor the delay; modelled as:
//  - a second of the clock is hot when the partition consumed at least 80% of its ceiling in it
//    (our reading of "near its limit"), or refused a request at its ceiling;
//  - a hot second counts only if it saw more than one partition key (by hash): a partition
//    whose heat comes from one key never splits, however hot;
//  - three hot seconds in a row make the partition due to split: long enough that a spike of a
//    second or two (which burst capacity and the ceiling's one second of tokens absorb) splits
//    nothing, short enough that a sustained load is served at its table's rate within seconds.
// Items of one partition key (an item collection) share a hash, so they count as one key: the
// service may split an item collection by sort key, which this model does not.
//
// Thread safety: none; its owner guards it.
#pragma once

#include <cstdint>

namespace stator::engine {

inline constexpr double kHotShareOfCeiling = 0.8;
inline constexpr int kHotSecondsToSplit = 3;

class PartitionHeat {
 public:
  // A partition whose ceiling is `ceiling` units a second, first seen at `now_micros`.
  PartitionHeat(double ceiling, int64_t now_micros)
      : ceiling_(ceiling), second_(SecondOf(now_micros)) {}

  // Notes a request for the partition key hashing to `hash`. True when the partition is due to
  // split: the seconds before this one were kHotSecondsToSplit hot seconds in a row (counting
  // starts again afterwards).
  bool Saw(uint64_t hash, int64_t now_micros) {
    const bool due = Advance(SecondOf(now_micros));
    if (!seen_any_) {
      first_hash_ = hash;
      seen_any_ = true;
    } else if (hash != first_hash_) {
      many_keys_ = true;
    }
    return due;
  }
  // A request was refused at the ceiling in the current second.
  void Refused() { refused_ = true; }
  // Counts what a request consumed in the current second (that of its admission).
  void Spent(double units) { units_ += units; }

 private:
  static int64_t SecondOf(int64_t micros) { return micros / 1'000'000; }

  // Closes the seconds before `now`; true when that made the partition due to split.
  bool Advance(int64_t now) {
    // A clock never goes back; should one, its requests count in the latest second seen.
    if (now <= second_) return false;
    const bool hot = (units_ >= kHotShareOfCeiling * ceiling_ || refused_) && many_keys_;
    hot_run_ = hot ? hot_run_ + 1 : 0;
    const bool due = hot_run_ >= kHotSecondsToSplit;
    if (due || now != second_ + 1) hot_run_ = 0;  // split; or idle seconds broke the run
    second_ = now;
    units_ = 0;
    refused_ = false;
    seen_any_ = false;
    many_keys_ = false;
    return due;
  }

  double ceiling_;
  int64_t second_;  // the current second of the clock
  double units_ = 0;
  bool refused_ = false;
  bool seen_any_ = false;
  bool many_keys_ = false;
  uint64_t first_hash_ = 0;
  int hot_run_ = 0;  // hot seconds in a row, up to the one before second_
};

}  // namespace stator::engine
