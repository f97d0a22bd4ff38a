#include "api/partiql/read_plan.h"

#include <set>

#include "api/partiql/expression_builder.h"
#include "api/partiql/results.h"
#include "api/partiql/values.h"

namespace stator::partiql {
namespace {

// The partition key values a conjunct fixes: `pk = v`, `pk IN [a, b]`, `pk = a OR pk = b`.
bool HashValues(const Expr& e, const std::string& hash, std::vector<const Expr*>* out) {
  std::string name;
  if (const Expr* v = EqualityValue(e, &name)) {
    if (name != hash) return false;
    out->push_back(v);
    return true;
  }
  if (e.kind == Expr::Kind::kIn && !e.negated && e.args[0].kind == Expr::Kind::kPath &&
      e.args[0].path.is_simple() && e.args[0].path.head() == hash) {
    for (size_t i = 1; i < e.args.size(); ++i) {
      if (e.args[i].kind != Expr::Kind::kValue) return false;
    }
    for (size_t i = 1; i < e.args.size(); ++i) out->push_back(&e.args[i]);
    return true;
  }
  if (e.kind == Expr::Kind::kOr) {
    std::vector<const Expr*> values;
    if (!HashValues(e.args[0], hash, &values) || !HashValues(e.args[1], hash, &values)) {
      return false;
    }
    out->insert(out->end(), values.begin(), values.end());
    return true;
  }
  return false;
}

bool IsRangePath(const Expr& e, const std::string& range) {
  return e.kind == Expr::Kind::kPath && e.path.is_simple() && e.path.head() == range;
}

// Whether `e` can be a Query's sort key condition: a comparison, BETWEEN or begins_with of the
// sort key against values.
bool IsRangeCondition(const Expr& e, const std::string& range) {
  if (e.kind == Expr::Kind::kCompare && e.op != "<>") {
    return (IsRangePath(e.args[0], range) && e.args[1].kind == Expr::Kind::kValue) ||
           (IsRangePath(e.args[1], range) && e.args[0].kind == Expr::Kind::kValue);
  }
  if (e.kind == Expr::Kind::kBetween && !e.negated) {
    return IsRangePath(e.args[0], range) && e.args[1].kind == Expr::Kind::kValue &&
           e.args[2].kind == Expr::Kind::kValue;
  }
  if (e.kind == Expr::Kind::kCall && e.op == "begins_with") {
    return IsRangePath(e.args[0], range) && e.args[1].kind == Expr::Kind::kValue;
  }
  return false;
}

// Whether `e` reads one of the key attributes `names` (a Query's filter may not).
bool MentionsKey(const Expr& e, const KeyNames& names) {
  if (e.kind == Expr::Kind::kPath && names.IsKey(e.path.head())) return true;
  for (const Expr& arg : e.args) {
    if (MentionsKey(arg, names)) return true;
  }
  return false;
}

Status CheckOrderBy(const SelectStatement& s, const KeyNames& names, bool has_hash) {
  if (s.order_by.empty()) return Status::OK();
  if (!s.where) {
    return Status::Validation(
        "Must have WHERE clause in the statement when using ORDER BY clause.");
  }
  if (!has_hash) {
    return Status::Validation(
        "Must have at least one non-optional hash key condition in WHERE clause when using ORDER "
        "BY clause.");
  }
  for (const auto& key : s.order_by) {
    if (!names.IsKey(key.name)) {
      return Status::Validation("Variable reference " + key.name +
                                " in ORDER BY clause must be part of the primary key");
    }
  }
  return Status::OK();
}

// Sort order: that of the ORDER BY entry naming the sort key, else ascending.
bool Forward(const SelectStatement& s, const KeyNames& names) {
  for (const auto& key : s.order_by) {
    if (names.range && key.name == *names.range) return !key.descending;
  }
  if (!s.order_by.empty() && !names.range) return !s.order_by.front().descending;
  return true;
}

// The AND of `parts`, as a condition expression; nullopt when there are none.
Result<std::optional<std::string>> AndOf(const std::vector<const Expr*>& parts,
                                         ExpressionBuilder* b) {
  if (parts.empty()) return std::optional<std::string>();
  std::string out;
  for (const Expr* e : parts) {
    auto c = b->Condition(*e);
    if (!c.ok()) return c.status();
    out += out.empty() ? "(" + *c + ")" : " AND (" + *c + ")";
  }
  return std::optional<std::string>(std::move(out));
}

void ApplySettings(const ReadSettings& settings, ReadRequest* r) {
  r->consistent_read = settings.consistent_read;
  r->limit = settings.limit;
  r->return_consumed_capacity = settings.return_consumed_capacity;
}

}  // namespace

Result<ReadPlan> PlanSelect(const SelectStatement& s, const TableKeys& keys,
                            const std::vector<AttributeValue>& parameters,
                            const ReadSettings& settings) {
  const KeyNames* names = &keys.table;
  if (s.index) {
    auto it = keys.indexes.find(*s.index);
    if (it == keys.indexes.end()) {
      return Status::Validation("The table does not have the specified index: " + *s.index);
    }
    names = &it->second;
  }
  std::vector<const Expr*> conjuncts;
  if (s.where) Conjuncts(*s.where, &conjuncts);

  std::vector<const Expr*> hash_values;
  const Expr* range_condition = nullptr;
  std::vector<const Expr*> rest;
  for (const Expr* c : conjuncts) {
    if (hash_values.empty() && HashValues(*c, names->hash, &hash_values)) continue;
    if (!range_condition && names->range && IsRangeCondition(*c, *names->range)) {
      range_condition = c;
      continue;
    }
    rest.push_back(c);
  }
  STATOR_RETURN_IF_ERROR(CheckOrderBy(s, *names, !hash_values.empty()));
  // A Query cannot filter on key attributes (`sk IN [...]`, a second sort key condition): such a
  // WHERE is read as a Scan filtered by all of it.
  for (const Expr* c : rest) {
    if (MentionsKey(*c, *names) || MentionsKey(*c, keys.table)) hash_values.clear();
  }

  ReadPlan plan;
  ExpressionBuilder b(parameters);
  std::optional<std::string> projection;
  if (!s.projection.empty()) {
    // Nested paths are read by their first names and shaped afterwards (ShapeItem), so that two
    // paths into one list keep their positions.
    const bool shaped = NeedsShaping(s.projection);
    std::set<std::string> heads;
    std::string p;
    for (const Path& path : s.projection) {
      if (shaped && !heads.insert(path.head()).second) continue;
      p += (p.empty() ? "" : ", ") +
           (shaped ? b.PathText(Path{{path.steps.front()}}) : b.PathText(path));
    }
    projection = std::move(p);
  }

  if (hash_values.empty()) {  // a Scan, filtered by the whole WHERE
    plan.kind = ReadPlan::Kind::kScan;
    ScanRequest& scan = plan.scan.emplace();
    scan.table_name = s.table;
    scan.index_name = s.index;
    if (s.where) {
      auto filter = b.Condition(*s.where);
      if (!filter.ok()) return filter.status();
      scan.filter_expression = std::move(filter).value();
    }
    scan.projection_expression = std::move(projection);
    ApplySettings(settings, &scan);
    scan.expression_attribute_names = b.TakeNames();
    scan.expression_attribute_values = b.TakeValues();
    return plan;
  }

  const bool range_fixed = range_condition && range_condition->kind == Expr::Kind::kCompare &&
                           range_condition->op == "=";
  plan.full_key = !s.index && (!names->range || range_fixed) && rest.empty();
  if (plan.full_key) {  // GetItem by key, one per partition key value
    plan.kind = ReadPlan::Kind::kGet;
    AttributeValue range_value;
    if (range_fixed) {
      std::string ignored;
      auto v = Bind(EqualityValue(*range_condition, &ignored)->value, parameters);
      if (!v.ok()) return v.status();
      range_value = std::move(v).value();
    }
    plan.gets.reserve(hash_values.size());
    for (const Expr* hv : hash_values) {
      auto v = Bind(hv->value, parameters);
      if (!v.ok()) return v.status();
      GetItemRequest& get = plan.gets.emplace_back();
      get.table_name = s.table;
      get.key.emplace(names->hash, std::move(v).value());
      if (range_fixed) get.key.emplace(*names->range, range_value);
      get.consistent_read = settings.consistent_read;
      get.projection_expression = projection;
      get.return_consumed_capacity = settings.return_consumed_capacity;
    }
    if (b.has_names()) {
      const ExpressionAttributeNames names_used = b.TakeNames();
      for (GetItemRequest& get : plan.gets) get.expression_attribute_names = names_used;
    }
    return plan;
  }

  plan.kind = ReadPlan::Kind::kQuery;
  QueryRequest& query = plan.query.emplace();
  query.table_name = s.table;
  query.index_name = s.index;
  std::string key_condition =
      b.PathText(Path{{PathStep{names->hash, 0}}}) + " = " + std::string(kHashValue);
  if (range_condition) {
    auto c = b.Condition(*range_condition);
    if (!c.ok()) return c.status();
    key_condition += " AND " + *c;
  }
  query.key_condition_expression = std::move(key_condition);
  auto filter = AndOf(rest, &b);
  if (!filter.ok()) return filter.status();
  query.filter_expression = std::move(filter).value();
  query.projection_expression = std::move(projection);
  query.scan_index_forward = Forward(s, *names);
  ApplySettings(settings, &query);
  for (const Expr* hv : hash_values) {
    auto v = Bind(hv->value, parameters);
    if (!v.ok()) return v.status();
    plan.hash_values.push_back(std::move(v).value());
  }
  query.expression_attribute_names = b.TakeNames();
  query.expression_attribute_values = b.TakeValues();
  return plan;
}

}  // namespace stator::partiql
