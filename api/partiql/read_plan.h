// How a SELECT runs: the GetItem, Query or Scan requests it stands for, as the service decides.
// A WHERE that fixes the partition key (by `=`, `IN` or an OR of `=`) reads by key: one GetItem
// per key when the whole key is fixed and nothing else is asked, else one Query per partition key
// value (a sort key condition becomes its key condition, the rest its filter); any other WHERE
// runs as a Scan whose filter is the WHERE.
//
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <vector>

#include "api/partiql/ast.h"
#include "api/partiql/table_keys.h"
#include "stator/requests.h"

namespace stator::partiql {

struct ReadPlan {
  enum class Kind { kGet, kQuery, kScan };
  Kind kind = Kind::kScan;
  // Only the request of the plan's kind is made: a read by key, the common case, builds no
  // Query or Scan request.
  std::vector<GetItemRequest> gets;         // kGet: one per key
  std::optional<QueryRequest> query;        // kQuery: key condition "<hash> = :pk ..."
  std::vector<AttributeValue> hash_values;  // kQuery: one query per value, bound to :pk
  std::optional<ScanRequest> scan;          // kScan
  bool full_key = false;  // every key attribute fixed by `=` and nothing else in the WHERE
};

// The placeholder of the partition key value in a planned Query's key condition.
inline constexpr std::string_view kHashValue = ":pk";

struct ReadSettings {
  bool consistent_read = false;
  std::optional<int64_t> limit;
  ReturnConsumedCapacity return_consumed_capacity = ReturnConsumedCapacity::kNone;
};

// Plans `s` against its table's keys. Errors: ValidationException (an unknown index, ORDER BY
// without a partition key condition or on another attribute, a value that cannot be bound).
Result<ReadPlan> PlanSelect(const SelectStatement& s, const TableKeys& keys,
                            const std::vector<AttributeValue>& parameters,
                            const ReadSettings& settings);

}  // namespace stator::partiql
