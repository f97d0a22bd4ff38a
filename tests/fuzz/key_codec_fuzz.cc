// libFuzzer target for the item key codec (engine/storage/key_codec.h), which puts every item
// of a table in its RocksDB key order. One byte of the input picks the property:
//   decode   any bytes, as a corrupt key would give, decode to a key or fail, never crash;
//   round    a key built from the input's values decodes to the same values;
//   order    two keys of one partition sort as their sort-key values do (strings and binary
//            by unsigned bytes, numbers by value), which is what Query's order rests on.
// A broken property aborts, which libFuzzer reports as a crash with the input that broke it.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "engine/model/number.h"
#include "engine/storage/key_codec.h"

namespace {

using namespace stator;          // NOLINT: a fuzz driver
using namespace stator::engine;  // NOLINT

// DynamoDB's limits on key values (2048 bytes for a partition key, 1024 for a sort key).
constexpr size_t kMaxPartitionKeyBytes = 2048;
constexpr size_t kMaxSortKeyBytes = 1024;

const KeySchema& HashOnly() {
  static const auto* schema = new KeySchema{{"pk", ScalarType::kS}, std::nullopt};
  return *schema;
}

const KeySchema& HashAndRange() {
  static const auto* schema =
      new KeySchema{{"pk", ScalarType::kS}, KeyAttribute{"sk", ScalarType::kS}};
  return *schema;
}

// A valid key value of a type the input picks, from at most `max_bytes` of it; numbers are
// parsed and canonical, and an input that is no number gives nothing.
std::optional<AttributeValue> KeyValue(FuzzedDataProvider& in, size_t max_bytes) {
  const uint8_t type = in.ConsumeIntegralInRange<uint8_t>(0, 2);
  std::string bytes = in.ConsumeRandomLengthString(max_bytes);
  if (type == 0) return AttributeValue::S(std::move(bytes));
  if (type == 1) return AttributeValue::B(std::move(bytes));
  auto number = Decimal::Parse(bytes);
  if (!number.ok()) return std::nullopt;
  return AttributeValue::N(number->ToString());
}

int Sign(int v) { return (v > 0) - (v < 0); }

// The order DynamoDB gives two sort-key values of one type.
int CompareSortKeys(const AttributeValue& a, const AttributeValue& b) {
  if (a.type() == AttributeType::kN) {
    return Sign(Compare(*Decimal::Parse(a.s()), *Decimal::Parse(b.s())));
  }
  return Sign(a.s().compare(b.s()));  // std::char_traits<char> compares as unsigned char
}

void DecodeAnything(FuzzedDataProvider& in) {
  const std::string key = in.ConsumeRemainingBytesAsString();
  Item item;
  (void)DecodeItemKey(HashOnly(), key, &item);
  (void)DecodeItemKey(HashAndRange(), key, &item);
}

void RoundTrip(FuzzedDataProvider& in) {
  const auto table_id = in.ConsumeIntegral<uint32_t>();
  const bool has_sort_key = in.ConsumeBool();
  const auto partition = KeyValue(in, kMaxPartitionKeyBytes);
  const auto sort = has_sort_key ? KeyValue(in, kMaxSortKeyBytes) : std::nullopt;
  if (!partition || (has_sort_key && !sort)) return;
  const std::string key = EncodeItemKey(table_id, *partition, sort ? &*sort : nullptr);
  if (key.compare(0, kTablePrefixSize, TablePrefix(table_id)) != 0) __builtin_trap();
  Item item;
  if (!DecodeItemKey(has_sort_key ? HashAndRange() : HashOnly(), key, &item)) __builtin_trap();
  if (!(item.at("pk") == *partition)) __builtin_trap();
  if (has_sort_key && !(item.at("sk") == *sort)) __builtin_trap();
}

void Order(FuzzedDataProvider& in) {
  const AttributeValue partition = AttributeValue::S("p");
  const auto a = KeyValue(in, kMaxSortKeyBytes);
  const auto b = KeyValue(in, kMaxSortKeyBytes);
  if (!a || !b || a->type() != b->type()) return;
  const std::string key_a = EncodeItemKey(7, partition, &*a);
  const std::string key_b = EncodeItemKey(7, partition, &*b);
  if (Sign(key_a.compare(key_b)) != CompareSortKeys(*a, *b)) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  switch (in.ConsumeIntegralInRange<uint8_t>(0, 2)) {
    case 0: DecodeAnything(in); break;
    case 1: RoundTrip(in); break;
    default: Order(in); break;
  }
  return 0;
}
