// What a statement answers, assembled from the operations it ran: their consumed capacity added
// up, and items shaped by the projection (a nested path's value answered under its last name).
//
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "api/partiql/ast.h"
#include "stator/requests.h"

namespace stator::partiql {

// Adds `c` to `*total` (per table and index), starting it when empty.
void AddCapacity(const std::optional<ConsumedCapacity>& c, std::optional<ConsumedCapacity>* total);
// Adds `c` to the entry of its table in `*per_table`.
void AddCapacity(const ConsumedCapacity& c, std::vector<ConsumedCapacity>* per_table);

// The name a projected path's value is answered under: its last name, with the indexes after it
// ("k[1]" for m.k[1]).
std::string ProjectedName(const Path& p);

// Whether a projection needs ShapeItem: it has a path of more than one step.
bool NeedsShaping(const std::vector<Path>& projection);

// `item` (read whole, or projected on the paths' first names) with each projected path's value
// under ProjectedName.
Item ShapeItem(const Item& item, const std::vector<Path>& projection);

}  // namespace stator::partiql
