// The service's rules for the names a request gives: TableName (a name or a table ARN) and
// IndexName. Shared by the engine and the cache, which must name a table as the engine does.
//
// Thread safety: pure functions.
#pragma once

#include <string_view>

#include "engine/model/validation_errors.h"
#include "stator/requests.h"
#include "stator/status.h"

namespace stator {

// The table name a TableName parameter gives: itself, or the name inside a table ARN.
std::string_view TableNameOf(std::string_view name_or_arn);

// Checks a TableName parameter (name or ARN) against the service's constraints.
Status CheckTableName(std::string_view name_or_arn);

// Checks a table or index name as the service checks a name: [a-zA-Z0-9_.-]+ of 3 to 255
// characters, each failed constraint reported at `path` (e.g. "tableName").
void CheckName(std::string_view name, std::string_view path, ValidationErrors* errors);

// Checks an index name (IndexName of CreateTable's indexes, UpdateTable's index updates, Query
// and Scan) as the service checks a name: [a-zA-Z0-9_.-]+ of 3 to 255 characters, each failed
// constraint reported at `path` (e.g. "globalSecondaryIndexes.1.member.indexName").
void CheckIndexName(std::string_view name, std::string_view path, ValidationErrors* errors);

// Checks the names of a Query or Scan: its TableName and, when given, its IndexName.
Status CheckReadNames(const ReadRequest& r);

// Checks the IndexNames of UpdateTable's GlobalSecondaryIndexUpdates (with its TableName).
Status CheckUpdateTableNames(const UpdateTableRequest& r);

}  // namespace stator
