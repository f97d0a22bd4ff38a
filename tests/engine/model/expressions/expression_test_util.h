// Helpers of the expression tests: parse + resolve + evaluate/apply in one call, as a request
// would.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "engine/model/expressions/condition_evaluator.h"
#include "engine/model/expressions/parser.h"
#include "engine/model/expressions/request_expressions.h"
#include "engine/model/expressions/resolver.h"
#include "engine/model/expressions/update_applier.h"

namespace stator::expr::testing {

inline AttributeValue S(std::string s) { return AttributeValue::S(std::move(s)); }
inline AttributeValue N(std::string n) { return AttributeValue::N(std::move(n)); }

// The condition's value on `item`, or the error of parsing/resolving it.
inline Result<bool> EvalCondition(const std::string& text, const Item& item,
                                  ExpressionAttributeValues values = {},
                                  const ExpressionAttributeNames& names = {}) {
  STATOR_RETURN_IF_ERROR(NormalizeExpressionValues(&values));
  auto parsed = ParseCondition(text, ExpressionKind::kCondition);
  if (!parsed.ok()) return parsed.status();
  Resolver resolver(names, values);
  auto resolved = resolver.ResolveCondition(*parsed, ExpressionKind::kCondition);
  if (!resolved.ok()) return resolved.status();
  STATOR_RETURN_IF_ERROR(resolver.CheckUnused());
  return Evaluate(*resolved, item);
}

// The item after the update, or the error of parsing, resolving or applying it.
inline Result<Item> ApplyUpdateText(const std::string& text, Item item,
                                    ExpressionAttributeValues values = {},
                                    const ExpressionAttributeNames& names = {}) {
  STATOR_RETURN_IF_ERROR(NormalizeExpressionValues(&values));
  auto parsed = ParseUpdate(text);
  if (!parsed.ok()) return parsed.status();
  Resolver resolver(names, values);
  auto resolved = resolver.ResolveUpdate(*parsed);
  if (!resolved.ok()) return resolved.status();
  STATOR_RETURN_IF_ERROR(resolver.CheckUnused());
  STATOR_RETURN_IF_ERROR(ApplyUpdate(*resolved, &item));
  return item;
}

inline const Status& StatusOf(const Status& s) { return s; }
template <class T>
const Status& StatusOf(const Result<T>& r) { return r.status(); }

#define EXPECT_ERROR(result, text)                     \
  do {                                                 \
    auto&& _r = (result);                                \
    ASSERT_FALSE(_r.ok());                             \
    EXPECT_EQ(::stator::expr::testing::StatusOf(_r).message(), (text));       \
  } while (0)

}  // namespace stator::expr::testing
