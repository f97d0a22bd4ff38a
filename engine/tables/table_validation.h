// Validation of the control-plane requests (CreateTable's key schema, indexes and throughput),
// worded as the service words it. The name rules are the model's (engine/model/names.h).
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "engine/model/names.h"
#include "engine/model/validation_errors.h"
#include "engine/tables/table.h"
#include "stator/requests.h"
#include "stator/status.h"

namespace stator::engine {

inline constexpr std::string_view kNotImplementedPrefix = "Stator does not implement ";

// Checks a CreateTable request and derives the table's key schema and indexes (ids unset).
Status CheckCreateTable(const CreateTableRequest& request, KeySchema* key,
                        std::vector<IndexDef>* indexes);

// Checks the throughput part of a request for the billing mode the table will have.
Status CheckThroughput(BillingMode mode, const std::optional<ProvisionedThroughput>& throughput,
                       bool billing_mode_given);

}  // namespace stator::engine
