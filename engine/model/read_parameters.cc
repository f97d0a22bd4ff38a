// Query's and Scan's parameters checked as the service checks them before reading.
#include "engine/model/read_parameters.h"

#include <set>

#include "engine/model/expressions/condition_evaluator.h"
#include "engine/model/expressions/expression_cache.h"
#include "engine/model/expressions/legacy_conditions.h"
#include "engine/model/expressions/request_expressions.h"
#include "engine/model/expressions/resolver.h"
#include "engine/model/item_validation.h"
#include "engine/model/names.h"

namespace stator {
namespace {

std::string_view SelectName(Select s) {
  switch (s) {
    case Select::kAllAttributes: return "ALL_ATTRIBUTES";
    case Select::kAllProjectedAttributes: return "ALL_PROJECTED_ATTRIBUTES";
    case Select::kSpecificAttributes: return "SPECIFIC_ATTRIBUTES";
    case Select::kCount: return "only the Count";
  }
  return "";
}

// Select against the projection parameters, in the service's order of checks.
Result<Select> CheckSelect(const ReadRequest& r) {
  const bool projected = r.projection_expression || r.attributes_to_get;
  // Without Select, the service returns what a table holds, or what an index projects.
  if (!r.select) {
    if (projected) return Select::kSpecificAttributes;
    return r.index_name ? Select::kAllProjectedAttributes : Select::kAllAttributes;
  }
  const Select s = *r.select;
  if (projected && s != Select::kSpecificAttributes) {
    return Status::Validation(
        std::string("Cannot specify the ") +
        (r.projection_expression ? "ProjectionExpression" : "AttributesToGet") +
        " when choosing to get " + std::string(SelectName(s)));
  }
  if (s == Select::kAllProjectedAttributes && !r.index_name) {
    return Status::Validation(
        "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName");
  }
  if (s == Select::kSpecificAttributes && !projected) {
    return Status::Validation(
        "Must specify the AttributesToGet or ProjectionExpression when choosing to get "
        "SPECIFIC_ATTRIBUTES");
  }
  return s;
}

expr::LegacyConditions ToLegacy(const ConditionMap& map) {
  expr::LegacyConditions out;
  for (const auto& [name, c] : map) {
    out.emplace(name, expr::LegacyCondition{c.comparison_operator, c.attribute_value_list});
  }
  return out;
}

Status CheckMixing(ReadKind kind, const ReadRequest& r, bool has_key_expression,
                   bool has_key_conditions, bool has_legacy_filter) {
  std::vector<std::string_view> legacy, expressions;
  if (r.attributes_to_get) legacy.push_back("AttributesToGet");
  if (has_legacy_filter) legacy.push_back(kind == ReadKind::kQuery ? "QueryFilter" : "ScanFilter");
  if (r.conditional_operator) legacy.push_back("ConditionalOperator");
  // KeyConditions goes with a FilterExpression or ProjectionExpression: the service refuses it
  // only beside a KeyConditionExpression (measured against the service, ExtendDB/extenddb#213).
  if (has_key_conditions && has_key_expression) legacy.push_back("KeyConditions");
  if (r.projection_expression) expressions.push_back("ProjectionExpression");
  if (r.filter_expression) expressions.push_back("FilterExpression");
  if (has_key_expression) expressions.push_back("KeyConditionExpression");
  STATOR_RETURN_IF_ERROR(expr::MixedParameters(legacy, expressions));
  if (r.conditional_operator && !has_legacy_filter) {
    return Status::Validation(std::string(expr::kConditionalOperatorWithoutConditions));
  }
  if (!expressions.empty()) return Status::OK();
  if (!r.expression_attribute_names.empty()) {
    return Status::Validation(
        "ExpressionAttributeNames can only be specified when using expressions");
  }
  if (!r.expression_attribute_values.empty()) {
    return Status::Validation(
        kind == ReadKind::kQuery
            ? "ExpressionAttributeValues can only be specified when using expressions: "
              "KeyConditionExpression and FilterExpression are null"
            : "ExpressionAttributeValues can only be specified when using expressions: "
              "FilterExpression is null");
  }
  return Status::OK();
}

Status ResolveExpressions(const ReadRequest& r, const std::optional<std::string>* key_expression,
                          PreparedRead* out) {
  STATOR_RETURN_IF_ERROR(expr::CheckExpressionNames(r.expression_attribute_names));
  out->values = std::make_unique<ExpressionAttributeValues>(r.expression_attribute_values);
  STATOR_RETURN_IF_ERROR(expr::NormalizeExpressionValues(out->values.get()));
  expr::Resolver resolver(r.expression_attribute_names, *out->values);
  auto condition = [&](const std::string& text, expr::ExpressionKind kind,
                       std::optional<expr::Condition>* slot) -> Status {
    auto parsed = expr::CachedCondition(text, kind);
    if (!parsed.ok()) return parsed.status();
    auto resolved = resolver.ResolveCondition(**parsed, kind);
    if (!resolved.ok()) return resolved.status();
    *slot = std::move(resolved).value();
    return Status::OK();
  };
  if (key_expression && key_expression->has_value()) {
    STATOR_RETURN_IF_ERROR(condition(**key_expression, expr::ExpressionKind::kKeyCondition,
                                     &out->key_condition));
  }
  if (r.filter_expression) {
    STATOR_RETURN_IF_ERROR(
        condition(*r.filter_expression, expr::ExpressionKind::kFilter, &out->filter));
  }
  if (r.projection_expression) {
    auto parsed = expr::CachedProjection(*r.projection_expression);
    if (!parsed.ok()) return parsed.status();
    auto resolved = resolver.ResolveProjection(**parsed);
    if (!resolved.ok()) return resolved.status();
    out->projection = std::move(resolved->paths);
  }
  return resolver.CheckUnused();
}

Status CheckAttributesToGet(const std::vector<std::string>& names) {
  std::set<std::string_view> seen;
  for (const auto& name : names) {
    if (!seen.insert(name).second) {
      return Status::Validation(
          "One or more parameter values were invalid: Duplicate value in attribute name: " + name);
    }
  }
  return Status::OK();
}

Status NormalizeStartKey(Item* key) {
  for (auto& [name, value] : *key) {
    Status s = NormalizeValue(&value);
    if (!s.ok()) return Status::Validation(std::string(kInvalidStartKey) + ": " + s.message());
  }
  return Status::OK();
}

}  // namespace

Result<PreparedRead> PrepareRead(ReadKind kind, const ReadRequest& r,
                                 const std::optional<std::string>* key_condition_expression,
                                 const std::optional<ConditionMap>* key_conditions,
                                 const std::optional<ConditionMap>& legacy_filter) {
  PreparedRead out;
  STATOR_RETURN_IF_ERROR(CheckReadNames(r));  // names' constraints come before all else
  auto select = CheckSelect(r);
  if (!select.ok()) return select.status();
  out.select = *select;
  const bool has_key_expression =
      key_condition_expression != nullptr && key_condition_expression->has_value();
  const bool has_key_conditions = key_conditions != nullptr && key_conditions->has_value();
  STATOR_RETURN_IF_ERROR(
      CheckMixing(kind, r, has_key_expression, has_key_conditions, legacy_filter.has_value()));
  if (kind == ReadKind::kQuery && !has_key_expression && !has_key_conditions) {
    return Status::Validation(
        "Either the KeyConditions or KeyConditionExpression parameter must be specified in the "
        "request.");
  }
  STATOR_RETURN_IF_ERROR(ResolveExpressions(r, key_condition_expression, &out));
  if (r.attributes_to_get) {
    STATOR_RETURN_IF_ERROR(CheckAttributesToGet(*r.attributes_to_get));
    std::vector<expr::Path> paths;
    for (const auto& name : *r.attributes_to_get) {
      paths.push_back({expr::PathElement{name, -1, false}});
    }
    out.projection = std::move(paths);
  }
  if (has_key_conditions) out.key_conditions = ToLegacy(**key_conditions);
  if (legacy_filter) out.legacy_filter = ToLegacy(*legacy_filter);
  out.conditional_operator = r.conditional_operator;
  if (r.exclusive_start_key) {
    out.start_key = *r.exclusive_start_key;
    STATOR_RETURN_IF_ERROR(NormalizeStartKey(&*out.start_key));
  }
  return out;
}

}  // namespace stator
