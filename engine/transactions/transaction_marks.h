// TransactionMarks: the exact item keys that in-flight write transactions hold. DynamoDB does
// not make a request wait for a transaction: a PutItem, UpdateItem, DeleteItem or BatchWriteItem
// on an item that a TransactWriteItems is writing fails with TransactionConflictException, and a
// TransactWriteItems or TransactGetItems that meets such an item is cancelled with the reason
// TransactionConflict. A write transaction marks its keys here before it takes its stripe locks
// (key_locks.h) and clears them once it has committed or given up; other requests look their
// exact keys up and fail fast. Keys are compared whole (the encoded key carries the table id),
// never by stripe, so unrelated keys that share a lock stripe never conflict.
//
// Marking is all-or-nothing and never waits for another transaction, so marks cannot deadlock;
// the stripe locks, taken after marking in ascending order, still serialise everything that slips
// past a look-up (a single write that looked before the mark was set simply runs first).
//
// Thread safety: safe for concurrent use.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "stator/status.h"

namespace stator::engine {

// The message of TransactionConflictException and of the TransactionConflict cancellation reason
// (the service's API reference, TransactWriteItems CancellationReasons; observed on real
// UpdateItem calls, e.g. in the redimos load-test notes).
inline constexpr std::string_view kTransactionOngoing = "Transaction is ongoing for the item";

// TransactionConflictException, for a single-item write on a key a transaction holds.
inline Status TransactionConflict() {
  return Status(ErrorCode::kTransactionConflict, std::string(kTransactionOngoing));
}

class TransactionMarks {
 public:
  static constexpr size_t kShards = 64;

  // Marks every key of `keys` (distinct, non-empty) for the caller, or none of them. Returns the
  // positions in `keys` that another transaction holds; empty means the caller now holds all of
  // them and must Unmark them.
  std::vector<size_t> MarkAll(const std::vector<std::string_view>& keys);
  void Unmark(const std::vector<std::string_view>& keys);

  // Whether an in-flight transaction holds `key`.
  bool IsMarked(std::string_view key) const;

 private:
  struct alignas(64) Shard {
    mutable std::mutex mu;
    std::set<std::string, std::less<>> keys;  // guarded by mu
  };
  size_t ShardOf(std::string_view key) const;

  std::array<Shard, kShards> shards_;
  // How many keys are marked: lets the common case (no transaction in flight) skip the shard
  // mutex entirely. A stale zero only lets a single write through to the stripe lock, where it
  // waits for the transaction as before.
  std::atomic<size_t> marked_{0};
};

// Holds a transaction's marks for a scope.
class MarkedKeys {
 public:
  explicit MarkedKeys(TransactionMarks& marks) : marks_(marks) {}
  ~MarkedKeys() { Unmark(); }
  MarkedKeys(const MarkedKeys&) = delete;
  MarkedKeys& operator=(const MarkedKeys&) = delete;

  // Marks `keys` (empty entries are skipped); on conflict marks nothing and returns the
  // positions in `keys` that another transaction holds.
  std::vector<size_t> Mark(const std::vector<std::string_view>& keys);
  // Unmarks the keys before the end of the scope (a committed transaction is no longer in
  // flight).
  void Unmark() {
    if (!keys_.empty()) marks_.Unmark(keys_);
    keys_.clear();
  }

 private:
  TransactionMarks& marks_;
  std::vector<std::string_view> keys_;  // marked; they point into the caller's request
};

}  // namespace stator::engine
