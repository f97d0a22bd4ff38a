// Validation of the control-plane requests (CreateTable, UpdateTable, ListTables, names and
// ARNs), worded as the service words it.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "engine/table.h"
#include "engine/validation_errors.h"
#include "stator/requests.h"
#include "stator/status.h"

namespace stator::engine {

inline constexpr std::string_view kNotImplementedPrefix = "Stator does not implement ";

// The table name a TableName parameter gives: itself, or the name inside a table ARN.
std::string_view TableNameOf(std::string_view name_or_arn);

// Checks a TableName parameter (name or ARN) against the service's constraints.
Status CheckTableName(std::string_view name_or_arn);

// Checks an index name (IndexName of CreateTable's indexes, UpdateTable's index updates, Query
// and Scan) as the service checks a name: [a-zA-Z0-9_.-]+ of 3 to 255 characters, each failed
// constraint reported at `path` (e.g. "globalSecondaryIndexes.1.member.indexName").
void CheckIndexName(std::string_view name, std::string_view path, ValidationErrors* errors);

// Checks the names of a Query or Scan: its TableName and, when given, its IndexName.
Status CheckReadNames(const ReadRequest& r);

// Checks the IndexNames of UpdateTable's GlobalSecondaryIndexUpdates (with its TableName).
Status CheckUpdateTableNames(const UpdateTableRequest& r);

// Checks a CreateTable request and derives the table's key schema and indexes (ids unset).
Status CheckCreateTable(const CreateTableRequest& request, KeySchema* key,
                        std::vector<IndexDef>* indexes);

// Checks the throughput part of a request for the billing mode the table will have.
Status CheckThroughput(BillingMode mode, const std::optional<ProvisionedThroughput>& throughput,
                       bool billing_mode_given);

}  // namespace stator::engine
