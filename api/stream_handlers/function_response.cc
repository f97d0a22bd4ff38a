#include "api/stream_handlers/function_response.h"

#include <simdjson.h>

#include <algorithm>
#include <cstdio>
#include <string>

namespace stator::api {
namespace {

StreamHandlerResponse Invalid(std::string_view why) {
  StreamHandlerResponse r;
  r.failed = true;
  r.error = std::string(kInvalidResponsePrefix) + std::string(why);
  return r;
}

std::string_view Trim(std::string_view s) {
  constexpr std::string_view kSpace = " \t\r\n";
  const size_t b = s.find_first_not_of(kSpace);
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(kSpace) - b + 1);
}

}  // namespace

StreamHandlerResponse ParseFunctionResponse(std::string_view body) {
  body = Trim(body);
  if (body.empty()) return {};
  thread_local simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(body.data(), body.size()).get(root) != simdjson::SUCCESS) {
    return Invalid("not JSON");
  }
  if (root.is_null()) return {};
  simdjson::dom::object object;
  if (root.get_object().get(object) != simdjson::SUCCESS) return Invalid("not a JSON object");

  StreamHandlerResponse r;
  // A tumbling window's state: an object, kept as its JSON text (anything else is no state).
  simdjson::dom::object state;
  if (object["state"].get_object().get(state) == simdjson::SUCCESS) {
    r.state = simdjson::minify(state);
  }
  simdjson::dom::element failures;
  if (object["batchItemFailures"].get(failures) != simdjson::SUCCESS || failures.is_null()) {
    return r;
  }
  simdjson::dom::array list;
  if (failures.get_array().get(list) != simdjson::SUCCESS) {
    return Invalid("batchItemFailures is not a list");
  }
  for (simdjson::dom::element entry : list) {
    simdjson::dom::object item;
    if (entry.get_object().get(item) != simdjson::SUCCESS) {
      return Invalid("a batchItemFailures entry is not an object");
    }
    std::string_view id;
    if (item["itemIdentifier"].get_string().get(id) != simdjson::SUCCESS || id.empty()) {
      return Invalid("a batchItemFailures entry has no itemIdentifier string");
    }
    r.batch_item_failures.emplace_back(id);
  }
  return r;
}

}  // namespace stator::api
