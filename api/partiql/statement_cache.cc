#include "api/partiql/statement_cache.h"

#include "api/partiql/parser.h"

namespace stator::partiql {

Result<std::shared_ptr<const Statement>> StatementCache::Get(std::string_view text) {
  {
    std::lock_guard lock(mu_);
    auto it = entries_.find(text);
    if (it != entries_.end()) return it->second;
  }
  auto parsed = ParseStatement(text);
  if (!parsed.ok()) return parsed.status();
  auto statement = std::make_shared<const Statement>(std::move(parsed).value());
  if (capacity_ == 0) return statement;
  std::lock_guard lock(mu_);
  if (entries_.size() >= capacity_) entries_.clear();
  entries_.emplace(std::string(text), statement);
  return statement;
}

}  // namespace stator::partiql
