#include "engine/expressions/expression_cache.h"

#include <mutex>
#include <string>
#include <unordered_map>

namespace stator::engine::expr {
namespace {

// Bounded by entry count; when full it is simply emptied, which keeps it correct and cheap
// under an adversarial stream of distinct texts.
constexpr size_t kMaxEntries = 4096;

template <class T>
class Cache {
 public:
  template <class ParseFn>
  Result<std::shared_ptr<const T>> Get(std::string_view text, char kind, ParseFn parse) {
    std::string key;
    key.reserve(text.size() + 1);
    key.push_back(kind);
    key.append(text);
    {
      std::lock_guard<std::mutex> lock(mu_);
      auto it = entries_.find(key);
      if (it != entries_.end()) return it->second;
    }
    Result<T> parsed = parse(text);
    if (!parsed.ok()) return parsed.status();
    auto tree = std::make_shared<const T>(std::move(parsed).value());
    std::lock_guard<std::mutex> lock(mu_);
    if (entries_.size() >= kMaxEntries) entries_.clear();
    entries_.emplace(std::move(key), tree);
    return tree;
  }

 private:
  std::mutex mu_;
  std::unordered_map<std::string, std::shared_ptr<const T>> entries_;
};

template <class T>
Cache<T>& CacheOf() {
  static Cache<T>* const cache = new Cache<T>();
  return *cache;
}

}  // namespace

Result<std::shared_ptr<const Condition>> CachedCondition(std::string_view text,
                                                         ExpressionKind kind) {
  return CacheOf<Condition>().Get(text, static_cast<char>(kind), [kind](std::string_view t) {
    return ParseCondition(t, kind);
  });
}

Result<std::shared_ptr<const UpdateExpression>> CachedUpdate(std::string_view text) {
  return CacheOf<UpdateExpression>().Get(text, 'u', ParseUpdate);
}

Result<std::shared_ptr<const ProjectionExpression>> CachedProjection(std::string_view text) {
  return CacheOf<ProjectionExpression>().Get(text, 'p', ParseProjection);
}

}  // namespace stator::engine::expr
