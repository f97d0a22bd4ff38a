// The parameters of a Query or Scan, checked as the service checks them before it reads the
// table: Limit, Select, the mixing of legacy and expression parameters, every expression parsed
// and resolved against one set of ExpressionAttributeNames/Values. Shared by the engine, which
// then reads (engine/reads/read_request.h), and the cache, which learns from a Query's key
// condition which partition it reads.
//
// Thread safety: a PreparedRead belongs to one request.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/model/expressions/ast.h"
#include "engine/model/expressions/key_condition.h"
#include "stator/requests.h"
#include "stator/status.h"

namespace stator {

inline constexpr std::string_view kInvalidStartKey = "The provided starting key is invalid";

enum class ReadKind : unsigned char { kQuery, kScan };

struct PreparedRead {
  // Owns the normalised ExpressionAttributeValues the resolved trees point into.
  std::unique_ptr<ExpressionAttributeValues> values;
  std::optional<expr::Condition> key_condition;  // resolved KeyConditionExpression (Query)
  std::optional<expr::LegacyConditions> key_conditions;  // legacy KeyConditions (Query)
  std::optional<expr::Condition> filter;                 // resolved FilterExpression
  std::optional<expr::LegacyConditions> legacy_filter;   // QueryFilter / ScanFilter
  std::optional<ConditionalOperator> conditional_operator;
  std::optional<std::vector<expr::Path>> projection;  // nullopt: whole items
  Select select = Select::kAllAttributes;
  std::optional<Item> start_key;  // ExclusiveStartKey, values normalised
};

// Checks what can be checked without the table. `key_condition_expression`/`key_conditions`
// are Query's (null for Scan), `legacy_filter` is QueryFilter or ScanFilter.
Result<PreparedRead> PrepareRead(ReadKind kind, const ReadRequest& r,
                                 const std::optional<std::string>* key_condition_expression,
                                 const std::optional<ConditionMap>* key_conditions,
                                 const std::optional<ConditionMap>& legacy_filter);

}  // namespace stator
