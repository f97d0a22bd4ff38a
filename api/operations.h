// Operation registries: one per X-Amz-Target prefix, each mapping an operation name to its
// handler. A handler decodes the request body, calls one Database method and encodes the response
// (or returns the failed Status). Each family of operations registers its own, in its own file
// under api/operations/ (families.h lists them).
//
// Operations an API has but Stator does not implement yet are registered as such, so that they are
// told apart from names the API does not have.
//
// Thread safety: a registry is built once (on first use) and read-only afterwards.
#pragma once

#include <simdjson.h>

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "api/dispatcher.h"
#include "stator/database.h"
#include "stator/partiql.h"

namespace stator::api {

// The X-Amz-Target prefixes of the APIs Stator serves.
inline constexpr std::string_view kDynamoDbPrefix = "DynamoDB_20120810";
inline constexpr std::string_view kStreamsPrefix = "DynamoDBStreams_20120810";

struct OperationArgs {
  Database& db;
  const RequestContext& ctx;
  simdjson::dom::object body;
  std::string_view operation;  // the name the request's X-Amz-Target gave
  Partiql& partiql;  // the statements of the PartiQL operations, run on `db`
  // Out: a read's CacheOutcome, which the handler copies from its response; left kNone by
  // every other operation.
  CacheOutcome* cache;
};

// The response body on success, else the failed Status to report.
using Handler = Result<std::string> (*)(const OperationArgs&);

// What an operation not implemented yet answers: an UnknownOperationException either way.
enum class NotImplementedAnswer {
  kSaySo,          // with NotImplementedMessage, so a client learns it is Stator's gap
  kAsUnknownName,  // without a message, exactly as a name the API does not have
};

class OperationRegistry {
 public:
  struct Entry {
    Handler handler = nullptr;  // null: an operation Stator does not implement yet
    NotImplementedAnswer not_implemented = NotImplementedAnswer::kSaySo;  // for a null handler
    // A read a cache may answer (GetItem, BatchGetItem, Query, Scan): a server in front of a
    // remote service tries it without waiting first (CallOptions::may_block). Every other
    // operation reaches the service, so it goes straight to where waiting is fine.
    bool cached_read = false;
  };

  // A registry that, when `fallback` is not null, answers the names it lacks from `fallback`,
  // which must outlive it.
  explicit OperationRegistry(const OperationRegistry* fallback = nullptr) : fallback_(fallback) {}

  // Each name once per registry; names are string literals, not copied.
  void Register(std::string_view name, Handler handler);
  // An operation whose answer a cache may hold (Entry::cached_read).
  void RegisterCachedRead(std::string_view name, Handler handler);
  void RegisterNotImplemented(std::string_view name,
                              NotImplementedAnswer answer = NotImplementedAnswer::kSaySo);

  // This registry's own entry of that name; null when it has none.
  const Entry* Find(std::string_view name) const {
    auto it = entries_.find(name);
    return it == entries_.end() ? nullptr : &it->second;
  }

  // The entry a request naming `name` runs: this registry's own, else its fallback's; null when
  // neither has one.
  const Entry* Resolve(std::string_view name) const {
    const Entry* entry = Find(name);
    return entry != nullptr || fallback_ == nullptr ? entry : fallback_->Find(name);
  }

  // This registry's own names, sorted.
  std::vector<std::string_view> Names() const;

 private:
  std::unordered_map<std::string_view, Entry> entries_;
  const OperationRegistry* fallback_;
};

// The operations of DynamoDB_20120810.
const OperationRegistry& DynamoDbOperations();

// The operations of DynamoDBStreams_20120810. Its fallback is DynamoDbOperations(): before the
// Streams API had a registry, its prefix reached every DynamoDB operation, and clients may rely on
// that.
const OperationRegistry& StreamsOperations();

// The registry of an X-Amz-Target prefix; null for a prefix of any other API. Costs a compare or
// two.
const OperationRegistry* OperationsOf(std::string_view target_prefix);

// The message of the UnknownOperationException for an operation Stator does not implement yet.
std::string NotImplementedMessage(std::string_view operation);

}  // namespace stator::api
