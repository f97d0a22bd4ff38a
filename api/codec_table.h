// Codec of the table (control-plane) operations: CreateTable, DescribeTable, UpdateTable,
// DeleteTable, ListTables. Decoders turn a request body into the typed request of
// stator/requests.h (reporting the service's serialization and constraint errors); encoders
// write the typed response as the service's JSON.
//
// Thread safety: pure functions.
#pragma once

#include <simdjson.h>

#include <string>
#include <vector>

#include "api/json_writer.h"
#include "stator/requests.h"
#include "stator/status.h"

namespace stator::api {

Status DecodeCreateTable(simdjson::dom::object body, CreateTableRequest* out);
Status DecodeDescribeTable(simdjson::dom::object body, DescribeTableRequest* out);
Status DecodeUpdateTable(simdjson::dom::object body, UpdateTableRequest* out);
Status DecodeDeleteTable(simdjson::dom::object body, DeleteTableRequest* out);
Status DecodeListTables(simdjson::dom::object body, ListTablesRequest* out);

// A KeySchema list: [{"AttributeName":...,"KeyType":...}], as tables and streams describe it.
void EncodeKeySchema(const std::vector<KeySchemaElement>& keys, JsonWriter* w);
// The TableDescription object, with every field the service returns.
void EncodeTableDescription(const TableDescription& t, JsonWriter* w);
// {"TableDescription":{...}}: CreateTable, UpdateTable, DeleteTable.
std::string EncodeTableDescriptionResponse(const TableResponse& r);
// {"Table":{...}}: DescribeTable.
std::string EncodeDescribeTableResponse(const TableResponse& r);
std::string EncodeListTablesResponse(const ListTablesResponse& r);

}  // namespace stator::api
