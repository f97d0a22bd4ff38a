// The enum members of DynamoDB's request parameters, each with its value set as the service
// lists it in a constraint message (the service's own order, not alphabetical). Shared by every
// codec that decodes these parameters.
#pragma once

#include <string_view>

#include "api/json_reader.h"
#include "stator/requests.h"

namespace stator::api {

inline constexpr EnumEntry<ReturnValue> kReturnValues[] = {{"NONE", ReturnValue::kNone},
                                                    {"ALL_OLD", ReturnValue::kAllOld},
                                                    {"UPDATED_OLD", ReturnValue::kUpdatedOld},
                                                    {"ALL_NEW", ReturnValue::kAllNew},
                                                    {"UPDATED_NEW", ReturnValue::kUpdatedNew}};
inline constexpr std::string_view kReturnValueSet =
    "[ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]";
inline constexpr EnumEntry<ReturnConsumedCapacity> kReturnConsumedCapacities[] = {
    {"NONE", ReturnConsumedCapacity::kNone},
    {"TOTAL", ReturnConsumedCapacity::kTotal},
    {"INDEXES", ReturnConsumedCapacity::kIndexes}};
inline constexpr std::string_view kReturnConsumedCapacitySet = "[INDEXES, TOTAL, NONE]";
inline constexpr EnumEntry<ReturnItemCollectionMetrics> kReturnItemCollectionMetrics[] = {
    {"NONE", ReturnItemCollectionMetrics::kNone}, {"SIZE", ReturnItemCollectionMetrics::kSize}};
inline constexpr std::string_view kReturnItemCollectionMetricsSet = "[SIZE, NONE]";
inline constexpr EnumEntry<bool> kReturnOnConditionFailure[] = {{"ALL_OLD", true}, {"NONE", false}};
inline constexpr std::string_view kReturnOnConditionFailureSet = "[ALL_OLD, NONE]";
inline constexpr EnumEntry<ConditionalOperator> kConditionalOperators[] = {
    {"AND", ConditionalOperator::kAnd}, {"OR", ConditionalOperator::kOr}};
inline constexpr std::string_view kConditionalOperatorSet = "[AND, OR]";
inline constexpr EnumEntry<ComparisonOperator> kComparisonOperators[] = {
    {"EQ", ComparisonOperator::kEQ},
    {"NE", ComparisonOperator::kNE},
    {"IN", ComparisonOperator::kIN},
    {"LE", ComparisonOperator::kLE},
    {"LT", ComparisonOperator::kLT},
    {"GE", ComparisonOperator::kGE},
    {"GT", ComparisonOperator::kGT},
    {"BETWEEN", ComparisonOperator::kBETWEEN},
    {"NOT_NULL", ComparisonOperator::kNOT_NULL},
    {"NULL", ComparisonOperator::kNULL},
    {"CONTAINS", ComparisonOperator::kCONTAINS},
    {"NOT_CONTAINS", ComparisonOperator::kNOT_CONTAINS},
    {"BEGINS_WITH", ComparisonOperator::kBEGINS_WITH}};
inline constexpr std::string_view kComparisonOperatorSet =
    "[IN, NULL, BETWEEN, LT, NOT_CONTAINS, EQ, GT, NOT_NULL, NE, LE, BEGINS_WITH, GE, CONTAINS]";
inline constexpr EnumEntry<AttributeAction> kAttributeActions[] = {{"PUT", AttributeAction::kPut},
                                                            {"ADD", AttributeAction::kAdd},
                                                            {"DELETE", AttributeAction::kDelete}};
inline constexpr std::string_view kAttributeActionSet = "[ADD, PUT, DELETE]";

// The wire name of `value` in `entries` (the client codecs write requests with it).
template <class E, size_t N>
constexpr std::string_view NameOf(const EnumEntry<E> (&entries)[N], E value) {
  for (const auto& e : entries) {
    if (e.value == value) return e.name;
  }
  return {};
}

}  // namespace stator::api
