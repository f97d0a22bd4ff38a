#include "engine/storage/key_codec.h"

#include <xxhash.h>

#include "engine/model/coding.h"
#include "engine/model/number.h"

namespace stator::engine {
namespace {

char TypeByte(AttributeType type) {
  switch (type) {
    case AttributeType::kN: return 'N';
    case AttributeType::kB: return 'B';
    default: return 'S';
  }
}

void AppendHashedBytes(const AttributeValue& v, std::string* out) {
  out->push_back(TypeByte(v.type()));
  out->append(v.s());
}

// The value of type byte `type` with bytes `bytes` (N: its canonical text), or false.
bool ValueOf(char type, std::string bytes, AttributeValue* out) {
  switch (type) {
    case 'S': *out = AttributeValue::S(std::move(bytes)); return true;
    case 'N': *out = AttributeValue::N(std::move(bytes)); return true;
    case 'B': *out = AttributeValue::B(std::move(bytes)); return true;
    default: return false;
  }
}

}  // namespace

std::string TablePrefix(uint32_t table_id) {
  std::string out;
  PutFixed32BE(&out, table_id);
  return out;
}

uint64_t PartitionHash(const AttributeValue& partition_key) {
  // The type byte seeds the hash, so S "1" and N 1 land in different places.
  const std::string& s = partition_key.s();
  return XXH3_64bits_withSeed(s.data(), s.size(),
                              static_cast<unsigned char>(TypeByte(partition_key.type())));
}

std::string EncodeItemKey(uint32_t table_id, const AttributeValue& partition_key,
                          const AttributeValue* sort_key) {
  std::string out;
  out.reserve(kTablePrefixSize + 8 + 3 + partition_key.s().size() +
              (sort_key ? 2 + sort_key->s().size() : 0));
  PutFixed32BE(&out, table_id);
  PutFixed64BE(&out, PartitionHash(partition_key));
  const size_t pk_len = 1 + partition_key.s().size();
  out.push_back(static_cast<char>(pk_len >> 8));
  out.push_back(static_cast<char>(pk_len));
  AppendHashedBytes(partition_key, &out);
  if (sort_key != nullptr) {
    out.push_back(TypeByte(sort_key->type()));
    if (sort_key->type() == AttributeType::kN) {
      auto number = Decimal::Parse(sort_key->s());
      // Key values are validated before they are encoded; a parse failure here is a bug.
      if (number.ok()) number->AppendOrderedKey(&out);
    } else {
      out.append(sort_key->s());
    }
  }
  return out;
}

bool DecodeItemKey(const KeySchema& schema, std::string_view key, Item* out) {
  constexpr size_t kFixed = kTablePrefixSize + 8 + 2;
  if (key.size() < kFixed + 1) return false;
  const size_t pk_len = (static_cast<size_t>(static_cast<unsigned char>(key[kFixed - 2])) << 8) |
                        static_cast<unsigned char>(key[kFixed - 1]);
  if (pk_len == 0 || key.size() < kFixed + pk_len) return false;
  AttributeValue partition;
  if (!ValueOf(key[kFixed], std::string(key.substr(kFixed + 1, pk_len - 1)), &partition)) {
    return false;
  }
  std::string_view rest = key.substr(kFixed + pk_len);
  out->clear();
  out->emplace(schema.hash.name, std::move(partition));
  if (!schema.range) return rest.empty();
  if (rest.empty()) return false;
  const char sort_type = rest[0];
  rest.remove_prefix(1);
  std::string sort_bytes(rest);
  if (sort_type == 'N') {
    Decimal number;
    if (!Decimal::ConsumeOrderedKey(&rest, &number) || !rest.empty()) return false;
    sort_bytes = number.ToString();
  }
  AttributeValue sort;
  if (!ValueOf(sort_type, std::move(sort_bytes), &sort)) return false;
  out->emplace(schema.range->name, std::move(sort));
  return true;
}

}  // namespace stator::engine
