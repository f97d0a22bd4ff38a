// JsonWriter: a small streaming JSON writer that appends to one std::string buffer. Commas
// between members and elements are placed by the writer; strings are escaped as RFC 8259 asks.
//
// Thread safety: one writer per thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace stator::api {

class JsonWriter {
 public:
  // Reserves kInitialCapacity: one allocation up front costs what a small one does, and spares
  // the half-dozen reallocations of a growing 1 KB item.
  JsonWriter();

  void BeginObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void BeginArray() { Open('['); }
  void EndArray() { Close(']'); }
  void Key(std::string_view key);  // inside an object: "key":
  void String(std::string_view s);
  void Int(int64_t v);
  void Double(double v);  // shortest round-trip form, plain notation where it fits
  void Bool(bool v);
  void Null();
  void Raw(std::string_view json);  // an already-encoded JSON value

  const std::string& str() const { return out_; }
  std::string Take() && { return std::move(out_); }

 private:
  static constexpr size_t kInitialCapacity = 1024;

  void Open(char c);
  void Close(char c);
  void BeforeValue();
  void WriteEscaped(std::string_view s);
  void AppendEscape(unsigned char c);

  std::string out_;
  std::vector<bool> first_;  // per open container: no member written yet
  bool after_key_ = false;
};

}  // namespace stator::api
