#include "api/partiql/table_keys.h"

namespace stator::partiql {
namespace {

KeyNames NamesOf(const std::vector<KeySchemaElement>& schema) {
  KeyNames k;
  for (const auto& e : schema) {
    if (e.key_type == KeyType::kHash) {
      k.hash = e.attribute_name;
    } else {
      k.range = e.attribute_name;
    }
  }
  return k;
}

TableKeys KeysOf(const TableDescription& d) {
  TableKeys keys;
  keys.table = NamesOf(d.key_schema);
  for (const auto& i : d.local_secondary_indexes)
    keys.indexes[i.index_name] = NamesOf(i.key_schema);
  for (const auto& i : d.global_secondary_indexes) {
    keys.indexes[i.index_name] = NamesOf(i.key_schema);
  }
  for (const auto& a : d.attribute_definitions) keys.types[a.attribute_name] = a.attribute_type;
  return keys;
}

}  // namespace

Result<std::shared_ptr<const TableKeys>> TableKeysCache::Get(Database& db, const CallOptions& call,
                                                             const std::string& table,
                                                             bool* cached) {
  auto key = std::make_pair(call.tenant, table);
  {
    std::lock_guard lock(mu_);
    auto it = entries_.find(key);
    if (it != entries_.end()) {
      *cached = true;
      return it->second;
    }
  }
  *cached = false;
  auto described = db.DescribeTable(call, DescribeTableRequest{table});
  if (!described.ok()) {
    if (described.status().code() == ErrorCode::kResourceNotFound) {
      return Status::NotFound("Requested resource not found");
    }
    return described.status();
  }
  auto keys = std::make_shared<const TableKeys>(KeysOf(described->table));
  std::lock_guard lock(mu_);
  if (entries_.size() >= kMaxEntries) entries_.clear();
  entries_[std::move(key)] = keys;
  return keys;
}

void TableKeysCache::Forget(const CallOptions& call, const std::string& table) {
  std::lock_guard lock(mu_);
  entries_.erase(std::make_pair(call.tenant, table));
}

}  // namespace stator::partiql
