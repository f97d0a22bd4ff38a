// JsonReader: reads the members of a request body (a simdjson DOM tree) into typed fields, and
// reports what is wrong with them in the words and order of the DynamoDB service.
//
// The service checks a request in three passes, and so does this reader:
//  1. Serialization: a member of the wrong JSON type ("TableName": 5) stops decoding at once with
//     a SerializationException worded by the service's Coral/Jackson front end.
//  2. Constraints: missing required members and enum members with unknown values are collected
//     and reported together ("2 validation errors detected: ...; ...").
//  3. Semantic errors of AttributeValues (no type, two types, NULL false, empty or duplicate
//     sets) are kept (the first one) and reported only when passes 1 and 2 found nothing.
// Range, length and pattern checks of present values belong to the shape check generated from the
// API models (api/shape_check.h), which runs before a decoder's constraint errors are reported,
// and to the engine, so that embedded users get them too.
//
// Members whose value is JSON null are treated as absent, as the service does. Unknown members
// are ignored.
//
// Thread safety: a DecodeErrors/StructReader belongs to one request on one thread.
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "stator/status.h"

namespace stator::api {

// Parses `body` with this thread's parser. The returned element lives until the next call on the
// same thread. A body that is not valid JSON, or not a JSON object, is a SerializationException.
Status ParseBody(std::string_view body, simdjson::dom::object* out);

class DecodeErrors {
 public:
  // Pass 1: the first wrong-typed member; decoding should stop.
  void Serialization(std::string message);
  // Pass 2: "Value null at '<path>' failed to satisfy constraint: Member must not be null".
  void NotNull(std::string_view path);
  // Pass 2: an enum member with a value outside `allowed` (listed in the service's order).
  void NotInEnum(std::string_view value, std::string_view path, std::string_view allowed);
  // Pass 2: a present value outside its shape's bounds, e.g. constraint "Member must have length
  // less than or equal to 1024"; `value` as read, unquoted.
  void Violation(std::string_view value, std::string_view path, std::string_view constraint);
  // Pass 3: a semantic error of a value; only the first one is kept.
  void Semantic(Status status);

  bool stopped() const { return !serialization_.empty(); }
  bool ok() const { return !stopped() && constraints_.empty() && semantic_.ok(); }
  // The error to report, or OK.
  Status ToStatus() const;

 private:
  std::string serialization_;
  std::vector<std::string> constraints_;
  Status semantic_;
};

// The Java type the service names when a JSON array stands where a value of the given kind was
// expected ("Unrecognized collection type class java.lang.String").
inline constexpr std::string_view kJavaString = "class java.lang.String";
inline constexpr std::string_view kJavaBoolean = "class java.lang.Boolean";
inline constexpr std::string_view kJavaLong = "class java.lang.Long";
inline constexpr std::string_view kJavaInteger = "class java.lang.Integer";
inline constexpr std::string_view kJavaBytes = "class java.nio.ByteBuffer";

// Type checks of single JSON values, each returning false (after reporting a
// SerializationException) when `v` has the wrong JSON type. `java_type` is one of the constants
// above.
bool ExpectString(simdjson::dom::element v, std::string_view java_type, DecodeErrors* errors,
                  std::string_view* out);
bool ExpectBool(simdjson::dom::element v, DecodeErrors* errors, bool* out);
bool ExpectLong(simdjson::dom::element v, std::string_view java_type, DecodeErrors* errors,
                int64_t* out);
// A list-typed member: "Unexpected field type" for scalars.
bool ExpectArray(simdjson::dom::element v, DecodeErrors* errors, simdjson::dom::array* out);
// A map-typed member; `value_class` names the map's value type for the array case, e.g.
// "com.amazonaws.dynamodb.v20120810.AttributeValue".
bool ExpectMap(simdjson::dom::element v, std::string_view value_class, DecodeErrors* errors,
               simdjson::dom::object* out);
// A structure that is a member of a structure ("Unexpected field type") or an element of a list
// or map ("Unexpected value type in payload"). `shape` is the service's shape name.
enum class StructPlace { kField, kElement };
bool ExpectStruct(simdjson::dom::element v, std::string_view shape, StructPlace place,
                  DecodeErrors* errors, simdjson::dom::object* out);

// One allowed value of an enum member and what it decodes to.
template <class E>
struct EnumEntry {
  std::string_view name;
  E value;
};

// Reads the members of one JSON object (a request or a nested structure). `path` is the
// service's path of the object ("" for the request, "keySchema.1.member" for a list element).
class StructReader {
 public:
  StructReader(simdjson::dom::object obj, std::string path, DecodeErrors* errors)
      : obj_(obj), path_(std::move(path)), errors_(errors) {}

  // The member `name`, absent when missing or null; reports NotNull when required and absent.
  std::optional<simdjson::dom::element> Member(std::string_view name, bool required = false);

  // Typed reads: return true when the member was present and well typed.
  bool String(std::string_view name, std::string* out, bool required = false);
  bool OptString(std::string_view name, std::optional<std::string>* out);
  bool Bool(std::string_view name, bool* out, bool required = false);
  bool OptBool(std::string_view name, std::optional<bool>* out);
  bool Long(std::string_view name, int64_t* out, bool required = false);
  bool Integer(std::string_view name, int64_t* out, bool required = false);  // a Java int
  bool StringList(std::string_view name, std::vector<std::string>* out, bool required = false);
  bool StringMap(std::string_view name, std::map<std::string, std::string, std::less<>>* out);
  bool Array(std::string_view name, simdjson::dom::array* out, bool required = false);
  bool Struct(std::string_view name, std::string_view shape, simdjson::dom::object* out,
              bool required = false);

  // An enum member; `entries` lists its values, `allowed` them as the service prints the set
  // ("[HASH, RANGE]", in the service's own order).
  template <class E, size_t N>
  bool Enum(std::string_view name, const EnumEntry<E> (&entries)[N], std::string_view allowed,
            E* out, bool required = false) {
    std::string value;
    if (!String(name, &value, required)) return false;
    for (const auto& e : entries) {
      if (e.name == value) {
        *out = e.value;
        return true;
      }
    }
    errors_->NotInEnum(value, PathOf(name), allowed);
    return false;
  }
  template <class E, size_t N>
  bool OptEnum(std::string_view name, const EnumEntry<E> (&entries)[N], std::string_view allowed,
               std::optional<E>* out) {
    E v{};
    if (!Enum(name, entries, allowed, &v)) return false;
    *out = v;
    return true;
  }

  // Calls read(StructReader&) for each element of the list member `name`, each a structure of
  // the service's shape `shape`. False when absent or malformed.
  template <class F>
  bool ForEachStruct(std::string_view name, std::string_view shape, F&& read,
                     bool required = false) {
    simdjson::dom::array arr;
    if (!Array(name, &arr, required)) return false;
    size_t i = 0;
    for (simdjson::dom::element e : arr) {
      simdjson::dom::object o;
      if (!ExpectStruct(e, shape, StructPlace::kElement, errors_, &o)) return false;
      StructReader element(o, ElementPath(name, i++), errors_);
      read(element);
      if (errors_->stopped()) return false;
    }
    return true;
  }

  // Reads the structure member `name` with read(StructReader&). False when absent or malformed.
  template <class F>
  bool ReadStruct(std::string_view name, std::string_view shape, F&& read, bool required = false) {
    simdjson::dom::object o;
    if (!Struct(name, shape, &o, required)) return false;
    StructReader member(o, PathOf(name), errors_);
    read(member);
    return !errors_->stopped();
  }

  // The service's path of member `name`: "tableName", "keySchema.1.member.keyType".
  std::string PathOf(std::string_view name) const;
  // The path of element `index` (0-based) of list member `name`: "keySchema.1.member".
  std::string ElementPath(std::string_view name, size_t index) const;
  DecodeErrors* errors() const { return errors_; }

 private:
  simdjson::dom::object obj_;
  std::string path_;
  DecodeErrors* errors_;
};

}  // namespace stator::api
