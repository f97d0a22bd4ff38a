#include "engine/items/legacy_update.h"

#include <algorithm>

#include "engine/model/item_validation.h"
#include "engine/model/value_arithmetic.h"

namespace stator::engine {
namespace {

Status Invalid(const std::string& what) {
  return Status::Validation("One or more parameter values were invalid: " + what);
}

Status TypeMismatch() { return Status::Validation("Type mismatch for attribute to update"); }

Status AddTo(AttributeValue* existing, const AttributeValue& value) {
  if (existing->type() != value.type()) return TypeMismatch();
  if (value.type() == AttributeType::kL) {
    // The service appends a list ADDed to a list (undocumented, but it does; UpdateExpression's
    // ADD refuses lists).
    AttributeList& list = existing->l();
    list.insert(list.end(), value.l().begin(), value.l().end());
    return Status::OK();
  }
  return AddToValue(existing, value);
}

}  // namespace

Status CheckAttributeUpdates(const KeySchema& schema, AttributeUpdates* updates) {
  for (auto& [name, update] : *updates) {
    if (IsKeyAttribute(schema, name)) {
      return Invalid("Cannot update attribute " + name + ". This attribute is part of the key");
    }
    if (!update.value) {
      if (update.action != AttributeAction::kDelete) {
        return Invalid("Only DELETE action is allowed when no attribute value is specified");
      }
      continue;
    }
    STATOR_RETURN_IF_ERROR(NormalizeValue(&*update.value));
    const AttributeType type = update.value->type();
    if (update.action == AttributeAction::kAdd && type != AttributeType::kN &&
        type != AttributeType::kL && !update.value->is_set()) {
      return Invalid("ADD action is not supported for the type " +
                     std::string(TypeDescriptor(type)));
    }
    if (update.action == AttributeAction::kDelete && !update.value->is_set()) {
      return Invalid("DELETE action with value is not supported for the type " +
                     std::string(TypeDescriptor(type)));
    }
  }
  return Status::OK();
}

Status ApplyAttributeUpdates(const AttributeUpdates& updates, Item* item) {
  for (const auto& [name, update] : updates) {
    auto it = item->find(name);
    switch (update.action) {
      case AttributeAction::kPut:
        (*item)[name] = *update.value;
        break;
      case AttributeAction::kAdd:
        if (it == item->end()) {
          item->emplace(name, *update.value);
        } else {
          STATOR_RETURN_IF_ERROR(AddTo(&it->second, *update.value));
        }
        break;
      case AttributeAction::kDelete:
        if (it == item->end()) break;
        if (!update.value) {
          item->erase(it);
          break;
        }
        if (it->second.type() != update.value->type()) return TypeMismatch();
        RemoveFromSet(&it->second, *update.value);
        if (it->second.set().empty()) item->erase(it);
        break;
    }
  }
  return Status::OK();
}

}  // namespace stator::engine
