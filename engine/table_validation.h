// Validation of the control-plane requests (CreateTable, UpdateTable, ListTables, names and
// ARNs), worded as the service words it.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "engine/table.h"
#include "stator/requests.h"
#include "stator/status.h"

namespace stator::engine {

inline constexpr std::string_view kNotImplementedPrefix = "Stator does not implement ";

// The table name a TableName parameter gives: itself, or the name inside a table ARN.
std::string_view TableNameOf(std::string_view name_or_arn);

// Checks a TableName parameter (name or ARN) against the service's constraints.
Status CheckTableName(std::string_view name_or_arn);

// Checks a CreateTable request and derives the table's key schema and indexes (ids unset).
Status CheckCreateTable(const CreateTableRequest& request, KeySchema* key,
                        std::vector<IndexDef>* indexes);

// Checks the throughput part of a request for the billing mode the table will have.
Status CheckThroughput(BillingMode mode, const std::optional<ProvisionedThroughput>& throughput,
                       bool billing_mode_given);

}  // namespace stator::engine
