#include "engine/model/expressions/value_ops.h"

#include <algorithm>

#include "engine/model/number.h"

namespace stator::expr {
namespace {

// Canonical number text (model/number.h ToString: no exponent, no leading zeros, no trailing
// fractional zeros, "-" only for negatives) orders without parsing; anything else is parsed.
bool IsCanonicalNumber(std::string_view n) {
  std::string_view digits = n.substr(!n.empty() && n[0] == '-' ? 1 : 0);
  if (digits.empty() || (digits[0] == '0' && digits.size() > 1 && digits[1] != '.')) return false;
  for (char c : digits) {
    if (c != '.' && (c < '0' || c > '9')) return false;
  }
  return digits.find('.') == std::string_view::npos || digits.back() != '0';
}

int CompareCanonical(std::string_view a, std::string_view b) {
  const bool neg_a = a[0] == '-';
  const bool neg_b = b[0] == '-';
  if (neg_a != neg_b) return neg_a ? -1 : 1;
  if (neg_a) {
    a.remove_prefix(1);
    b.remove_prefix(1);
  }
  const size_t int_a = std::min(a.find('.'), a.size());
  const size_t int_b = std::min(b.find('.'), b.size());
  int c = int_a != int_b ? (int_a < int_b ? -1 : 1) : a.compare(b);
  c = c < 0 ? -1 : (c > 0 ? 1 : 0);
  // "0.5" and "0.25" have the same integer length and compare by text; "0" is the only zero.
  return neg_a ? -c : c;
}

}  // namespace

const AttributeValue* Lookup(const Item& item, const Path& path) {
  static const Bindings kNone;
  return Lookup(item, path, kNone);
}

const AttributeValue* Lookup(const Item& item, const Path& path, const Bindings& bindings) {
  if (path.empty() || path[0].is_index()) return nullptr;
  auto it = item.find(bindings.Name(path[0]));
  if (it == item.end()) return nullptr;
  const AttributeValue* v = &it->second;
  for (size_t i = 1; i < path.size(); ++i) {
    const PathElement& e = path[i];
    if (e.is_index()) {
      if (v->type() != AttributeType::kL || static_cast<size_t>(e.index) >= v->l().size()) {
        return nullptr;
      }
      v = &v->l()[e.index];
    } else {
      if (v->type() != AttributeType::kM) return nullptr;
      auto child = v->m().find(bindings.Name(e));
      if (child == v->m().end()) return nullptr;
      v = &child->second;
    }
  }
  return v;
}

std::optional<int> Order(const AttributeValue& a, const AttributeValue& b) {
  if (a.type() != b.type()) return std::nullopt;
  switch (a.type()) {
    case AttributeType::kS:
    case AttributeType::kB: {
      const int c = a.s().compare(b.s());  // char_traits<char>::compare orders bytes unsigned
      return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    case AttributeType::kN: {
      if (a.s() == b.s()) return 0;  // canonical text: equal text, equal value
      if (IsCanonicalNumber(a.s()) && IsCanonicalNumber(b.s())) {
        return CompareCanonical(a.s(), b.s());
      }
      auto x = Decimal::Parse(a.s());
      auto y = Decimal::Parse(b.s());
      if (!x.ok() || !y.ok()) return std::nullopt;
      return Compare(*x, *y);
    }
    default:
      return std::nullopt;
  }
}

std::optional<size_t> SizeOf(const AttributeValue& v) {
  switch (v.type()) {
    case AttributeType::kS:
    case AttributeType::kB:
      return v.s().size();
    case AttributeType::kSS:
    case AttributeType::kNS:
    case AttributeType::kBS:
      return v.set().size();
    case AttributeType::kL:
      return v.l().size();
    case AttributeType::kM:
      return v.m().size();
    default:
      return std::nullopt;
  }
}

namespace {

AttributeType MemberType(AttributeType set) {
  switch (set) {
    case AttributeType::kSS: return AttributeType::kS;
    case AttributeType::kNS: return AttributeType::kN;
    default: return AttributeType::kB;
  }
}

}  // namespace

bool Contains(const AttributeValue& haystack, const AttributeValue& needle) {
  switch (haystack.type()) {
    case AttributeType::kS:
    case AttributeType::kB:
      return needle.type() == haystack.type() &&
             haystack.s().find(needle.s()) != std::string::npos;
    case AttributeType::kSS:
    case AttributeType::kNS:
    case AttributeType::kBS: {
      if (needle.type() != MemberType(haystack.type())) return false;
      const auto& members = haystack.set();
      if (needle.type() != AttributeType::kN) {
        return std::find(members.begin(), members.end(), needle.s()) != members.end();
      }
      return std::any_of(members.begin(), members.end(), [&](const std::string& m) {
        return Order(AttributeValue::N(m), needle) == 0;
      });
    }
    case AttributeType::kL:
      return std::any_of(haystack.l().begin(), haystack.l().end(),
                         [&](const AttributeValue& e) { return e == needle; });
    default:
      return false;
  }
}

bool BeginsWith(const AttributeValue& value, const AttributeValue& prefix) {
  if (value.type() != prefix.type()) return false;
  if (value.type() != AttributeType::kS && value.type() != AttributeType::kB) return false;
  return value.s().compare(0, prefix.s().size(), prefix.s()) == 0 &&
         value.s().size() >= prefix.s().size();
}

std::string_view LongTypeName(AttributeType type) {
  switch (type) {
    case AttributeType::kS: return "STRING";
    case AttributeType::kN: return "NUMBER";
    case AttributeType::kB: return "BINARY";
    case AttributeType::kBOOL: return "BOOLEAN";
    case AttributeType::kNULL: return "NULL";
    case AttributeType::kM: return "MAP";
    case AttributeType::kL: return "LIST";
    case AttributeType::kSS: return "STRING_SET";
    case AttributeType::kNS: return "NUMBER_SET";
    case AttributeType::kBS: return "BINARY_SET";
  }
  return "";
}

std::string BriefValue(const AttributeValue& v) {
  std::string out = "{";
  out.append(TypeDescriptor(v.type())).append(":");
  switch (v.type()) {
    case AttributeType::kS: case AttributeType::kN: case AttributeType::kB:
      out += v.s();
      break;
    case AttributeType::kBOOL:
      out += v.boolean() ? "true" : "false";
      break;
    case AttributeType::kNULL:
      out += "true";
      break;
    default:
      break;
  }
  return out + "}";
}

}  // namespace stator::expr
