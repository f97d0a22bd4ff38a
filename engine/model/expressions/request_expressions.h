// The expression parameters of one item request, checked as the service checks them before it
// reads the table: legacy and expression parameters not mixed, ExpressionAttributeNames/Values
// only with expressions and well formed, every expression parsed (through the cache), resolved
// and validated, and no name or value left unused.
//
// Thread safety: a Prepared* object belongs to one request.
#pragma once

#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "engine/model/expressions/ast.h"
#include "stator/requests.h"
#include "stator/status.h"

namespace stator::expr {

// The condition of a write (ConditionExpression or Expected), ready to evaluate.
class PreparedCondition {
 public:
  // Whether the item (null: no item) satisfies the condition; true when there is none.
  bool Matches(const Item* item) const;
  bool empty() const { return !condition_ && expected_.empty(); }

 private:
  friend class WritePreparer;
  // The shared parsed ConditionExpression and this request's bindings of its placeholders
  // (pointing into the owner's names and values).
  std::shared_ptr<const Condition> condition_;
  Bindings bindings_;
  ExpectedMap expected_;
  std::optional<ConditionalOperator> conditional_operator_;
};

// A PutItem / DeleteItem / UpdateItem's expressions.
struct PreparedWrite {
  // Owns the normalised values the resolved trees and bindings point into. The bindings also
  // point into the request's ExpressionAttributeNames: a PreparedWrite lives within its request.
  std::unique_ptr<ExpressionAttributeValues> values;
  PreparedCondition condition;
  std::optional<UpdateExpression> update;  // resolved UpdateExpression
};

enum class WriteOperation : unsigned char { kPut, kDelete, kUpdate };

// Checks and prepares the conditions of a write; for UpdateItem also its UpdateExpression and
// the mixing of AttributeUpdates with it.
Result<PreparedWrite> PrepareWrite(WriteOperation op, const WriteConditions& w,
                                   const std::optional<std::string>& update_expression = {},
                                   bool has_attribute_updates = false);

// GetItem's ProjectionExpression or AttributesToGet, as paths (nullopt: the whole item).
Result<std::optional<std::vector<Path>>> PrepareProjection(
    const std::optional<std::string>& projection_expression,
    const std::optional<std::vector<std::string>>& attributes_to_get,
    const ExpressionAttributeNames& names);

// Checks ExpressionAttributeValues' keys and values and normalises them (numbers), with the
// service's "ExpressionAttributeValues contains invalid ..." messages.
Status NormalizeExpressionValues(ExpressionAttributeValues* values);

// Checks ExpressionAttributeNames' keys ("#" then letters, digits or underscores).
Status CheckExpressionNames(const ExpressionAttributeNames& names);

// ConditionalOperator given without the legacy conditions it joins (measured against the service,
// ExtendDB/extenddb#213).
inline constexpr std::string_view kConditionalOperatorWithoutConditions =
    "ConditionalOperator cannot be used without Filter or Expected";

// "Can not use both expression and non-expression parameters in the same request: ..."
Status MixedParameters(const std::vector<std::string_view>& legacy,
                       const std::vector<std::string_view>& expressions);

}  // namespace stator::expr
