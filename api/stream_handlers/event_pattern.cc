// EventPattern: parse → a tree of fields, each with its list of matchers or its nested pattern;
// match by walking the event's DOM beside it.
#include "api/stream_handlers/event_pattern.h"

#include <algorithm>
#include <cctype>
#include <string>
#include <utility>
#include <vector>

namespace stator::api {
namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::element_type;
using simdjson::dom::object;

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// A literal of the pattern, compared with a leaf of the event by type and representation: an
// integer and a float never equal each other (Lambda: "300, 300.0, and 3.0e2 are not equal").
struct Literal {
  enum class Type : unsigned char { kString, kInt, kUint, kDouble, kBool, kNull };
  Type type = Type::kNull;
  std::string s;
  int64_t i = 0;
  uint64_t u = 0;
  double d = 0;
  bool b = false;

  // False when `v` is not a scalar.
  static bool From(element v, Literal* out) {
    switch (v.type()) {
      case element_type::STRING:
        out->type = Type::kString;
        out->s = std::string(v.get_string().value_unsafe());
        return true;
      case element_type::INT64:
        out->type = Type::kInt;
        out->i = v.get_int64().value_unsafe();
        return true;
      case element_type::UINT64:
        out->type = Type::kUint;
        out->u = v.get_uint64().value_unsafe();
        return true;
      case element_type::DOUBLE:
        out->type = Type::kDouble;
        out->d = v.get_double().value_unsafe();
        return true;
      case element_type::BOOL:
        out->type = Type::kBool;
        out->b = v.get_bool().value_unsafe();
        return true;
      case element_type::NULL_VALUE:
        out->type = Type::kNull;
        return true;
      default:
        return false;
    }
  }

  bool Equals(element leaf) const {
    switch (type) {
      case Type::kString:
        return leaf.is_string() && leaf.get_string().value_unsafe() == s;
      case Type::kInt:
        return leaf.type() == element_type::INT64 && leaf.get_int64().value_unsafe() == i;
      case Type::kUint:
        return leaf.type() == element_type::UINT64 && leaf.get_uint64().value_unsafe() == u;
      case Type::kDouble:
        return leaf.type() == element_type::DOUBLE && leaf.get_double().value_unsafe() == d;
      case Type::kBool:
        return leaf.is_bool() && leaf.get_bool().value_unsafe() == b;
      case Type::kNull:
        return leaf.is_null();
    }
    return false;
  }
};

enum class Op : unsigned char {
  kEquals,                 // literal
  kEqualsIgnoreCase,       // text (lower case)
  kPrefix,                 // text; ignore_case
  kSuffix,                 // text; ignore_case
  kAnythingBut,            // literals
  kAnythingButPrefix,      // text
  kAnythingButSuffix,      // text
  kAnythingButIgnoreCase,  // texts (lower case)
  kNumeric,                // the range
  kExists,                 // exists
};

struct Matcher {
  Op op = Op::kEquals;
  Literal literal;
  std::string text;
  bool ignore_case = false;
  std::vector<Literal> literals;
  std::vector<std::string> texts;
  double lower = 0, upper = 0;
  bool has_lower = false, lower_inclusive = false, has_upper = false, upper_inclusive = false;
  bool exists = false;
};

bool IsNumber(element v) {
  const element_type t = v.type();
  return t == element_type::INT64 || t == element_type::UINT64 || t == element_type::DOUBLE;
}

double AsDouble(element v) {
  switch (v.type()) {
    case element_type::INT64:
      return static_cast<double>(v.get_int64().value_unsafe());
    case element_type::UINT64:
      return static_cast<double>(v.get_uint64().value_unsafe());
    default:
      return v.get_double().value_unsafe();
  }
}

bool Satisfies(const Matcher& m, element leaf) {
  const bool is_string = leaf.is_string();
  const std::string_view s = is_string ? leaf.get_string().value_unsafe() : std::string_view();
  switch (m.op) {
    case Op::kEquals:
      return m.literal.Equals(leaf);
    case Op::kEqualsIgnoreCase:
      return is_string && Lower(s) == m.text;
    case Op::kPrefix:
      return is_string && (m.ignore_case ? Lower(s) : std::string(s)).starts_with(m.text);
    case Op::kSuffix:
      return is_string && (m.ignore_case ? Lower(s) : std::string(s)).ends_with(m.text);
    case Op::kAnythingBut:
      return std::none_of(m.literals.begin(), m.literals.end(),
                          [&](const Literal& l) { return l.Equals(leaf); });
    case Op::kAnythingButPrefix:
      return !is_string || !s.starts_with(m.text);
    case Op::kAnythingButSuffix:
      return !is_string || !s.ends_with(m.text);
    case Op::kAnythingButIgnoreCase:
      return !is_string || std::find(m.texts.begin(), m.texts.end(), Lower(s)) == m.texts.end();
    case Op::kNumeric: {
      if (!IsNumber(leaf)) return false;
      const double v = AsDouble(leaf);
      if (m.has_lower && (m.lower_inclusive ? v < m.lower : v <= m.lower)) return false;
      if (m.has_upper && (m.upper_inclusive ? v > m.upper : v >= m.upper)) return false;
      return true;
    }
    case Op::kExists:
      return false;  // decided on the member as a whole
  }
  return false;
}

// The leaf values of a member: itself, or the leaves among a list's elements (nested lists
// flattened); none for an object.
void CollectLeaves(element v, std::vector<element>* out) {
  if (v.is_array()) {
    const array list = v.get_array().value_unsafe();
    for (element e : list) CollectLeaves(e, out);
  } else if (!v.is_object()) {
    out->push_back(v);
  }
}

}  // namespace

struct EventPattern::Node {
  struct Field {
    std::string name;
    std::vector<Matcher> matchers;  // a list in the pattern
    std::unique_ptr<Node> nested;   // or an object
  };
  std::vector<Field> fields;
  std::vector<std::vector<Node>> alternatives;  // one list per "$or"
};

namespace {

using Node = EventPattern::Node;

bool MatchNode(const Node& node, const element* obj);

bool MatchLeaf(const std::vector<Matcher>& matchers, const element* value) {
  std::vector<element> leaves;
  if (value != nullptr) CollectLeaves(*value, &leaves);
  for (const Matcher& m : matchers) {
    if (m.op == Op::kExists) {
      if (m.exists == !leaves.empty()) return true;
      continue;
    }
    for (element leaf : leaves) {
      if (Satisfies(m, leaf)) return true;
    }
  }
  return false;
}

// A nested pattern against a member: an object, some object of a list, or nothing (a pattern of
// only "exists": false rules can match a member that is absent or a leaf).
bool MatchNested(const Node& node, const element* value) {
  if (value != nullptr && value->is_array()) {
    bool any_object = false;
    const array list = value->get_array().value_unsafe();
    for (element e : list) {
      if (!e.is_object()) continue;
      any_object = true;
      if (MatchNode(node, &e)) return true;
    }
    return !any_object && MatchNode(node, nullptr);
  }
  if (value != nullptr && value->is_object()) return MatchNode(node, value);
  return MatchNode(node, nullptr);
}

bool MatchNode(const Node& node, const element* obj) {
  for (const Node::Field& f : node.fields) {
    element child;
    object o;
    const bool present = obj != nullptr && obj->get_object().get(o) == simdjson::SUCCESS &&
                         o[f.name].get(child) == simdjson::SUCCESS;
    const element* value = present ? &child : nullptr;
    if (f.nested ? !MatchNested(*f.nested, value) : !MatchLeaf(f.matchers, value)) return false;
  }
  for (const std::vector<Node>& alternatives : node.alternatives) {
    if (std::none_of(alternatives.begin(), alternatives.end(),
                     [&](const Node& n) { return MatchNode(n, obj); })) {
      return false;
    }
  }
  return true;
}

// Parsing. Each function returns "" or what is wrong, naming the member by its path.
class Parser {
 public:
  std::string ParseNode(object o, const std::string& path, Node* out) {
    if (o.size() == 0) return Where(path) + "is an empty pattern";
    for (auto [key, value] : o) {
      const std::string member = path.empty() ? std::string(key) : path + "." + std::string(key);
      if (key == "$or") {
        std::string e = ParseOr(value, member, out);
        if (!e.empty()) return e;
        continue;
      }
      Node::Field& f = out->fields.emplace_back();
      f.name = std::string(key);
      if (value.is_object()) {
        f.nested = std::make_unique<Node>();
        std::string e = ParseNode(value.get_object().value_unsafe(), member, f.nested.get());
        if (!e.empty()) return e;
      } else if (value.is_array()) {
        const array rules = value.get_array().value_unsafe();
        for (element rule : rules) {
          std::string e = ParseRule(rule, member, &f.matchers.emplace_back());
          if (!e.empty()) return e;
        }
      } else {
        return Where(member) + "must be an object or a list of rules";
      }
    }
    return "";
  }

 private:
  static std::string Where(const std::string& path) {
    return path.empty() ? "the pattern " : "\"" + path + "\" ";
  }

  std::string ParseOr(element value, const std::string& path, Node* out) {
    array list;
    if (value.get_array().get(list) != simdjson::SUCCESS || list.size() == 0) {
      return Where(path) + "must be a list of patterns";
    }
    std::vector<Node>& alternatives = out->alternatives.emplace_back();
    for (element e : list) {
      object o;
      if (e.get_object().get(o) != simdjson::SUCCESS) {
        return Where(path) + "must be a list of patterns";
      }
      std::string err = ParseNode(o, path, &alternatives.emplace_back());
      if (!err.empty()) return err;
    }
    return "";
  }

  // One element of a rule list: a literal, or an object naming one operator.
  std::string ParseRule(element rule, const std::string& path, Matcher* m) {
    if (Literal::From(rule, &m->literal)) {
      m->op = Op::kEquals;
      return "";
    }
    object o;
    if (rule.get_object().get(o) != simdjson::SUCCESS) {
      return Where(path) + "has a list inside its list of rules";
    }
    if (o.size() != 1) return Where(path) + "has a rule that is not one operator";
    const auto [op, operand] = *o.begin();
    if (op == "prefix" || op == "suffix") {
      m->op = op == "prefix" ? Op::kPrefix : Op::kSuffix;
      return Text(operand, path, op, true, &m->text, &m->ignore_case);
    }
    if (op == "equals-ignore-case") {
      m->op = Op::kEqualsIgnoreCase;
      std::string_view s;
      if (operand.get_string().get(s) != simdjson::SUCCESS) return Bad(path, op, "a string");
      m->text = Lower(s);
      return "";
    }
    if (op == "exists") {
      m->op = Op::kExists;
      if (operand.get_bool().get(m->exists) != simdjson::SUCCESS) {
        return Bad(path, op, "true or false");
      }
      return "";
    }
    if (op == "numeric") return Numeric(operand, path, m);
    if (op == "anything-but") return AnythingBut(operand, path, m);
    return Where(path) + "uses the unsupported operator \"" + std::string(op) + "\"";
  }

  static std::string Bad(const std::string& path, std::string_view op, std::string_view what) {
    return Where(path) + "has \"" + std::string(op) + "\" without " + std::string(what);
  }

  // A string operand, or {"equals-ignore-case": string} where `ignore_case_allowed`.
  static std::string Text(element operand, const std::string& path, std::string_view op,
                          bool ignore_case_allowed, std::string* text, bool* ignore_case) {
    std::string_view s;
    if (operand.get_string().get(s) == simdjson::SUCCESS) {
      *text = std::string(s);
      return "";
    }
    object o;
    element inner;
    if (ignore_case_allowed && operand.get_object().get(o) == simdjson::SUCCESS && o.size() == 1 &&
        o["equals-ignore-case"].get(inner) == simdjson::SUCCESS &&
        inner.get_string().get(s) == simdjson::SUCCESS) {
      *text = Lower(s);
      *ignore_case = true;
      return "";
    }
    return Bad(path, op,
               ignore_case_allowed ? "a string or {\"equals-ignore-case\": string}" : "a string");
  }

  static std::string Numeric(element operand, const std::string& path, Matcher* m) {
    m->op = Op::kNumeric;
    array list;
    if (operand.get_array().get(list) != simdjson::SUCCESS ||
        (list.size() != 2 && list.size() != 4)) {
      return Bad(path, "numeric", "one comparison or a range: [\">\", 0, \"<=\", 5]");
    }
    std::vector<element> items(list.begin(), list.end());
    for (size_t i = 0; i < items.size(); i += 2) {
      std::string_view cmp;
      if (items[i].get_string().get(cmp) != simdjson::SUCCESS || !IsNumber(items[i + 1])) {
        return Bad(path, "numeric", "an operator followed by a number");
      }
      const double v = AsDouble(items[i + 1]);
      if (cmp == "=" && items.size() == 2) {
        m->has_lower = m->has_upper = m->lower_inclusive = m->upper_inclusive = true;
        m->lower = m->upper = v;
      } else if ((cmp == ">" || cmp == ">=") && !m->has_lower && i == 0) {
        m->has_lower = true;
        m->lower_inclusive = cmp == ">=";
        m->lower = v;
      } else if ((cmp == "<" || cmp == "<=") && !m->has_upper) {
        m->has_upper = true;
        m->upper_inclusive = cmp == "<=";
        m->upper = v;
      } else {
        return Bad(path, "numeric", "a lower bound (>, >=) before an upper bound (<, <=)");
      }
    }
    if (m->has_lower && m->has_upper && m->lower > m->upper) {
      return Where(path) + "has a \"numeric\" range whose lower bound is above its upper bound";
    }
    return "";
  }

  static std::string AnythingBut(element operand, const std::string& path, Matcher* m) {
    m->op = Op::kAnythingBut;
    Literal one;
    if (operand.is_string() || IsNumber(operand)) {
      Literal::From(operand, &one);
      m->literals.push_back(std::move(one));
      return "";
    }
    array list;
    if (operand.get_array().get(list) == simdjson::SUCCESS) {
      if (list.size() == 0) return Bad(path, "anything-but", "a value");
      for (element e : list) {
        if (!e.is_string() && !IsNumber(e)) {
          return Bad(path, "anything-but", "strings or numbers");
        }
        Literal::From(e, &m->literals.emplace_back());
      }
      return "";
    }
    object o;
    if (operand.get_object().get(o) != simdjson::SUCCESS || o.size() != 1) {
      return Bad(path, "anything-but",
                 "a value, a list, or one of prefix, suffix, "
                 "equals-ignore-case");
    }
    const auto [op, inner] = *o.begin();
    bool unused = false;
    if (op == "prefix" || op == "suffix") {
      m->op = op == "prefix" ? Op::kAnythingButPrefix : Op::kAnythingButSuffix;
      return Text(inner, path, "anything-but " + std::string(op), false, &m->text, &unused);
    }
    if (op == "equals-ignore-case") {
      m->op = Op::kAnythingButIgnoreCase;
      std::string_view s;
      if (inner.get_string().get(s) == simdjson::SUCCESS) {
        m->texts.push_back(Lower(s));
        return "";
      }
      array texts;
      if (inner.get_array().get(texts) == simdjson::SUCCESS && texts.size() > 0) {
        for (element e : texts) {
          if (e.get_string().get(s) != simdjson::SUCCESS) break;
          m->texts.push_back(Lower(s));
        }
        if (m->texts.size() == texts.size()) return "";
      }
      return Bad(path, "anything-but equals-ignore-case", "a string or a list of strings");
    }
    return Where(path) + "uses the unsupported operator \"anything-but\": {\"" + std::string(op) +
           "\"}";
  }
};

}  // namespace

Result<EventPattern> EventPattern::Parse(std::string_view json) {
  simdjson::dom::parser parser;
  element root;
  if (parser.parse(json.data(), json.size()).get(root) != simdjson::SUCCESS) {
    return Status::Validation("the pattern is not JSON");
  }
  object o;
  if (root.get_object().get(o) != simdjson::SUCCESS) {
    return Status::Validation("the pattern is not a JSON object");
  }
  auto node = std::make_shared<Node>();
  if (std::string error = Parser().ParseNode(o, "", node.get()); !error.empty()) {
    return Status::Validation(std::move(error));
  }
  return EventPattern(std::move(node));
}

bool EventPattern::Matches(element event) const { return MatchNode(*root_, &event); }

}  // namespace stator::api
