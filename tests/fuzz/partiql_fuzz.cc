// libFuzzer target: any byte string, taken as a PartiQL statement, must end in a parsed statement
// or a ValidationException, never a crash, a hang or a sanitizer report. Parsed statements are
// also planned (read and write plans, values bound to sample parameters) against a fixed table,
// so the planners see every shape the parser accepts.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "api/partiql/parser.h"
#include "api/partiql/read_plan.h"
#include "api/partiql/write_plan.h"

namespace {

using namespace stator;           // NOLINT: a fuzz driver
using namespace stator::partiql;  // NOLINT

const TableKeys& Keys() {
  static const auto* keys = [] {
    auto* k = new TableKeys;
    k->table = KeyNames{"pk", std::string("sk")};
    k->indexes["i"] = KeyNames{"g", std::nullopt};
    k->types = {{"pk", ScalarType::kS}, {"sk", ScalarType::kN}, {"g", ScalarType::kS}};
    return k;
  }();
  return *keys;
}

const std::vector<AttributeValue>& Parameters() {
  static const auto* p = new std::vector<AttributeValue>{
      AttributeValue::S("x"), AttributeValue::N("1"), AttributeValue::SS({"a"}),
      AttributeValue::M({{"pk", AttributeValue::S("k")}, {"sk", AttributeValue::N("2")}})};
  return *p;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = ParseStatement(text);
  if (!parsed.ok()) return 0;
  if (const auto* select = std::get_if<SelectStatement>(&parsed->body)) {
    (void)PlanSelect(*select, Keys(), Parameters(), ReadSettings{});
  } else {
    (void)PlanWrite(*parsed, Keys(), Parameters());
  }
  return 0;
}
