// The table a restore creates (RestoreTableFromBackup, RestoreTableToPointInTime): the source
// table (as backed up, or as it is now) under the target name, with the request's overrides
// (billing mode, throughput, index sets, SSE) and without what the service does not restore
// (streams, TTL, tags, resource policy, deletion protection; auto scaling is not kept by Stator at
// all). The result is checked as CreateTable checks a table, so an override that makes an invalid
// table is refused with CreateTable's words.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>

#include "engine/backups/backup_record.h"
#include "engine/tables/table.h"
#include "stator/backups.h"
#include "stator/options.h"
#include "stator/status.h"

namespace stator::engine {

// Fills the key schema and metadata of the table to create, CREATING with its restore in
// progress (`summary`, marked in progress) until the restore task completes. Errors:
// ValidationException.
Status PlanRestoredTable(const CallOptions& call, std::string_view target_table_name,
                         const RestoreOverrides& overrides, const TableMeta& source,
                         RestoreSummary summary, int64_t now_micros, KeySchema* key,
                         TableMeta* meta);

// The key schema elements of an index (every HASH attribute, then every RANGE attribute).
std::vector<KeySchemaElement> IndexKeySchema(const KeySchema& key);

}  // namespace stator::engine
