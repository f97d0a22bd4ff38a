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

#include "api/json_reader.h"
#include "api/json_writer.h"
#include "stator/requests.h"
#include "stator/status.h"

namespace stator::api {

Status DecodeCreateTable(simdjson::dom::object body, CreateTableRequest* out);
Status DecodeDescribeTable(simdjson::dom::object body, DescribeTableRequest* out);
Status DecodeUpdateTable(simdjson::dom::object body, UpdateTableRequest* out);
Status DecodeDeleteTable(simdjson::dom::object body, DeleteTableRequest* out);
Status DecodeListTables(simdjson::dom::object body, ListTablesRequest* out);

// Members shared with other operations' requests (RestoreTableFromBackup's overrides), read as
// CreateTable reads them under the member name `member`. True when present and well formed.
bool ReadLocalIndexes(StructReader& r, std::string_view member,
                      std::vector<LocalSecondaryIndex>* out);
bool ReadGlobalIndexes(StructReader& r, std::string_view member,
                       std::vector<GlobalSecondaryIndex>* out);
bool ReadProvisionedThroughput(StructReader& r, std::string_view member,
                               std::optional<ProvisionedThroughput>* out);
bool ReadBillingMode(StructReader& r, std::string_view member, std::optional<BillingMode>* out);
bool ReadSseSpecification(StructReader& r, std::string_view member,
                          std::optional<SSESpecification>* out);

// A Projection object, as index descriptions write it.
void EncodeProjection(const Projection& p, JsonWriter* w);
// An OnDemandThroughput object: the maximums that are set.
void EncodeOnDemandThroughput(const OnDemandThroughput& t, JsonWriter* w);
// An AttributeDefinitions list: [{"AttributeName":...,"AttributeType":...}].
void EncodeAttributeDefinitions(const std::vector<AttributeDefinition>& defs, JsonWriter* w);
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
