// TransactionMarks (transaction_marks.h): all-or-nothing marking over striped sets, locking the
// shards a transaction touches in ascending order so that two markers never deadlock.
#include "engine/transactions/transaction_marks.h"

#include <algorithm>
#include <functional>

namespace stator::engine {

size_t TransactionMarks::ShardOf(std::string_view key) const {
  return std::hash<std::string_view>{}(key) % kShards;
}

std::vector<size_t> TransactionMarks::MarkAll(const std::vector<std::string_view>& keys) {
  std::vector<size_t> shards;
  for (std::string_view key : keys) shards.push_back(ShardOf(key));
  std::vector<size_t> order = shards;
  std::sort(order.begin(), order.end());
  order.erase(std::unique(order.begin(), order.end()), order.end());
  std::vector<std::unique_lock<std::mutex>> held;
  held.reserve(order.size());
  for (size_t s : order) held.emplace_back(shards_[s].mu);

  std::vector<size_t> conflicts;
  for (size_t i = 0; i < keys.size(); ++i) {
    const auto& set = shards_[shards[i]].keys;
    if (set.find(keys[i]) != set.end()) conflicts.push_back(i);
  }
  if (!conflicts.empty()) return conflicts;
  for (size_t i = 0; i < keys.size(); ++i) shards_[shards[i]].keys.emplace(keys[i]);
  marked_.fetch_add(keys.size(), std::memory_order_release);
  return conflicts;
}

void TransactionMarks::Unmark(const std::vector<std::string_view>& keys) {
  for (std::string_view key : keys) {
    Shard& shard = shards_[ShardOf(key)];
    std::lock_guard lock(shard.mu);
    auto it = shard.keys.find(key);
    if (it != shard.keys.end()) shard.keys.erase(it);
  }
  marked_.fetch_sub(keys.size(), std::memory_order_release);
}

bool TransactionMarks::IsMarked(std::string_view key) const {
  if (marked_.load(std::memory_order_acquire) == 0) return false;
  const Shard& shard = shards_[ShardOf(key)];
  std::lock_guard lock(shard.mu);
  return shard.keys.find(key) != shard.keys.end();
}

std::vector<size_t> MarkedKeys::Mark(const std::vector<std::string_view>& keys) {
  std::vector<std::string_view> wanted;
  std::vector<size_t> positions;  // of wanted[i] in keys
  for (size_t i = 0; i < keys.size(); ++i) {
    if (keys[i].empty()) continue;
    wanted.push_back(keys[i]);
    positions.push_back(i);
  }
  std::vector<size_t> conflicts = marks_.MarkAll(wanted);
  if (conflicts.empty()) {
    keys_ = std::move(wanted);
    return conflicts;
  }
  for (size_t& c : conflicts) c = positions[c];
  return conflicts;
}

}  // namespace stator::engine
