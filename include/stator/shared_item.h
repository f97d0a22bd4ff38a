// SharedGetItemResponse: GetItem's answer as shared, immutable data, so a cached read costs a
// reference count rather than a copy of the item, and the HTTP layer can keep the item's encoded
// JSON beside it (EncodedItem) and answer later reads of the same entry with a copy of bytes.
//
// Thread safety: EncodedItem is filled at most once, by whichever thread comes first; Get and
// Fill may be called concurrently from any thread.
#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <string>

#include "stator/attribute_value.h"
#include "stator/requests.h"

namespace stator {

// A once-filled slot for one item's encoded form (for the HTTP layer: its DynamoDB JSON,
// `{"a":{"S":"x"},...}`). The slot belongs to one version of one item: a write makes a new one.
class EncodedItem {
 public:
  EncodedItem() = default;
  EncodedItem(const EncodedItem&) = delete;
  EncodedItem& operator=(const EncodedItem&) = delete;
  ~EncodedItem() { delete encoded_.load(std::memory_order_acquire); }

  // The encoded item, or null while nobody has filled the slot.
  const std::string* Get() const { return encoded_.load(std::memory_order_acquire); }

  // Fills the slot unless another thread did first; returns the slot's content either way.
  const std::string& Fill(std::string encoded) {
    auto* mine = new std::string(std::move(encoded));
    const std::string* expected = nullptr;
    if (encoded_.compare_exchange_strong(expected, mine, std::memory_order_acq_rel)) return *mine;
    delete mine;
    return *expected;
  }

 private:
  std::atomic<const std::string*> encoded_{nullptr};
};

struct SharedGetItemResponse {
  std::shared_ptr<const Item> item;  // null when no item has the key
  // The item's encoding slot when the item came from (or went into) the cache unprojected; null
  // otherwise, and then the caller encodes `item` itself.
  std::shared_ptr<EncodedItem> encoded;
  std::optional<ConsumedCapacity> consumed_capacity;
  CacheOutcome cache = CacheOutcome::kNone;
};

}  // namespace stator
