#include "engine/model/expressions/expression_cache.h"

#include <mutex>
#include <string>
#include <unordered_map>

namespace stator::expr {
namespace {

// Bounded by entry count; when full it is simply emptied, which keeps it correct and cheap
// under an adversarial stream of distinct texts.
constexpr size_t kMaxEntries = 4096;

// Looks texts up as string_views, without building a key per request.
struct TextHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
};

// One cache per expression kind, keyed by text alone.
template <class T>
class Cache {
 public:
  template <class ParseFn>
  Result<std::shared_ptr<const T>> Get(std::string_view text, ParseFn parse) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      auto it = entries_.find(text);
      if (it != entries_.end()) return it->second;
    }
    Result<T> parsed = parse(text);
    if (!parsed.ok()) return parsed.status();
    auto tree = std::make_shared<const T>(std::move(parsed).value());
    std::lock_guard<std::mutex> lock(mu_);
    if (entries_.size() >= kMaxEntries) entries_.clear();
    entries_.emplace(std::string(text), tree);
    return tree;
  }

 private:
  std::mutex mu_;
  std::unordered_map<std::string, std::shared_ptr<const T>, TextHash, std::equal_to<>> entries_;
};

template <class T, int kKind = 0>
Cache<T>& CacheOf() {
  static Cache<T>* const cache = new Cache<T>();
  return *cache;
}

Cache<Condition>& ConditionCache(ExpressionKind kind) {
  switch (kind) {
    case ExpressionKind::kFilter: return CacheOf<Condition, 1>();
    case ExpressionKind::kKeyCondition: return CacheOf<Condition, 2>();
    default: return CacheOf<Condition, 0>();
  }
}

}  // namespace

Result<std::shared_ptr<const Condition>> CachedCondition(std::string_view text,
                                                         ExpressionKind kind) {
  return ConditionCache(kind).Get(text, [kind](std::string_view t) {
    return ParseCondition(t, kind);
  });
}

Result<std::shared_ptr<const UpdateExpression>> CachedUpdate(std::string_view text) {
  return CacheOf<UpdateExpression>().Get(text, ParseUpdate);
}

Result<std::shared_ptr<const ProjectionExpression>> CachedProjection(std::string_view text) {
  return CacheOf<ProjectionExpression>().Get(text, ParseProjection);
}

}  // namespace stator::expr
