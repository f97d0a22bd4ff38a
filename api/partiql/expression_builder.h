// Spells a statement's conditions, paths and update actions as DynamoDB expressions, with
// generated placeholders (#n0, :v0) for every name and value, so the operations a statement runs
// receive what an API caller would send.
//
// Thread safety: a builder belongs to one translation on one thread.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "api/partiql/ast.h"
#include "stator/requests.h"
#include "stator/status.h"

namespace stator::partiql {

class ExpressionBuilder {
 public:
  explicit ExpressionBuilder(const std::vector<AttributeValue>& parameters)
      : parameters_(parameters) {}

  // "#n0.#n1[2]".
  std::string PathText(const Path& p);
  // ":v0", bound to `v`.
  std::string ValueText(AttributeValue v);
  // A condition expression (WHERE, minus what became the key). Errors: ValidationException for
  // what DynamoDB's PartiQL cannot express.
  Result<std::string> Condition(const Expr& e);
  // An operand: a path, a value, size(), list_append(), `a + b`.
  Result<std::string> Operand(const Expr& e);

  bool has_names() const { return !names_.empty(); }
  bool has_values() const { return !values_.empty(); }
  ExpressionAttributeNames TakeNames() { return std::move(names_); }
  ExpressionAttributeValues TakeValues() { return std::move(values_); }

 private:
  std::string NameText(const std::string& name);
  Result<std::string> Call(const Expr& e);

  const std::vector<AttributeValue>& parameters_;
  ExpressionAttributeNames names_;                   // placeholder -> name
  std::map<std::string, std::string> placeholders_;  // name -> placeholder
  ExpressionAttributeValues values_;
};

// The conjuncts of a condition: the operands of its top-level ANDs, in order.
void Conjuncts(const Expr& e, std::vector<const Expr*>* out);

// `e` when it is `name = value` or `value = name` for a top-level attribute name: that name and
// the value's expression; else null.
const Expr* EqualityValue(const Expr& e, std::string* name);

}  // namespace stator::partiql
