#include "engine/model/expressions/lexer.h"

namespace stator::expr {
namespace {

// A name starts with a letter: the service's lexer does not take '_' (or a digit) as the start
// of one, so "SET _a = :v" is a syntax error at "_", and "_f(x)" is not an unknown function.
bool IsIdentStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsIdentPart(char c) { return IsIdentStart(c) || IsDigit(c) || c == '_'; }
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// The kind of a one- or two-character operator at text[i], and its length (0: none).
size_t Punctuation(std::string_view text, size_t i, TokenKind* kind) {
  const char c = text[i];
  const char next = i + 1 < text.size() ? text[i + 1] : '\0';
  switch (c) {
    case '(': *kind = TokenKind::kLParen; return 1;
    case ')': *kind = TokenKind::kRParen; return 1;
    case '[': *kind = TokenKind::kLBracket; return 1;
    case ']': *kind = TokenKind::kRBracket; return 1;
    case ',': *kind = TokenKind::kComma; return 1;
    case '.': *kind = TokenKind::kDot; return 1;
    case '=': *kind = TokenKind::kEq; return 1;
    case '+': *kind = TokenKind::kPlus; return 1;
    case '-': *kind = TokenKind::kMinus; return 1;
    case '<':
      if (next == '>') { *kind = TokenKind::kNe; return 2; }
      if (next == '=') { *kind = TokenKind::kLe; return 2; }
      *kind = TokenKind::kLt;
      return 1;
    case '>':
      if (next == '=') { *kind = TokenKind::kGe; return 2; }
      *kind = TokenKind::kGt;
      return 1;
    default:
      return 0;
  }
}

}  // namespace

std::vector<Token> Tokenize(std::string_view text) {
  std::vector<Token> tokens;
  size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (IsSpace(c)) {
      ++i;
      continue;
    }
    const size_t begin = i;
    TokenKind kind;
    if (IsIdentStart(c)) {
      while (i < text.size() && IsIdentPart(text[i])) ++i;
      kind = TokenKind::kIdentifier;
    } else if (IsDigit(c)) {
      while (i < text.size() && IsDigit(text[i])) ++i;
      kind = TokenKind::kNumber;
    } else if (c == '#' || c == ':') {
      ++i;
      while (i < text.size() && IsIdentPart(text[i])) ++i;
      kind = c == '#' ? TokenKind::kName : TokenKind::kValue;
    } else if (size_t n = Punctuation(text, i, &kind); n > 0) {
      i += n;
    } else {
      // One byte, or a whole UTF-8 sequence, so that the message quotes a character.
      ++i;
      while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) ++i;
      kind = TokenKind::kInvalid;
    }
    tokens.push_back({kind, begin, i});
  }
  tokens.push_back({TokenKind::kEof, text.size(), text.size()});
  return tokens;
}

}  // namespace stator::expr
