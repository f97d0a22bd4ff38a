#include "engine/model/expressions/update_applier.h"

#include <algorithm>

#include "engine/model/expressions/value_ops.h"
#include "engine/model/item_validation.h"
#include "engine/model/number.h"
#include "engine/model/value_arithmetic.h"

namespace stator::expr {
namespace {

Status Invalid(std::string_view message) { return Status::Validation(std::string(message)); }

// The value a SET computes, from the item before the update.
Result<AttributeValue> Compute(const Operand& op, const Item& old) {
  switch (op.kind) {
    case Operand::Kind::kValue:
      return *op.value;
    case Operand::Kind::kPath: {
      const AttributeValue* v = Lookup(old, op.path);
      if (!v) return Invalid(kMissingAttribute);
      return *v;
    }
    case Operand::Kind::kFunction: {
      if (op.function == Function::kIfNotExists) {
        if (const AttributeValue* v = Lookup(old, op.args[0].path)) return *v;
        return Compute(op.args[1], old);
      }
      auto a = Compute(op.args[0], old);
      if (!a.ok()) return a.status();
      auto b = Compute(op.args[1], old);
      if (!b.ok()) return b.status();
      if (a->type() != AttributeType::kL || b->type() != AttributeType::kL) {
        return Invalid(kIncorrectOperandType);
      }
      AttributeList joined = std::move(a->l());
      for (auto& e : b->l()) joined.push_back(std::move(e));
      return AttributeValue::L(std::move(joined));
    }
    case Operand::Kind::kPlus:
    case Operand::Kind::kMinus: {
      auto a = Compute(op.args[0], old);
      if (!a.ok()) return a.status();
      auto b = Compute(op.args[1], old);
      if (!b.ok()) return b.status();
      if (a->type() != AttributeType::kN || b->type() != AttributeType::kN) {
        return Invalid(kIncorrectOperandType);
      }
      auto x = Decimal::Parse(a->s());
      if (!x.ok()) return x.status();
      auto y = Decimal::Parse(b->s());
      if (!y.ok()) return y.status();
      auto r = op.kind == Operand::Kind::kPlus ? x->Add(*y) : x->Subtract(*y);
      if (!r.ok()) return r.status();
      return AttributeValue::N(r->ToString());
    }
  }
  return Invalid(kIncorrectOperandType);
}

// The container that holds the path's last element; for a top-level attribute, null (the
// item itself). Errors: the parent is missing or of the wrong type for the last element.
Result<AttributeValue*> Parent(Item* item, const Path& path) {
  if (path.size() == 1) return static_cast<AttributeValue*>(nullptr);
  auto it = item->find(path[0].name);
  if (it == item->end()) return Invalid(kInvalidPathForUpdate);
  AttributeValue* v = &it->second;
  for (size_t i = 1; i + 1 < path.size(); ++i) {
    const PathElement& e = path[i];
    if (e.is_index()) {
      if (v->type() != AttributeType::kL || static_cast<size_t>(e.index) >= v->l().size()) {
        return Invalid(kInvalidPathForUpdate);
      }
      v = &v->l()[e.index];
    } else {
      if (v->type() != AttributeType::kM) return Invalid(kInvalidPathForUpdate);
      auto child = v->m().find(e.name);
      if (child == v->m().end()) return Invalid(kInvalidPathForUpdate);
      v = &child->second;
    }
  }
  const PathElement& last = path.back();
  if (v->type() != (last.is_index() ? AttributeType::kL : AttributeType::kM)) {
    return Invalid(kInvalidPathForUpdate);
  }
  return v;
}

// The current value at the path (null if absent), after checking the parent exists.
Result<AttributeValue*> Target(Item* item, const Path& path) {
  auto parent = Parent(item, path);
  if (!parent.ok()) return parent.status();
  const PathElement& last = path.back();
  if (*parent == nullptr) {
    auto it = item->find(last.name);
    return it == item->end() ? nullptr : &it->second;
  }
  if (last.is_index()) {
    auto& list = (*parent)->l();
    return static_cast<size_t>(last.index) < list.size() ? &list[last.index] : nullptr;
  }
  auto it = (*parent)->m().find(last.name);
  return it == (*parent)->m().end() ? nullptr : &it->second;
}

Status Set(Item* item, const Path& path, AttributeValue value) {
  auto parent = Parent(item, path);
  if (!parent.ok()) return parent.status();
  const PathElement& last = path.back();
  if (*parent == nullptr) {
    (*item)[last.name] = std::move(value);
  } else if (last.is_index()) {
    auto& list = (*parent)->l();
    // An index past the end appends, as in the service.
    if (static_cast<size_t>(last.index) < list.size()) {
      list[last.index] = std::move(value);
    } else {
      list.push_back(std::move(value));
    }
  } else {
    (*parent)->m()[last.name] = std::move(value);
  }
  return Status::OK();
}

Status Remove(Item* item, const Path& path) {
  auto parent = Parent(item, path);
  if (!parent.ok()) return parent.status();
  const PathElement& last = path.back();
  if (*parent == nullptr) {
    item->erase(last.name);
  } else if (last.is_index()) {
    auto& list = (*parent)->l();
    if (static_cast<size_t>(last.index) < list.size()) list.erase(list.begin() + last.index);
  } else {
    (*parent)->m().erase(last.name);
  }
  return Status::OK();
}

Status Add(Item* item, const Path& path, const AttributeValue& value) {
  auto target = Target(item, path);
  if (!target.ok()) return target.status();
  AttributeValue* existing = *target;
  if (!existing) return Set(item, path, value);
  if (existing->type() != value.type()) return Invalid(kIncorrectOperandType);
  return AddToValue(existing, value);
}

Status Delete(Item* item, const Path& path, const AttributeValue& value) {
  auto target = Target(item, path);
  if (!target.ok()) return target.status();
  AttributeValue* existing = *target;
  if (!existing) return Status::OK();
  if (existing->type() != value.type()) return Invalid(kIncorrectOperandType);
  RemoveFromSet(existing, value);
  // A set is never empty: removing its last member removes the attribute.
  if (existing->set().empty()) return Remove(item, path);
  return Status::OK();
}

// Whether a SET of `path` appends: its last element indexes past the end of an existing list.
bool Appends(Item* item, const Path& path) {
  if (!path.back().is_index()) return false;
  auto parent = Parent(item, path);
  return parent.ok() && *parent != nullptr &&
         static_cast<size_t>(path.back().index) >= (*parent)->l().size();
}

// Orders appending SETs so that, within one list, lower indexes go first.
bool AppendFirst(const Path& a, const Path& b) {
  for (size_t i = 0; i < a.size() && i < b.size(); ++i) {
    const PathElement& x = a[i];
    const PathElement& y = b[i];
    if (x.is_index() && y.is_index() && x.index != y.index) return x.index < y.index;
    if (x.is_index() != y.is_index()) return x.is_index();
    if (x.name != y.name) return x.name < y.name;
  }
  return a.size() < b.size();
}

// Orders REMOVE paths so that, within one list, higher indexes go first: every index then
// still refers to the list as it was before the update.
bool RemoveFirst(const Path* a, const Path* b) {
  for (size_t i = 0; i < a->size() && i < b->size(); ++i) {
    const PathElement& x = (*a)[i];
    const PathElement& y = (*b)[i];
    if (x.is_index() && y.is_index() && x.index != y.index) return x.index > y.index;
    if (x.is_index() != y.is_index()) return x.is_index();
    if (x.name != y.name) return x.name < y.name;
  }
  return a->size() > b->size();
}

}  // namespace

Status CheckUpdateKeys(const UpdateExpression& update, const KeySchema& schema) {
  for (const auto& action : update.actions) {
    const std::string& head = action.path[0].name;
    if (IsKeyAttribute(schema, head)) {
      return Status::Validation("One or more parameter values were invalid: Cannot update "
                                "attribute " + head + ". This attribute is part of the key");
    }
  }
  return Status::OK();
}

Status ApplyUpdate(const UpdateExpression& update, Item* item) {
  // Every path numbers the elements of the lists as they were before the update, as in the
  // service: values are computed from the old item; in-place changes go first, then the SETs
  // past a list's end append in the order of their indexes (SET a[9] = :x, a[7] = :y appends
  // :y then :x), then the REMOVEs, the highest index of each list first.
  std::vector<AttributeValue> set_values;
  std::vector<size_t> appends;  // indexes into update.actions
  std::vector<const Path*> removals;
  for (size_t i = 0; i < update.actions.size(); ++i) {
    const UpdateAction& action = update.actions[i];
    if (action.kind == UpdateAction::Kind::kSet) {
      auto v = Compute(action.value, *item);
      if (!v.ok()) return v.status();
      set_values.push_back(std::move(v).value());
      if (Appends(item, action.path)) appends.push_back(i);
    } else if (action.kind == UpdateAction::Kind::kRemove) {
      removals.push_back(&action.path);
    }
  }
  std::vector<AttributeValue*> value_of(update.actions.size(), nullptr);
  for (size_t i = 0, next = 0; i < update.actions.size(); ++i) {
    if (update.actions[i].kind == UpdateAction::Kind::kSet) value_of[i] = &set_values[next++];
  }
  for (size_t i = 0; i < update.actions.size(); ++i) {
    const UpdateAction& action = update.actions[i];
    switch (action.kind) {
      case UpdateAction::Kind::kSet:
        if (std::find(appends.begin(), appends.end(), i) != appends.end()) break;
        STATOR_RETURN_IF_ERROR(Set(item, action.path, std::move(*value_of[i])));
        break;
      case UpdateAction::Kind::kAdd:
        STATOR_RETURN_IF_ERROR(Add(item, action.path, *action.value.value));
        break;
      case UpdateAction::Kind::kDelete:
        STATOR_RETURN_IF_ERROR(Delete(item, action.path, *action.value.value));
        break;
      case UpdateAction::Kind::kRemove:
        break;
    }
  }
  std::stable_sort(appends.begin(), appends.end(), [&](size_t a, size_t b) {
    return AppendFirst(update.actions[a].path, update.actions[b].path);
  });
  for (size_t i : appends) {
    STATOR_RETURN_IF_ERROR(Set(item, update.actions[i].path, std::move(*value_of[i])));
  }
  std::sort(removals.begin(), removals.end(), RemoveFirst);
  for (const Path* path : removals) STATOR_RETURN_IF_ERROR(Remove(item, *path));
  return Status::OK();
}

}  // namespace stator::expr
