// OpStream and the key layout: see run_state.h and workload.h.
#include "bench/harness/run_state.h"

#include <algorithm>
#include <charconv>
#include <cstring>

namespace stator::bench {

ItemKey KeyOf(uint64_t key, bool sort_key) {
  ItemKey k{};
  std::memcpy(k.pk, "user", 4);
  const uint64_t partition = sort_key ? key / kSortKeysPerPartition : key;
  auto [end, ec] = std::to_chars(k.pk + 4, k.pk + sizeof k.pk, partition);
  (void)ec;
  k.pk_size = static_cast<int>(end - k.pk);
  k.sk = sort_key ? static_cast<int>(key % kSortKeysPerPartition) : -1;
  return k;
}

std::string IndexValueOf(uint64_t key) {
  return std::string("g").append(std::to_string(key % kIndexPartitions));
}

OpStream::OpStream(RunState* state, uint64_t seed)
    : state_(state),
      chooser_(state->config->distribution, state->config->keys, &state->inserted, seed) {
  double sum = 0;
  for (const auto& w : state->workload->mix) cumulative_.push_back(sum += w.weight);
}

void OpStream::DistinctKeys(int n, std::vector<uint64_t>* out) {
  out->clear();
  const int want = static_cast<int>(std::min<uint64_t>(n, state_->config->keys));
  while (static_cast<int>(out->size()) < want) {
    uint64_t k = chooser_.Next();
    // A skewed draw repeats keys; the service rejects duplicate keys in a batch, so step on.
    while (std::find(out->begin(), out->end(), k) != out->end()) k = (k + 1) % state_->config->keys;
    out->push_back(k);
  }
}

NextOp OpStream::Next(uint64_t index) {
  NextOp next;
  const Workload& w = *state_->workload;
  if (w.mix.size() == 1 && w.mix[0].op == Operation::kLoad) {
    next.op = Operation::kLoad;
    const uint64_t first = index * kLoadBatch;
    const uint64_t last = std::min<uint64_t>(first + kLoadBatch, state_->config->keys);
    for (uint64_t k = first; k < last; ++k) next.keys.push_back(k);
    return next;
  }
  const double u =
      std::uniform_real_distribution<double>(0, cumulative_.back())(chooser_.rng());
  const size_t pick = std::upper_bound(cumulative_.begin(), cumulative_.end(), u) -
                      cumulative_.begin();
  next.op = w.mix[std::min(pick, w.mix.size() - 1)].op;
  switch (next.op) {
    case Operation::kInsert:
      next.key = state_->next_insert.fetch_add(1, std::memory_order_relaxed);
      if (state_->config->changing_puts) next.version = index + 1;
      break;
    case Operation::kPutItem:
      next.key = chooser_.Next();
      if (state_->config->changing_puts) next.version = index + 1;
      break;
    case Operation::kQuery:
      next.key = chooser_.Next();
      next.length = std::uniform_int_distribution<int>(1, w.query_length)(chooser_.rng());
      break;
    case Operation::kBatchGetItem:
      DistinctKeys(std::min(w.batch_size, 100), &next.keys);
      break;
    case Operation::kBatchWriteItem:
      DistinctKeys(std::min(w.batch_size, kLoadBatch), &next.keys);
      break;
    case Operation::kTransactWriteItems:
      DistinctKeys(std::min(w.batch_size, 100), &next.keys);
      break;
    default:
      next.key = chooser_.Next();
  }
  return next;
}

}  // namespace stator::bench
