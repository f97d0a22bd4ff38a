#include "api/partiql/lexer.h"

#include <cctype>

namespace stator::partiql {
namespace {

bool IsNameStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool IsNameChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$';
}
bool IsDigit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

// The punctuation PartiQL has, two-character ones first so they win.
constexpr std::string_view kPunctuation[] = {"<>", "!=", "<=", ">=", "<<", ">>", "*", ",",
                                             ".",  "(",  ")",  "[",  "]",  "{",  "}", ":",
                                             ";",  "=",  "<",  ">",  "+",  "-"};

class Lexer {
 public:
  explicit Lexer(std::string_view s) : s_(s) {}

  Result<std::vector<Token>> Run() {
    std::vector<Token> out;
    while (true) {
      STATOR_RETURN_IF_ERROR(SkipSpaceAndComments());
      if (pos_ >= s_.size()) break;
      Token t;
      t.offset = pos_;
      STATOR_RETURN_IF_ERROR(Next(&t));
      out.push_back(std::move(t));
    }
    Token end;
    end.offset = s_.size();
    out.push_back(std::move(end));
    return out;
  }

 private:
  Status SkipSpaceAndComments() {
    while (pos_ < s_.size()) {
      const char c = s_[pos_];
      if (std::isspace(static_cast<unsigned char>(c))) {
        ++pos_;
      } else if (s_.substr(pos_, 2) == "--") {
        while (pos_ < s_.size() && s_[pos_] != '\n') ++pos_;
      } else if (s_.substr(pos_, 2) == "/*") {
        const size_t end = s_.find("*/", pos_ + 2);
        if (end == std::string_view::npos) return Malformed("Unterminated comment");
        pos_ = end + 2;
      } else {
        break;
      }
    }
    return Status::OK();
  }

  Status Next(Token* t) {
    const char c = s_[pos_];
    if (c == '\'' || c == '"') return Quoted(c, t);
    if (IsNameStart(c)) {
      const size_t start = pos_;
      while (pos_ < s_.size() && IsNameChar(s_[pos_])) ++pos_;
      t->kind = TokenKind::kName;
      t->text = std::string(s_.substr(start, pos_ - start));
      return Status::OK();
    }
    if (IsDigit(c) || (c == '.' && pos_ + 1 < s_.size() && IsDigit(s_[pos_ + 1]))) {
      return Number(t);
    }
    if (c == '?') {
      ++pos_;
      t->kind = TokenKind::kParameter;
      t->text = "?";
      return Status::OK();
    }
    for (std::string_view p : kPunctuation) {
      if (s_.substr(pos_, p.size()) == p) {
        pos_ += p.size();
        t->kind = TokenKind::kPunct;
        t->text = std::string(p);
        return Status::OK();
      }
    }
    return Malformed("Unexpected character: " + std::string(1, c));
  }

  // 'string' or "name"; the quote doubled stands for itself.
  Status Quoted(char quote, Token* t) {
    ++pos_;
    std::string text;
    while (true) {
      if (pos_ >= s_.size()) {
        return Malformed(quote == '\'' ? "Unterminated string literal"
                                       : "Unterminated quoted identifier");
      }
      const char c = s_[pos_++];
      if (c == quote) {
        if (pos_ < s_.size() && s_[pos_] == quote) {
          text.push_back(quote);
          ++pos_;
          continue;
        }
        break;
      }
      text.push_back(c);
    }
    t->kind = quote == '\'' ? TokenKind::kString : TokenKind::kQuotedName;
    t->text = std::move(text);
    return Status::OK();
  }

  Status Number(Token* t) {
    const size_t start = pos_;
    while (pos_ < s_.size() && IsDigit(s_[pos_])) ++pos_;
    if (pos_ < s_.size() && s_[pos_] == '.') {
      ++pos_;
      while (pos_ < s_.size() && IsDigit(s_[pos_])) ++pos_;
    }
    if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
      size_t p = pos_ + 1;
      if (p < s_.size() && (s_[p] == '+' || s_[p] == '-')) ++p;
      if (p < s_.size() && IsDigit(s_[p])) {
        pos_ = p;
        while (pos_ < s_.size() && IsDigit(s_[pos_])) ++pos_;
      }
    }
    if (pos_ < s_.size() && IsNameStart(s_[pos_])) return Malformed("Invalid numeric literal");
    t->kind = TokenKind::kNumber;
    t->text = std::string(s_.substr(start, pos_ - start));
    return Status::OK();
  }

  std::string_view s_;
  size_t pos_ = 0;
};

}  // namespace

bool Token::IsKeyword(std::string_view keyword) const {
  if (kind != TokenKind::kName || text.size() != keyword.size()) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(text[i])) != keyword[i]) return false;
  }
  return true;
}

Result<std::vector<Token>> Tokenize(std::string_view statement) { return Lexer(statement).Run(); }

Status Malformed(std::string_view detail) {
  return Status::Validation("Statement wasn't well formed, can't be processed: " +
                            std::string(detail));
}

}  // namespace stator::partiql
