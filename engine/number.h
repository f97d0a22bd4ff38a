// Decimal: DynamoDB's number type, an exact decimal of up to 38 significant digits with a
// magnitude between 1E-130 and 9.9999999999999999999999999999999999999E+125 (or zero).
//
// Numbers are never doubles: parsing, comparison, arithmetic and the key encoding are exact.
// Errors carry the service's ValidationException messages.
//
// Thread safety: a value type.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "stator/status.h"

namespace stator::engine {

class Decimal {
 public:
  Decimal() = default;  // zero

  // Parses DynamoDB number text ("-01.50e3", "  "? no: no whitespace). Errors: the service's
  // ValidationException messages for text that is not a number, more than 38 significant
  // digits, overflow and underflow.
  static Result<Decimal> Parse(std::string_view text);

  // Canonical text as the service returns it: no exponent, no leading zeros, no trailing
  // fractional zeros, "-" only for negatives ("01.50" -> "1.5", "1E2" -> "100", "-0" -> "0").
  std::string ToString() const;

  bool is_zero() const { return digits_.empty(); }
  bool is_negative() const { return negative_; }

  // <0, 0, >0 as a is less than, equal to or greater than b, by value.
  friend int Compare(const Decimal& a, const Decimal& b);
  friend bool operator==(const Decimal& a, const Decimal& b) { return Compare(a, b) == 0; }

  // Exact sum and difference. Errors: the service's ValidationException messages when the
  // result overflows, underflows or needs more than 38 significant digits.
  Result<Decimal> Add(const Decimal& other) const;
  Result<Decimal> Subtract(const Decimal& other) const;

  // Appends an order-preserving, self-delimiting byte encoding: for any a, b, memcmp order of
  // the encodings equals Compare(a, b) order, and decoding consumes exactly what was appended.
  void AppendOrderedKey(std::string* out) const;
  // Decodes what AppendOrderedKey wrote at the front of *in and advances *in past it.
  // Returns false on malformed input.
  static bool ConsumeOrderedKey(std::string_view* in, Decimal* out);

 private:
  bool negative_ = false;
  std::string digits_;  // significant digits '1'..'9' first, no trailing zeros; empty for zero
  int32_t exponent_ = 0;  // value = 0.d1d2d3... x 10^exponent_
};

// Convenience for validation: the canonical text of `text`, or the service's error.
Result<std::string> NormalizeNumber(std::string_view text);

}  // namespace stator::engine
