// libFuzzer target: any byte string, taken as a condition, update or projection expression,
// must end in a tree or a ValidationException, never a crash, a hang or a sanitizer report.
// Parsed trees are also resolved against fixed names/values and evaluated or applied on a
// sample item, so the later stages see every shape the parser accepts.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/model/expressions/condition_evaluator.h"
#include "engine/model/expressions/key_condition.h"
#include "engine/model/expressions/parser.h"
#include "engine/model/expressions/projection.h"
#include "engine/model/expressions/resolver.h"
#include "engine/model/expressions/update_applier.h"

namespace {

using namespace stator;  // NOLINT: a fuzz driver

const ExpressionAttributeNames& Names() {
  static const auto* names = new ExpressionAttributeNames{{"#a", "a"}, {"#b", "b"}, {"#l", "l"}};
  return *names;
}

const ExpressionAttributeValues& Values() {
  static const auto* values = new ExpressionAttributeValues{
      {":s", AttributeValue::S("x")},       {":n", AttributeValue::N("1")},
      {":l", AttributeValue::L({})},        {":ss", AttributeValue::SS({"x"})},
      {":t", AttributeValue::S("S")},       {":m", AttributeValue::M({})}};
  return *values;
}

Item SampleItem() {
  return {{"a", AttributeValue::S("xyz")},
          {"b", AttributeValue::N("5")},
          {"l", AttributeValue::L({AttributeValue::N("1"), AttributeValue::M({})})},
          {"m", AttributeValue::M({{"a", AttributeValue::SS({"x", "y"})}})}};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  const KeySchema schema{{"a", ScalarType::kS}, KeyAttribute{"b", ScalarType::kN}};
  expr::Resolver resolver(Names(), Values());
  switch (data[0] % 4) {
    case 0: {
      auto parsed = expr::ParseCondition(text, expr::ExpressionKind::kCondition);
      if (!parsed.ok()) break;
      auto resolved = resolver.ResolveCondition(*parsed, expr::ExpressionKind::kCondition);
      if (resolved.ok()) (void)expr::Evaluate(*resolved, SampleItem());
      break;
    }
    case 1: {
      auto parsed = expr::ParseUpdate(text);
      if (!parsed.ok()) break;
      auto resolved = resolver.ResolveUpdate(*parsed);
      if (!resolved.ok()) break;
      Item item = SampleItem();
      (void)expr::ApplyUpdate(*resolved, &item);
      break;
    }
    case 2: {
      auto parsed = expr::ParseProjection(text);
      if (!parsed.ok()) break;
      auto resolved = resolver.ResolveProjection(*parsed);
      if (resolved.ok()) (void)expr::Project(SampleItem(), resolved->paths);
      break;
    }
    default: {
      auto parsed = expr::ParseCondition(text, expr::ExpressionKind::kKeyCondition);
      if (!parsed.ok()) break;
      auto resolved = resolver.ResolveCondition(*parsed, expr::ExpressionKind::kKeyCondition);
      if (resolved.ok()) (void)expr::KeyConditionFromExpression(*resolved, schema);
      break;
    }
  }
  (void)resolver.CheckUnused();
  return 0;
}
