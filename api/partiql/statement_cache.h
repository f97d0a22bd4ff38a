// Parsed statements kept by their text, so that a statement run again costs a lookup instead of
// a parse (as the engine keeps parsed expressions). Bounded: when full it starts over, which
// keeps the common case (a few statements run many times) cached at no bookkeeping cost.
//
// Thread safety: safe for concurrent use.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "api/partiql/ast.h"
#include "stator/status.h"

namespace stator::partiql {

class StatementCache {
 public:
  explicit StatementCache(size_t capacity) : capacity_(capacity) {}

  // The parse of `text`, from the cache or parsed now (and kept when it parsed). Errors: those
  // of ParseStatement.
  Result<std::shared_ptr<const Statement>> Get(std::string_view text);

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  const size_t capacity_;
  std::mutex mu_;
  std::unordered_map<std::string, std::shared_ptr<const Statement>, Hash, std::equal_to<>>
      entries_;  // GUARDED_BY(mu_)
};

}  // namespace stator::partiql
