// The registries, each built from its API's families, and the registry's own bookkeeping.
#include "api/operations.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "api/operations/families.h"

namespace stator::api {
namespace {

template <size_t N>
OperationRegistry Build(const OperationFamily (&families)[N],
                        const OperationRegistry* fallback = nullptr) {
  OperationRegistry registry(fallback);
  for (const OperationFamily& family : families) family.register_operations(registry);
  return registry;
}

// A name registered twice is a bug in a family file whose effect would be silent (the first
// registration wins, so a real handler could answer "not implemented"): it stops the process
// when the registry is built, in every build type, so any test that dispatches finds it.
void RefuseTwice(bool added, std::string_view name) {
  if (added) return;
  std::fprintf(stderr, "operation registered twice: %.*s\n", static_cast<int>(name.size()),
               name.data());
  std::abort();
}

}  // namespace

void OperationRegistry::Register(std::string_view name, Handler handler) {
  RefuseTwice(entries_.emplace(name, Entry{handler}).second, name);
}

void OperationRegistry::RegisterCachedRead(std::string_view name, Handler handler) {
  RefuseTwice(entries_.emplace(name, Entry{handler, NotImplementedAnswer::kSaySo, true}).second,
              name);
}

void OperationRegistry::RegisterNotImplemented(std::string_view name, NotImplementedAnswer answer) {
  RefuseTwice(entries_.emplace(name, Entry{nullptr, answer}).second, name);
}

std::vector<std::string_view> OperationRegistry::Names() const {
  std::vector<std::string_view> names;
  names.reserve(entries_.size());
  for (const auto& [name, entry] : entries_) names.push_back(name);
  std::sort(names.begin(), names.end());
  return names;
}

const OperationRegistry& DynamoDbOperations() {
  static const OperationRegistry registry = Build(kDynamoDbFamilies);
  return registry;
}

const OperationRegistry& StreamsOperations() {
  static const OperationRegistry registry = Build(kStreamsFamilies, &DynamoDbOperations());
  return registry;
}

const OperationRegistry* OperationsOf(std::string_view target_prefix) {
  if (target_prefix == kDynamoDbPrefix) return &DynamoDbOperations();
  if (target_prefix == kStreamsPrefix) return &StreamsOperations();
  return nullptr;
}

std::string NotImplementedMessage(std::string_view operation) {
  return "Stator does not implement the operation " + std::string(operation) + " yet";
}

}  // namespace stator::api
