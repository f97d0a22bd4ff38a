// The tokens of a PartiQL statement: keywords and names, quoted names ("Table"), strings ('x'),
// numbers, `?` and punctuation. `--` and `/* */` comments are skipped, as the service skips them.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "stator/status.h"

namespace stator::partiql {

enum class TokenKind {
  kName,        // a bare word: a keyword or a name (text as written)
  kQuotedName,  // "a name" (text unquoted, "" unescaped)
  kString,      // 'text' (text unquoted, '' unescaped)
  kNumber,      // 12, -1.5, 1e3 (text as written)
  kParameter,   // ?
  kPunct,       // * , . ( ) [ ] { } : ; = <> != < <= > >= << >> + -
  kEnd,
};

struct Token {
  TokenKind kind = TokenKind::kEnd;
  std::string text;
  size_t offset = 0;  // into the statement

  bool IsPunct(std::string_view p) const { return kind == TokenKind::kPunct && text == p; }
  // A bare word equal to `keyword`, ignoring case (keywords are given upper case).
  bool IsKeyword(std::string_view keyword) const;
};

// The statement's tokens, ending with one kEnd. Errors: ValidationException "Statement wasn't
// well formed, can't be processed: ..." for an unterminated string, name or comment, or a
// character PartiQL does not have.
Result<std::vector<Token>> Tokenize(std::string_view statement);

// "Statement wasn't well formed, can't be processed: <detail>".
Status Malformed(std::string_view detail);

}  // namespace stator::partiql
