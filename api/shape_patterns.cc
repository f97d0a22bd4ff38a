#include "api/shape_patterns.h"

#include <algorithm>
#include <cstdint>

namespace stator::api {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlnum(char c) { return IsDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// [a-zA-Z0-9_.-]
bool IsNameChar(char c) { return IsAlnum(c) || c == '_' || c == '-' || c == '.'; }

// ([0-9a-f]{16})+
bool IsImportToken(std::string_view s) {
  return s.size() % 16 == 0 &&
         std::all_of(s.begin(), s.end(), [](char c) { return IsDigit(c) || (c >= 'a' && c <= 'f'); });
}

// ^[a-z0-9A-Z]+[\.\-\w]*[a-z0-9A-Z]+$: at least two characters, the first and the last a letter
// or digit, the rest also '.', '-' or '_' (\w is [a-zA-Z_0-9]).
bool IsS3BucketName(std::string_view s) {
  return s.size() >= 2 && IsAlnum(s.front()) && IsAlnum(s.back()) &&
         std::all_of(s.begin(), s.end(), IsNameChar);
}

// [\x20-\x21\x23-\x2B\x2D-\x7E]*: printable ASCII but for '"' and ','.
bool IsCsvHeaderChar(char c) { return c >= 0x20 && c <= 0x7E && c != '"' && c != ','; }

// \p{Print}: Java's POSIX class, printable ASCII ([\x20-\x7E]) only.
bool IsPrintable(char c) { return c >= 0x20 && c <= 0x7E; }

// The code points of valid UTF-8 text s, each passed to `accept`; false at the first it refuses.
// The text was validated as UTF-8 when the request was parsed.
template <class Accept>
bool AllCodePoints(std::string_view s, Accept accept) {
  size_t i = 0;
  while (i < s.size()) {
    const auto lead = static_cast<unsigned char>(s[i]);
    const int extra = lead < 0x80 ? 0 : lead < 0xE0 ? 1 : lead < 0xF0 ? 2 : 3;
    uint32_t cp = extra == 0 ? lead : lead & (0x3F >> extra);
    for (int k = 1; k <= extra && i + k < s.size(); ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    }
    if (!accept(cp)) return false;
    i += static_cast<size_t>(extra) + 1;
  }
  return true;
}

// [\u0020-\uD7FF\uE000-\uFFFD\uD800\uDC00-\uDBFF\uDFFF\r\n\t]*: the characters XML allows
// (the pair \uD800\uDC00-\uDBFF\uDFFF is every supplementary code point).
bool IsXmlChar(uint32_t cp) {
  return cp == '\t' || cp == '\n' || cp == '\r' || (cp >= 0x20 && cp <= 0xD7FF) ||
         (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
}

}  // namespace

bool MatchesPattern(std::string_view s, shapes::Pattern p) {
  using shapes::Pattern;
  if (s.empty() && p != Pattern::kNameCharsNotEmpty) return true;
  switch (p) {
    case Pattern::kNone:
      return true;
    case Pattern::kNameChars:
      return std::all_of(s.begin(), s.end(), IsNameChar);
    case Pattern::kNameCharsNotEmpty:
      return !s.empty() && std::all_of(s.begin(), s.end(), IsNameChar);
    case Pattern::kNoDollar:
      return s.find('$') == std::string_view::npos;
    case Pattern::kImportToken:
      return IsImportToken(s);
    case Pattern::kCsvDelimiter:
      return s.size() == 1 && std::string_view(",;:|\t ").find(s[0]) != std::string_view::npos;
    case Pattern::kAccountId:
      return s.size() == 12 && std::all_of(s.begin(), s.end(), IsDigit);
    case Pattern::kXmlText:
      return AllCodePoints(s, IsXmlChar);
    case Pattern::kCsvHeader:
      return std::all_of(s.begin(), s.end(), IsCsvHeaderChar);
    case Pattern::kPrintable:
      return std::all_of(s.begin(), s.end(), IsPrintable);
    case Pattern::kS3Bucket:
      return IsS3BucketName(s);
  }
  return true;
}

}  // namespace stator::api
