// The families of operations. Each registers its operations, implemented or not yet, in its own
// file beside this one; an API's registry (api/operations.cc) is the union of its families, and
// each operation name has exactly one family.
//
// Thread safety: a Register function fills the registry it is given and touches nothing else.
#pragma once

#include <string_view>

namespace stator::api {

class OperationRegistry;

// Each is defined in the file named after its family: RegisterTableOperations in tables.cc.
void RegisterTableOperations(OperationRegistry& r);
void RegisterItemOperations(OperationRegistry& r);
void RegisterBatchOperations(OperationRegistry& r);
void RegisterReadOperations(OperationRegistry& r);
void RegisterPartiqlOperations(OperationRegistry& r);
void RegisterBackupOperations(OperationRegistry& r);
void RegisterMetadataOperations(OperationRegistry& r);
void RegisterStreamsOperations(OperationRegistry& r);

struct OperationFamily {
  std::string_view name;  // its file's name
  void (*register_operations)(OperationRegistry&);
};

// DynamoDB_20120810's families.
inline constexpr OperationFamily kDynamoDbFamilies[] = {
    {"tables", RegisterTableOperations},       // tables, time to live, global tables
    {"items", RegisterItemOperations},         // one item, named by its key
    {"batches", RegisterBatchOperations},      // batches and transactions
    {"reads", RegisterReadOperations},         // Query and Scan
    {"partiql", RegisterPartiqlOperations},    // statements
    {"backups", RegisterBackupOperations},     // backups, PITR, exports and imports
    {"metadata", RegisterMetadataOperations},  // tags, policies, limits, integrations
};

// DynamoDBStreams_20120810's families.
inline constexpr OperationFamily kStreamsFamilies[] = {
    {"streams", RegisterStreamsOperations},
};

}  // namespace stator::api
