#include "engine/model/item_codec.h"

#include <cstring>
#include <memory>
#include <new>
#include <tuple>

#include "engine/model/coding.h"

namespace stator {
namespace {

// Persisted tags: never reorder.
enum Tag : uint8_t {
  kTagS = 1,
  kTagN = 2,
  kTagB = 3,
  kTagFalse = 4,
  kTagTrue = 5,
  kTagNull = 6,
  kTagM = 7,
  kTagL = 8,
  kTagSS = 9,
  kTagNS = 10,
  kTagBS = 11,
};

// Nesting is bounded by request validation (32 levels); the decoder bounds it again so that
// corrupt bytes cannot exhaust the stack.
constexpr int kMaxDecodeDepth = 64;

// Encoding makes two passes over the value: its exact size, then its bytes written through a
// pointer into room made for them at once. Appended a byte at a time, every tag and varint paid a
// capacity check: about 3,200 instructions for a 1 KB item of 11 attributes, a tenth of a PutItem.
size_t VarintSize(uint64_t v) {
  size_t n = 1;
  for (; v >= 0x80; v >>= 7) ++n;
  return n;
}

size_t StringSize(std::string_view s) { return VarintSize(s.size()) + s.size(); }

size_t ValueSize(const AttributeValue& value);

size_t MapBodySize(const AttributeMap& m) {
  size_t n = VarintSize(m.size());
  for (const auto& [name, value] : m) n += StringSize(name) + ValueSize(value);
  return n;
}

size_t ValueSize(const AttributeValue& value) {
  switch (value.type()) {
    case AttributeType::kS:
    case AttributeType::kN:
    case AttributeType::kB:
      return 1 + StringSize(value.s());
    case AttributeType::kBOOL:
    case AttributeType::kNULL:
      return 1;
    case AttributeType::kM:
      return 1 + MapBodySize(value.m());
    case AttributeType::kL: {
      size_t n = 1 + VarintSize(value.l().size());
      for (const auto& v : value.l()) n += ValueSize(v);
      return n;
    }
    case AttributeType::kSS:
    case AttributeType::kNS:
    case AttributeType::kBS: {
      size_t n = 1 + VarintSize(value.set().size());
      for (const auto& s : value.set()) n += StringSize(s);
      return n;
    }
  }
  return 0;
}

char* WriteVarint(char* p, uint64_t v) {
  for (; v >= 0x80; v >>= 7) *p++ = static_cast<char>(v | 0x80);
  *p++ = static_cast<char>(v);
  return p;
}

char* WriteString(char* p, std::string_view s) {
  p = WriteVarint(p, s.size());
  std::memcpy(p, s.data(), s.size());
  return p + s.size();
}

char* WriteValue(const AttributeValue& value, char* p);

char* WriteMapBody(const AttributeMap& m, char* p) {
  p = WriteVarint(p, m.size());
  for (const auto& [name, value] : m) p = WriteValue(value, WriteString(p, name));
  return p;
}

char* WriteValue(const AttributeValue& value, char* p) {
  switch (value.type()) {
    case AttributeType::kS:
      *p++ = kTagS;
      return WriteString(p, value.s());
    case AttributeType::kN:
      *p++ = kTagN;
      return WriteString(p, value.s());
    case AttributeType::kB:
      *p++ = kTagB;
      return WriteString(p, value.s());
    case AttributeType::kBOOL:
      *p++ = static_cast<char>(value.boolean() ? kTagTrue : kTagFalse);
      return p;
    case AttributeType::kNULL:
      *p++ = kTagNull;
      return p;
    case AttributeType::kM:
      *p++ = kTagM;
      return WriteMapBody(value.m(), p);
    case AttributeType::kL:
      *p++ = kTagL;
      p = WriteVarint(p, value.l().size());
      for (const auto& v : value.l()) p = WriteValue(v, p);
      return p;
    case AttributeType::kSS:
    case AttributeType::kNS:
    case AttributeType::kBS:
      *p++ = static_cast<char>(value.type() == AttributeType::kSS   ? kTagSS
                               : value.type() == AttributeType::kNS ? kTagNS
                                                                    : kTagBS);
      p = WriteVarint(p, value.set().size());
      for (const auto& s : value.set()) p = WriteString(p, s);
      return p;
  }
  return p;
}

// Appends `size` bytes to *out and lets `write` fill them from their first.
template <class Write>
void AppendEncoded(std::string* out, size_t size, Write write) {
  const size_t at = out->size();
  out->resize(at + size);
  write(out->data() + at);
}

bool DecodeValue(Reader* r, int depth, AttributeValue* out);

bool DecodeMapBody(Reader* r, int depth, AttributeMap* out) {
  uint64_t count;
  if (!r->Varint(&count)) return false;
  for (uint64_t i = 0; i < count; ++i) {
    std::string_view name;
    if (!r->LengthPrefixed(&name)) return false;
    // Names were encoded in map order, so each goes at the end; the value is decoded in its
    // node rather than moved there (a read decodes every attribute of the item).
    auto it = out->emplace_hint(out->end(), std::piecewise_construct, std::forward_as_tuple(name),
                                std::forward_as_tuple());
    if (!DecodeValue(r, depth + 1, &it->second)) return false;
  }
  return true;
}

bool DecodeSet(Reader* r, std::vector<std::string>* out) {
  uint64_t count;
  if (!r->Varint(&count) || count > r->rest().size()) return false;
  out->reserve(count);
  for (uint64_t i = 0; i < count; ++i) {
    std::string_view s;
    if (!r->LengthPrefixed(&s)) return false;
    out->emplace_back(s);
  }
  return true;
}

bool DecodeValue(Reader* r, int depth, AttributeValue* out) {
  if (depth > kMaxDecodeDepth) return false;
  uint8_t tag;
  if (!r->Byte(&tag)) return false;
  std::string_view s;
  switch (tag) {
    case kTagS:
    case kTagN:
    case kTagB: {
      if (!r->LengthPrefixed(&s)) return false;
      // Scalars are most of what a read decodes. *out is a fresh (NULL) value: build the new one
      // in its place rather than assigning a temporary, which costs a variant visit per
      // attribute (~10% of a 1 KB GetItem). Nothing after destroy_at can throw: the string is
      // built first and only moved.
      std::string bytes(s);
      std::destroy_at(out);
      ::new (static_cast<void*>(out)) AttributeValue(
          tag == kTagS   ? AttributeValue::S(std::move(bytes))
          : tag == kTagN ? AttributeValue::N(std::move(bytes))
                         : AttributeValue::B(std::move(bytes)));
      return true;
    }
    case kTagFalse:
    case kTagTrue:
      *out = AttributeValue::Bool(tag == kTagTrue);
      return true;
    case kTagNull:
      *out = AttributeValue::Null();
      return true;
    case kTagM: {
      AttributeMap m;
      if (!DecodeMapBody(r, depth, &m)) return false;
      *out = AttributeValue::M(std::move(m));
      return true;
    }
    case kTagL: {
      uint64_t count;
      if (!r->Varint(&count) || count > r->rest().size()) return false;
      AttributeList l(count);
      for (auto& v : l) {
        if (!DecodeValue(r, depth + 1, &v)) return false;
      }
      *out = AttributeValue::L(std::move(l));
      return true;
    }
    case kTagSS:
    case kTagNS:
    case kTagBS: {
      std::vector<std::string> set;
      if (!DecodeSet(r, &set)) return false;
      *out = tag == kTagSS   ? AttributeValue::SS(std::move(set))
             : tag == kTagNS ? AttributeValue::NS(std::move(set))
                             : AttributeValue::BS(std::move(set));
      return true;
    }
    default:
      return false;
  }
}

// Steps over one value, as DecodeValue reads it, building nothing.
bool SkipValue(Reader* r, int depth) {
  if (depth > kMaxDecodeDepth) return false;
  uint8_t tag;
  if (!r->Byte(&tag)) return false;
  std::string_view s;
  uint64_t count;
  switch (tag) {
    case kTagS:
    case kTagN:
    case kTagB:
      return r->LengthPrefixed(&s);
    case kTagFalse:
    case kTagTrue:
    case kTagNull:
      return true;
    case kTagM:
      if (!r->Varint(&count)) return false;
      for (uint64_t i = 0; i < count; ++i) {
        if (!r->LengthPrefixed(&s) || !SkipValue(r, depth + 1)) return false;
      }
      return true;
    case kTagL:
      if (!r->Varint(&count)) return false;
      for (uint64_t i = 0; i < count; ++i) {
        if (!SkipValue(r, depth + 1)) return false;
      }
      return true;
    case kTagSS:
    case kTagNS:
    case kTagBS:
      if (!r->Varint(&count)) return false;
      for (uint64_t i = 0; i < count; ++i) {
        if (!r->LengthPrefixed(&s)) return false;
      }
      return true;
    default:
      return false;
  }
}

}  // namespace

bool SkipEncodedValue(std::string_view* in) {
  Reader r(*in);
  if (!SkipValue(&r, 0)) return false;
  *in = r.rest();
  return true;
}

AttributeType EncodedValueType(std::string_view in, std::string_view* text, bool* boolean) {
  Reader r(in);
  uint8_t tag = kTagNull;
  (void)r.Byte(&tag);
  switch (tag) {
    case kTagS:
    case kTagN:
    case kTagB:
      (void)r.LengthPrefixed(text);
      return tag == kTagS ? AttributeType::kS : tag == kTagN ? AttributeType::kN : AttributeType::kB;
    case kTagFalse:
    case kTagTrue:
      *boolean = tag == kTagTrue;
      return AttributeType::kBOOL;
    case kTagM:
      return AttributeType::kM;
    case kTagL:
      return AttributeType::kL;
    case kTagSS:
      return AttributeType::kSS;
    case kTagNS:
      return AttributeType::kNS;
    case kTagBS:
      return AttributeType::kBS;
    default:
      return AttributeType::kNULL;
  }
}

bool DecodeEncodedValue(std::string_view in, AttributeValue* out) {
  Reader r(in);
  return DecodeValue(&r, 0, out) && r.empty();
}

void EncodeValue(const AttributeValue& value, std::string* out) {
  AppendEncoded(out, ValueSize(value), [&](char* p) { WriteValue(value, p); });
}

void EncodeItem(const Item& item, std::string* out) {
  AppendEncoded(out, MapBodySize(item), [&](char* p) { WriteMapBody(item, p); });
}

std::string EncodeItem(const Item& item) {
  std::string out;
  EncodeItem(item, &out);
  return out;
}

bool DecodeItem(std::string_view in, Item* out) {
  Reader r(in);
  out->clear();
  return DecodeMapBody(&r, 0, out) && r.empty();
}

}  // namespace stator
