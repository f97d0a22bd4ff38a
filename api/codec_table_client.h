// The client's half of the table codec (codec_table.h is the server's): CreateTable,
// DescribeTable, UpdateTable, DeleteTable and ListTables requests as JSON, and the
// TableDescription and ListTables answers read back.
//
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/json_reader.h"
#include "api/json_writer.h"
#include "stator/requests.h"
#include "stator/status.h"

namespace stator::api {

std::string EncodeCreateTableRequest(const CreateTableRequest& r);
std::string EncodeUpdateTableRequest(const UpdateTableRequest& r);
std::string EncodeTableNameRequest(std::string_view table_name);  // Describe/DeleteTable
std::string EncodeListTablesRequest(const ListTablesRequest& r);

// `wrapper`: "TableDescription" (CreateTable, UpdateTable, DeleteTable) or "Table"
// (DescribeTable).
Status DecodeTableResponse(std::string_view body, std::string_view wrapper, TableResponse* out);
Status DecodeListTablesResponse(std::string_view body, ListTablesResponse* out);

// Shared with the backups and streams client codecs, whose requests and answers carry the same
// shapes under other member names (RestoreTableFromBackup's GlobalSecondaryIndexOverride, a
// backup's SourceTableFeatureDetails, a stream's KeySchema).

// Request members, written as CreateTable writes them under the member name `key`.
void WriteProvisionedThroughput(std::string_view key, const ProvisionedThroughput& t,
                                JsonWriter* w);
void WriteLocalIndexes(std::string_view key, const std::vector<LocalSecondaryIndex>& indexes,
                       JsonWriter* w);
void WriteGlobalIndexes(std::string_view key, const std::vector<GlobalSecondaryIndex>& indexes,
                        JsonWriter* w);
void WriteSseSpecification(std::string_view key, const SSESpecification& sse, JsonWriter* w);

// Answer members, read as a TableDescription's are.
void ReadKeySchema(StructReader& r, std::vector<KeySchemaElement>* out);  // "KeySchema"
void ReadSseDescription(StructReader& r, std::string_view member,
                        std::optional<SSEDescription>* out);
// {"StreamEnabled", "StreamViewType"}: a table's StreamSpecification, a backup's
// StreamDescription.
void ReadStreamSpecification(StructReader& r, std::string_view member,
                             std::optional<StreamSpecification>* out);

}  // namespace stator::api
