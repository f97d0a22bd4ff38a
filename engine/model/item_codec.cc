#include "engine/model/item_codec.h"

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

void PutString(std::string* out, std::string_view s) {
  PutVarint(out, s.size());
  out->append(s);
}

void EncodeMapBody(const AttributeMap& m, std::string* out) {
  PutVarint(out, m.size());
  for (const auto& [name, value] : m) {
    PutString(out, name);
    EncodeValue(value, out);
  }
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
  switch (value.type()) {
    case AttributeType::kS:
      out->push_back(kTagS);
      PutString(out, value.s());
      return;
    case AttributeType::kN:
      out->push_back(kTagN);
      PutString(out, value.s());
      return;
    case AttributeType::kB:
      out->push_back(kTagB);
      PutString(out, value.s());
      return;
    case AttributeType::kBOOL:
      out->push_back(value.boolean() ? kTagTrue : kTagFalse);
      return;
    case AttributeType::kNULL:
      out->push_back(kTagNull);
      return;
    case AttributeType::kM:
      out->push_back(kTagM);
      EncodeMapBody(value.m(), out);
      return;
    case AttributeType::kL:
      out->push_back(kTagL);
      PutVarint(out, value.l().size());
      for (const auto& v : value.l()) EncodeValue(v, out);
      return;
    case AttributeType::kSS:
    case AttributeType::kNS:
    case AttributeType::kBS:
      out->push_back(value.type() == AttributeType::kSS   ? kTagSS
                     : value.type() == AttributeType::kNS ? kTagNS
                                                          : kTagBS);
      PutVarint(out, value.set().size());
      for (const auto& s : value.set()) PutString(out, s);
      return;
  }
}

void EncodeItem(const Item& item, std::string* out) { EncodeMapBody(item, out); }

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
