// FlatItem (include/stator/flat_item.h): iteration over the item encoding of item_codec.h. The
// bytes are checked once, when the item is made; reading them afterwards needs no checks.
#include "stator/flat_item.h"

#include "engine/model/coding.h"
#include "engine/model/item_codec.h"

namespace stator {

AttributeValue FlatAttribute::Decode() const {
  AttributeValue out;
  (void)DecodeEncodedValue(encoded_, &out);  // checked when its item was made
  return out;
}

FlatItem::Iterator::Iterator(const char* at, const char* end) : at_(at), end_(end) {
  if (at_ != end_) Parse();
}

void FlatItem::Iterator::Parse() {
  Reader r(std::string_view(at_, static_cast<size_t>(end_ - at_)));
  std::string_view name;
  (void)r.LengthPrefixed(&name);
  std::string_view value = r.rest();
  std::string_view rest = value;
  (void)SkipEncodedValue(&rest);
  value.remove_suffix(rest.size());
  current_.name_ = name;
  current_.encoded_ = value;
  current_.text_ = {};
  current_.boolean_ = false;
  current_.type_ = EncodedValueType(value, &current_.text_, &current_.boolean_);
  next_ = rest.data();
}

FlatItem::Iterator& FlatItem::Iterator::operator++() {
  at_ = next_;
  if (at_ != end_) Parse();
  return *this;
}

FlatItem::FlatItem() : bytes_(1, '\0') {}

FlatItem FlatItem::Of(const Item& item) {
  std::string encoded;
  EncodeItem(item, &encoded);
  std::string count;  // the encoding starts with the attribute count
  PutVarint(&count, item.size());
  return FlatItem(std::move(encoded), 0, item.size(), count.size());
}

std::optional<FlatItem> FlatItem::FromEncoded(std::string bytes, size_t start) {
  if (start > bytes.size()) return std::nullopt;
  Reader r(std::string_view(bytes).substr(start));
  uint64_t count;
  if (!r.Varint(&count) || count > r.rest().size()) return std::nullopt;
  const size_t first = bytes.size() - r.rest().size();
  std::string_view rest = r.rest();
  std::string_view previous;
  for (uint64_t i = 0; i < count; ++i) {
    Reader names(rest);
    std::string_view name;
    // Names are stored in order and unique (an Item is a map): Find and ToItem rely on it.
    if (!names.LengthPrefixed(&name) || (i > 0 && name <= previous)) return std::nullopt;
    previous = name;
    rest = names.rest();
    if (!SkipEncodedValue(&rest)) return std::nullopt;
  }
  if (!rest.empty()) return std::nullopt;
  return FlatItem(std::move(bytes), start, count, first);
}

FlatItem::Iterator FlatItem::begin() const {
  return Iterator(bytes_.data() + first_, bytes_.data() + bytes_.size());
}

FlatItem::Iterator FlatItem::end() const {
  const char* end = bytes_.data() + bytes_.size();
  return Iterator(end, end);
}

std::optional<FlatAttribute> FlatItem::Find(std::string_view name) const {
  for (const FlatAttribute& attribute : *this) {
    if (attribute.name() == name) return attribute;
    if (attribute.name() > name) break;
  }
  return std::nullopt;
}

Item FlatItem::ToItem() const {
  Item out;
  (void)DecodeItem(encoded(), &out);  // checked when the item was made
  return out;
}

FlatGetItemResponse FlatGetItemResponse::Of(const Item* item,
                                            std::optional<ConsumedCapacity> consumed,
                                            CacheOutcome cache) {
  FlatGetItemResponse out;
  if (item != nullptr) out.item = FlatItem::Of(*item);
  out.consumed_capacity = std::move(consumed);
  out.cache = cache;
  return out;
}

}  // namespace stator
