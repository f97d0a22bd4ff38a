// Workload: what a run does, as a weighted mix of operations, and the JSON workload file.
//
// The YCSB core workloads map onto DynamoDB as follows (YCSB's "record" is an item, its fields
// one attribute `field0` of --item-size bytes, plus a numeric `version`):
//   a  50% GetItem, 50% UpdateItem                       zipfian
//   b  95% GetItem,  5% UpdateItem                       zipfian
//   c 100% GetItem                                       zipfian
//   d  95% GetItem,  5% Insert (PutItem of a new key)    latest
//   e  95% Query,    5% Insert                           zipfian
//   f  50% GetItem,  50% ReadModifyWrite                 zipfian
// Workload e needs ranges of keys, so a workload with Query uses a table with a partition key
// `pk` (S) and a sort key `sk` (N): key number k is item (pk = "user" + k / 100, sk = k % 100)
// and a Query reads `pk = :p AND sk BETWEEN :lo AND :hi`, a run of 1..query_length sort keys
// (YCSB's short scan). Other workloads use a table with the partition key `pk` alone,
// pk = "user" + k. ReadModifyWrite is GetItem then UpdateItem conditioned on the version read.
//
// A JSON file gives a custom mix:
//   {"operations": {"GetItem": 80, "BatchWriteItem": 10, "GsiQuery": 10},
//    "distribution": "zipfian", "batch_size": 10, "query_length": 10, "scan_limit": 100}
// Weights are relative; every field but "operations" is optional.
//
// Thread safety: a Workload is an immutable value once built.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "bench/harness/key_distribution.h"
#include "stator/status.h"

namespace stator::bench {

enum class Operation {
  kGetItem, kPutItem, kUpdateItem, kDeleteItem, kQuery, kScan, kBatchGetItem, kBatchWriteItem,
  kTransactWriteItems, kGsiQuery, kInsert, kReadModifyWrite,
  kLoad,  // the load phase: BatchWriteItem of 25 consecutive new keys
};
inline constexpr int kOperationCount = static_cast<int>(Operation::kLoad) + 1;

std::string_view ToString(Operation op);
bool ParseOperation(std::string_view name, Operation* out);

struct WeightedOperation {
  Operation op;
  double weight;
};

struct Workload {
  std::string name;
  std::vector<WeightedOperation> mix;
  Distribution distribution = Distribution::kZipfian;
  bool distribution_given = false;  // by the file; --distribution overrides the preset only
  int batch_size = 10;      // keys per BatchGetItem (<= 100), BatchWriteItem (<= 25), transaction
  int query_length = 10;    // Query reads 1..query_length sort keys
  int scan_limit = 100;     // Limit of Scan and GSI Query

  bool Uses(Operation op) const;
  bool NeedsSortKey() const { return Uses(Operation::kQuery); }
  bool NeedsIndex() const { return Uses(Operation::kGsiQuery); }
};

inline constexpr int kSortKeysPerPartition = 100;
inline constexpr int kLoadBatch = 25;  // BatchWriteItem's limit
inline constexpr std::string_view kIndexName = "gsi1";
inline constexpr int kIndexPartitions = 1000;  // distinct values of the indexed attribute `g`

// "a" .. "f", or the path of a JSON file. Errors: ValidationException with the reason.
Result<Workload> LoadWorkload(std::string_view name_or_path);
// Parses the JSON text of a workload file. Errors: ValidationException naming the problem.
Result<Workload> ParseWorkloadJson(std::string_view json, std::string name);
// The YCSB preset, or an error for a letter outside a..f.
Result<Workload> YcsbWorkload(std::string_view letter);

}  // namespace stator::bench
