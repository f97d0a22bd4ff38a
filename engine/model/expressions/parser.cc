#include "engine/model/expressions/parser.h"

#include <strings.h>

#include <optional>
#include <string>
#include <vector>

#include "engine/model/expressions/lexer.h"
#include "engine/model/expressions/reserved_words.h"

namespace stator::expr {
namespace {

// The first bare attribute name of `path` that is a reserved word, or null.
const std::string* ReservedIn(const Path& path) {
  for (const PathElement& e : path) {
    if (!e.placeholder && !e.is_index() && IsReservedWord(e.name)) return &e.name;
  }
  return nullptr;
}

// The first reserved word (`unknown` false) or unknown function name (`unknown` true) in `op`.
const std::string* FirstIn(const Operand& op, bool unknown) {
  if (op.kind == Operand::Kind::kPath) return unknown ? nullptr : ReservedIn(op.path);
  if (unknown && op.kind == Operand::Kind::kFunction && op.function == Function::kUnknown) {
    return &op.name;
  }
  for (const Operand& a : op.args) {
    if (const std::string* found = FirstIn(a, unknown)) return found;
  }
  return nullptr;
}

const std::string* FirstIn(const UpdateExpression& update, bool unknown) {
  for (const UpdateAction& a : update.actions) {
    if (!unknown) {
      if (const std::string* found = ReservedIn(a.path)) return found;
    }
    if (const std::string* found = FirstIn(a.value, unknown)) return found;
  }
  return nullptr;
}

// Recursive descent with backtracking (a parenthesis may open a condition or an operand). On
// failure the farthest token reached is the one the service reports.
class Parser {
 public:
  Parser(std::string_view text, ExpressionKind kind)
      : text_(text), kind_(kind), tokens_(Tokenize(text)) {}

  Result<expr::Condition> ParseConditionText();
  Result<UpdateExpression> ParseUpdateText();
  Result<ProjectionExpression> ParseProjectionText();

 private:
  using Cond = expr::Condition;
  const Token& Peek(size_t ahead = 0) const {
    return tokens_[std::min(pos_ + ahead, tokens_.size() - 1)];
  }
  std::string_view Text(const Token& t) const { return text_.substr(t.begin, t.end - t.begin); }
  bool Is(TokenKind kind) const { return Peek().kind == kind; }
  bool IsKeyword(std::string_view word, size_t ahead = 0) const {
    const Token& t = Peek(ahead);
    return t.kind == TokenKind::kIdentifier && Text(t).size() == word.size() &&
           strncasecmp(Text(t).data(), word.data(), word.size()) == 0;
  }
  bool IsReservedToken(size_t ahead = 0) const;
  bool IsComparisonStart() const;
  bool Fail() {
    farthest_ = std::max(farthest_, pos_);
    return false;
  }
  bool Expect(TokenKind kind) {
    if (!Is(kind)) return Fail();
    ++pos_;
    return true;
  }
  Status SyntaxError() const;
  Status Error(std::string_view what) const {
    return Status::Validation("Invalid " + std::string(Label(kind_)) + ": " + std::string(what));
  }
  Status CheckSize() const;

  bool ParseOr(Cond* out);
  bool ParseAnd(Cond* out);
  bool ParseNot(Cond* out);
  bool ParsePrimary(Cond* out);
  bool ParseComparisonTail(Operand first, Cond* out);
  bool ParseOperand(Operand* out);
  bool ParseFunctionCall(Operand* out, bool update);
  bool ParsePath(Path* out);
  bool ParseSetValue(Operand* out);
  bool ParseSetTerm(Operand* out);
  bool ParseSection(UpdateExpression* out, UpdateAction::Kind kind);

  std::string_view text_;
  ExpressionKind kind_;
  std::vector<Token> tokens_;
  size_t pos_ = 0;
  size_t farthest_ = 0;
  bool redundant_parens_ = false;
  int32_t name_slots_ = 0;   // placeholders seen so far, numbering Bindings::names
  int32_t value_slots_ = 0;  // :values seen so far, numbering Bindings::values
  // Whether the condition parsed last was one parenthesised group and nothing else, so that
  // "((a = b))" is told from "((a = b) AND c = d)".
  bool wrapped_ = false;
  std::optional<std::string> repeated_section_;
};

bool Parser::IsReservedToken(size_t ahead) const {
  for (std::string_view w : {"AND", "OR", "NOT", "BETWEEN", "IN"}) {
    if (IsKeyword(w, ahead)) return true;
  }
  if (kind_ == ExpressionKind::kUpdate) {
    for (std::string_view w : {"SET", "REMOVE", "ADD", "DELETE"}) {
      if (IsKeyword(w, ahead)) return true;
    }
  }
  return false;
}

bool Parser::IsComparisonStart() const {
  switch (Peek().kind) {
    case TokenKind::kEq: case TokenKind::kNe: case TokenKind::kLt: case TokenKind::kLe:
    case TokenKind::kGt: case TokenKind::kGe:
      return true;
    default:
      return IsKeyword("BETWEEN") || IsKeyword("IN");
  }
}

Status Parser::SyntaxError() const {
  const size_t at = std::min(farthest_, tokens_.size() - 1);
  const Token& token = tokens_[at];
  const size_t from = at > 0 ? tokens_[at - 1].begin : token.begin;
  const size_t to = at + 1 < tokens_.size() ? tokens_[at + 1].end : token.end;
  std::string shown = token.kind == TokenKind::kEof ? "<EOF>" : std::string(Text(token));
  return Error("Syntax error; token: \"" + shown + "\", near: \"" +
               std::string(text_.substr(from, to - from)) + "\"");
}

Status Parser::CheckSize() const {
  if (text_.empty()) return Error("The expression can not be empty;");
  if (text_.size() > kMaxExpressionBytes) {
    return Error("Expression size has exceeded the maximum allowed size; expression size: " +
                 std::to_string(text_.size()));
  }
  return Status::OK();
}

bool Parser::ParsePath(Path* out) {
  auto element = [&]() {
    const Token& t = Peek();
    if (t.kind == TokenKind::kName) {
      out->push_back({std::string(Text(t)), -1, true, name_slots_++});
    } else if (t.kind == TokenKind::kIdentifier && !IsReservedToken()) {
      out->push_back({std::string(Text(t)), -1, false, -1});
    } else {
      return Fail();
    }
    ++pos_;
    return true;
  };
  if (!element()) return false;
  while (true) {
    if (Is(TokenKind::kDot)) {
      ++pos_;
      if (!element()) return false;
    } else if (Is(TokenKind::kLBracket)) {
      ++pos_;
      if (!Is(TokenKind::kNumber)) return Fail();
      std::string_view digits = Text(Peek());
      int64_t index = 0;
      for (char c : digits) index = std::min<int64_t>(index * 10 + (c - '0'), INT32_MAX);
      ++pos_;
      if (!Expect(TokenKind::kRBracket)) return false;
      out->push_back({"", static_cast<int32_t>(index), false, -1});
    } else {
      return true;
    }
  }
}

Function FunctionNamed(std::string_view name) {
  static constexpr std::pair<std::string_view, Function> kFunctions[] = {
      {"attribute_exists", Function::kAttributeExists},
      {"attribute_not_exists", Function::kAttributeNotExists},
      {"attribute_type", Function::kAttributeType},
      {"begins_with", Function::kBeginsWith},
      {"contains", Function::kContains},
      {"size", Function::kSize},
      {"if_not_exists", Function::kIfNotExists},
      {"list_append", Function::kListAppend},
  };
  for (const auto& [n, f] : kFunctions) {
    if (n == name) return f;  // function names are case-sensitive in the service
  }
  return Function::kUnknown;
}

bool Parser::ParseFunctionCall(Operand* out, bool update) {
  out->kind = Operand::Kind::kFunction;
  out->name = std::string(Text(Peek()));
  out->function = FunctionNamed(out->name);
  pos_ += 2;  // name and '('
  while (true) {
    Operand arg;
    // An update function's arguments are single terms: the service refuses arithmetic inside
    // them ("if_not_exists(c, :a + :b)" is a syntax error at "+") but allows a function's result
    // as an operand of "+" or "-" ("if_not_exists(c, :a) + :b").
    if (!(update ? ParseSetTerm(&arg) : ParseOperand(&arg))) return false;
    out->args.push_back(std::move(arg));
    if (Is(TokenKind::kComma)) {
      ++pos_;
      continue;
    }
    return Expect(TokenKind::kRParen);
  }
}

bool Parser::ParseOperand(Operand* out) {
  const Token& t = Peek();
  if (t.kind == TokenKind::kLParen) {
    ++pos_;
    const bool nested = Is(TokenKind::kLParen);
    if (!ParseOperand(out) || !Expect(TokenKind::kRParen)) return false;
    if (nested && tokens_[pos_ - 2].kind == TokenKind::kRParen) redundant_parens_ = true;
    return true;
  }
  if (t.kind == TokenKind::kValue) {
    out->kind = Operand::Kind::kValue;
    out->name = std::string(Text(t));
    out->slot = value_slots_++;
    ++pos_;
    return true;
  }
  if (t.kind == TokenKind::kIdentifier && Peek(1).kind == TokenKind::kLParen &&
      !IsReservedToken()) {
    return ParseFunctionCall(out, false);
  }
  out->kind = Operand::Kind::kPath;
  return ParsePath(&out->path);
}

bool Parser::ParseComparisonTail(Operand first, Cond* out) {
  static constexpr std::pair<TokenKind, Comparator> kComparators[] = {
      {TokenKind::kEq, Comparator::kEq}, {TokenKind::kNe, Comparator::kNe},
      {TokenKind::kLt, Comparator::kLt}, {TokenKind::kLe, Comparator::kLe},
      {TokenKind::kGt, Comparator::kGt}, {TokenKind::kGe, Comparator::kGe},
  };
  out->operands.push_back(std::move(first));
  for (const auto& [token, comparator] : kComparators) {
    if (!Is(token)) continue;
    ++pos_;
    out->kind = Cond::Kind::kCompare;
    out->comparator = comparator;
    out->operands.emplace_back();
    return ParseOperand(&out->operands.back());
  }
  if (IsKeyword("BETWEEN")) {
    ++pos_;
    out->kind = Cond::Kind::kBetween;
    out->operands.resize(3);
    if (!ParseOperand(&out->operands[1])) return false;
    if (!IsKeyword("AND")) return Fail();
    ++pos_;
    return ParseOperand(&out->operands[2]);
  }
  if (IsKeyword("IN")) {
    ++pos_;
    out->kind = Cond::Kind::kIn;
    if (!Expect(TokenKind::kLParen)) return false;
    while (true) {
      out->operands.emplace_back();
      if (!ParseOperand(&out->operands.back())) return false;
      if (!Is(TokenKind::kComma)) break;
      ++pos_;
    }
    return Expect(TokenKind::kRParen);
  }
  // A function call alone is a condition (attribute_exists(a)); the validator refuses the
  // ones that are not boolean. Anything else needs a comparison.
  if (out->operands[0].kind == Operand::Kind::kFunction) {
    out->kind = Cond::Kind::kFunction;
    return true;
  }
  return Fail();
}

bool Parser::ParsePrimary(Cond* out) {
  if (Is(TokenKind::kLParen)) {
    const size_t start = pos_;
    const size_t farthest = farthest_;
    const bool parens = redundant_parens_;
    ++pos_;
    Cond inner;
    if (ParseOr(&inner) && Expect(TokenKind::kRParen) && !IsComparisonStart()) {
      if (wrapped_) redundant_parens_ = true;
      wrapped_ = true;
      *out = std::move(inner);
      return true;
    }
    // Not a parenthesised condition: an operand in parentheses starts a comparison.
    const size_t reached = farthest_;
    pos_ = start;
    redundant_parens_ = parens;
    farthest_ = farthest;
    Operand first;
    const bool ok = ParseOperand(&first) && ParseComparisonTail(std::move(first), out);
    farthest_ = std::max(farthest_, reached);
    wrapped_ = false;
    return ok;
  }
  Operand first;
  wrapped_ = false;
  if (!ParseOperand(&first)) return false;
  return ParseComparisonTail(std::move(first), out);
}

bool Parser::ParseNot(Cond* out) {
  if (IsKeyword("NOT")) {
    ++pos_;
    out->kind = Cond::Kind::kNot;
    out->children.resize(1);
    const bool ok = ParseNot(&out->children[0]);
    wrapped_ = false;
    return ok;
  }
  return ParsePrimary(out);
}

bool Parser::ParseAnd(Cond* out) {
  if (!ParseNot(out)) return false;
  while (IsKeyword("AND")) {
    ++pos_;
    Cond right;
    if (!ParseNot(&right)) return false;
    Cond both;
    both.kind = Cond::Kind::kAnd;
    both.children.push_back(std::move(*out));
    both.children.push_back(std::move(right));
    *out = std::move(both);
    wrapped_ = false;
  }
  return true;
}

bool Parser::ParseOr(Cond* out) {
  if (!ParseAnd(out)) return false;
  while (IsKeyword("OR")) {
    ++pos_;
    Cond right;
    if (!ParseAnd(&right)) return false;
    Cond either;
    either.kind = Cond::Kind::kOr;
    either.children.push_back(std::move(*out));
    either.children.push_back(std::move(right));
    *out = std::move(either);
    wrapped_ = false;
  }
  return true;
}

Result<expr::Condition> Parser::ParseConditionText() {
  STATOR_RETURN_IF_ERROR(CheckSize());
  Cond out;
  if (!ParseOr(&out) || !Expect(TokenKind::kEof)) return SyntaxError();
  if (redundant_parens_) return Error("The expression has redundant parentheses;");
  return out;
}

bool Parser::ParseSetTerm(Operand* out) {
  const Token& t = Peek();
  if (t.kind == TokenKind::kLParen) {
    ++pos_;
    return ParseSetValue(out) && Expect(TokenKind::kRParen);
  }
  if (t.kind == TokenKind::kValue) {
    out->kind = Operand::Kind::kValue;
    out->name = std::string(Text(t));
    out->slot = value_slots_++;
    ++pos_;
    return true;
  }
  if (t.kind == TokenKind::kIdentifier && Peek(1).kind == TokenKind::kLParen &&
      !IsReservedToken()) {
    return ParseFunctionCall(out, true);
  }
  out->kind = Operand::Kind::kPath;
  return ParsePath(&out->path);
}

bool Parser::ParseSetValue(Operand* out) {
  if (!ParseSetTerm(out)) return false;
  if (Is(TokenKind::kPlus) || Is(TokenKind::kMinus)) {
    Operand sum;
    sum.kind = Is(TokenKind::kPlus) ? Operand::Kind::kPlus : Operand::Kind::kMinus;
    ++pos_;
    sum.args.push_back(std::move(*out));
    sum.args.emplace_back();
    if (!ParseSetTerm(&sum.args.back())) return false;
    *out = std::move(sum);
  }
  return true;
}

bool Parser::ParseSection(UpdateExpression* out, UpdateAction::Kind kind) {
  while (true) {
    UpdateAction action;
    action.kind = kind;
    if (!ParsePath(&action.path)) return false;
    switch (kind) {
      case UpdateAction::Kind::kSet:
        if (!Expect(TokenKind::kEq) || !ParseSetValue(&action.value)) return false;
        break;
      case UpdateAction::Kind::kRemove:
        break;
      case UpdateAction::Kind::kAdd:
      case UpdateAction::Kind::kDelete:
        if (!Is(TokenKind::kValue)) return Fail();
        action.value.kind = Operand::Kind::kValue;
        action.value.name = std::string(Text(Peek()));
        action.value.slot = value_slots_++;
        ++pos_;
        break;
    }
    out->actions.push_back(std::move(action));
    if (!Is(TokenKind::kComma)) return true;
    ++pos_;
  }
}

Result<UpdateExpression> Parser::ParseUpdateText() {
  STATOR_RETURN_IF_ERROR(CheckSize());
  static constexpr std::pair<std::string_view, UpdateAction::Kind> kSections[] = {
      {"SET", UpdateAction::Kind::kSet}, {"REMOVE", UpdateAction::Kind::kRemove},
      {"ADD", UpdateAction::Kind::kAdd}, {"DELETE", UpdateAction::Kind::kDelete},
  };
  UpdateExpression out;
  bool seen[4] = {false, false, false, false};
  do {
    int section = -1;
    for (int i = 0; i < 4; ++i) {
      if (IsKeyword(kSections[i].first)) section = i;
    }
    if (section < 0) {
      Fail();
      return SyntaxError();
    }
    ++pos_;
    if (seen[section] && !repeated_section_) repeated_section_ = kSections[section].first;
    seen[section] = true;
    if (!ParseSection(&out, kSections[section].second)) return SyntaxError();
  } while (!Is(TokenKind::kEof));
  if (repeated_section_) {
    // A reserved word, then an unknown function, is reported before a repeated section: the
    // service answers " set #c = :c set abOrt = true " with the reserved keyword abOrt
    // (architect/dynalite test/updateItem.js, written against the live service).
    if (const std::string* word = FirstIn(out, false)) {
      return Error("Attribute name is a reserved keyword; reserved keyword: " + *word);
    }
    if (const std::string* name = FirstIn(out, true)) {
      return Error("Invalid function name; function: " + *name);
    }
    return Error("The \"" + *repeated_section_ +
                 "\" section can only be used once in an update expression;");
  }
  return out;
}

Result<ProjectionExpression> Parser::ParseProjectionText() {
  STATOR_RETURN_IF_ERROR(CheckSize());
  ProjectionExpression out;
  while (true) {
    out.paths.emplace_back();
    if (!ParsePath(&out.paths.back())) return SyntaxError();
    if (!Is(TokenKind::kComma)) break;
    ++pos_;
  }
  if (!Expect(TokenKind::kEof)) return SyntaxError();
  return out;
}

}  // namespace

std::string_view Label(ExpressionKind kind) {
  switch (kind) {
    case ExpressionKind::kCondition: return "ConditionExpression";
    case ExpressionKind::kFilter: return "FilterExpression";
    case ExpressionKind::kKeyCondition: return "KeyConditionExpression";
    case ExpressionKind::kUpdate: return "UpdateExpression";
    case ExpressionKind::kProjection: return "ProjectionExpression";
  }
  return "";
}

std::string PathToString(const Path& path) {
  std::string out = "[";
  for (size_t i = 0; i < path.size(); ++i) {
    if (i > 0) out += ", ";
    if (path[i].is_index()) {
      out.append("[").append(std::to_string(path[i].index)).append("]");
    } else {
      out += path[i].name;
    }
  }
  return out + "]";
}

Result<Condition> ParseCondition(std::string_view text, ExpressionKind kind) {
  return Parser(text, kind).ParseConditionText();
}

Result<UpdateExpression> ParseUpdate(std::string_view text) {
  return Parser(text, ExpressionKind::kUpdate).ParseUpdateText();
}

Result<ProjectionExpression> ParseProjection(std::string_view text) {
  return Parser(text, ExpressionKind::kProjection).ParseProjectionText();
}

}  // namespace stator::expr
