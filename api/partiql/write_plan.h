// How INSERT, UPDATE, DELETE and EXISTS(SELECT ...) run: the PutItem, UpdateItem, DeleteItem or
// ConditionCheck each stands for.
//  - INSERT: PutItem on condition that no item has the key (its failure is
//    DuplicateItemException).
//  - UPDATE: UpdateItem of the key the WHERE fixes, on condition that the item exists and that
//    the rest of the WHERE holds; set_add / set_delete are ADD / DELETE.
//  - DELETE: DeleteItem of the key, on condition that the rest of the WHERE holds.
//  - EXISTS(SELECT ...): a ConditionCheck of the key on the rest of the WHERE.
//
// Thread safety: pure functions.
#pragma once

#include <variant>
#include <vector>

#include "api/partiql/ast.h"
#include "api/partiql/table_keys.h"
#include "stator/requests.h"

namespace stator::partiql {

inline constexpr std::string_view kIncompleteKey =
    "Where clause does not contain a mandatory equality on all key attributes";
inline constexpr std::string_view kDuplicateItem = "Duplicate primary key exists in table";

// One planned write: a TransactWriteItem's alternatives, the same requests the single-item
// operations take.
using WritePlan = TransactWriteItem;

// Plans a write statement (not a SELECT). Errors: ValidationException for a WHERE that does not
// fix the whole key by `=`, a key value of the wrong type, an item that is not a tuple or lacks
// a key attribute, set_add / set_delete misused, a value that cannot be bound.
Result<WritePlan> PlanWrite(const Statement& statement, const TableKeys& keys,
                            const std::vector<AttributeValue>& parameters);

// The table a statement names.
const std::string& TableOf(const Statement& statement);

}  // namespace stator::partiql
