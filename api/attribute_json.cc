#include "api/attribute_json.h"

#include <algorithm>
#include <string>
#include <vector>

#include "api/codec_base64.h"

namespace stator::api {
namespace {

bool DecodeValue(simdjson::dom::element v, int depth, DecodeErrors* errors, AttributeValue* out);

bool DecodeMap(simdjson::dom::element v, int depth, DecodeErrors* errors, AttributeMap* out) {
  simdjson::dom::object obj;
  if (!ExpectMap(v, kAttributeValueClass, errors, &obj)) return false;
  for (auto [key, value] : obj) {
    if (value.is_null()) continue;  // the service drops null map values
    // Decoded in place, with no temporary to move: a repeated name is decoded over the earlier
    // value, so the last one wins as before.
    AttributeValue& slot = out->try_emplace(std::string(key)).first->second;
    if (!DecodeValue(value, depth, errors, &slot)) return false;
  }
  return true;
}

// Reads a binary member: base64 text decoded to bytes.
bool DecodeBlob(simdjson::dom::element v, DecodeErrors* errors, std::string* out) {
  std::string_view text;
  if (!ExpectString(v, kJavaBytes, errors, &text)) return false;
  std::string error = Base64Decode(text, out);
  if (error.empty()) return true;
  errors->Serialization(std::move(error));
  return false;
}

// "[a, b]" as the service prints a collection in its messages.
std::string Joined(const std::vector<std::string_view>& members) {
  std::string s = "[";
  for (size_t i = 0; i < members.size(); ++i) {
    if (i > 0) s += ", ";
    s += members[i];
  }
  s += "]";
  return s;
}

bool HasDuplicates(const std::vector<std::string>& members) {
  std::vector<std::string_view> sorted(members.begin(), members.end());
  std::sort(sorted.begin(), sorted.end());
  return std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end();
}

// SS, NS or BS. Duplicates in NS are left to the engine, which compares numbers by value
// (1 and 1.0 are the same member) after validating them.
bool DecodeSet(simdjson::dom::element v, AttributeType type, DecodeErrors* errors,
               AttributeValue* out) {
  simdjson::dom::array arr;
  if (!ExpectArray(v, errors, &arr)) return false;
  std::vector<std::string> members;
  std::vector<std::string_view> as_given;
  members.reserve(arr.size());
  for (simdjson::dom::element e : arr) {
    if (type == AttributeType::kBS) {
      std::string bytes;
      if (!DecodeBlob(e, errors, &bytes)) return false;
      as_given.push_back(e.get_string().value());
      members.push_back(std::move(bytes));
    } else {
      std::string_view s;
      if (!ExpectString(e, kJavaString, errors, &s)) return false;
      as_given.push_back(s);
      members.emplace_back(s);
    }
  }
  constexpr std::string_view kInvalid = "One or more parameter values were invalid: ";
  if (members.empty()) {
    errors->Semantic(
        Status::Validation(std::string(type == AttributeType::kSS   ? kEmptyStringSet
                                       : type == AttributeType::kNS ? kEmptyNumberSet
                                                                    : kEmptyBinarySet)));
  } else if (type == AttributeType::kSS && HasDuplicates(members)) {
    errors->Semantic(Status::Validation(std::string(kInvalid) + "Input collection " +
                                        Joined(as_given) + " contains duplicates."));
  } else if (type == AttributeType::kBS && HasDuplicates(members)) {
    // Sic: the service prints no space before "of type BS".
    errors->Semantic(Status::Validation(std::string(kInvalid) + "Input collection " +
                                        Joined(as_given) + "of type BS contains duplicates."));
  }
  *out = type == AttributeType::kSS   ? AttributeValue::SS(std::move(members))
         : type == AttributeType::kNS ? AttributeValue::NS(std::move(members))
                                      : AttributeValue::BS(std::move(members));
  return true;
}

// M or L at nesting `depth` (0 for a top-level attribute).
bool DecodeDocument(simdjson::dom::element v, AttributeType type, int depth, DecodeErrors* errors,
                    AttributeValue* out) {
  if (depth >= kMaxDocumentDepth) {
    errors->Semantic(Status::Validation(std::string(kNestingTooDeep)));
    *out = AttributeValue::Null();
    return true;
  }
  if (type == AttributeType::kM) {
    AttributeMap m;
    if (!DecodeMap(v, depth + 1, errors, &m)) return false;
    *out = AttributeValue::M(std::move(m));
    return true;
  }
  simdjson::dom::array arr;
  if (!ExpectArray(v, errors, &arr)) return false;
  AttributeList l;
  l.reserve(arr.size());
  for (simdjson::dom::element e : arr) {
    if (!DecodeValue(e, depth + 1, errors, &l.emplace_back())) return false;
  }
  *out = AttributeValue::L(std::move(l));
  return true;
}

// Decodes the member `key` of an AttributeValue object; false on a serialization error. Sets
// *known when `key` names a type.
bool DecodeTypedMember(std::string_view key, simdjson::dom::element v, int depth,
                       DecodeErrors* errors, AttributeValue* out, bool* known) {
  *known = true;
  std::string_view s;
  if (key == "S" || key == "N") {
    if (!ExpectString(v, kJavaString, errors, &s)) return false;
    *out = key == "S" ? AttributeValue::S(std::string(s)) : AttributeValue::N(std::string(s));
  } else if (key == "B") {
    std::string bytes;
    if (!DecodeBlob(v, errors, &bytes)) return false;
    *out = AttributeValue::B(std::move(bytes));
  } else if (key == "BOOL" || key == "NULL") {
    bool b = false;
    if (!ExpectBool(v, errors, &b)) return false;
    if (key == "NULL" && !b) errors->Semantic(Status::Validation(std::string(kNullMustBeTrue)));
    *out = key == "BOOL" ? AttributeValue::Bool(b) : AttributeValue::Null();
  } else if (key == "M") {
    return DecodeDocument(v, AttributeType::kM, depth, errors, out);
  } else if (key == "L") {
    return DecodeDocument(v, AttributeType::kL, depth, errors, out);
  } else if (key == "SS") {
    return DecodeSet(v, AttributeType::kSS, errors, out);
  } else if (key == "NS") {
    return DecodeSet(v, AttributeType::kNS, errors, out);
  } else if (key == "BS") {
    return DecodeSet(v, AttributeType::kBS, errors, out);
  } else {
    *known = false;  // unknown members are ignored, as the service does
  }
  return true;
}

bool DecodeValue(simdjson::dom::element v, int depth, DecodeErrors* errors, AttributeValue* out) {
  simdjson::dom::object obj;
  if (!ExpectStruct(v, "AttributeValue", StructPlace::kElement, errors, &obj)) return false;
  int types = 0;
  for (auto [key, member] : obj) {
    if (member.is_null()) continue;
    bool known = false;
    // The first type goes straight into *out; later ones are decoded (for their errors) and
    // dropped. An unknown member leaves its target untouched.
    AttributeValue extra;
    if (!DecodeTypedMember(key, member, depth, errors, types == 0 ? out : &extra, &known)) {
      return false;
    }
    if (known) ++types;
  }
  if (types == 0) errors->Semantic(Status::Validation(std::string(kEmptyAttributeValue)));
  if (types > 1) errors->Semantic(Status::Validation(std::string(kMultipleDatatypes)));
  return true;
}

void EncodeStrings(const std::vector<std::string>& members, bool binary, JsonWriter* w) {
  w->BeginArray();
  std::string b64;
  for (const auto& m : members) {
    if (binary) {
      b64.clear();
      Base64Encode(m, &b64);
      w->String(b64);
    } else {
      w->String(m);
    }
  }
  w->EndArray();
}

}  // namespace

bool DecodeAttributeValue(simdjson::dom::element v, DecodeErrors* errors, AttributeValue* out) {
  return DecodeValue(v, 0, errors, out);
}

bool DecodeAttributeMap(simdjson::dom::element v, DecodeErrors* errors, AttributeMap* out) {
  return DecodeMap(v, 0, errors, out);
}

bool ReadAttributeMap(StructReader& r, std::string_view name, AttributeMap* out, bool required) {
  auto v = r.Member(name, required);
  return v && DecodeAttributeMap(*v, r.errors(), out);
}

void EncodeAttributeValue(const AttributeValue& v, JsonWriter* w) {
  w->BeginObject();
  w->Key(TypeDescriptor(v.type()));
  switch (v.type()) {
    case AttributeType::kS:
    case AttributeType::kN:
      w->String(v.s());
      break;
    case AttributeType::kB: {
      std::string b64;
      Base64Encode(v.s(), &b64);
      w->String(b64);
      break;
    }
    case AttributeType::kBOOL:
      w->Bool(v.boolean());
      break;
    case AttributeType::kNULL:
      w->Bool(true);
      break;
    case AttributeType::kM:
      EncodeAttributeMap(v.m(), w);
      break;
    case AttributeType::kL:
      w->BeginArray();
      for (const auto& e : v.l()) EncodeAttributeValue(e, w);
      w->EndArray();
      break;
    case AttributeType::kSS:
    case AttributeType::kNS:
    case AttributeType::kBS:
      EncodeStrings(v.set(), v.type() == AttributeType::kBS, w);
      break;
  }
  w->EndObject();
}

void EncodeAttributeMap(const AttributeMap& m, JsonWriter* w) {
  w->BeginObject();
  for (const auto& [name, value] : m) {
    w->Key(name);
    EncodeAttributeValue(value, w);
  }
  w->EndObject();
}

}  // namespace stator::api
