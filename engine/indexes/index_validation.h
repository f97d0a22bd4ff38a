// Validation of the secondary indexes of a CreateTable request, in the service's order of checks
// and words, and their translation into IndexDefs.
//
// Thread safety: pure functions.
#pragma once

#include <vector>

#include "engine/tables/table.h"
#include "stator/requests.h"
#include "stator/status.h"

namespace stator::engine {

inline constexpr size_t kMaxLocalIndexes = 5;
inline constexpr size_t kMaxGlobalIndexes = 20;
inline constexpr size_t kMaxProjectedAttributes = 100;
// A GSI's multi-attribute key: at most this many HASH and this many RANGE attributes.
inline constexpr size_t kMaxKeyAttributes = 4;

// Checks the LocalSecondaryIndexes and GlobalSecondaryIndexes of a request whose table key
// schema was already checked, and every AttributeDefinition being used by some key. Appends the
// indexes (ids unset) to *out.
Status CheckCreateIndexes(const CreateTableRequest& r, const KeySchema& table_key,
                          std::vector<IndexDef>* out);

}  // namespace stator::engine
