// The cost of secondary indexes on the write path: PutItem of ~1 KB items (overwrites of 1000
// keys, so each put replaces an old item and its index entries) on a table without indexes and
// on one with 2 GSIs and 1 LSI, all with ALL projection, in memory. The ratio of the two is the
// figure the indexes issue asks for (target: each index adds at most 50% of the base write).
// The 1000 items are loaded (by BatchWriteItem, so that a callgrind run toggled on PutItem counts
// only the timed puts) before the timed loop, which so measures overwrites from its first put.
// changed:0 rewrites each item as it is (index entries unchanged); changed:1 changes a non-key
// attribute on every put, so every ALL-projection entry must be rewritten.
#include <benchmark/benchmark.h>

#include <vector>

#include "stator/database.h"

namespace stator {
namespace {

const CallOptions kCall;

std::unique_ptr<Database> OpenWithTable(bool indexed) {
  Options options;
  options.in_memory = true;
  auto db = std::move(Database::Open(options)).value();
  CreateTableRequest create;
  create.table_name = "bench";
  create.attribute_definitions = {{"id", ScalarType::kS}, {"sk", ScalarType::kN}};
  create.key_schema = {{"id", KeyType::kHash}, {"sk", KeyType::kRange}};
  create.billing_mode = BillingMode::kPayPerRequest;
  if (indexed) {
    create.attribute_definitions.push_back({"g1", ScalarType::kS});
    create.attribute_definitions.push_back({"g2", ScalarType::kN});
    create.attribute_definitions.push_back({"l", ScalarType::kS});
    const Projection all{ProjectionType::kAll, {}};
    create.global_secondary_indexes = {
        {"gsi1", {{"g1", KeyType::kHash}, {"sk", KeyType::kRange}}, all, {}, {}},
        {"gsi2", {{"g2", KeyType::kHash}}, all, {}, {}}};
    create.local_secondary_indexes = {
        {"lsi", {{"id", KeyType::kHash}, {"l", KeyType::kRange}}, all}};
  }
  (void)db->CreateTable(kCall, create);
  return db;
}

void BM_PutItemIndexes(benchmark::State& state) {
  auto db = OpenWithTable(state.range(0) == 1);
  std::vector<PutItemRequest> puts(1000);
  for (int i = 0; i < 1000; ++i) {
    puts[i].table_name = "bench";
    Item& item = puts[i].item;
    item["id"] = AttributeValue::S("user" + std::to_string(i));
    item["sk"] = AttributeValue::N(std::to_string(i % 10));
    item["g1"] = AttributeValue::S("group" + std::to_string(i % 50));
    item["g2"] = AttributeValue::N(std::to_string(i % 7));
    item["l"] = AttributeValue::S("local" + std::to_string(i));
    item["version"] = AttributeValue::S("10000000");
    for (int f = 0; f < 9; ++f) {
      item["field" + std::to_string(f)] = AttributeValue::S(std::string(94, char('a' + f)));
    }
  }
  for (size_t first = 0; first < puts.size(); first += 25) {
    BatchWriteItemRequest batch;
    for (size_t k = first; k < first + 25 && k < puts.size(); ++k) {
      WriteRequest write;
      write.put_item = puts[k].item;
      batch.request_items["bench"].push_back(std::move(write));
    }
    if (!db->BatchWriteItem(kCall, batch).ok()) state.SkipWithError("load failed");
  }
  const bool changed = state.range(1) == 1;
  int64_t version = 0;
  int i = 0;
  for (auto _ : state) {
    PutItemRequest& put = puts[i++ % puts.size()];
    // A string of eight digits: the item's size stays the same (a number's size varies with its
    // significant digits), as in a steady stream of same-sized updates.
    if (changed) put.item["version"] = AttributeValue::S(std::to_string(10'000'000 + ++version));
    auto result = db->PutItem(kCall, put);
    if (!result.ok()) state.SkipWithError(result.status().message().c_str());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PutItemIndexes)
    ->ArgsProduct({{0, 1}, {0, 1}})
    ->ArgNames({"indexed", "changed"});

// The read-side price of ALL entries being references (index_codec.h): a Query of the 100 items
// of one GSI partition (ALL projection), each entry read with its item at the iterator's
// snapshot, against a Query of the same 100 items from their base-table partition, one range
// read. ~1 KB items as above; 1000 items in 10 partitions, in memory.
void BM_QueryIndex(benchmark::State& state) {
  const bool through_index = state.range(0) == 1;
  auto db = OpenWithTable(true);
  for (int first = 0; first < 1000; first += 25) {
    BatchWriteItemRequest batch;
    for (int i = first; i < first + 25; ++i) {
      WriteRequest write;
      Item& item = write.put_item.emplace();
      item["id"] = AttributeValue::S("user" + std::to_string(i / 100));
      item["sk"] = AttributeValue::N(std::to_string(i % 100));
      item["g1"] = AttributeValue::S("group" + std::to_string(i / 100));
      item["g2"] = AttributeValue::N(std::to_string(i % 7));
      item["l"] = AttributeValue::S("local" + std::to_string(i));
      for (int f = 0; f < 9; ++f) {
        item["field" + std::to_string(f)] = AttributeValue::S(std::string(94, char('a' + f)));
      }
      batch.request_items["bench"].push_back(std::move(write));
    }
    if (!db->BatchWriteItem(kCall, batch).ok()) state.SkipWithError("load failed");
  }
  QueryRequest query;
  query.table_name = "bench";
  if (through_index) {
    query.index_name = "gsi1";
    query.key_condition_expression = "g1 = :p";
    query.expression_attribute_values = {{":p", AttributeValue::S("group3")}};
  } else {
    query.key_condition_expression = "id = :p";
    query.expression_attribute_values = {{":p", AttributeValue::S("user3")}};
  }
  for (auto _ : state) {
    auto result = db->Query(kCall, query);
    if (!result.ok() || result->count != 100) {
      state.SkipWithError("the query did not return the partition's 100 items");
      break;
    }
    benchmark::DoNotOptimize(result);
  }
  state.SetItemsProcessed(state.iterations() * 100);
}
BENCHMARK(BM_QueryIndex)->Arg(0)->Arg(1)->ArgName("index");

}  // namespace
}  // namespace stator
