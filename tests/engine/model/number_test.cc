#include "engine/model/number.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace stator::engine {
namespace {

Decimal D(std::string_view text) {
  Result<Decimal> r = Decimal::Parse(text);
  EXPECT_TRUE(r.ok()) << text << ": " << r.status().message();
  return r.ok() ? r.value() : Decimal();
}

std::string Key(const Decimal& d) {
  std::string out;
  d.AppendOrderedKey(&out);
  return out;
}

int Sign(int v) { return (v > 0) - (v < 0); }

std::string Zeros(size_t n) { return std::string(n, '0'); }

std::string NotNumeric(std::string_view text) {
  return std::string(kNumberNotNumericMessage) + ": " + std::string(text);
}

// ---- Parsing and canonical text --------------------------------------------------------------

TEST(DecimalParseTest, CanonicalForms) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"0", "0"},
      {"-0", "0"},
      {"+0", "0"},
      {"0.000", "0"},
      {"-0.0", "0"},
      {"0e5", "0"},
      {"000", "0"},
      {"0e99999999999999999999999", "0"},
      {"1E+2", "100"},
      {"1e2", "100"},
      {"1.50", "1.5"},
      {"01.50", "1.5"},
      {"-01.50e3", "-1500"},
      {"1e-5", "0.00001"},
      {"+5", "5"},
      {"+1.5", "1.5"},
      {"+1e2", "100"},
      {"1.5E+3", "1500"},
      {"-7", "-7"},
      {".5", "0.5"},
      {"5.", "5"},
      {"-.5e1", "-5"},
      {"123.456", "123.456"},
      {"0.000123e2", "0.0123"},
      {"1000.000", "1000"},
      {"0001.23", "1.23"},
      {"-17.4E37", "-174" + Zeros(36)},
      {"12345e-2", "123.45"},
      {"12345e-5", "0.12345"},
      {"12345e-6", "0.012345"},
      {"1e125", "1" + Zeros(125)},
      {"-1E125", "-1" + Zeros(125)},
      {"1e-130", "0." + Zeros(129) + "1"},
      {"-1e-130", "-0." + Zeros(129) + "1"},
      {"9.9999999999999999999999999999999999999E+125", std::string(38, '9') + Zeros(88)},
      {"3.1415926535897932384626433832795028841", "3.1415926535897932384626433832795028841"},
      {"31415926535897932384626433832795028841e30",
       "31415926535897932384626433832795028841" + Zeros(30)},
  };
  for (const auto& [text, want] : cases) {
    Result<Decimal> d = Decimal::Parse(text);
    ASSERT_TRUE(d.ok()) << text << ": " << d.status().message();
    EXPECT_EQ(d->ToString(), want) << text;
    Result<std::string> normalized = NormalizeNumber(text);
    ASSERT_TRUE(normalized.ok());
    EXPECT_EQ(*normalized, want);
  }
}

TEST(DecimalParseTest, ZeroIsNeverNegative) {
  for (const char* text : {"-0", "-0.000e7", "-.0"}) {
    Decimal d = D(text);
    EXPECT_TRUE(d.is_zero()) << text;
    EXPECT_FALSE(d.is_negative()) << text;
    EXPECT_EQ(d, Decimal());
  }
}

TEST(DecimalParseTest, LeadingAndTrailingZerosAreNotSignificant) {
  // 1 followed by 60 zeros has one significant digit (boto3 issues 2500 and 4693: the
  // service stores and returns such numbers).
  EXPECT_EQ(D("1" + Zeros(60)).ToString(), "1" + Zeros(60));
  EXPECT_EQ(D("0." + Zeros(60) + "1").ToString(), "0." + Zeros(60) + "1");
  // 38 significant digits surrounded by many zeros.
  const std::string digits38 = "12345678901234567890123456789012345678";
  EXPECT_EQ(D("000" + digits38 + "000").ToString(), digits38 + "000");
  EXPECT_EQ(D("0.000" + digits38 + "000").ToString(), "0.000" + digits38);
}

TEST(DecimalParseTest, TextThatIsNotANumber) {
  const std::vector<std::string> cases = {
      "",    " ",    " 1",    "1 ",   "1 2",   "NaN",   "-NaN",  "Infinity", "-Infinity",
      "inf", "0x10", "1e",    "1E",   "1e+",   "1e-",   ".",     "+",        "-",
      "+.",  "-.e1", "e5",    ".e1",  "1.2.3", "1e1.5", "1e5e5", "--1",      "+-1",
      "-+1", "1+2",  "+e2",   "abc",  "-dog",  "1,000", "1_000", "\t1",      "1\n",
      "1d",  "1f",   "0b101", "1e 5", "1 e5",  "１",    "1..",   "..1",
  };
  for (const std::string& text : cases) {
    Result<Decimal> d = Decimal::Parse(text);
    ASSERT_FALSE(d.ok()) << "accepted: '" << text << "'";
    EXPECT_EQ(d.status().code(), ErrorCode::kValidation);
    EXPECT_EQ(d.status().message(), NotNumeric(text));
  }
  // The service keeps the colon and space even for an empty string.
  EXPECT_EQ(Decimal::Parse("").status().message(),
            "The parameter cannot be converted to a numeric value: ");
}

TEST(DecimalParseTest, TextWithANulByteIsNotANumber) {
  const std::string text("1\0", 2);
  Result<Decimal> d = Decimal::Parse(text);
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.status().message(), NotNumeric(text));
}

TEST(DecimalParseTest, MoreThan38SignificantDigits) {
  const std::vector<std::string> cases = {
      "123456789012345678901234567890123456789",
      "-1.23456789012345678901234567890123456789",
      "3.14159265358979323846264338327950288419",
      "314159265358979323846.264338327950288419",
      "314159265358979323846264338327950288419e30",
      "1" + Zeros(37) + "1",  // internal zeros count
      "0.1" + Zeros(37) + "1",
      "1." + std::string(200, '1'),
  };
  for (const std::string& text : cases) {
    Result<Decimal> d = Decimal::Parse(text);
    ASSERT_FALSE(d.ok()) << text;
    EXPECT_EQ(d.status().code(), ErrorCode::kValidation);
    EXPECT_EQ(d.status().message(), kNumberPrecisionMessage) << text;
  }
  EXPECT_TRUE(Decimal::Parse("1" + Zeros(36) + "1").ok());  // exactly 38
}

TEST(DecimalParseTest, Overflow) {
  const std::vector<std::string> cases = {
      "1e126",
      "-1e126",
      "11e125",
      "10e125",
      "1e2147483647",
      "1e2147483648",
      "1e99999999999",
      "-1e99999999999",
      "1" + Zeros(126),
      "1e999999999999999999999999999999",
      "99999999999999999999999999999999999999.5e125",
  };
  for (const std::string& text : cases) {
    Result<Decimal> d = Decimal::Parse(text);
    ASSERT_FALSE(d.ok()) << text;
    EXPECT_EQ(d.status().message(), kNumberOverflowMessage) << text;
  }
}

TEST(DecimalParseTest, Underflow) {
  const std::vector<std::string> cases = {
      "1e-131",
      "-1e-131",
      "0.9e-130",
      "-0.9e-130",
      "1e-2147483648",
      "1e-99999999999",
      "0." + Zeros(130) + "1",
      "1e-999999999999999999999999999999",
  };
  for (const std::string& text : cases) {
    Result<Decimal> d = Decimal::Parse(text);
    ASSERT_FALSE(d.ok()) << text;
    EXPECT_EQ(d.status().message(), kNumberUnderflowMessage) << text;
  }
}

TEST(DecimalParseTest, RangeIsCheckedBeforePrecision) {
  const std::string digits39 = "123456789012345678901234567890123456789";
  EXPECT_EQ(Decimal::Parse(digits39 + "e200").status().message(), kNumberOverflowMessage);
  EXPECT_EQ(Decimal::Parse(digits39 + "e-300").status().message(), kNumberUnderflowMessage);
}

TEST(DecimalParseTest, BoundariesAreAccepted) {
  for (const char* text :
       {"1e-130", "-1e-130", "9.9999999999999999999999999999999999999E+125", "1e125",
        "-9.9999999999999999999999999999999999999E+125", "10e-131", "0.1e126"}) {
    EXPECT_TRUE(Decimal::Parse(text).ok()) << text;
  }
}

// ---- Comparison ------------------------------------------------------------------------------

// Ascending, no duplicates by value.
const std::vector<std::string>& Ascending() {
  static const std::vector<std::string> v = {
      "-9.9999999999999999999999999999999999999E+125",
      "-1e125",
      "-100",
      "-10",
      "-9.99",
      "-1.51",
      "-1.5",
      "-1.05",
      "-1",
      "-0.5",
      "-0.05",
      "-1e-130",
      "0",
      "1e-130",
      "2e-130",
      "0.05",
      "0.5",
      "0.5" + Zeros(36) + "1",
      "1",
      "1." + Zeros(36) + "1",
      "1.05",
      "1.5",
      "1.51",
      "9.99",
      "10",
      "10.5",
      "11",
      "100",
      "1e125",
      "9.9999999999999999999999999999999999999E+125",
  };
  return v;
}

TEST(DecimalCompareTest, OrdersByValue) {
  const auto& v = Ascending();
  for (size_t i = 0; i < v.size(); ++i) {
    for (size_t j = 0; j < v.size(); ++j) {
      const int want = Sign(static_cast<int>(i) - static_cast<int>(j));
      EXPECT_EQ(Sign(Compare(D(v[i]), D(v[j]))), want) << v[i] << " vs " << v[j];
    }
  }
}

TEST(DecimalCompareTest, EqualValuesWrittenDifferently) {
  EXPECT_EQ(D("1.0"), D("1"));
  EXPECT_EQ(D("100"), D("1e2"));
  EXPECT_EQ(D("-0.50"), D("-5e-1"));
  EXPECT_EQ(D("+7"), D("7"));
  EXPECT_EQ(D("-0"), D("0"));
  EXPECT_FALSE(D("1") == D("-1"));
  EXPECT_FALSE(D("1") == D("1.000000001"));
}

// ---- Arithmetic ------------------------------------------------------------------------------

std::string Sum(std::string_view a, std::string_view b) {
  Result<Decimal> r = D(a).Add(D(b));
  return r.ok() ? r->ToString() : "error: " + r.status().message();
}

std::string Difference(std::string_view a, std::string_view b) {
  Result<Decimal> r = D(a).Subtract(D(b));
  return r.ok() ? r->ToString() : "error: " + r.status().message();
}

TEST(DecimalArithmeticTest, CarriesAndBorrows) {
  EXPECT_EQ(Sum("999", "1"), "1000");
  EXPECT_EQ(Sum("0.999", "0.001"), "1");
  EXPECT_EQ(Sum("9.99", "0.01"), "10");
  EXPECT_EQ(Sum("99999999999999999999999999999999999999", "1"),
            "100000000000000000000000000000000000000");
  EXPECT_EQ(Sum("1.5", "2.25"), "3.75");
  EXPECT_EQ(Sum("1e10", "1e-10"), "10000000000.0000000001");
  EXPECT_EQ(Difference("1000", "1"), "999");
  EXPECT_EQ(Difference("1", "0.001"), "0.999");
  EXPECT_EQ(Difference("10", "0.01"), "9.99");
  EXPECT_EQ(Difference("100000000000000000000000000000000000000", "1"), std::string(38, '9'));
  EXPECT_EQ(Difference("1.25", "0.25"), "1");
}

TEST(DecimalArithmeticTest, SignsAndZero) {
  EXPECT_EQ(Difference("1", "2"), "-1");
  EXPECT_EQ(Sum("-1", "2"), "1");
  EXPECT_EQ(Sum("1", "-2"), "-1");
  EXPECT_EQ(Sum("-1", "-2"), "-3");
  EXPECT_EQ(Difference("-1", "-2"), "1");
  EXPECT_EQ(Difference("-2", "-1"), "-1");
  EXPECT_EQ(Difference("-1", "2"), "-3");
  EXPECT_EQ(Sum("0", "-3"), "-3");
  EXPECT_EQ(Difference("0", "3"), "-3");
  EXPECT_EQ(Difference("0", "-3"), "3");
  EXPECT_EQ(Sum("3", "0"), "3");
  EXPECT_EQ(Difference("-3", "0"), "-3");
  EXPECT_EQ(Sum("0", "0"), "0");
  Result<Decimal> zero = D("-5.5").Subtract(D("-5.5"));
  ASSERT_TRUE(zero.ok());
  EXPECT_TRUE(zero->is_zero());
  EXPECT_FALSE(zero->is_negative());
  EXPECT_EQ(Key(*zero), Key(Decimal()));
  EXPECT_EQ(Sum("5.5", "-5.5"), "0");
}

TEST(DecimalArithmeticTest, ExactBeyondDoublePrecision) {
  // scylladb test_update_expression_plus_precision.
  EXPECT_EQ(Sum("1", "10000000000000000000000"), "10000000000000000000001");
  EXPECT_EQ(Difference("10000000000000000000000", "1"), "9999999999999999999999");
  EXPECT_EQ(Sum("0.1", "0.2"), "0.3");
  EXPECT_EQ(Sum("1e37", "1"), "10000000000000000000000000000000000001");
}

TEST(DecimalArithmeticTest, InexactResultsFailWithTheOverflowMessage) {
  const std::string overflow = "error: " + std::string(kNumberOverflowMessage);
  EXPECT_EQ(Sum("1e50", "1"), overflow);
  EXPECT_EQ(Difference("1e50", "1"), overflow);
  EXPECT_EQ(Sum("1e37", "0.1"), overflow);  // 39 digits
  EXPECT_EQ(Sum("1", "1e-40"), overflow);
}

TEST(DecimalArithmeticTest, RangeErrors) {
  const std::string overflow = "error: " + std::string(kNumberOverflowMessage);
  const std::string underflow = "error: " + std::string(kNumberUnderflowMessage);
  EXPECT_EQ(Sum("9.9999999999999999999999999999999999999E+125", "1E+125"), overflow);
  EXPECT_EQ(Sum("9e125", "9e125"), overflow);
  EXPECT_EQ(Difference("9e125", "-9e125"), overflow);
  EXPECT_EQ(Sum("-9e125", "-9e125"), overflow);
  EXPECT_EQ(Difference("2e-130", "1.5e-130"), underflow);
  EXPECT_EQ(Sum("-2e-130", "1.5e-130"), underflow);
  EXPECT_EQ(Sum("9e125", "9e124"), "99" + Zeros(124));
  EXPECT_EQ(Difference("2e-130", "1e-130"), "0." + Zeros(129) + "1");
}

TEST(DecimalArithmeticTest, MatchesIntegerArithmeticOnRandomValues) {
  std::mt19937_64 rng(42);
  std::uniform_int_distribution<int64_t> dist(-(int64_t{1} << 60), int64_t{1} << 60);
  std::uniform_int_distribution<int> scale_dist(0, 12);
  for (int i = 0; i < 3000; ++i) {
    const int64_t a = dist(rng) >> (i % 50);
    const int64_t b = dist(rng) >> ((i * 7) % 50);
    // The same integers scaled by 10^-scale: exact decimals with fractional digits.
    const int scale = scale_dist(rng);
    const std::string suffix = "e-" + std::to_string(scale);
    const Decimal da = D(std::to_string(a) + suffix);
    const Decimal db = D(std::to_string(b) + suffix);
    Result<Decimal> sum = da.Add(db);
    Result<Decimal> diff = da.Subtract(db);
    ASSERT_TRUE(sum.ok() && diff.ok());
    EXPECT_EQ(*sum, D(std::to_string(a + b) + suffix)) << a << " + " << b;
    EXPECT_EQ(*diff, D(std::to_string(a - b) + suffix)) << a << " - " << b;
    EXPECT_EQ(Sign(Compare(da, db)), Sign(a < b ? -1 : (a > b ? 1 : 0))) << a << " ? " << b;
  }
}

// ---- Ordered key encoding --------------------------------------------------------------------

// A random valid decimal, biased towards near-ties: shared digit prefixes, equal exponents,
// small exponents and lengths that differ by one digit.
Decimal RandomDecimal(std::mt19937_64& rng) {
  std::uniform_int_distribution<int> pick(0, 99);
  if (pick(rng) < 3) return Decimal();
  const bool narrow = pick(rng) < 60;
  const int length = narrow ? 1 + pick(rng) % 4 : 1 + pick(rng) % Decimal::kMaxDigits;
  std::string digits;
  for (int i = 0; i < length; ++i) {
    const int d = narrow ? pick(rng) % 3 : pick(rng) % 10;
    digits.push_back(static_cast<char>('0' + d));
  }
  digits[0] = static_cast<char>('1' + pick(rng) % 9);
  const int scientific = narrow ? pick(rng) % 5 - 2 : -130 + (pick(rng) * 100 + pick(rng)) % 256;
  std::string text = pick(rng) < 50 ? "-" : "";
  text += digits.substr(0, 1) + "." + digits.substr(1) + "e" + std::to_string(scientific);
  return D(text);
}

// An independent reference: canonical text as a fixed-point string, compared lexicographically.
int ReferenceCompare(const Decimal& a, const Decimal& b) {
  const auto fixed = [](const Decimal& d) {
    std::string s = d.ToString();
    const bool negative = !s.empty() && s[0] == '-';
    if (negative) s.erase(0, 1);
    const size_t point = s.find('.');
    std::string int_part = s.substr(0, point);
    std::string frac_part = point == std::string::npos ? "" : s.substr(point + 1);
    int_part.insert(0, 130 - int_part.size(), '0');
    frac_part.append(200 - frac_part.size(), '0');
    return std::make_pair(negative, int_part + frac_part);
  };
  const auto [na, fa] = fixed(a);
  const auto [nb, fb] = fixed(b);
  const int sa = a.is_zero() ? 0 : (na ? -1 : 1);
  const int sb = b.is_zero() ? 0 : (nb ? -1 : 1);
  if (sa != sb) return sa < sb ? -1 : 1;
  return sa * Sign(fa.compare(fb));
}

TEST(DecimalOrderedKeyTest, MemcmpOrderMatchesCompareOnRandomValues) {
  std::mt19937_64 rng(7);
  std::vector<Decimal> values;
  for (int i = 0; i < 2000; ++i) values.push_back(RandomDecimal(rng));
  for (const auto& s : Ascending()) values.push_back(D(s));
  std::vector<std::string> keys;
  for (const Decimal& d : values) keys.push_back(Key(d));
  for (size_t i = 0; i < values.size(); ++i) {
    for (size_t j = i; j < values.size(); j += 1 + (i + j) % 5) {
      const int by_value = Sign(Compare(values[i], values[j]));
      ASSERT_EQ(by_value, ReferenceCompare(values[i], values[j]))
          << values[i].ToString() << " vs " << values[j].ToString();
      ASSERT_EQ(Sign(keys[i].compare(keys[j])), by_value)
          << values[i].ToString() << " vs " << values[j].ToString();
    }
  }
}

TEST(DecimalOrderedKeyTest, SortingKeysSortsNumbers) {
  std::vector<std::string> keys;
  for (const auto& s : Ascending()) keys.push_back(Key(D(s)));
  std::vector<std::string> sorted = keys;
  std::reverse(sorted.begin(), sorted.end());
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(sorted, keys);
}

TEST(DecimalOrderedKeyTest, RoundTripsAndConsumesExactlyItsBytes) {
  std::mt19937_64 rng(11);
  for (int i = 0; i < 2000; ++i) {
    const Decimal a = RandomDecimal(rng);
    const Decimal b = RandomDecimal(rng);
    std::string buf;
    a.AppendOrderedKey(&buf);
    const size_t first_size = buf.size();
    ASSERT_LE(first_size, Decimal::kMaxOrderedKeySize);
    b.AppendOrderedKey(&buf);
    buf += "tail";
    std::string_view in(buf);
    Decimal got_a, got_b;
    ASSERT_TRUE(Decimal::ConsumeOrderedKey(&in, &got_a));
    EXPECT_EQ(in.size(), buf.size() - first_size);
    ASSERT_TRUE(Decimal::ConsumeOrderedKey(&in, &got_b));
    EXPECT_EQ(in, "tail");
    EXPECT_EQ(got_a.ToString(), a.ToString());
    EXPECT_EQ(got_b.ToString(), b.ToString());
    EXPECT_EQ(got_a.is_negative(), a.is_negative());
  }
}

TEST(DecimalOrderedKeyTest, KnownLayout) {
  EXPECT_EQ(Key(Decimal()), std::string("\x02", 1));
  // 1 = 0.1 x 10^1: exponent byte 1 + 129 = 0x82; digit 1 -> nibble 2, odd count -> 0x20.
  EXPECT_EQ(Key(D("1")), std::string("\x03\x82\x20", 3));
  // 15: nibbles 2, 6 then a 0x00 terminator.
  EXPECT_EQ(Key(D("15")), std::string("\x03\x83\x26\x00", 4));
  // -1: everything after the class byte complemented.
  EXPECT_EQ(Key(D("-1")), std::string("\x01\x7d\xdf", 3));
  EXPECT_EQ(Key(D("1e-130")), std::string("\x03\x00\x20", 3));
  EXPECT_EQ(Key(D("1e125")), std::string("\x03\xff\x20", 3));
  EXPECT_EQ(Key(D("9.9999999999999999999999999999999999999E+125")).size(),
            Decimal::kMaxOrderedKeySize);
}

bool Decodes(const std::string& bytes) {
  std::string_view in(bytes);
  Decimal d;
  return Decimal::ConsumeOrderedKey(&in, &d);
}

TEST(DecimalOrderedKeyTest, RejectsMalformedBytes) {
  EXPECT_FALSE(Decodes(""));
  EXPECT_FALSE(Decodes(std::string("\x00", 1)));
  EXPECT_FALSE(Decodes("\x04"));
  EXPECT_FALSE(Decodes("\xff"));
  EXPECT_FALSE(Decodes("\x03"));                              // no exponent
  EXPECT_FALSE(Decodes("\x03\x82"));                          // no digits or terminator
  EXPECT_FALSE(Decodes("\x03\x82\x26"));                      // no terminator
  EXPECT_FALSE(Decodes(std::string("\x03\x82\x00", 3)));      // no digits
  EXPECT_FALSE(Decodes("\x03\x82\x10"));                      // leading zero digit
  EXPECT_FALSE(Decodes(std::string("\x03\x82\x21\x00", 4)));  // trailing zero digit
  EXPECT_FALSE(Decodes("\x03\x82\x2b"));                      // nibble 11
  EXPECT_FALSE(Decodes("\x03\x82\xb0"));                      // nibble 11
  EXPECT_FALSE(Decodes("\x03\x82\x26\x05"));                  // terminator byte not 0x00
  EXPECT_FALSE(Decodes("\x01\x7d\xef"));                      // negative, leading zero digit
  EXPECT_FALSE(Decodes("\x01\x7d\xd9"));                      // negative, no terminator
  // 39 digits.
  std::string long_key("\x03\x82", 2);
  long_key.append(19, '\x22');
  long_key.push_back('\x20');
  EXPECT_FALSE(Decodes(long_key));
  // 38 digits is fine.
  std::string ok_key("\x03\x82", 2);
  ok_key.append(19, '\x22');
  ok_key.push_back('\x00');
  EXPECT_TRUE(Decodes(ok_key));
}

TEST(DecimalOrderedKeyTest, RandomBytesNeverDecodeToANonCanonicalValue) {
  std::mt19937_64 rng(3);
  std::uniform_int_distribution<int> byte(0, 255);
  std::uniform_int_distribution<int> length(0, 30);
  int decoded = 0;
  for (int i = 0; i < 200000; ++i) {
    std::string bytes;
    const int n = length(rng);
    for (int k = 0; k < n; ++k) bytes.push_back(static_cast<char>(byte(rng)));
    // Steer half of the inputs towards a valid class byte so that the digit decoder runs.
    if (!bytes.empty() && i % 2 == 0) bytes[0] = static_cast<char>(1 + i % 3);
    std::string_view in(bytes);
    Decimal d;
    if (!Decimal::ConsumeOrderedKey(&in, &d)) continue;
    ++decoded;
    // Whatever decodes re-encodes to exactly the bytes consumed.
    const size_t consumed = bytes.size() - in.size();
    EXPECT_EQ(Key(d), bytes.substr(0, consumed));
    EXPECT_TRUE(Decimal::Parse(d.ToString()).ok()) << d.ToString();
  }
  EXPECT_GT(decoded, 0);
}

// ---- NormalizeNumber -------------------------------------------------------------------------

TEST(NormalizeNumberTest, ReturnsTheServiceError) {
  Result<std::string> r = NormalizeNumber("1e126");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kValidation);
  EXPECT_EQ(r.status().message(), kNumberOverflowMessage);
  EXPECT_EQ(NormalizeNumber("abc").status().message(), NotNumeric("abc"));
  EXPECT_EQ(*NormalizeNumber("-00.100"), "-0.1");
}

}  // namespace
}  // namespace stator::engine
