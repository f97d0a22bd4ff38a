// The key attributes of the tables statements name, read through DescribeTable and kept per
// namespace and table, so that a statement costs no DescribeTable once its table is known.
//
// A kept schema can be stale only if its table was deleted and created again: the operation a
// statement runs then fails (an unknown table, a key that does not match the schema), and the
// runner forgets the entry and plans the statement again (Forget).
//
// Thread safety: safe for concurrent use.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

#include "stator/database.h"

namespace stator::partiql {

struct KeyNames {
  std::string hash;
  std::optional<std::string> range;
  bool IsKey(std::string_view name) const { return name == hash || (range && name == *range); }
};

struct TableKeys {
  KeyNames table;
  std::map<std::string, KeyNames, std::less<>> indexes;  // local and global, by name
  std::map<std::string, ScalarType, std::less<>> types;  // of every key attribute
};

class TableKeysCache {
 public:
  // The keys of `table` in the caller's namespace. `cached` tells whether they came from the
  // cache. Errors: those of DescribeTable (ResourceNotFoundException for an unknown table, as the
  // data-plane operations word it).
  Result<std::shared_ptr<const TableKeys>> Get(Database& db, const CallOptions& call,
                                               const std::string& table, bool* cached);
  void Forget(const CallOptions& call, const std::string& table);

 private:
  static constexpr size_t kMaxEntries = 4096;
  std::mutex mu_;
  std::map<std::pair<std::string, std::string>, std::shared_ptr<const TableKeys>>
      entries_;  // GUARDED_BY(mu_), by (tenant, table)
};

}  // namespace stator::partiql
