// KeySchema: the key of a table or an index as the data model sees it: which attributes, of
// which scalar type, form the partition and sort keys. Shared by the engine (tables, indexes)
// and the cache (which learns a table's key to tell which partition a Query reads).
//
// Thread safety: a plain value.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "stator/table_types.h"

namespace stator {

struct KeyAttribute {
  std::string name;
  ScalarType type = ScalarType::kS;
};

// A table's or an index's key. A GSI may name up to 4 partition-key and up to 4 sort-key
// attributes (the service's multi-attribute keys): `hash` and `range` are the first of each, and
// `more_hash` / `more_range` the others in KeySchema order. They stay empty for tables and LSIs,
// so the single-attribute paths never look past `hash` and `range`.
struct KeySchema {
  KeyAttribute hash;
  std::optional<KeyAttribute> range;
  std::vector<KeyAttribute> more_hash = {};
  std::vector<KeyAttribute> more_range = {};

  bool MultiAttribute() const { return !more_hash.empty() || !more_range.empty(); }
};

}  // namespace stator
