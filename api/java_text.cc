#include "api/java_text.h"

#include <cmath>

namespace stator::api {
namespace {

const shapes::Shape& ShapeAt(uint16_t index) { return shapes::kShapeTable[index]; }

void AppendNumber(simdjson::dom::element value, const shapes::Shape& shape, std::string* out) {
  switch (value.type()) {
    case simdjson::dom::element_type::INT64:
      out->append(std::to_string(value.get_int64().value()));
      return;
    case simdjson::dom::element_type::UINT64:
      out->append(std::to_string(value.get_uint64().value()));
      return;
    case simdjson::dom::element_type::DOUBLE: {
      const double d = value.get_double().value();
      if (shape.kind == shapes::Kind::kDouble) {
        out->append(std::to_string(d));
      } else {
        // An integral member given a decimal: the deserializer truncates it.
        out->append(std::to_string(static_cast<int64_t>(std::trunc(d))));
      }
      return;
    }
    default:
      return;
  }
}

void AppendStructure(simdjson::dom::object obj, const shapes::Shape& shape, std::string* out) {
  out->append(shape.name);
  out->push_back('(');
  bool first = true;
  for (const shapes::Member& m : shape.members) {
    if (!first) out->append(", ");
    first = false;
    out->append(m.path_name);
    out->push_back('=');
    simdjson::dom::element v;
    if (obj.at_key(m.name).get(v) != simdjson::SUCCESS || v.is_null()) {
      out->append("null");
    } else {
      AppendJavaText(v, ShapeAt(m.shape), out);
    }
  }
  out->push_back(')');
}

}  // namespace

void AppendJavaText(simdjson::dom::element value, const shapes::Shape& shape, std::string* out) {
  if (value.is_null()) {
    out->append("null");
    return;
  }
  switch (shape.kind) {
    case shapes::Kind::kStructure:
      if (value.is_object()) AppendStructure(value.get_object().value(), shape, out);
      return;
    case shapes::Kind::kList: {
      if (!value.is_array()) return;
      out->push_back('[');
      bool first = true;
      const simdjson::dom::array items = value.get_array().value();
      for (simdjson::dom::element e : items) {
        if (!first) out->append(", ");
        first = false;
        AppendJavaText(e, ShapeAt(shape.element), out);
      }
      out->push_back(']');
      return;
    }
    case shapes::Kind::kMap: {
      if (!value.is_object()) return;
      out->push_back('{');
      bool first = true;
      const simdjson::dom::object entries = value.get_object().value();
      for (auto [key, v] : entries) {
        if (!first) out->append(", ");
        first = false;
        out->append(key);
        out->push_back('=');
        AppendJavaText(v, ShapeAt(shape.element), out);
      }
      out->push_back('}');
      return;
    }
    case shapes::Kind::kBoolean:
      if (value.is_bool()) out->append(value.get_bool().value() ? "true" : "false");
      return;
    case shapes::Kind::kInteger:
    case shapes::Kind::kLong:
    case shapes::Kind::kDouble:
      AppendNumber(value, shape, out);
      return;
    default:  // strings, blobs (base64 text) and timestamps as given
      if (value.is_string()) {
        out->append(value.get_string().value());
      } else {
        AppendNumber(value, shape, out);
      }
      return;
  }
}

}  // namespace stator::api
