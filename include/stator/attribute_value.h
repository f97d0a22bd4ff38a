// AttributeValue: one DynamoDB value of any of the ten types, and Item, a map of them.
//
// Numbers are carried as their decimal text (N, NS); the engine validates and normalises them
// (38 significant digits, 1E-130 .. 9.99..E+125) when they enter through a request. Binary
// values (B, BS) hold raw bytes, not base64. Sets keep their members in the order given; set
// semantics (no duplicates, never empty) are enforced by request validation.
//
// Thread safety: a value type; const access from many threads is safe.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace stator {

enum class AttributeType : unsigned char { kS, kN, kB, kBOOL, kNULL, kM, kL, kSS, kNS, kBS };

// The service's type descriptor: "S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS".
std::string_view TypeDescriptor(AttributeType type);

class AttributeValue;
using AttributeMap = std::map<std::string, AttributeValue, std::less<>>;
using AttributeList = std::vector<AttributeValue>;
using Item = AttributeMap;

class AttributeValue {
 public:
  AttributeValue() : type_(AttributeType::kNULL), value_(std::monostate{}) {}

  static AttributeValue S(std::string s) { return {AttributeType::kS, std::move(s)}; }
  static AttributeValue N(std::string n) { return {AttributeType::kN, std::move(n)}; }
  static AttributeValue B(std::string bytes) { return {AttributeType::kB, std::move(bytes)}; }
  static AttributeValue Bool(bool b) { return {AttributeType::kBOOL, b}; }
  static AttributeValue Null() { return {}; }
  static AttributeValue M(AttributeMap m) { return {AttributeType::kM, std::move(m)}; }
  static AttributeValue L(AttributeList l) { return {AttributeType::kL, std::move(l)}; }
  static AttributeValue SS(std::vector<std::string> v) {
    return {AttributeType::kSS, std::move(v)};
  }
  static AttributeValue NS(std::vector<std::string> v) {
    return {AttributeType::kNS, std::move(v)};
  }
  static AttributeValue BS(std::vector<std::string> v) {
    return {AttributeType::kBS, std::move(v)};
  }

  AttributeType type() const { return type_; }
  bool is_set() const {
    return type_ == AttributeType::kSS || type_ == AttributeType::kNS ||
           type_ == AttributeType::kBS;
  }

  // Accessors; each requires the matching type.
  const std::string& s() const { return std::get<std::string>(value_); }  // S, N or B
  std::string& s() { return std::get<std::string>(value_); }
  bool boolean() const { return std::get<bool>(value_); }
  const AttributeMap& m() const { return std::get<AttributeMap>(value_); }
  AttributeMap& m() { return std::get<AttributeMap>(value_); }
  const AttributeList& l() const { return std::get<AttributeList>(value_); }
  AttributeList& l() { return std::get<AttributeList>(value_); }
  const std::vector<std::string>& set() const {  // SS, NS or BS
    return std::get<std::vector<std::string>>(value_);
  }
  std::vector<std::string>& set() { return std::get<std::vector<std::string>>(value_); }

  // Structural equality; sets compare as sets (order-insensitive).
  friend bool operator==(const AttributeValue& a, const AttributeValue& b);

 private:
  using Storage = std::variant<std::monostate, bool, std::string, std::vector<std::string>,
                               AttributeList, AttributeMap>;
  template <class V>
  AttributeValue(AttributeType type, V&& v) : type_(type), value_(std::forward<V>(v)) {}

  AttributeType type_;
  Storage value_;
};

}  // namespace stator
