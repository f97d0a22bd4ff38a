#include "api/json_reader.h"

#include <charconv>
#include <cmath>
#include <limits>

namespace stator::api {
namespace {

// Words of the service's JSON front end (Coral over Jackson) for a value of the wrong type.
constexpr std::string_view kStartOfStructure = "Start of structure or map found where not expected";
constexpr std::string_view kUnexpectedField = "Unexpected field type";
constexpr std::string_view kUnexpectedValue = "Unexpected value type in payload";
constexpr std::string_view kUnexpectedToken = "Unexpected token received from parser";
constexpr std::string_view kShapePrefix = "com.amazonaws.dynamodb.v20120810.";

std::string Unrecognized(std::string_view java_type) {
  return "Unrecognized collection type " + std::string(java_type);
}

// Jackson's token name of a scalar, as in "NUMBER_VALUE cannot be converted to String".
std::string_view TokenName(simdjson::dom::element v) {
  switch (v.type()) {
    case simdjson::dom::element_type::STRING:
      return "STRING_VALUE";
    case simdjson::dom::element_type::INT64:
    case simdjson::dom::element_type::UINT64:
      return "NUMBER_VALUE";
    case simdjson::dom::element_type::DOUBLE:
      return "DECIMAL_VALUE";
    case simdjson::dom::element_type::BOOL:
      return v.get_bool().value() ? "TRUE_VALUE" : "FALSE_VALUE";
    default:
      return "NULL_VALUE";
  }
}

// The short Java name in "... cannot be converted to Long": the part after the last '.'.
std::string_view ShortName(std::string_view java_type) {
  return java_type.substr(java_type.rfind('.') + 1);
}

// Reports the container cases shared by every scalar; returns true if `v` was a container.
bool ReportContainer(simdjson::dom::element v, std::string_view java_type, DecodeErrors* errors) {
  if (v.is_array()) {
    errors->Serialization(Unrecognized(java_type));
    return true;
  }
  if (v.is_object()) {
    errors->Serialization(std::string(kStartOfStructure));
    return true;
  }
  return false;
}

}  // namespace

Status ParseBody(std::string_view body, simdjson::dom::object* out) {
  // One parser per thread: it keeps its buffers between requests, so parsing allocates nothing
  // once warm. The padded copy is what simdjson requires of its input.
  thread_local simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (body.empty() || parser.parse(body.data(), body.size(), true).get(root) != simdjson::SUCCESS ||
      !root.is_object()) {
    // The service answers an unparsable body with a SerializationException without a message.
    return Status(ErrorCode::kSerialization, "");
  }
  *out = root.get_object().value();
  return Status::OK();
}

void DecodeErrors::Serialization(std::string message) {
  if (!stopped()) serialization_ = std::move(message);
}

void DecodeErrors::NotNull(std::string_view path) {
  constraints_.push_back("Value null at '" + std::string(path) +
                         "' failed to satisfy constraint: Member must not be null");
}

void DecodeErrors::NotInEnum(std::string_view value, std::string_view path,
                             std::string_view allowed) {
  Violation(value, path, "Member must satisfy enum value set: " + std::string(allowed));
}

void DecodeErrors::Violation(std::string_view value, std::string_view path,
                             std::string_view constraint) {
  constraints_.push_back("Value '" + std::string(value) + "' at '" + std::string(path) +
                         "' failed to satisfy constraint: " + std::string(constraint));
}

void DecodeErrors::Semantic(Status status) {
  if (semantic_.ok()) semantic_ = std::move(status);
}

Status DecodeErrors::ToStatus() const {
  if (stopped()) return Status(ErrorCode::kSerialization, serialization_);
  if (!constraints_.empty()) {
    // The service lists at most ten violations but counts them all.
    std::string msg = std::to_string(constraints_.size()) + " validation error" +
                      (constraints_.size() > 1 ? "s" : "") + " detected: ";
    for (size_t i = 0; i < constraints_.size() && i < 10; ++i) {
      if (i > 0) msg += "; ";
      msg += constraints_[i];
    }
    return Status::Validation(std::move(msg));
  }
  return semantic_;
}

bool ExpectString(simdjson::dom::element v, std::string_view java_type, DecodeErrors* errors,
                  std::string_view* out) {
  if (v.is_string()) {
    *out = v.get_string().value();
    return true;
  }
  if (ReportContainer(v, java_type, errors)) return false;
  if (java_type == kJavaBytes) {
    errors->Serialization("only base-64-encoded strings are convertible to bytes");
  } else {
    errors->Serialization(std::string(TokenName(v)) + " cannot be converted to " +
                          std::string(ShortName(java_type)));
  }
  return false;
}

bool ExpectBool(simdjson::dom::element v, DecodeErrors* errors, bool* out) {
  if (v.is_bool()) {
    *out = v.get_bool().value();
    return true;
  }
  if (ReportContainer(v, kJavaBoolean, errors)) return false;
  if (v.is_string()) {
    errors->Serialization(std::string(kUnexpectedToken));
  } else {
    errors->Serialization(std::string(TokenName(v)) + " cannot be converted to Boolean");
  }
  return false;
}

bool ExpectLong(simdjson::dom::element v, std::string_view java_type, DecodeErrors* errors,
                int64_t* out) {
  switch (v.type()) {
    case simdjson::dom::element_type::INT64:
      *out = v.get_int64().value();
      return true;
    case simdjson::dom::element_type::UINT64:
      *out = std::numeric_limits<int64_t>::max();  // beyond any limit the engine accepts
      return true;
    case simdjson::dom::element_type::DOUBLE: {
      // Jackson truncates a decimal given for an integral member.
      double d = std::trunc(v.get_double().value());
      constexpr double kMax = 9.2e18;
      *out = d >= kMax    ? std::numeric_limits<int64_t>::max()
             : d <= -kMax ? std::numeric_limits<int64_t>::min()
                          : static_cast<int64_t>(d);
      return true;
    }
    default:
      break;
  }
  if (ReportContainer(v, java_type, errors)) return false;
  errors->Serialization(std::string(TokenName(v)) + " cannot be converted to " +
                        std::string(ShortName(java_type)));
  return false;
}

bool ExpectArray(simdjson::dom::element v, DecodeErrors* errors, simdjson::dom::array* out) {
  if (v.is_array()) {
    *out = v.get_array().value();
    return true;
  }
  errors->Serialization(std::string(v.is_object() ? kStartOfStructure : kUnexpectedField));
  return false;
}

bool ExpectMap(simdjson::dom::element v, std::string_view value_class, DecodeErrors* errors,
               simdjson::dom::object* out) {
  if (v.is_object()) {
    *out = v.get_object().value();
    return true;
  }
  if (v.is_array()) {
    errors->Serialization("Unrecognized collection type java.util.Map<java.lang.String, " +
                          std::string(value_class) + ">");
  } else {
    errors->Serialization(std::string(kUnexpectedField));
  }
  return false;
}

bool ExpectStruct(simdjson::dom::element v, std::string_view shape, StructPlace place,
                  DecodeErrors* errors, simdjson::dom::object* out) {
  if (v.is_object()) {
    *out = v.get_object().value();
    return true;
  }
  if (v.is_array()) {
    errors->Serialization("Unrecognized collection type class " + std::string(kShapePrefix) +
                          std::string(shape));
  } else {
    errors->Serialization(
        std::string(place == StructPlace::kField ? kUnexpectedField : kUnexpectedValue));
  }
  return false;
}

std::optional<simdjson::dom::element> StructReader::Member(std::string_view name, bool required) {
  simdjson::dom::element v;
  if (errors_->stopped()) return std::nullopt;
  if (obj_.at_key(name).get(v) != simdjson::SUCCESS || v.is_null()) {
    if (required) errors_->NotNull(PathOf(name));
    return std::nullopt;
  }
  return v;
}

bool StructReader::String(std::string_view name, std::string* out, bool required) {
  auto v = Member(name, required);
  std::string_view s;
  if (!v || !ExpectString(*v, kJavaString, errors_, &s)) return false;
  out->assign(s);
  return true;
}

bool StructReader::OptString(std::string_view name, std::optional<std::string>* out) {
  std::string s;
  if (!String(name, &s)) return false;
  *out = std::move(s);
  return true;
}

bool StructReader::Bool(std::string_view name, bool* out, bool required) {
  auto v = Member(name, required);
  return v && ExpectBool(*v, errors_, out);
}

bool StructReader::OptBool(std::string_view name, std::optional<bool>* out) {
  bool b = false;
  if (!Bool(name, &b)) return false;
  *out = b;
  return true;
}

bool StructReader::Long(std::string_view name, int64_t* out, bool required) {
  auto v = Member(name, required);
  return v && ExpectLong(*v, kJavaLong, errors_, out);
}

bool StructReader::Integer(std::string_view name, int64_t* out, bool required) {
  auto v = Member(name, required);
  return v && ExpectLong(*v, kJavaInteger, errors_, out);
}

bool StructReader::StringList(std::string_view name, std::vector<std::string>* out, bool required) {
  simdjson::dom::array arr;
  if (!Array(name, &arr, required)) return false;
  out->reserve(arr.size());
  for (simdjson::dom::element e : arr) {
    std::string_view s;
    if (!ExpectString(e, kJavaString, errors_, &s)) return false;
    out->emplace_back(s);
  }
  return true;
}

bool StructReader::StringMap(std::string_view name,
                             std::map<std::string, std::string, std::less<>>* out) {
  auto v = Member(name);
  simdjson::dom::object obj;
  if (!v || !ExpectMap(*v, "java.lang.String", errors_, &obj)) return false;
  for (auto [key, value] : obj) {
    std::string_view s;
    if (!ExpectString(value, kJavaString, errors_, &s)) return false;
    out->insert_or_assign(std::string(key), std::string(s));
  }
  return true;
}

bool StructReader::Array(std::string_view name, simdjson::dom::array* out, bool required) {
  auto v = Member(name, required);
  return v && ExpectArray(*v, errors_, out);
}

bool StructReader::Struct(std::string_view name, std::string_view shape, simdjson::dom::object* out,
                          bool required) {
  auto v = Member(name, required);
  return v && ExpectStruct(*v, shape, StructPlace::kField, errors_, out);
}

std::string StructReader::PathOf(std::string_view name) const {
  // The service names members in lowerCamelCase: "TableName" -> "tableName".
  std::string path = path_;
  if (!path.empty()) path.push_back('.');
  if (!name.empty()) {
    char first = name[0];
    path.push_back(first >= 'A' && first <= 'Z' ? static_cast<char>(first - 'A' + 'a') : first);
    path.append(name.substr(1));
  }
  return path;
}

std::string StructReader::ElementPath(std::string_view name, size_t index) const {
  return PathOf(name) + "." + std::to_string(index + 1) + ".member";
}

}  // namespace stator::api
