#include "api/shape_check.h"

#include <algorithm>
#include <array>
#include <span>
#include <string>

#include "api/java_text.h"
#include "api/json_reader.h"
#include "api/service_shapes.h"
#include "api/shape_patterns.h"

namespace stator::api {
namespace {

using shapes::Kind;
using shapes::Shape;

constexpr size_t kMaxMembers = 32;  // the model's largest structure has 22

const Shape& ShapeAt(uint16_t index) { return shapes::kShapeTable[index]; }

const Shape* FindInput(std::span<const shapes::Operation> ops, std::string_view operation) {
  auto it =
      std::lower_bound(ops.begin(), ops.end(), operation,
                       [](const shapes::Operation& o, std::string_view n) { return o.name < n; });
  if (it == ops.end() || it->name != operation) return nullptr;
  return &ShapeAt(it->input);
}

// The two APIs share no operation name (the generator makes sure), so the name alone says which
// model holds the operation, whichever X-Amz-Target prefix reached it.
const Shape* InputShapeOf(std::string_view operation) {
  const Shape* input = FindInput(shapes::kOperationTable, operation);
  return input != nullptr ? input : FindInput(shapes::kStreamsOperationTable, operation);
}

bool IsText(Kind k) { return k == Kind::kString || k == Kind::kBlob; }
bool IsNumber(Kind k) { return k == Kind::kInteger || k == Kind::kLong || k == Kind::kDouble; }

// Java's String.length() of valid UTF-8 text: UTF-16 code units.
int64_t Utf16Length(std::string_view s) {
  int64_t n = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) != 0x80) ++n;
    if (c >= 0xF0) ++n;
  }
  return n;
}

// A string's length in UTF-16 units, computed only when the byte count leaves it in doubt: a
// UTF-8 text of n bytes has between n/3 and n units.
int64_t LengthFor(std::string_view s, const Shape& shape) {
  const auto bytes = static_cast<int64_t>(s.size());
  if (bytes <= shape.max && (shape.min == shapes::kNoMin || bytes / 3 >= shape.min)) return bytes;
  return Utf16Length(s);
}

bool InEnum(std::string_view s, const Shape& shape) {
  return std::find(shape.enum_values.begin(), shape.enum_values.end(), s) !=
         shape.enum_values.end();
}

// A number member's value; decimals truncated as the service's deserializer does.
int64_t NumberOf(simdjson::dom::element v) {
  switch (v.type()) {
    case simdjson::dom::element_type::INT64:
      return v.get_int64().value();
    case simdjson::dom::element_type::UINT64:
      return shapes::kNoMax;
    default: {
      const double d = v.get_double().value();
      if (d >= 9.2e18) return shapes::kNoMax;
      if (d <= -9.2e18) return shapes::kNoMin;
      return static_cast<int64_t>(d);
    }
  }
}

std::string LengthAtLeast(int64_t n) {
  return "Member must have length greater than or equal to " + std::to_string(n);
}
std::string LengthAtMost(int64_t n) {
  return "Member must have length less than or equal to " + std::to_string(n);
}
std::string ValueAtLeast(int64_t n) {
  return "Member must have value greater than or equal to " + std::to_string(n);
}
std::string ValueAtMost(int64_t n) {
  return "Member must have value less than or equal to " + std::to_string(n);
}
std::string PatternConstraint(const Shape& s) {
  return "Member must satisfy regular expression pattern: " + std::string(s.pattern_text);
}
std::string EnumConstraint(const Shape& s) {
  return "Member must satisfy enum value set: " + std::string(s.enum_set);
}

// Every constraint of a scalar or collection shape, as the service lists them inside "Map value
// must satisfy constraint: [...]": the upper bound, the lower bound, the pattern, the enum.
std::string AllConstraints(const Shape& s) {
  const bool text_or_collection = !IsNumber(s.kind);
  std::string out = "[";
  auto add = [&](std::string c) {
    if (out.size() > 1) out.append(", ");
    out.append(c);
  };
  if (s.max != shapes::kNoMax) add(text_or_collection ? LengthAtMost(s.max) : ValueAtMost(s.max));
  if (s.min != shapes::kNoMin) add(text_or_collection ? LengthAtLeast(s.min) : ValueAtLeast(s.min));
  if (s.pattern != shapes::Pattern::kNone) add(PatternConstraint(s));
  if (!s.enum_values.empty()) add(EnumConstraint(s));
  out.push_back(']');
  return out;
}

bool HasOwnConstraint(const Shape& s) {
  return s.min != shapes::kNoMin || s.max != shapes::kNoMax ||
         s.pattern != shapes::Pattern::kNone || !s.enum_values.empty();
}

// Whether `v`, a value of a shape with constraints of its own, violates any of them.
bool Violates(simdjson::dom::element v, const Shape& s) {
  if (IsText(s.kind) && v.is_string()) {
    std::string_view text = v.get_string().value();
    const int64_t length = LengthFor(text, s);
    return !MatchesPattern(text, s.pattern) || length < s.min || length > s.max ||
           (!s.enum_values.empty() && !InEnum(text, s));
  }
  if (IsNumber(s.kind) && v.is_number()) {
    const int64_t n = NumberOf(v);
    return n < s.min || n > s.max;
  }
  if (s.kind == Kind::kList && v.is_array()) {
    const auto size = static_cast<int64_t>(v.get_array().value().size());
    return size < s.min || size > s.max;
  }
  if (s.kind == Kind::kMap && v.is_object()) {
    const auto size = static_cast<int64_t>(v.get_object().value().size());
    return size < s.min || size > s.max;
  }
  return false;
}

// Walks one request, keeping the path of the value at hand.
class ShapeWalker {
 public:
  explicit ShapeWalker(DecodeErrors* errors) : errors_(errors) {}

  void Structure(simdjson::dom::object obj, const Shape& shape) {
    std::array<simdjson::dom::element, kMaxMembers> present;
    std::array<bool, kMaxMembers> has{};
    const size_t count = std::min(shape.members.size(), kMaxMembers);
    for (auto [key, value] : obj) {
      if (value.is_null()) continue;  // a null member is an absent one
      for (size_t i = 0; i < count; ++i) {
        if (shape.members[i].name == key) {
          present[i] = value;
          has[i] = true;
          break;
        }
      }
    }
    for (size_t i = 0; i < count; ++i) {
      const shapes::Member& m = shape.members[i];
      const Shape& member_shape = ShapeAt(m.shape);
      if (!has[i]) {
        if (m.required) WithSegment(m.path_name, [&] { errors_->NotNull(path_); });
        continue;
      }
      if (member_shape.walk) {
        WithSegment(m.path_name, [&] { Value(present[i], member_shape); });
      }
    }
  }

 private:
  // Runs f with `segment` appended to the path.
  template <class F>
  void WithSegment(std::string_view segment, F&& f) {
    const size_t size = path_.size();
    if (!path_.empty()) path_.push_back('.');
    path_.append(segment);
    f();
    path_.resize(size);
  }

  void Report(simdjson::dom::element v, const Shape& s, std::string_view constraint) {
    std::string text;
    AppendJavaText(v, s, &text);
    errors_->Violation(text, path_, constraint);
  }

  // A member's value: its own constraints, then what lies beneath it.
  void Value(simdjson::dom::element v, const Shape& s) {
    if (HasOwnConstraint(s)) OwnConstraints(v, s);
    switch (s.kind) {
      case Kind::kStructure:
        if (v.is_object()) Structure(v.get_object().value(), s);
        return;
      case Kind::kList:
        if (v.is_array()) ListElements(v, s);
        return;
      case Kind::kMap:
        if (v.is_object()) MapEntries(v, s);
        return;
      default:
        return;
    }
  }

  // One violation per constraint broken, in the order pattern, lower bound, upper bound, enum.
  void OwnConstraints(simdjson::dom::element v, const Shape& s) {
    if (IsText(s.kind)) {
      if (!v.is_string()) return;
      std::string_view text = v.get_string().value();
      if (!MatchesPattern(text, s.pattern)) Report(v, s, PatternConstraint(s));
      const int64_t length = LengthFor(text, s);
      if (length < s.min) Report(v, s, LengthAtLeast(s.min));
      if (length > s.max) Report(v, s, LengthAtMost(s.max));
      if (!s.enum_values.empty() && !InEnum(text, s)) Report(v, s, EnumConstraint(s));
      return;
    }
    if (IsNumber(s.kind)) {
      if (!v.is_number()) return;
      const int64_t n = NumberOf(v);
      if (n < s.min) Report(v, s, ValueAtLeast(s.min));
      if (n > s.max) Report(v, s, ValueAtMost(s.max));
      return;
    }
    int64_t size = 0;
    if (s.kind == Kind::kList && v.is_array()) {
      size = static_cast<int64_t>(v.get_array().value().size());
    } else if (s.kind == Kind::kMap && v.is_object()) {
      size = static_cast<int64_t>(v.get_object().value().size());
    } else {
      return;
    }
    if (size < s.min) Report(v, s, LengthAtLeast(s.min));
    if (size > s.max) Report(v, s, LengthAtMost(s.max));
  }

  // A list's elements: a structure element is walked at "<list>.<n>.member"; scalar elements
  // with constraints are reported once for the whole list, with every constraint of the element.
  void ListElements(simdjson::dom::element list, const Shape& s) {
    const Shape& e = ShapeAt(s.element);
    if (!e.walk) return;
    const simdjson::dom::array items = list.get_array().value();
    if (e.kind == Kind::kStructure) {
      size_t i = 0;
      for (simdjson::dom::element item : items) {
        ++i;
        if (!item.is_object()) continue;
        WithSegment(std::to_string(i) + ".member",
                    [&] { Structure(item.get_object().value(), e); });
      }
      return;
    }
    for (simdjson::dom::element item : items) {
      if (Violates(item, e)) {
        Report(list, s, "Member must satisfy constraint: " + AllConstraints(e));
        return;
      }
    }
  }

  // A map's keys and values: a structure value is walked at "<map>.<key>.member"; keys, and
  // values with constraints of their own, are reported once for the whole map.
  void MapEntries(simdjson::dom::element map, const Shape& s) {
    const Shape& k = ShapeAt(s.key);
    const Shape& e = ShapeAt(s.element);
    simdjson::dom::object obj = map.get_object().value();
    if (HasOwnConstraint(k)) {
      for (auto field : obj) {
        if (KeyViolates(field.key, k)) {
          Report(map, s, "Map keys must satisfy constraint: " + AllConstraints(k));
          break;
        }
      }
    }
    if (!e.walk) return;
    if (HasOwnConstraint(e)) {
      for (auto field : obj) {
        if (Violates(field.value, e)) {
          Report(map, s, "Map value must satisfy constraint: " + AllConstraints(e));
          break;
        }
      }
    }
    if (e.kind != Kind::kStructure && e.kind != Kind::kList) return;
    for (auto field : obj) {
      // A plain variable, not a structured binding: clang before 16 cannot capture those.
      const simdjson::dom::element value = field.value;
      if (value.is_null()) continue;
      WithSegment(std::string(field.key) + ".member", [&] {
        if (e.kind == Kind::kStructure) {
          if (value.is_object()) Structure(value.get_object().value(), e);
        } else if (value.is_array()) {
          ListElements(value, e);
        }
      });
    }
  }

  static bool KeyViolates(std::string_view key, const Shape& k) {
    const int64_t length = LengthFor(key, k);
    return !MatchesPattern(key, k.pattern) || length < k.min || length > k.max ||
           (!k.enum_values.empty() && !InEnum(key, k));
  }

  std::string path_;
  DecodeErrors* errors_;
};

}  // namespace

Status CheckRequestShape(std::string_view operation, simdjson::dom::object body) {
  const Shape* input = InputShapeOf(operation);
  if (input == nullptr || !input->walk) return Status::OK();
  DecodeErrors errors;
  ShapeWalker(&errors).Structure(body, *input);
  return errors.ToStatus();
}

}  // namespace stator::api
