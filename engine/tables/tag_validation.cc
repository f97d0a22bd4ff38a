#include "engine/tables/tag_validation.h"

#include <locale.h>  // newlocale (POSIX)
#include <wctype.h>  // iswalnum_l, iswspace_l (POSIX)

#include <cctype>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

namespace stator::engine {
namespace {

constexpr size_t kMaxTagKeyLength = 128;
constexpr size_t kMaxTagValueLength = 256;
constexpr std::string_view kTagPunctuation = "_.:/=+-@";

// A locale whose character classes are Unicode's, so that letters, numbers and spaces beyond
// ASCII are told apart from symbols; null where the C library has none.
locale_t UnicodeClasses() {
  static const locale_t locale = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(0));
  return locale;
}

// The next code point of UTF-8 text, advancing `at`; -1 for a malformed sequence.
int32_t NextCodePoint(std::string_view s, size_t* at) {
  const auto lead = static_cast<unsigned char>(s[(*at)++]);
  if (lead < 0x80) return lead;
  int more = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : -1;
  if (more < 0 || *at + static_cast<size_t>(more) > s.size()) return -1;
  int32_t cp = lead & (0x3F >> more);
  for (; more > 0; --more) {
    const auto c = static_cast<unsigned char>(s[(*at)++]);
    if ((c & 0xC0) != 0x80) return -1;
    cp = (cp << 6) | (c & 0x3F);
  }
  return cp;
}

bool AllowedCodePoint(int32_t cp) {
  if (cp < 0) return false;
  if (cp < 0x80) {
    const char c = static_cast<char>(cp);
    return std::isalnum(static_cast<unsigned char>(c)) || c == ' ' || c == '\t' || c == '\n' ||
           c == '\r' || kTagPunctuation.find(c) != std::string_view::npos;
  }
  const locale_t locale = UnicodeClasses();
  if (locale == static_cast<locale_t>(0)) return true;  // no classes to tell: let it pass
  const auto wc = static_cast<wint_t>(cp);
  return iswalnum_l(wc, locale) || iswspace_l(wc, locale);
}

// The text's length in UTF-16 units, and whether every character is one a tag may hold.
struct Scan {
  size_t length = 0;
  bool allowed = true;
};

Scan ScanTagText(std::string_view s) {
  Scan scan;
  for (size_t at = 0; at < s.size();) {
    const int32_t cp = NextCodePoint(s, &at);
    scan.length += cp > 0xFFFF ? 2 : 1;
    scan.allowed = scan.allowed && AllowedCodePoint(cp);
  }
  return scan;
}

}  // namespace

Status CheckTags(const std::vector<Tag>& tags) {
  if (tags.empty()) return Status::Validation("Atleast one Tag needs to be provided as Input.");
  return CheckEachTag(tags);
}

Status CheckEachTag(const std::vector<Tag>& tags) {
  std::set<std::string_view> keys;
  for (const auto& t : tags) {
    const Scan key = ScanTagText(t.key);
    if (key.length == 0 || key.length > kMaxTagKeyLength || !key.allowed) {
      return Status::Validation("The Tag Key provided is invalid, Key: " + t.key);
    }
    const Scan value = ScanTagText(t.value);
    if (value.length > kMaxTagValueLength || !value.allowed) {
      return Status::Validation("The Tag Value provided is invalid, Value: " + t.value);
    }
    if (t.key.rfind("aws:", 0) == 0) {
      return Status::Validation("Tag Key cannot be prefixed with aws:, Key: " + t.key);
    }
    if (!keys.insert(t.key).second) {
      return Status::Validation(
          "Duplicate Tag Keys provided as input: Duplicate Tag Key found " + t.key);
    }
  }
  return Status::OK();
}

}  // namespace stator::engine
