// Expression costs per request: parse (through the cache, or not) + bind + evaluate a typical
// condition (3 comparisons, 1 function) on a 20-attribute item; the same through PrepareWrite as
// the item operations call it; and parse + resolve + apply a 4-action update.
#include <benchmark/benchmark.h>

#include "engine/model/expressions/condition_evaluator.h"
#include "engine/model/expressions/expression_cache.h"
#include "engine/model/expressions/parser.h"
#include "engine/model/expressions/request_expressions.h"
#include "engine/model/expressions/resolver.h"
#include "engine/model/expressions/update_applier.h"

namespace stator::expr {
namespace {

Item TwentyAttributes() {
  Item item;
  for (int i = 0; i < 16; ++i) {
    item["attr" + std::to_string(i)] = AttributeValue::S("value-" + std::to_string(i));
  }
  item["id"] = AttributeValue::S("user#1234");
  item["status"] = AttributeValue::S("ACTIVE");
  item["version"] = AttributeValue::N("41");
  item["tags"] = AttributeValue::SS({"a", "b", "c"});
  return item;
}

// What PutItem/UpdateItem/DeleteItem do per request before and under the item lock: check and
// bind the request's expression parameters (parsed trees come from the cache), then evaluate.
void BM_PreparedWriteCondition(benchmark::State& state) {
  const Item item = TwentyAttributes();
  WriteConditions w;
  w.condition_expression =
      "#s = :active AND version < :max AND attr3 <> :blocked AND attribute_exists(id)";
  w.expression_attribute_names = {{"#s", "status"}};
  w.expression_attribute_values = {{":active", AttributeValue::S("ACTIVE")},
                                   {":max", AttributeValue::N("42")},
                                   {":blocked", AttributeValue::S("nope")}};
  for (auto _ : state) {
    auto prepared = PrepareWrite(WriteOperation::kPut, w);
    benchmark::DoNotOptimize(prepared->condition.Matches(&item));
  }
}
BENCHMARK(BM_PreparedWriteCondition);

constexpr char kCondition[] =
    "#s = :active AND version < :max AND attr3 <> :blocked AND attribute_exists(id)";

void BM_ConditionParseResolveEvaluate(benchmark::State& state) {
  const Item item = TwentyAttributes();
  const ExpressionAttributeNames names = {{"#s", "status"}};
  ExpressionAttributeValues values = {{":active", AttributeValue::S("ACTIVE")},
                                      {":max", AttributeValue::N("42")},
                                      {":blocked", AttributeValue::S("nope")}};
  const bool uncached = state.range(0) == 0;
  for (auto _ : state) {
    ExpressionAttributeValues request_values = values;  // as each request brings its own
    (void)NormalizeExpressionValues(&request_values);
    std::shared_ptr<const Condition> parsed;
    if (uncached) {
      parsed = std::make_shared<const Condition>(
          ParseCondition(kCondition, ExpressionKind::kCondition).value());
    } else {
      parsed = CachedCondition(kCondition, ExpressionKind::kCondition).value();
    }
    Resolver resolver(names, request_values);
    auto bindings = resolver.BindCondition(*parsed, ExpressionKind::kCondition);
    (void)resolver.CheckUnused();
    benchmark::DoNotOptimize(Evaluate(*parsed, item, *bindings));
  }
}
BENCHMARK(BM_ConditionParseResolveEvaluate)->Arg(1)->Arg(0)->ArgName("cached");

void BM_ConditionEvaluateOnly(benchmark::State& state) {
  const Item item = TwentyAttributes();
  const ExpressionAttributeNames names = {{"#s", "status"}};
  ExpressionAttributeValues values = {{":active", AttributeValue::S("ACTIVE")},
                                      {":max", AttributeValue::N("42")},
                                      {":blocked", AttributeValue::S("nope")}};
  auto parsed = ParseCondition(kCondition, ExpressionKind::kCondition);
  Resolver resolver(names, values);
  auto resolved = resolver.ResolveCondition(*parsed, ExpressionKind::kCondition);
  for (auto _ : state) benchmark::DoNotOptimize(Evaluate(*resolved, item));
}
BENCHMARK(BM_ConditionEvaluateOnly);

void BM_UpdateFourActions(benchmark::State& state) {
  const Item item = TwentyAttributes();
  constexpr char kUpdate[] =
      "SET version = version + :one, attr1 = :v, attr2 = if_not_exists(attr2, :v) "
      "REMOVE attr5";
  ExpressionAttributeValues values = {{":one", AttributeValue::N("1")},
                                      {":v", AttributeValue::S("new")}};
  for (auto _ : state) {
    ExpressionAttributeValues request_values = values;
    (void)NormalizeExpressionValues(&request_values);
    auto parsed = CachedUpdate(kUpdate);
    Resolver resolver({}, request_values);
    auto resolved = resolver.ResolveUpdate(**parsed);
    Item copy = item;
    benchmark::DoNotOptimize(ApplyUpdate(*resolved, &copy).ok());
  }
}
BENCHMARK(BM_UpdateFourActions);

}  // namespace
}  // namespace stator::expr
