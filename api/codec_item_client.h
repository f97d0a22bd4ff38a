// The client's half of the single-item codec (codec_item.h is the server's): PutItem, GetItem,
// DeleteItem and UpdateItem requests as JSON, and their answers read back into typed responses.
// Also the pieces the other client codecs share: write conditions, consumed capacity, item
// collection metrics, enum names, and the reading of an answer body.
//
// Encoders write only what is set, so a request round-trips through the server's decoder to an
// equal request. Decoders ignore members they do not know, as the SDKs do; a body that is not
// the expected JSON is an IOError ("malformed answer"), since the service sent it.
//
// Thread safety: pure functions.
#pragma once

#include <simdjson.h>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/json_reader.h"
#include "api/json_writer.h"
#include "stator/requests.h"
#include "stator/status.h"

namespace stator::api {

std::string EncodePutItemRequest(const PutItemRequest& r);
std::string EncodeGetItemRequest(const GetItemRequest& r);
std::string EncodeDeleteItemRequest(const DeleteItemRequest& r);
std::string EncodeUpdateItemRequest(const UpdateItemRequest& r);

Status DecodeWriteItemResponse(std::string_view body, WriteItemResponse* out);
Status DecodeGetItemResponse(std::string_view body, GetItemResponse* out);

// Shared with the other client codecs.

// Parses an answer body into its top-level object; a malformed one is an IOError.
Status ParseAnswer(std::string_view body, simdjson::dom::object* out);
// The status of a decoding: OK, or an IOError naming the answer's problem.
Status AnswerStatus(const DecodeErrors& errors, std::string_view operation);

// Parses the answer to `operation` and reads its members with read(StructReader&): the whole of
// most decoders.
template <class Read>
Status DecodeAnswer(std::string_view body, std::string_view operation, Read&& read) {
  simdjson::dom::object o;
  STATOR_RETURN_IF_ERROR(ParseAnswer(body, &o));
  DecodeErrors errors;
  StructReader r(o, "", &errors);
  read(r);
  return AnswerStatus(errors, operation);
}

// A number member of an answer (a date, capacity units); a member of another JSON type is a
// malformed answer. True when present.
bool ReadDouble(StructReader& r, std::string_view name, double* out);
void ReadOptDouble(StructReader& r, std::string_view name, std::optional<double>* out);

// The value of enum E whose ToString is `name`, among E's `count` values: answers spell their
// enums as the public types print them, so one table serves both directions.
template <class E>
bool ParseEnum(std::string_view name, int count, E* out) {
  for (int i = 0; i < count; ++i) {
    if (ToString(static_cast<E>(i)) == name) {
      *out = static_cast<E>(i);
      return true;
    }
  }
  return false;
}

// The enum member `member` of an answer; an unknown value is a malformed answer. True when
// present and known.
template <class E>
bool ReadEnum(StructReader& r, std::string_view member, int count, E* out) {
  std::string s;
  if (!r.String(member, &s)) return false;
  if (ParseEnum(s, count, out)) return true;
  r.errors()->Serialization("unknown value " + s + " at " + r.PathOf(member));
  return false;
}

// Members of a request, each written only when it differs from the service's default.
void WriteReturnConsumedCapacity(ReturnConsumedCapacity v, JsonWriter* w);
void WriteReturnItemCollectionMetrics(ReturnItemCollectionMetrics v, JsonWriter* w);
void WriteNames(const ExpressionAttributeNames& names, JsonWriter* w);
void WriteValues(const ExpressionAttributeValues& values, JsonWriter* w);
void WriteOptString(std::string_view key, const std::optional<std::string>& v, JsonWriter* w);
void WriteStringList(std::string_view key, const std::vector<std::string>& v, JsonWriter* w);
// ConditionExpression, its names and values, and ReturnValuesOnConditionCheckFailure: what a
// transaction's action carries of its WriteConditions.
void WriteTransactConditions(const WriteConditions& c, JsonWriter* w);
// The members of an item write (Put/Delete/Update) other than table, item or key.
void WriteWriteConditions(const WriteConditions& c, JsonWriter* w);
void WriteComparisonOperator(ComparisonOperator op, JsonWriter* w);
void WriteConditionalOperator(ConditionalOperator op, JsonWriter* w);

bool ReadConsumedCapacity(simdjson::dom::element v, DecodeErrors* errors, ConsumedCapacity* out);
// "ConsumedCapacity" as one object (single-item operations, Query, Scan).
void ReadConsumedCapacityMember(StructReader& r, std::optional<ConsumedCapacity>* out);
// "ConsumedCapacity" as a list (batches, transactions).
void ReadConsumedCapacityList(StructReader& r, std::vector<ConsumedCapacity>* out);
bool ReadItemCollectionMetrics(simdjson::dom::element v, DecodeErrors* errors,
                               ItemCollectionMetrics* out);
void ReadItemCollectionMetricsPerTable(
    StructReader& r, std::map<std::string, std::vector<ItemCollectionMetrics>, std::less<>>* out);

}  // namespace stator::api
