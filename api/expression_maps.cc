#include "api/expression_maps.h"

#include <string>

namespace stator::api {
namespace {

bool IsEmptyMap(simdjson::dom::object body, std::string_view member) {
  simdjson::dom::element v;
  return body.at_key(member).get(v) == simdjson::SUCCESS && v.is_object() &&
         v.get_object().value().size() == 0;
}

// The maps of one request or one transaction action.
Status CheckMapsOf(simdjson::dom::object request) {
  if (IsEmptyMap(request, "ExpressionAttributeNames")) {
    return Status::Validation(std::string(kEmptyExpressionNames));
  }
  if (IsEmptyMap(request, "ExpressionAttributeValues")) {
    return Status::Validation(std::string(kEmptyExpressionValues));
  }
  return Status::OK();
}

// The actions of TransactWriteItems (Put, Update, Delete, ConditionCheck) and TransactGetItems
// (Get), each of which carries its own maps.
Status CheckTransactionActions(simdjson::dom::object body) {
  simdjson::dom::array items;
  if (body.at_key("TransactItems").get(items) != simdjson::SUCCESS) return Status::OK();
  for (simdjson::dom::element item : items) {
    simdjson::dom::object actions;
    if (item.get(actions) != simdjson::SUCCESS) continue;
    for (auto field : actions) {
      simdjson::dom::object action;
      if (field.value.get(action) != simdjson::SUCCESS) continue;
      STATOR_RETURN_IF_ERROR(CheckMapsOf(action));
    }
  }
  return Status::OK();
}

}  // namespace

Status CheckExpressionMapsNotEmpty(simdjson::dom::object body) {
  STATOR_RETURN_IF_ERROR(CheckMapsOf(body));
  return CheckTransactionActions(body);
}

}  // namespace stator::api
