// Lexer of the expression language: splits an expression into tokens with their source spans,
// which the parser needs for the service's "Syntax error; token: ..., near: ..." messages.
//
// Thread safety: pure functions.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace stator::expr {

enum class TokenKind : unsigned char {
  kIdentifier, kName, kValue, kNumber, kLParen, kRParen, kLBracket, kRBracket, kComma, kDot,
  kEq, kNe, kLt, kLe, kGt, kGe, kPlus, kMinus, kInvalid, kEof,
};

struct Token {
  TokenKind kind;
  size_t begin;  // byte offsets into the expression
  size_t end;
};

// Tokens of `text`, always ending with one kEof. A character outside the language becomes a
// one-character kInvalid token (the parser then reports it as a syntax error).
std::vector<Token> Tokenize(std::string_view text);

}  // namespace stator::expr
