#include "engine/key_codec.h"

#include <xxhash.h>

#include "engine/coding.h"
#include "engine/number.h"

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

}  // namespace stator::engine
