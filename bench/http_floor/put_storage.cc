#include "bench/http_floor/put_storage.h"

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <string>

#include "engine/model/coding.h"
#include "engine/storage/key_codec.h"
#include "engine/storage/storage.h"
#include "engine/tables/catalog.h"
#include "stator/attribute_value.h"

namespace stator::bench {
namespace {

// The table the floor's items belong to, as the engine numbers its first table.
constexpr uint32_t kTableId = 1;
// The server's default item cache on a machine of 8 GiB or more (tools/stator_main.cc), which
// sets the RocksDB memory budget (StorageBudgetFor) and so the memtables' size.
constexpr size_t kServerCacheBytes = size_t{1} << 30;

// The item's JSON text and the first string value in it: its key.
bool FindItem(std::string_view body, std::string_view* item, std::string_view* key) {
  constexpr std::string_view kItem = R"("Item":)", kString = R"({"S":")";
  const size_t at = body.find(kItem);
  if (at == std::string_view::npos) return false;
  *item = body.substr(at + kItem.size());
  const size_t value = item->find(kString);
  if (value == std::string_view::npos) return false;
  const size_t begin = value + kString.size();
  const size_t end = item->find('"', begin);
  if (end == std::string_view::npos) return false;
  *key = item->substr(begin, end - begin);
  return true;
}

}  // namespace

PutStorage::PutStorage() {
  engine::StorageConfig config;
  config.in_memory = true;
  config.memory_budget_bytes = engine::StorageBudgetFor(kServerCacheBytes);
  config.low_priority_background_work = true;  // the server's default
  auto storage = engine::Storage::Open(config);
  if (!storage.ok()) {
    std::cerr << "http_floor: " << storage.status().message() << "\n";
    std::exit(1);
  }
  storage_ = std::move(storage).value();
}

PutStorage::~PutStorage() = default;

bool PutStorage::Put(std::string_view body) {
  std::string_view item, key;
  if (!FindItem(body, &item, &key)) return false;
  // What the engine writes for a PutItem on a table without indexes or a stream: the record
  // (the item's size, then the item) and the table's statistics delta.
  std::string record;
  record.reserve(item.size() + 10);
  PutVarint(&record, item.size());
  record.append(item);
  engine::WriteBatch batch(*storage_);
  batch.Put(engine::Space::kItems,
            engine::EncodeItemKey(kTableId, AttributeValue::S(std::string(key)), nullptr),
            record);
  batch.AddStats(engine::StatsKey(kTableId), 0, 0);
  return storage_->Write(batch).ok();
}

}  // namespace stator::bench
