#include "engine/model/item_validation.h"

#include <algorithm>
#include <unordered_set>

#include "engine/model/number.h"

namespace stator {
namespace {

AttributeType ToAttributeType(ScalarType t) {
  switch (t) {
    case ScalarType::kN: return AttributeType::kN;
    case ScalarType::kB: return AttributeType::kB;
    case ScalarType::kS: break;
  }
  return AttributeType::kS;
}

std::string JoinForMessage(const std::vector<std::string>& values) {
  std::string out = "[";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ", ";
    out += values[i];
  }
  return out + "]";
}

// The service's own wording, odd spacing included.
std::string EmptySetMessage(AttributeType type) {
  switch (type) {
    case AttributeType::kNS: return "An number set  may not be empty";
    case AttributeType::kBS: return "Binary sets should not be empty";
    default: return "An string set  may not be empty";
  }
}

std::string Base64(std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const uint32_t n =
        (uint8_t(bytes[i]) << 16) | (uint8_t(bytes[i + 1]) << 8) | uint8_t(bytes[i + 2]);
    for (int shift : {18, 12, 6, 0}) out.push_back(kAlphabet[(n >> shift) & 63]);
  }
  if (i < bytes.size()) {
    uint32_t n = uint8_t(bytes[i]) << 16;
    if (i + 1 < bytes.size()) n |= uint8_t(bytes[i + 1]) << 8;
    out.push_back(kAlphabet[(n >> 18) & 63]);
    out.push_back(kAlphabet[(n >> 12) & 63]);
    out.push_back(i + 1 < bytes.size() ? kAlphabet[(n >> 6) & 63] : '=');
    out.push_back('=');
  }
  return out;
}

// The service words duplicates differently per set type.
Status DuplicatesIn(const AttributeValue& set) {
  switch (set.type()) {
    case AttributeType::kNS:
      return Status::Validation("Input collection contains duplicates");
    case AttributeType::kBS: {
      std::vector<std::string> encoded;
      for (const auto& m : set.set()) encoded.push_back(Base64(m));
      return Status::Validation("One or more parameter values were invalid: Input collection " +
                                JoinForMessage(encoded) + "of type BS contains duplicates.");
    }
    default:
      return Status::Validation("One or more parameter values were invalid: Input collection " +
                                JoinForMessage(set.set()) + " contains duplicates.");
  }
}

Status NormalizeSet(AttributeValue* value) {
  auto& members = value->set();
  if (members.empty()) {
    return Status::Validation("One or more parameter values were invalid: " +
                              EmptySetMessage(value->type()));
  }
  if (value->type() == AttributeType::kNS) {
    for (auto& n : members) {
      auto normal = NormalizeNumber(n);
      if (!normal.ok()) return normal.status();
      n = std::move(normal).value();
    }
  }
  std::unordered_set<std::string_view> seen;
  for (const auto& m : members) {
    if (!seen.insert(m).second) return DuplicatesIn(*value);
  }
  return Status::OK();
}

// Size of a number: 1 byte per two significant digits, plus 1 (the service's documented rule).
int64_t NumberSize(std::string_view canonical) {
  size_t digits = 0;
  size_t first = canonical.find_first_not_of("-0.");
  if (first == std::string_view::npos) return 1;  // zero
  size_t last = canonical.find_last_not_of("0.");
  for (size_t i = first; i <= last && i < canonical.size(); ++i) {
    if (canonical[i] >= '0' && canonical[i] <= '9') ++digits;
  }
  return static_cast<int64_t>((digits + 1) / 2 + 1);
}

int64_t ValueSize(const AttributeValue& v) {
  switch (v.type()) {
    case AttributeType::kS:
    case AttributeType::kB:
      return static_cast<int64_t>(v.s().size());
    case AttributeType::kN:
      return NumberSize(v.s());
    case AttributeType::kBOOL:
    case AttributeType::kNULL:
      return 1;
    case AttributeType::kSS:
    case AttributeType::kBS: {
      int64_t size = 0;
      for (const auto& m : v.set()) size += static_cast<int64_t>(m.size());
      return size;
    }
    case AttributeType::kNS: {
      int64_t size = 0;
      for (const auto& m : v.set()) size += NumberSize(m);
      return size;
    }
    case AttributeType::kL: {
      // 3 bytes for the list, 1 per element, as the service documents.
      int64_t size = 3;
      for (const auto& e : v.l()) size += 1 + ValueSize(e);
      return size;
    }
    case AttributeType::kM: {
      int64_t size = 3;
      for (const auto& [name, e] : v.m()) size += 1 + AttributeSize(name, e);
      return size;
    }
  }
  return 0;
}

Status CheckKeyValue(const KeyAttribute& attr, const AttributeValue& value, bool is_hash) {
  if (value.s().empty()) {
    return Status::Validation(
        std::string("One or more parameter values are not valid. The AttributeValue for a key "
                    "attribute cannot contain an empty ") +
        (value.type() == AttributeType::kB ? "binary" : "string") + " value. Key: " + attr.name);
  }
  if (is_hash && value.s().size() > kMaxPartitionKeyBytes) {
    return Status::Validation(std::string(kHashKeyTooLarge));
  }
  if (!is_hash && value.s().size() > kMaxSortKeyBytes) {
    return Status::Validation(std::string(kRangeKeyTooLarge));
  }
  return Status::OK();
}

}  // namespace

Status CheckAttributeName(std::string_view name) {
  if (name.size() > kMaxAttributeNameBytes) {
    return Status::Validation(std::string(kAttributeNameTooLarge));
  }
  return Status::OK();
}

Status NormalizeValue(AttributeValue* value, int depth) {
  switch (value->type()) {
    case AttributeType::kN: {
      auto normal = NormalizeNumber(value->s());
      if (!normal.ok()) return normal.status();
      value->s() = std::move(normal).value();
      return Status::OK();
    }
    case AttributeType::kSS:
    case AttributeType::kNS:
    case AttributeType::kBS:
      return NormalizeSet(value);
    case AttributeType::kL:
    case AttributeType::kM:
      if (depth >= kMaxNestingDepth) return Status::Validation(std::string(kNestingTooDeep));
      if (value->type() == AttributeType::kL) {
        for (auto& e : value->l()) STATOR_RETURN_IF_ERROR(NormalizeValue(&e, depth + 1));
      } else {
        for (auto& [name, e] : value->m()) {
          STATOR_RETURN_IF_ERROR(CheckAttributeName(name));
          STATOR_RETURN_IF_ERROR(NormalizeValue(&e, depth + 1));
        }
      }
      return Status::OK();
    default:
      return Status::OK();
  }
}

namespace {

bool NestedWithin(const AttributeValue& value, int depth) {
  if (value.type() == AttributeType::kL) {
    if (depth >= kMaxNestingDepth) return false;
    for (const auto& e : value.l()) {
      if (!NestedWithin(e, depth + 1)) return false;
    }
  } else if (value.type() == AttributeType::kM) {
    if (depth >= kMaxNestingDepth) return false;
    for (const auto& [name, e] : value.m()) {
      if (!NestedWithin(e, depth + 1)) return false;
    }
  }
  return true;
}

}  // namespace

Status CheckNesting(const Item& item) {
  for (const auto& [name, value] : item) {
    if (!NestedWithin(value, 0)) return Status::Validation(std::string(kNestingTooDeep));
  }
  return Status::OK();
}

namespace {

// Whether a value of this type has rules of its own to check (CheckValue): numbers, sets and
// nesting. Strings, binaries, booleans and nulls are valid as they come.
bool HasRules(AttributeType type) {
  return type != AttributeType::kS && type != AttributeType::kB && type != AttributeType::kBOOL &&
         type != AttributeType::kNULL;
}

// Read-only twin of NormalizeValue: same checks, and *canonical turns false where a number's
// text is not canonical.
Status CheckValue(const AttributeValue& value, int depth, bool* canonical) {
  switch (value.type()) {
    case AttributeType::kN: {
      auto normal = NormalizeNumber(value.s());
      if (!normal.ok()) return normal.status();
      if (*normal != value.s()) *canonical = false;
      return Status::OK();
    }
    case AttributeType::kSS:
    case AttributeType::kNS:
    case AttributeType::kBS: {
      // Sets are rare on hot paths and NS duplicates are judged by value: check a copy.
      AttributeValue copy = value;
      STATOR_RETURN_IF_ERROR(NormalizeSet(&copy));
      if (value.type() == AttributeType::kNS && copy.set() != value.set()) *canonical = false;
      return Status::OK();
    }
    case AttributeType::kL:
    case AttributeType::kM:
      if (depth >= kMaxNestingDepth) return Status::Validation(std::string(kNestingTooDeep));
      if (value.type() == AttributeType::kL) {
        for (const auto& e : value.l()) STATOR_RETURN_IF_ERROR(CheckValue(e, depth + 1, canonical));
      } else {
        for (const auto& [name, e] : value.m()) {
          STATOR_RETURN_IF_ERROR(CheckAttributeName(name));
          STATOR_RETURN_IF_ERROR(CheckValue(e, depth + 1, canonical));
        }
      }
      return Status::OK();
    default:
      return Status::OK();
  }
}

}  // namespace

Status ValidateItem(const Item& item, std::optional<Item>* normalized) {
  bool canonical = true;
  for (const auto& [name, value] : item) {
    // Most attributes have short names and values with no rules to check: they are passed over
    // without building a Status each (a tenth of a put's own work otherwise).
    if (name.size() > kMaxAttributeNameBytes) return CheckAttributeName(name);
    if (HasRules(value.type())) STATOR_RETURN_IF_ERROR(CheckValue(value, 0, &canonical));
  }
  if (!canonical) {
    *normalized = item;
    return NormalizeItem(&**normalized);
  }
  return Status::OK();
}

Status NormalizeItem(Item* item) {
  for (auto& [name, value] : *item) {
    STATOR_RETURN_IF_ERROR(CheckAttributeName(name));
    STATOR_RETURN_IF_ERROR(NormalizeValue(&value));
  }
  return Status::OK();
}

int64_t AttributeSize(std::string_view name, const AttributeValue& value) {
  return static_cast<int64_t>(name.size()) + ValueSize(value);
}

int64_t ItemSize(const Item& item) {
  int64_t size = 0;
  for (const auto& [name, value] : item) size += AttributeSize(name, value);
  return size;
}

Status CheckItemKey(const KeySchema& schema, const Item& item, const AttributeValue** partition,
                    const AttributeValue** sort) {
  *sort = nullptr;
  auto check = [&](const KeyAttribute& attr, bool is_hash,
                   const AttributeValue** out) -> Status {
    auto it = item.find(attr.name);
    if (it == item.end()) {
      return Status::Validation("One or more parameter values were invalid: Missing the key " +
                                attr.name + " in the item");
    }
    if (it->second.type() != ToAttributeType(attr.type)) {
      return Status::Validation(
          "One or more parameter values were invalid: Type mismatch for key " + attr.name +
          " expected: " + std::string(ToString(attr.type)) +
          " actual: " + std::string(TypeDescriptor(it->second.type())));
    }
    *out = &it->second;
    return CheckKeyValue(attr, it->second, is_hash);
  };
  STATOR_RETURN_IF_ERROR(check(schema.hash, true, partition));
  if (schema.range) STATOR_RETURN_IF_ERROR(check(*schema.range, false, sort));
  return Status::OK();
}

Status CheckKey(const KeySchema& schema, const Item& key, const AttributeValue** partition,
                const AttributeValue** sort) {
  *sort = nullptr;
  const size_t expected = schema.range ? 2 : 1;
  auto find = [&](const KeyAttribute& attr) -> const AttributeValue* {
    auto it = key.find(attr.name);
    if (it == key.end() || it->second.type() != ToAttributeType(attr.type)) return nullptr;
    return &it->second;
  };
  *partition = find(schema.hash);
  if (schema.range) *sort = find(*schema.range);
  if (key.size() != expected || *partition == nullptr || (schema.range && *sort == nullptr)) {
    return Status::Validation(std::string(kKeyDoesNotMatchSchema));
  }
  STATOR_RETURN_IF_ERROR(CheckKeyValue(schema.hash, **partition, true));
  if (schema.range) STATOR_RETURN_IF_ERROR(CheckKeyValue(*schema.range, **sort, false));
  return Status::OK();
}

bool IsKeyAttribute(const KeySchema& schema, std::string_view name) {
  if (schema.hash.name == name || (schema.range && schema.range->name == name)) return true;
  auto named = [&](const KeyAttribute& k) { return k.name == name; };
  return std::any_of(schema.more_hash.begin(), schema.more_hash.end(), named) ||
         std::any_of(schema.more_range.begin(), schema.more_range.end(), named);
}

Item PrimaryKeyOf(const KeySchema& schema, const Item& item) {
  Item key;
  if (auto it = item.find(schema.hash.name); it != item.end()) key.insert(*it);
  if (schema.range) {
    if (auto it = item.find(schema.range->name); it != item.end()) key.insert(*it);
  }
  return key;
}

}  // namespace stator
