#include "api/json_writer.h"

#include <charconv>
#include <cmath>
#include <cstdio>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace stator::api {
namespace {

bool NeedsEscape(unsigned char c) { return c < 0x20 || c == '"' || c == '\\'; }

// The length of the longest prefix of `s` that needs no escaping. Item values are mostly long
// runs of plain text, so this scans 16 bytes per step where SSE2 is there (all x86-64): a byte at
// a time, string values cost more than the rest of a GetItem response.
size_t PlainPrefix(std::string_view s) {
  const char* p = s.data();
  const size_t n = s.size();
  size_t i = 0;
#ifdef __SSE2__
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i max_control = _mm_set1_epi8(0x1f);
  // Bit k set when byte k of the 16 at `at` needs escaping.
  auto special_mask = [&](size_t at) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + at));
    // Unsigned v <= 0x1f exactly when max(v, 0x1f) == 0x1f.
    const __m128i control = _mm_cmpeq_epi8(_mm_max_epu8(v, max_control), max_control);
    const __m128i quoted = _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash));
    return static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(control, quoted)));
  };
  for (; i + 16 <= n; i += 16) {
    if (const unsigned mask = special_mask(i)) return i + __builtin_ctz(mask);
  }
  if (i < n && n >= 16) {
    // The tail: the last 16 bytes, overlapping those already scanned, whose bits are dropped.
    const size_t at = n - 16;
    const unsigned mask = special_mask(at) >> (i - at) << (i - at);
    return mask != 0 ? at + __builtin_ctz(mask) : n;
  }
#endif
  for (; i < n; ++i) {
    if (NeedsEscape(static_cast<unsigned char>(p[i]))) return i;
  }
  return n;
}

}  // namespace

JsonWriter::JsonWriter() { out_.reserve(kInitialCapacity); }

void JsonWriter::BeforeValue() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!first_.empty()) {
    if (!first_.back()) out_.push_back(',');
    first_.back() = false;
  }
}

void JsonWriter::Open(char c) {
  BeforeValue();
  out_.push_back(c);
  first_.push_back(true);
}

void JsonWriter::Close(char c) {
  out_.push_back(c);
  first_.pop_back();
}

void JsonWriter::Key(std::string_view key) {
  BeforeValue();
  WriteEscaped(key);
  out_.push_back(':');
  after_key_ = true;
}

void JsonWriter::String(std::string_view s) {
  BeforeValue();
  WriteEscaped(s);
}

void JsonWriter::WriteEscaped(std::string_view s) {
  out_.push_back('"');
  // Copy runs of characters that need no escaping in one append: most strings are one run.
  for (;;) {
    const size_t run = PlainPrefix(s);
    out_.append(s.data(), run);
    if (run == s.size()) break;
    AppendEscape(static_cast<unsigned char>(s[run]));
    s.remove_prefix(run + 1);
  }
  out_.push_back('"');
}

void JsonWriter::AppendEscape(unsigned char c) {
  static constexpr char kHex[] = "0123456789abcdef";
  switch (c) {
    case '"': out_ += "\\\""; return;
    case '\\': out_ += "\\\\"; return;
    case '\n': out_ += "\\n"; return;
    case '\r': out_ += "\\r"; return;
    case '\t': out_ += "\\t"; return;
    case '\b': out_ += "\\b"; return;
    case '\f': out_ += "\\f"; return;
    default:
      out_ += "\\u00";
      out_.push_back(kHex[c >> 4]);
      out_.push_back(kHex[c & 15]);
  }
}

void JsonWriter::Int(int64_t v) {
  BeforeValue();
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out_.append(buf, r.ptr);
}

void JsonWriter::Double(double v) {
  BeforeValue();
  // Plain decimal notation where it fits (epoch seconds, capacity units), as the service writes
  // them: the shortest form would print 1.7e+09 for a whole-second timestamp.
  char buf[64];
  const bool plain = std::fabs(v) < 1e15 && (v == 0 || std::fabs(v) >= 1e-6);
  auto r = plain ? std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed)
                 : std::to_chars(buf, buf + sizeof buf, v);
  out_.append(buf, r.ptr);
}

void JsonWriter::Bool(bool v) {
  BeforeValue();
  out_ += v ? "true" : "false";
}

void JsonWriter::Null() {
  BeforeValue();
  out_ += "null";
}

void JsonWriter::Raw(std::string_view json) {
  BeforeValue();
  out_ += json;
}

}  // namespace stator::api
