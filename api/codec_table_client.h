// The client's half of the table codec (codec_table.h is the server's): CreateTable,
// DescribeTable, UpdateTable, DeleteTable and ListTables requests as JSON, and the
// TableDescription and ListTables answers read back.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

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

}  // namespace stator::api
