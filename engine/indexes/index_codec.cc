#include "engine/indexes/index_codec.h"

#include "engine/model/number.h"
#include "engine/storage/key_codec.h"

namespace stator::engine {
namespace {

char TypeByte(ScalarType type) {
  switch (type) {
    case ScalarType::kN: return 'N';
    case ScalarType::kB: return 'B';
    default: return 'S';
  }
}

AttributeType AttributeTypeOf(ScalarType type) {
  switch (type) {
    case ScalarType::kN: return AttributeType::kN;
    case ScalarType::kB: return AttributeType::kB;
    default: return AttributeType::kS;
  }
}

const AttributeValue* Find(const Item& item, const std::string& name) {
  auto it = item.find(name);
  return it == item.end() ? nullptr : &it->second;
}

void AppendEscaped(std::string_view bytes, std::string* out) {
  for (char c : bytes) {
    out->push_back(c);
    if (c == '\0') out->push_back('\xff');
  }
}

Status CheckOne(const IndexDef& index, const KeyAttribute& key, const Item& item) {
  const AttributeValue* v = Find(item, key.name);
  if (v == nullptr) return Status::OK();
  const AttributeType want = AttributeTypeOf(key.type);
  if (v->type() != want) {
    return Status::Validation(
        "One or more parameter values were invalid: Type mismatch for Index Key " + key.name +
        " Expected: " + std::string(TypeDescriptor(want)) + " Actual: " +
        std::string(TypeDescriptor(v->type())) + " IndexName: " + index.name);
  }
  if (v->s().empty() && want != AttributeType::kN) {
    return Status::Validation(
        "One or more parameter values are not valid. A value specified for a secondary index key "
        "is not supported. The AttributeValue for a key attribute cannot contain an empty " +
        std::string(want == AttributeType::kS ? "string" : "binary") + " value. IndexName: " +
        index.name + ", IndexKey: " + key.name);
  }
  return Status::OK();
}

// The item's value of `key` if it has that attribute with the defined type, else null.
const AttributeValue* Typed(const Item& item, const KeyAttribute& key) {
  const AttributeValue* v = Find(item, key.name);
  return v != nullptr && v->type() == AttributeTypeOf(key.type) ? v : nullptr;
}

std::string MultiEntryKey(const IndexDef& index, const Item& item, std::string_view item_key) {
  const KeySchema& key = index.key;
  std::vector<const AttributeValue*> partition{Typed(item, key.hash)};
  for (const KeyAttribute& k : key.more_hash) partition.push_back(Typed(item, k));
  for (const AttributeValue* v : partition) {
    if (v == nullptr) return {};
  }
  std::string out = IndexPartitionPrefix(index, MultiPartitionValue(partition));
  if (key.range) {
    const AttributeValue* first = Typed(item, *key.range);
    if (first == nullptr) return {};
    AppendIndexSortKey(*first, true, &out);
    for (const KeyAttribute& k : key.more_range) {
      const AttributeValue* v = Typed(item, k);
      if (v == nullptr) return {};
      AppendIndexSortKey(*v, true, &out);
    }
  }
  out.append(item_key);
  return out;
}

}  // namespace

AttributeValue MultiPartitionValue(const std::vector<const AttributeValue*>& values) {
  std::string tuple;
  for (const AttributeValue* v : values) AppendIndexSortKey(*v, true, &tuple);
  return AttributeValue::B(std::move(tuple));
}

AttributeValue PartitionValueOf(const expr::KeyCondition& condition) {
  if (condition.partition_tuple.empty()) return condition.partition_value;
  std::vector<const AttributeValue*> values;
  for (const AttributeValue& v : condition.partition_tuple) values.push_back(&v);
  return MultiPartitionValue(values);
}

std::string IndexPartitionPrefix(const IndexDef& index, const AttributeValue& partition_key) {
  std::string out = EncodeItemKey(index.id, partition_key, nullptr);
  if (index.key.range) out.push_back(TypeByte(index.key.range->type));
  return out;
}

void AppendIndexSortKey(const AttributeValue& sort_key, bool terminate, std::string* out) {
  if (sort_key.type() == AttributeType::kN) {
    std::string ordered;
    auto number = Decimal::Parse(sort_key.s());
    // Key values are validated before they are encoded; a parse failure here is a bug.
    if (number.ok()) number->AppendOrderedKey(&ordered);
    AppendEscaped(ordered, out);
  } else {
    AppendEscaped(sort_key.s(), out);
  }
  if (terminate) {
    out->push_back('\0');
    out->push_back('\x01');
  }
}

std::string EncodeIndexKey(const IndexDef& index, const AttributeValue& partition_key,
                           const AttributeValue* sort_key, std::string_view item_key) {
  std::string out = IndexPartitionPrefix(index, partition_key);
  if (sort_key != nullptr) AppendIndexSortKey(*sort_key, true, &out);
  out.append(item_key);
  return out;
}

bool IndexKeyValues(const IndexDef& index, const Item& item, const AttributeValue** partition,
                    const AttributeValue** sort) {
  *partition = Find(item, index.key.hash.name);
  if (*partition == nullptr || (*partition)->type() != AttributeTypeOf(index.key.hash.type)) {
    return false;
  }
  *sort = nullptr;
  if (!index.key.range) return true;
  *sort = Find(item, index.key.range->name);
  return *sort != nullptr && (*sort)->type() == AttributeTypeOf(index.key.range->type);
}

std::string IndexEntryKey(const IndexDef& index, const Item& item, std::string_view item_key) {
  if (index.key.MultiAttribute()) return MultiEntryKey(index, item, item_key);
  const AttributeValue *partition, *sort;
  if (!IndexKeyValues(index, item, &partition, &sort)) return {};
  return EncodeIndexKey(index, *partition, sort, item_key);
}

std::string_view EntryItemKey(const IndexDef& index, std::string_view entry_key) {
  // index_id (4), hash (8), pk_len (2), then pk_len bytes of pk_type + pk_bytes.
  constexpr size_t kLengthOffset = kTablePrefixSize + 8;
  if (entry_key.size() < kLengthOffset + 2) return {};
  const size_t pk_len = (size_t{static_cast<unsigned char>(entry_key[kLengthOffset])} << 8) |
                        static_cast<unsigned char>(entry_key[kLengthOffset + 1]);
  size_t pos = kLengthOffset + 2 + pk_len;
  if (index.key.range) {
    ++pos;  // sk_type
    // One escaped, terminated component per RANGE attribute: 0x00 0xff is an escaped 0x00,
    // 0x00 0x01 ends the component.
    for (size_t left = 1 + index.key.more_range.size(); left > 0; --left) {
      for (;; ++pos) {
        if (pos + 1 >= entry_key.size()) return {};
        if (entry_key[pos] != '\0') continue;
        ++pos;
        if (entry_key[pos] == '\x01') break;
        if (entry_key[pos] != '\xff') return {};
      }
      ++pos;
    }
  }
  if (pos >= entry_key.size()) return {};
  return entry_key.substr(pos);
}

Item ProjectForIndex(const IndexDef& index, const KeySchema& table_key, const Item& item) {
  if (index.projection.projection_type == ProjectionType::kAll) return item;
  Item out;
  auto copy = [&](const std::string& name) {
    auto it = item.find(name);
    if (it != item.end()) out.emplace(name, it->second);
  };
  copy(table_key.hash.name);
  if (table_key.range) copy(table_key.range->name);
  copy(index.key.hash.name);
  if (index.key.range) copy(index.key.range->name);
  for (const KeyAttribute& k : index.key.more_hash) copy(k.name);
  for (const KeyAttribute& k : index.key.more_range) copy(k.name);
  if (index.projection.projection_type == ProjectionType::kInclude) {
    for (const auto& name : index.projection.non_key_attributes) copy(name);
  }
  return out;
}

Status CheckIndexKeys(const std::vector<IndexDef>& indexes, const Item& item) {
  for (const IndexDef& index : indexes) {
    STATOR_RETURN_IF_ERROR(CheckOne(index, index.key.hash, item));
    if (index.key.range) STATOR_RETURN_IF_ERROR(CheckOne(index, *index.key.range, item));
    for (const KeyAttribute& k : index.key.more_hash) {
      STATOR_RETURN_IF_ERROR(CheckOne(index, k, item));
    }
    for (const KeyAttribute& k : index.key.more_range) {
      STATOR_RETURN_IF_ERROR(CheckOne(index, k, item));
    }
  }
  return Status::OK();
}

}  // namespace stator::engine
