// The operation table: DynamoDB operation name -> handler. Each handler decodes the request
// body, calls one Database method and encodes the response (or returns the failed Status).
//
// Operations DynamoDB has but Stator does not implement yet are registered as such, so that
// they are told apart from names the service does not know either.
//
// Thread safety: the table is built once (on first use) and read-only afterwards.
#pragma once

#include <simdjson.h>

#include <string>
#include <string_view>
#include <unordered_map>

#include "api/dispatcher.h"
#include "stator/database.h"

namespace stator::api {

struct OperationArgs {
  Database& db;
  const RequestContext& ctx;
  simdjson::dom::object body;
};

// The response body on success, else the failed Status to report.
using Handler = Result<std::string> (*)(const OperationArgs&);

class OperationTable {
 public:
  struct Entry {
    Handler handler = nullptr;  // null: a DynamoDB operation Stator does not implement yet
  };

  void Register(std::string_view name, Handler handler) { entries_[name] = Entry{handler}; }
  void RegisterNotImplemented(std::string_view name) { entries_[name] = Entry{}; }

  // Null when DynamoDB has no operation of that name.
  const Entry* Find(std::string_view name) const {
    auto it = entries_.find(name);
    return it == entries_.end() ? nullptr : &it->second;
  }

 private:
  std::unordered_map<std::string_view, Entry> entries_;  // names are string literals
};

// The operations of DynamoDB_20120810.
const OperationTable& DynamoDbOperations();

// The message of the UnknownOperationException for an operation Stator does not implement yet.
std::string NotImplementedMessage(std::string_view operation);

}  // namespace stator::api
