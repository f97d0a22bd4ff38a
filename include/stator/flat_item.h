// FlatItem: an item held as one buffer in the engine's compact encoding and read in place.
//
// An uncached GetItem reads one record from RocksDB; building an Item from it (a std::map with
// a node and, for most values, a string per attribute) costs about 450 ns for a 1 KB item of 11
// attributes, a third of the point read under it. Database::GetItemFlat hands the record over
// as it is stored instead: one copy, no decoding. Reading an attribute's name, type and scalar
// bytes allocates nothing; Decode and ToItem build AttributeValues where the caller wants them.
//
// Attributes come in name order, as an Item's do. Find is a linear scan: items are small and
// are read whole far more often than probed.
//
// Thread safety: a value type; const access from many threads is safe.
#pragma once

#include <cstddef>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "stator/attribute_value.h"
#include "stator/requests.h"

namespace stator {

// One attribute of a FlatItem: views into the item's buffer, valid while the item lives and is
// neither moved nor assigned to (a short buffer moves with it).
class FlatAttribute {
 public:
  std::string_view name() const { return name_; }
  AttributeType type() const { return type_; }
  // S, N, B: the string, the number's decimal text or the raw bytes; empty for other types.
  std::string_view text() const { return text_; }
  // BOOL: its truth; false for other types.
  bool boolean() const { return boolean_; }
  // The value as an AttributeValue (any type; copies).
  AttributeValue Decode() const;

 private:
  friend class FlatItem;
  std::string_view name_;
  std::string_view encoded_;  // the value's encoding
  std::string_view text_;
  AttributeType type_ = AttributeType::kNULL;
  bool boolean_ = false;
};

class FlatItem {
 public:
  class Iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = FlatAttribute;
    using difference_type = std::ptrdiff_t;
    using pointer = const FlatAttribute*;
    using reference = const FlatAttribute&;

    Iterator() = default;
    reference operator*() const { return current_; }
    pointer operator->() const { return &current_; }
    Iterator& operator++();
    Iterator operator++(int) {
      Iterator before = *this;
      ++*this;
      return before;
    }
    friend bool operator==(const Iterator& a, const Iterator& b) { return a.at_ == b.at_; }

   private:
    friend class FlatItem;
    Iterator(const char* at, const char* end);
    void Parse();  // reads the attribute at at_ into current_

    const char* at_ = nullptr;  // where the current attribute starts; end_ when past the last
    const char* end_ = nullptr;
    const char* next_ = nullptr;  // where the next attribute starts
    FlatAttribute current_;
  };

  FlatItem();  // an item of no attributes

  // The flat form of an Item (encodes it).
  static FlatItem Of(const Item& item);
  // Takes bytes holding an encoded item from `start` on, checking it; nullopt when they do not.
  // What comes before `start` (a stored record's header) is kept but never read, so a record
  // read from storage becomes an item without a copy.
  static std::optional<FlatItem> FromEncoded(std::string bytes, size_t start = 0);

  Iterator begin() const;
  Iterator end() const;
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

  // The attribute named `name`, if the item has one.
  std::optional<FlatAttribute> Find(std::string_view name) const;
  // The item as an Item (decodes every attribute).
  Item ToItem() const;
  // The encoded item, as the engine stores it.
  std::string_view encoded() const { return std::string_view(bytes_).substr(start_); }

 private:
  FlatItem(std::string bytes, size_t start, size_t size, size_t first)
      : bytes_(std::move(bytes)), start_(start), size_(size), first_(first) {}

  std::string bytes_;  // the encoded item from start_ to the end
  size_t start_ = 0;
  size_t size_ = 0;
  size_t first_ = 1;  // where in bytes_ the first attribute starts, past the count
};

struct FlatGetItemResponse {
  std::optional<FlatItem> item;  // absent when no item has the key
  std::optional<ConsumedCapacity> consumed_capacity;
  CacheOutcome cache = CacheOutcome::kNone;  // as GetItemResponse::cache

  // A GetItem answer made flat: `item` (null when there is none) encoded, the capacity and the
  // cache's outcome kept.
  static FlatGetItemResponse Of(const Item* item, std::optional<ConsumedCapacity> consumed,
                                CacheOutcome cache = CacheOutcome::kNone);
};

}  // namespace stator
