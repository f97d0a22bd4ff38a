// What the engine benchmarks share: their ~1 KB item and their table.
#pragma once

#include <optional>
#include <string>

#include "stator/database.h"

namespace stator::bench_util {

// The key of item i: "user<i>".
inline std::string KeyOf(int i) { return std::string("user").append(std::to_string(i)); }

// Item i: its key "id" and ten string attributes of ~100 bytes, about 1 KB as the service counts
// it.
inline Item OneKilobyteItem(int i) {
  Item item{{"id", AttributeValue::S(KeyOf(i))}};
  for (int f = 0; f < 10; ++f) {
    item[std::string("field").append(std::to_string(f))] =
        AttributeValue::S(std::string(94, static_cast<char>('a' + f)));
  }
  return item;
}

// Creates the on-demand table "bench", keyed by the string "id", with a stream of `stream`'s view
// type when one is given.
inline Status CreateBenchTable(Database& db, std::optional<StreamViewType> stream = std::nullopt) {
  CreateTableRequest create;
  create.table_name = "bench";
  create.attribute_definitions = {{"id", ScalarType::kS}};
  create.key_schema = {{"id", KeyType::kHash}};
  create.billing_mode = BillingMode::kPayPerRequest;
  if (stream) create.stream_specification = StreamSpecification{true, stream};
  auto created = db.CreateTable(CallOptions(), create);
  return created.ok() ? Status::OK() : created.status();
}

}  // namespace stator::bench_util
