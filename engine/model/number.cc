// Decimal: parsing, canonical text, comparison, exact addition and the order-preserving key
// encoding of DynamoDB's number type. See number.h.
//
// Thread safety: stateless functions over values.
#include "engine/model/number.h"

#include <algorithm>
#include <cstdlib>
#include <utility>

namespace stator {
namespace {

// Exponents in the text are accumulated up to this bound and then saturate: anything larger
// is far outside the supported range either way, and the sum with the digit count cannot
// overflow int64. The service range-checks every exponent that fits a 64-bit integer
// (1e2147483647 is an overflow, not a parse error), so saturation gives the same answers.
constexpr int64_t kExponentSaturation = int64_t{1} << 40;

// exponent_ (value = 0.ddd x 10^exponent_) spans [-129, 126]: the leading digit's power of ten
// is exponent_ - 1.
constexpr int64_t kMaxExponent = Decimal::kMaxScientificExponent + 1;
constexpr int64_t kMinExponent = Decimal::kMinScientificExponent + 1;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// What one pass over number text found. Mantissa digits are indexed in order of appearance,
// ignoring the '.'.
struct Scan {
  bool negative = false;
  int64_t int_digits = 0;      // mantissa digits before the '.'
  int64_t first_nonzero = -1;  // index of the first non-zero mantissa digit; -1 if zero
  int64_t last_nonzero = -1;
  int64_t exponent = 0;  // the e-part, saturated
};

// The e-part after 'e'/'E': [+-] digit+. False when malformed.
bool ScanExponent(std::string_view text, int64_t* exponent) {
  size_t pos = 0;
  bool negative = false;
  if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    negative = text[pos] == '-';
    ++pos;
  }
  if (pos == text.size()) return false;
  int64_t value = 0;
  for (; pos < text.size(); ++pos) {
    if (!IsDigit(text[pos])) return false;
    if (value < kExponentSaturation) value = value * 10 + (text[pos] - '0');
  }
  *exponent = negative ? -value : value;
  return true;
}

// The grammar of java.math.BigDecimal's string constructor, which the service follows: a
// leading '+' is accepted (dynoxide issue #109, captured against DynamoDB: "+5" reads back
// "5"), "5." and ".5" are numbers, whitespace, "NaN", "Infinity" and hex are not (scylladb
// test/alternator/test_number.py test_invalid_numbers). False when text is not a number.
bool ScanNumber(std::string_view text, Scan* scan) {
  size_t pos = 0;
  const size_t n = text.size();
  if (pos < n && (text[pos] == '+' || text[pos] == '-')) {
    scan->negative = text[pos] == '-';
    ++pos;
  }
  int64_t digit_count = 0;
  bool seen_point = false;
  for (; pos < n; ++pos) {
    const char c = text[pos];
    if (c == '.') {
      if (seen_point) return false;
      seen_point = true;
      scan->int_digits = digit_count;
      continue;
    }
    if (!IsDigit(c)) break;
    if (c != '0') {
      if (scan->first_nonzero < 0) scan->first_nonzero = digit_count;
      scan->last_nonzero = digit_count;
    }
    ++digit_count;
  }
  if (digit_count == 0) return false;
  if (!seen_point) scan->int_digits = digit_count;
  if (pos == n) return true;
  if (text[pos] != 'e' && text[pos] != 'E') return false;
  return ScanExponent(text.substr(pos + 1), &scan->exponent);
}

// The mantissa digits with indexes [first, last] of a text that ScanNumber accepted.
std::string CollectDigits(std::string_view text, int64_t first, int64_t last) {
  std::string digits;
  digits.reserve(static_cast<size_t>(last - first + 1));
  int64_t index = 0;
  for (const char c : text) {
    if (c == 'e' || c == 'E') break;
    if (!IsDigit(c)) continue;
    if (index >= first && index <= last) digits.push_back(c);
    ++index;
  }
  return digits;
}

// Range before precision, as the service (and dynalite, which mirrors it) checks.
Status CheckLimits(int64_t exponent, size_t digit_count, bool arithmetic) {
  if (exponent > kMaxExponent) return Status::Validation(std::string(kNumberOverflowMessage));
  if (exponent < kMinExponent) return Status::Validation(std::string(kNumberUnderflowMessage));
  if (digit_count > static_cast<size_t>(Decimal::kMaxDigits)) {
    // DynamoDB does not round an ADD or SET a + b whose exact result needs more than 38
    // digits: it refuses it, and words that as an overflow ("1e50 + 1" and "1e50 - 1" both
    // fail with "Number overflow...", scylladb test/alternator/test_number.py
    // test_update_expression_plus_imprecise, observed against the service).
    return Status::Validation(
        std::string(arithmetic ? kNumberOverflowMessage : kNumberPrecisionMessage));
  }
  return Status::OK();
}

// Magnitudes aligned on a common window: character i stands for 10^(top - 1 - i).
std::string Align(const std::string& digits, int32_t exponent, int64_t top, int64_t width) {
  std::string out(static_cast<size_t>(width), '0');
  std::copy(digits.begin(), digits.end(), out.begin() + (top - exponent));
  return out;
}

// x + y over equal-width aligned digits; the result is one digit wider (a leading carry).
std::string AddMagnitudes(const std::string& x, const std::string& y) {
  std::string sum(x.size() + 1, '0');
  int carry = 0;
  for (size_t i = x.size(); i-- > 0;) {
    const int d = (x[i] - '0') + (y[i] - '0') + carry;
    sum[i + 1] = static_cast<char>('0' + d % 10);
    carry = d / 10;
  }
  sum[0] = static_cast<char>('0' + carry);
  return sum;
}

// x - y over equal-width aligned digits, x >= y.
std::string SubtractMagnitudes(const std::string& x, const std::string& y) {
  std::string diff(x.size(), '0');
  int borrow = 0;
  for (size_t i = x.size(); i-- > 0;) {
    int d = (x[i] - '0') - (y[i] - '0') - borrow;
    borrow = d < 0 ? 1 : 0;
    if (d < 0) d += 10;
    diff[i] = static_cast<char>('0' + d);
  }
  return diff;
}

// Ordered key layout, see AppendOrderedKey. Persisted: never change these values.
constexpr uint8_t kNegativeClass = 0x01;
constexpr uint8_t kZeroClass = 0x02;
constexpr uint8_t kPositiveClass = 0x03;
constexpr int32_t kExponentBias = 129;  // exponent_ + 129 is 0x00..0xFF

}  // namespace

Result<Decimal> Decimal::Make(bool negative, std::string digits, int64_t exponent,
                              bool arithmetic) {
  if (digits.empty()) return Decimal();
  STATOR_RETURN_IF_ERROR(CheckLimits(exponent, digits.size(), arithmetic));
  Decimal d;
  d.negative_ = negative;
  d.digits_ = std::move(digits);
  d.exponent_ = static_cast<int32_t>(exponent);
  return d;
}

Result<Decimal> Decimal::Parse(std::string_view text) {
  Scan scan;
  if (!ScanNumber(text, &scan)) {
    std::string message(kNumberNotNumericMessage);
    message.append(": ").append(text);
    return Status::Validation(std::move(message));
  }
  if (scan.first_nonzero < 0) return Decimal();  // "0", "-0.000", "0e99999"
  const int64_t exponent = scan.int_digits - scan.first_nonzero + scan.exponent;
  const auto digit_count = static_cast<size_t>(scan.last_nonzero - scan.first_nonzero + 1);
  // Checked before the digits are copied, so absurdly long text costs one pass.
  STATOR_RETURN_IF_ERROR(CheckLimits(exponent, digit_count, /*arithmetic=*/false));
  return Make(scan.negative, CollectDigits(text, scan.first_nonzero, scan.last_nonzero), exponent,
              /*arithmetic=*/false);
}

std::string Decimal::ToString() const {
  if (is_zero()) return "0";
  std::string out;
  const auto n = static_cast<int32_t>(digits_.size());
  out.reserve(static_cast<size_t>(std::max(n, std::abs(exponent_)) + 3));
  if (negative_) out.push_back('-');
  if (exponent_ <= 0) {
    out.append("0.").append(static_cast<size_t>(-exponent_), '0').append(digits_);
  } else if (exponent_ >= n) {
    out.append(digits_).append(static_cast<size_t>(exponent_ - n), '0');
  } else {
    out.append(digits_, 0, static_cast<size_t>(exponent_)).push_back('.');
    out.append(digits_, static_cast<size_t>(exponent_));
  }
  return out;
}

int Compare(const Decimal& a, const Decimal& b) {
  const int sa = a.is_zero() ? 0 : (a.negative_ ? -1 : 1);
  const int sb = b.is_zero() ? 0 : (b.negative_ ? -1 : 1);
  if (sa != sb) return sa < sb ? -1 : 1;
  if (sa == 0) return 0;
  int magnitude;
  if (a.exponent_ != b.exponent_) {
    magnitude = a.exponent_ < b.exponent_ ? -1 : 1;
  } else {
    // No trailing zeros, so a digit string that is a prefix of another is the smaller value.
    const int c = a.digits_.compare(b.digits_);
    magnitude = (c > 0) - (c < 0);
  }
  return sa * magnitude;
}

Result<Decimal> Decimal::Add(const Decimal& other) const { return AddSigned(other, false); }

Result<Decimal> Decimal::Subtract(const Decimal& other) const { return AddSigned(other, true); }

// Exact: both operands are aligned on one window wide enough for either (at most 126 + 167
// digits), added or subtracted digit by digit, then trimmed and validated like parsed input.
Result<Decimal> Decimal::AddSigned(const Decimal& other, bool negate_other) const {
  const bool other_negative = other.negative_ != negate_other;
  if (other.is_zero()) return *this;
  if (is_zero()) {
    Decimal result = other;
    result.negative_ = other_negative;
    return result;
  }
  const auto len = [](const Decimal& d) { return static_cast<int64_t>(d.digits_.size()); };
  const int64_t top = std::max(exponent_, other.exponent_);
  const int64_t bottom = std::min(exponent_ - len(*this), other.exponent_ - len(other));
  const std::string x = Align(digits_, exponent_, top, top - bottom);
  const std::string y = Align(other.digits_, other.exponent_, top, top - bottom);

  std::string magnitude;
  bool negative = negative_;
  int64_t result_top = top;
  if (negative_ == other_negative) {
    magnitude = AddMagnitudes(x, y);
    result_top = top + 1;
  } else if (x >= y) {
    magnitude = SubtractMagnitudes(x, y);
  } else {
    magnitude = SubtractMagnitudes(y, x);
    negative = other_negative;
  }
  const size_t first = magnitude.find_first_not_of('0');
  if (first == std::string::npos) return Decimal();  // a - a is zero, never "-0"
  const size_t last = magnitude.find_last_not_of('0');
  return Make(negative, magnitude.substr(first, last - first + 1),
              result_top - static_cast<int64_t>(first), /*arithmetic=*/true);
}

// Byte layout (memcmp compares bytes as unsigned):
//   [class]     0x01 negative, 0x02 zero, 0x03 positive. Zero is this byte alone.
//   [exponent]  exponent_ + 129, which fills 0x00..0xFF exactly (exponent_ is -129..126).
//   [digits]    two digits per byte, high nibble first, each nibble holding digit + 1 (1..10);
//               a 0 nibble ends the number: an odd count ends with a low nibble of 0, an even
//               count with one more byte 0x00. At most 19 + 1 bytes.
//   Negatives store the exponent and digit bytes (terminator included) complemented (^ 0xFF).
// Why memcmp order is numeric order: for positives a larger exponent_ is a larger value; with
// equal exponents the digits compare lexicographically, where "ends here" (0) sorts below every
// digit (>= 1), which is numeric order because digits_ has no trailing zeros (1.5 < 1.51). The
// terminator makes the encodings prefix-free, so two of them first differ at a byte both have,
// and complementing every byte reverses the order: a larger magnitude sorts first among
// negatives. Each value has exactly one encoding, so equal keys mean equal numbers.
void Decimal::AppendOrderedKey(std::string* out) const {
  if (is_zero()) {
    out->push_back(static_cast<char>(kZeroClass));
    return;
  }
  const uint8_t flip = negative_ ? 0xFF : 0x00;
  out->push_back(static_cast<char>(negative_ ? kNegativeClass : kPositiveClass));
  out->push_back(static_cast<char>(static_cast<uint8_t>(exponent_ + kExponentBias) ^ flip));
  const size_t n = digits_.size();
  for (size_t i = 0; i < n; i += 2) {
    const auto hi = static_cast<uint8_t>(digits_[i] - '0' + 1);
    const auto lo = static_cast<uint8_t>(i + 1 < n ? digits_[i + 1] - '0' + 1 : 0);
    out->push_back(static_cast<char>(static_cast<uint8_t>(hi << 4 | lo) ^ flip));
  }
  if (n % 2 == 0) out->push_back(static_cast<char>(flip));
}

// Strict: accepts exactly the encodings AppendOrderedKey produces (no leading or trailing zero
// digit, 1..38 digits, nibbles 0..10, terminator byte exactly 0x00), so decoding never yields a
// non-canonical value that would break key equality.
bool Decimal::ConsumeOrderedKey(std::string_view* in, Decimal* out) {
  if (in->empty()) return false;
  const auto cls = static_cast<uint8_t>((*in)[0]);
  if (cls == kZeroClass) {
    *out = Decimal();
    in->remove_prefix(1);
    return true;
  }
  if (cls != kNegativeClass && cls != kPositiveClass) return false;
  if (in->size() < 2) return false;
  const bool negative = cls == kNegativeClass;
  const uint8_t flip = negative ? 0xFF : 0x00;
  const int32_t exponent = (static_cast<uint8_t>((*in)[1]) ^ flip) - kExponentBias;
  std::string digits;
  size_t pos = 2;
  for (;;) {
    if (pos >= in->size() || digits.size() > static_cast<size_t>(kMaxDigits)) return false;
    const auto byte = static_cast<uint8_t>(static_cast<uint8_t>((*in)[pos++]) ^ flip);
    const int hi = byte >> 4;
    const int lo = byte & 0x0F;
    if (hi == 0) {
      if (lo != 0) return false;
      break;
    }
    if (hi > 10) return false;
    digits.push_back(static_cast<char>('0' + hi - 1));
    if (lo == 0) break;
    if (lo > 10) return false;
    digits.push_back(static_cast<char>('0' + lo - 1));
  }
  if (digits.empty() || digits.size() > static_cast<size_t>(kMaxDigits)) return false;
  if (digits.front() == '0' || digits.back() == '0') return false;
  out->negative_ = negative;
  out->digits_ = std::move(digits);
  out->exponent_ = exponent;
  in->remove_prefix(pos);
  return true;
}

Result<std::string> NormalizeNumber(std::string_view text) {
  Result<Decimal> parsed = Decimal::Parse(text);
  if (!parsed.ok()) return parsed.status();
  return parsed->ToString();
}

}  // namespace stator
