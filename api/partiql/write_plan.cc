#include "api/partiql/write_plan.h"

#include "api/partiql/expression_builder.h"
#include "api/partiql/values.h"

namespace stator::partiql {
namespace {

std::string_view TypeName(AttributeType t) { return TypeDescriptor(t); }

// Checks a key attribute's value against the table's schema.
Status CheckKeyValue(const std::string& name, const AttributeValue& v, const TableKeys& keys) {
  const AttributeType t = v.type();
  if (t != AttributeType::kS && t != AttributeType::kN && t != AttributeType::kB) {
    return Status::Validation("Key value must be of type S, N, or B. Key name: " + name +
                              ", Key type: " + std::string(TypeName(t)));
  }
  auto it = keys.types.find(name);
  if (it != keys.types.end()) {
    const ScalarType want = it->second;
    const bool match = (want == ScalarType::kS && t == AttributeType::kS) ||
                       (want == ScalarType::kN && t == AttributeType::kN) ||
                       (want == ScalarType::kB && t == AttributeType::kB);
    if (!match) {
      return Status::Validation(
          "Key attribute's data type should match its data type in table's schema: Key " + name);
    }
  }
  return Status::OK();
}

// Splits a WHERE into the key it fixes by `=` and the conjuncts left over, which become the
// write's condition.
Status KeyAndRest(const Expr& where, const KeyNames& names, const TableKeys& keys,
                  const std::vector<AttributeValue>& parameters, Item* key,
                  std::vector<const Expr*>* rest) {
  std::vector<const Expr*> conjuncts;
  Conjuncts(where, &conjuncts);
  for (const Expr* c : conjuncts) {
    std::string name;
    const Expr* value = EqualityValue(*c, &name);
    if (value == nullptr || !names.IsKey(name)) {
      rest->push_back(c);
      continue;
    }
    if (key->contains(name)) {
      return Status::Validation("Multiple conditions on same key " + name +
                                ". Only single item Update/Insert/Delete are supported");
    }
    auto v = Bind(value->value, parameters);
    if (!v.ok()) return v.status();
    STATOR_RETURN_IF_ERROR(CheckKeyValue(name, *v, keys));
    key->emplace(name, std::move(v).value());
  }
  if (!key->contains(names.hash) || (names.range && !key->contains(*names.range))) {
    return Status::Validation(std::string(kIncompleteKey));
  }
  return Status::OK();
}

// The AND of `extra` (already spelled) and the conjuncts, as one condition expression.
Result<std::optional<std::string>> Condition(const std::vector<const Expr*>& rest,
                                             std::string extra, ExpressionBuilder* b) {
  std::string out = std::move(extra);
  for (const Expr* e : rest) {
    auto c = b->Condition(*e);
    if (!c.ok()) return c.status();
    out += out.empty() ? "(" + *c + ")" : " AND (" + *c + ")";
  }
  if (out.empty()) return std::optional<std::string>();
  return std::optional<std::string>(std::move(out));
}

void TakeExpressions(ExpressionBuilder* b, WriteConditions* w) {
  w->expression_attribute_names = b->TakeNames();
  w->expression_attribute_values = b->TakeValues();
}

Result<WritePlan> PlanInsert(const InsertStatement& s, const TableKeys& keys,
                             const std::vector<AttributeValue>& parameters) {
  auto item = Bind(s.item, parameters);
  if (!item.ok()) return item.status();
  if (item->type() != AttributeType::kM) {
    return Status::Validation(
        "Unsupported format in item expression. Please use struct format {...} to express item "
        "values for insert statement.");
  }
  PutItemRequest put;
  put.table_name = s.table;
  put.item = std::move(item->m());
  for (const std::optional<std::string>& k : {std::optional(keys.table.hash), keys.table.range}) {
    if (!k) continue;
    auto it = put.item.find(*k);
    if (it == put.item.end()) {
      return Status::Validation("Key attribute should be present in the item: Key " + *k);
    }
    STATOR_RETURN_IF_ERROR(CheckKeyValue(*k, it->second, keys));
  }
  ExpressionBuilder b(parameters);
  put.condition_expression =
      "attribute_not_exists(" + b.PathText(Path{{PathStep{keys.table.hash, 0}}}) + ")";
  TakeExpressions(&b, &put);
  return WritePlan(std::move(put));
}

// The UpdateExpression of an UPDATE's SET and REMOVE actions.
Result<std::string> UpdateExpression(const UpdateStatement& s, ExpressionBuilder* b) {
  std::string set, remove, add, del;
  for (const UpdateAction& a : s.actions) {
    const std::string path = b->PathText(a.path);
    if (a.remove) {
      remove += (remove.empty() ? "" : ", ") + path;
      continue;
    }
    const Expr& v = a.value;
    if (v.kind == Expr::Kind::kCall && (v.op == "set_add" || v.op == "set_delete")) {
      const std::string fn = v.op == "set_add" ? "ADD" : "DELETE";
      if (v.args[0].kind != Expr::Kind::kPath || b->PathText(v.args[0].path) != path) {
        return Status::Validation("The first argument to SET_" + fn +
                                  " must equal the assignment value");
      }
      if (v.args[1].kind != Expr::Kind::kValue) {
        return Status::Validation("The second argument to SET_" + fn +
                                  " must be a value with type SET");
      }
      auto operand = b->Operand(v.args[1]);
      if (!operand.ok()) return operand;
      std::string& clause = v.op == "set_add" ? add : del;
      clause += (clause.empty() ? "" : ", ") + path + " " + *operand;
      continue;
    }
    auto operand = b->Operand(v);
    if (!operand.ok()) return operand;
    set += (set.empty() ? "" : ", ") + path + " = " + *operand;
  }
  std::string out;
  if (!set.empty()) out += "SET " + set;
  if (!remove.empty()) out += (out.empty() ? "REMOVE " : " REMOVE ") + remove;
  if (!add.empty()) out += (out.empty() ? "ADD " : " ADD ") + add;
  if (!del.empty()) out += (out.empty() ? "DELETE " : " DELETE ") + del;
  return out;
}

Result<WritePlan> PlanUpdate(const UpdateStatement& s, const TableKeys& keys,
                             const std::vector<AttributeValue>& parameters) {
  UpdateItemRequest update;
  update.table_name = s.table;
  std::vector<const Expr*> rest;
  STATOR_RETURN_IF_ERROR(KeyAndRest(s.where, keys.table, keys, parameters, &update.key, &rest));
  ExpressionBuilder b(parameters);
  auto expression = UpdateExpression(s, &b);
  if (!expression.ok()) return expression.status();
  update.update_expression = std::move(expression).value();
  // An UPDATE changes an item that exists; it never creates one.
  const std::string exists =
      "attribute_exists(" + b.PathText(Path{{PathStep{keys.table.hash, 0}}}) + ")";
  auto condition = Condition(rest, exists, &b);
  if (!condition.ok()) return condition.status();
  update.condition_expression = std::move(condition).value();
  update.return_values = s.returning;
  TakeExpressions(&b, &update);
  return WritePlan(std::move(update));
}

Result<WritePlan> PlanDelete(const DeleteStatement& s, const TableKeys& keys,
                             const std::vector<AttributeValue>& parameters) {
  DeleteItemRequest del;
  del.table_name = s.table;
  std::vector<const Expr*> rest;
  STATOR_RETURN_IF_ERROR(KeyAndRest(s.where, keys.table, keys, parameters, &del.key, &rest));
  ExpressionBuilder b(parameters);
  auto condition = Condition(rest, "", &b);
  if (!condition.ok()) return condition.status();
  del.condition_expression = std::move(condition).value();
  del.return_values = s.returning;
  TakeExpressions(&b, &del);
  return WritePlan(std::move(del));
}

Result<WritePlan> PlanConditionCheck(const ExistsStatement& s, const TableKeys& keys,
                                     const std::vector<AttributeValue>& parameters) {
  if (s.select.index) {
    return Status::Validation("Operations on indices are not supported in transactions");
  }
  ConditionCheck check;
  check.table_name = s.select.table;
  std::vector<const Expr*> rest;
  Status st = s.select.where
                  ? KeyAndRest(*s.select.where, keys.table, keys, parameters, &check.key, &rest)
                  : Status::Validation("");
  if (!st.ok() || rest.empty()) {
    if (!st.ok() && st.message() != kIncompleteKey && !st.message().empty()) return st;
    return Status::Validation("EXISTS() must contain a single item read with additional condition");
  }
  ExpressionBuilder b(parameters);
  auto condition = Condition(rest, "", &b);
  if (!condition.ok()) return condition.status();
  check.condition_expression = std::move(condition).value();
  TakeExpressions(&b, &check);
  return WritePlan(std::move(check));
}

}  // namespace

Result<WritePlan> PlanWrite(const Statement& statement, const TableKeys& keys,
                            const std::vector<AttributeValue>& parameters) {
  if (const auto* s = std::get_if<InsertStatement>(&statement.body)) {
    return PlanInsert(*s, keys, parameters);
  }
  if (const auto* s = std::get_if<UpdateStatement>(&statement.body)) {
    return PlanUpdate(*s, keys, parameters);
  }
  if (const auto* s = std::get_if<DeleteStatement>(&statement.body)) {
    return PlanDelete(*s, keys, parameters);
  }
  return PlanConditionCheck(std::get<ExistsStatement>(statement.body), keys, parameters);
}

const std::string& TableOf(const Statement& statement) {
  return std::visit(
      [](const auto& s) -> const std::string& {
        using T = std::decay_t<decltype(s)>;
        if constexpr (std::is_same_v<T, ExistsStatement>) {
          return s.select.table;
        } else {
          return s.table;
        }
      },
      statement.body);
}

}  // namespace stator::partiql
