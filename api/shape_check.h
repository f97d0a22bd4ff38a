// CheckRequestShape: the service's first check of a request, generated from its API model. Every
// member of the operation's input is held to its shape's declared constraints (required members,
// string lengths, list and map sizes, number ranges, patterns, enum values) and every violation is
// reported in one ValidationException, in the service's words and order:
//
//   2 validation errors detected: Value '' at 'tableName' failed to satisfy constraint: Member
//   must have length greater than or equal to 3; Value null at 'key' failed to satisfy
//   constraint: Member must not be null
//
// at most ten of them listed, all of them counted. Members are named by their path in
// lowerCamelCase ("keySchema.1.member.keyType", "scanFilter.a.member.comparisonOperator").
//
// Where this check stands among the others, in the order the service applies them:
//  1. The body's JSON types (SerializationException): the decoders' first pass (json_reader.h).
//     The service deserializes the whole body before it validates any of it.
//  2. The shape constraints: this check.
//  3. Semantic checks that need no table: an empty ExpressionAttributeNames or
//     ExpressionAttributeValues (expression_maps.h), the decoders' AttributeValue errors (no type,
//     two types, empty or duplicate sets, bad numbers), then the engine's request checks
//     (expression and legacy parameter combinations, unused or undefined expression names and
//     values, the expressions' syntax).
//  4. The table's lookup (ResourceNotFoundException).
//  5. The checks that need the table's schema: the key against the key schema, index names,
//     index key types.
// The engine keeps its own checks of lengths and ranges for embedded users, who skip 1 and 2;
// over HTTP this check finds those violations first.
//
// Thread safety: pure function of its arguments.
#pragma once

#include <simdjson.h>

#include <string_view>

#include "stator/status.h"

namespace stator::api {

// The constraint violations of `body` as a request of DynamoDB's `operation`, or OK. An operation
// the model does not have is OK. Values of an unexpected JSON type are skipped: the decoders
// report them, before this check runs.
Status CheckRequestShape(std::string_view operation, simdjson::dom::object body);

}  // namespace stator::api
