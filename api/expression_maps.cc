#include "api/expression_maps.h"

#include <string>

namespace stator::api {
namespace {

bool IsEmptyMap(simdjson::dom::object body, std::string_view member) {
  simdjson::dom::element v;
  return body.at_key(member).get(v) == simdjson::SUCCESS && v.is_object() &&
         v.get_object().value().size() == 0;
}

}  // namespace

Status CheckExpressionMapsNotEmpty(simdjson::dom::object body) {
  if (IsEmptyMap(body, "ExpressionAttributeNames")) {
    return Status::Validation(std::string(kEmptyExpressionNames));
  }
  if (IsEmptyMap(body, "ExpressionAttributeValues")) {
    return Status::Validation(std::string(kEmptyExpressionValues));
  }
  return Status::OK();
}

}  // namespace stator::api
