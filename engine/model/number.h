// Decimal: DynamoDB's number type, an exact decimal of up to 38 significant digits with a
// magnitude between 1E-130 and 9.9999999999999999999999999999999999999E+125 (or zero).
//
// Numbers are never doubles: parsing, comparison, arithmetic and the key encoding are exact.
// Errors carry the service's ValidationException messages.
//
// Thread safety: a value type.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "stator/status.h"

namespace stator {

// The service's ValidationException texts (captured from DynamoDB by dynalite's and other
// conformance suites). Callers add the envelope ("1 validation error detected: ", or
// "ExpressionAttributeValues contains invalid value: ... for key :v") where the service does.
//
// Text that is not a number: the service appends ": " and the text, even when it is empty
// (PutItem/UpdateItem/GetItem/Query); older request paths (BatchWriteItem, transactions in
// some regions) omit the suffix for an empty string, which callers may reproduce.
inline constexpr std::string_view kNumberNotNumericMessage =
    "The parameter cannot be converted to a numeric value";
inline constexpr std::string_view kNumberOverflowMessage =
    "Number overflow. Attempting to store a number with magnitude larger than supported range";
inline constexpr std::string_view kNumberUnderflowMessage =
    "Number underflow. Attempting to store a number with magnitude smaller than supported range";
inline constexpr std::string_view kNumberPrecisionMessage =
    "Attempting to store more than 38 significant digits in a Number";

class Decimal {
 public:
  static constexpr int kMaxDigits = 38;
  // Bounds of the scientific exponent (the power of ten of the leading digit).
  static constexpr int kMaxScientificExponent = 125;
  static constexpr int kMinScientificExponent = -130;
  // The longest AppendOrderedKey output: class byte, exponent byte, 19 digit bytes, terminator.
  static constexpr size_t kMaxOrderedKeySize = 22;

  Decimal() = default;  // zero

  // Parses DynamoDB number text: [+-] digits with at most one '.' (at least one digit, "5." and
  // ".5" allowed), then optionally e/E, [+-], digits. No whitespace, NaN, Infinity or hex.
  // Errors (ValidationException): kNumberNotNumericMessage + ": " + text; overflow and
  // underflow (checked first, on the leading digit's power of ten); more than 38 significant
  // digits (leading and trailing zeros do not count).
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
  // Validates and builds a value from significant digits (no leading or trailing zeros) and
  // exponent_ semantics. `arithmetic` selects the service's wording for an inexact sum.
  static Result<Decimal> Make(bool negative, std::string digits, int64_t exponent, bool arithmetic);
  Result<Decimal> AddSigned(const Decimal& other, bool negate_other) const;

  bool negative_ = false;
  std::string digits_;    // significant digits '1'..'9' first, no trailing zeros; empty for zero
  int32_t exponent_ = 0;  // value = 0.d1d2d3... x 10^exponent_
};

// Convenience for validation: the canonical text of `text`, or the service's error.
Result<std::string> NormalizeNumber(std::string_view text);

}  // namespace stator
