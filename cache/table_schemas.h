// TableSchemas: the key schemas the query cache has learnt (through DescribeTable), so that it
// can tell which partition a Query reads. Each is remembered with the table's shape version
// (QueryCache::ShapeVersion) it was learnt under and is used only while that version holds, so
// a table deleted and created again with another key is asked about again.
//
// Thread safety: safe for concurrent use.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "engine/model/key_schema.h"

namespace stator::cache {

class TableSchemas {
 public:
  bool Find(std::string_view tenant, std::string_view table, uint64_t shape_version,
            KeySchema* out) const {
    std::lock_guard lock(mu_);
    auto it = schemas_.find(std::make_pair(std::string(tenant), std::string(table)));
    if (it == schemas_.end() || it->second.first != shape_version) return false;
    *out = it->second.second;
    return true;
  }
  void Put(std::string_view tenant, std::string_view table, uint64_t shape_version,
           KeySchema schema) {
    std::lock_guard lock(mu_);
    schemas_[std::make_pair(std::string(tenant), std::string(table))] = {shape_version,
                                                                          std::move(schema)};
  }

 private:
  mutable std::mutex mu_;
  std::map<std::pair<std::string, std::string>, std::pair<uint64_t, KeySchema>> schemas_;
};

}  // namespace stator::cache
