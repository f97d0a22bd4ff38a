#include "engine/model/expressions/request_expressions.h"

#include <cctype>
#include <set>

#include "engine/model/expressions/condition_evaluator.h"
#include "engine/model/expressions/expression_cache.h"
#include "engine/model/expressions/legacy_conditions.h"
#include "engine/model/expressions/resolver.h"
#include "engine/model/item_validation.h"

namespace stator::expr {
namespace {

bool ValidPlaceholder(std::string_view key, char sigil) {
  if (key.size() < 2 || key[0] != sigil) return false;
  for (char c : key.substr(1)) {
    const bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                      (c >= '0' && c <= '9') || c == '_';
    if (!word) return false;
  }
  return true;
}

std::string Join(const std::vector<std::string_view>& parts) {
  std::string out;
  for (auto p : parts) out += (out.empty() ? "" : ", ") + std::string(p);
  return out;
}

}  // namespace

bool PreparedCondition::Matches(const Item* item) const {
  if (condition_) {
    static const Item kEmpty;
    return Evaluate(*condition_, item ? *item : kEmpty, bindings_);
  }
  if (!expected_.empty()) return MatchesExpected(expected_, conditional_operator_, item);
  return true;
}

Status MixedParameters(const std::vector<std::string_view>& legacy,
                       const std::vector<std::string_view>& expressions) {
  if (legacy.empty() || expressions.empty()) return Status::OK();
  return Status::Validation(
      "Can not use both expression and non-expression parameters in the same request: "
      "Non-expression parameters: {" + Join(legacy) + "} Expression parameters: {" +
      Join(expressions) + "}");
}

Status CheckExpressionNames(const ExpressionAttributeNames& names) {
  for (const auto& [key, value] : names) {
    if (!ValidPlaceholder(key, '#')) {
      return Status::Validation("ExpressionAttributeNames contains invalid key: Syntax error; "
                                "key: \"" + key + "\"");
    }
    STATOR_RETURN_IF_ERROR(CheckAttributeName(value));
  }
  return Status::OK();
}

Status NormalizeExpressionValues(ExpressionAttributeValues* values) {
  for (auto& [key, value] : *values) {
    if (!ValidPlaceholder(key, ':')) {
      return Status::Validation("ExpressionAttributeValues contains invalid key: Syntax error; "
                                "key: \"" + key + "\"");
    }
  }
  for (auto& [key, value] : *values) {
    Status s = NormalizeValue(&value);
    // A name too large is reported as itself, not as an invalid value.
    if (s.message() == kAttributeNameTooLarge) return s;
    if (!s.ok()) {
      return Status::Validation("ExpressionAttributeValues contains invalid value: " +
                                s.message() + " for key " + key);
    }
  }
  return Status::OK();
}

// Builds a PreparedWrite; a friend of PreparedCondition.
class WritePreparer {
 public:
  static Result<PreparedWrite> Run(WriteOperation op, const WriteConditions& w,
                                   const std::optional<std::string>& update_expression,
                                   bool has_attribute_updates);
};

Result<PreparedWrite> WritePreparer::Run(WriteOperation op, const WriteConditions& w,
                                         const std::optional<std::string>& update_expression,
                                         bool has_attribute_updates) {
  std::vector<std::string_view> legacy, expressions;
  if (has_attribute_updates) legacy.push_back("AttributeUpdates");
  if (!w.expected.empty()) legacy.push_back("Expected");
  if (w.conditional_operator) legacy.push_back("ConditionalOperator");
  if (update_expression) expressions.push_back("UpdateExpression");
  if (w.condition_expression) expressions.push_back("ConditionExpression");
  STATOR_RETURN_IF_ERROR(MixedParameters(legacy, expressions));
  if (w.conditional_operator && w.expected.empty()) {
    return Status::Validation(std::string(kConditionalOperatorWithoutConditions));
  }
  if (expressions.empty()) {
    if (!w.expression_attribute_names.empty()) {
      return Status::Validation(
          "ExpressionAttributeNames can only be specified when using expressions");
    }
    if (!w.expression_attribute_values.empty()) {
      return Status::Validation(
          op == WriteOperation::kUpdate
              ? "ExpressionAttributeValues can only be specified when using expressions: "
                "UpdateExpression and ConditionExpression are null"
              : "ExpressionAttributeValues can only be specified when using expressions: "
                "ConditionExpression is null");
    }
    // No condition and no update expression, as in most puts and deletes: nothing to prepare.
    if (w.expected.empty()) return PreparedWrite();
  }
  STATOR_RETURN_IF_ERROR(CheckExpressionNames(w.expression_attribute_names));
  PreparedWrite out;
  out.values = std::make_unique<ExpressionAttributeValues>(w.expression_attribute_values);
  STATOR_RETURN_IF_ERROR(NormalizeExpressionValues(out.values.get()));
  Resolver resolver(w.expression_attribute_names, *out.values);
  if (update_expression) {
    auto parsed = CachedUpdate(*update_expression);
    if (!parsed.ok()) return parsed.status();
    auto resolved = resolver.ResolveUpdate(**parsed);
    if (!resolved.ok()) return resolved.status();
    out.update = std::move(resolved).value();
  }
  if (w.condition_expression) {
    auto parsed = CachedCondition(*w.condition_expression, ExpressionKind::kCondition);
    if (!parsed.ok()) return parsed.status();
    auto bindings = resolver.BindCondition(**parsed, ExpressionKind::kCondition);
    if (!bindings.ok()) return bindings.status();
    out.condition.condition_ = *parsed;
    out.condition.bindings_ = std::move(bindings).value();
  }
  STATOR_RETURN_IF_ERROR(resolver.CheckUnused());
  if (!w.expected.empty()) {
    out.condition.expected_ = w.expected;
    STATOR_RETURN_IF_ERROR(CheckExpected(&out.condition.expected_));
    out.condition.conditional_operator_ = w.conditional_operator;
  }
  return out;
}

Result<PreparedWrite> PrepareWrite(WriteOperation op, const WriteConditions& w,
                                   const std::optional<std::string>& update_expression,
                                   bool has_attribute_updates) {
  return WritePreparer::Run(op, w, update_expression, has_attribute_updates);
}

Result<std::optional<std::vector<Path>>> PrepareProjection(
    const std::optional<std::string>& projection_expression,
    const std::optional<std::vector<std::string>>& attributes_to_get,
    const ExpressionAttributeNames& names) {
  if (attributes_to_get && projection_expression) {
    return MixedParameters({"AttributesToGet"}, {"ProjectionExpression"});
  }
  if (!projection_expression) {
    if (!names.empty()) {
      return Status::Validation(
          "ExpressionAttributeNames can only be specified when using expressions");
    }
    if (!attributes_to_get) return std::optional<std::vector<Path>>();
    std::vector<Path> paths;
    std::set<std::string_view> seen;
    for (const auto& name : *attributes_to_get) {
      // A name given twice is refused (architect/dynalite test/getItem.js, written against the
      // live service; DynamoDB Local agrees).
      if (!seen.insert(name).second) {
        return Status::Validation(
            "One or more parameter values were invalid: Duplicate value in attribute name: " +
            name);
      }
      paths.push_back({PathElement{name, -1, false}});
    }
    return std::optional<std::vector<Path>>(std::move(paths));
  }
  STATOR_RETURN_IF_ERROR(CheckExpressionNames(names));
  auto parsed = CachedProjection(*projection_expression);
  if (!parsed.ok()) return parsed.status();
  static const ExpressionAttributeValues kNoValues;
  Resolver resolver(names, kNoValues);
  auto resolved = resolver.ResolveProjection(**parsed);
  if (!resolved.ok()) return resolved.status();
  STATOR_RETURN_IF_ERROR(resolver.CheckUnused());
  return std::optional<std::vector<Path>>(std::move(resolved->paths));
}

}  // namespace stator::expr
