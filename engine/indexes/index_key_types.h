// An index added by UpdateTable may not give an attribute another type than the table's key or an
// existing index's key gives it: every write is checked against one declared type per attribute.
// The service refuses it with "One or more parameter values were invalid: Attributes cannot be
// redefined. Please check that your attribute has the same type as previously defined. Existing
// schema: Schema:[SchemaElement: key{xyz:S:HASH}] New schema: Schema:[SchemaElement:
// key{xyz:N:HASH}]" (recorded against the service in scylladb's
// test/alternator/test_gsi_updatetable.py).
//
// Thread safety: pure function.
#pragma once

#include <vector>

#include "engine/tables/table.h"
#include "stator/status.h"

namespace stator::engine {

// OK when every attribute of `added` has the type the table's key and `existing` indexes give it;
// else the ValidationException naming the first key schema (the table's, then the indexes' in
// order) that gives one of its attributes another type.
Status CheckKeyTypesUnchanged(const KeySchema& added, const KeySchema& table_key,
                              const std::vector<IndexDef>& existing);

}  // namespace stator::engine
