// Admission: the one place every data-plane request meets its table's throughput. The engine's
// table-access step (engine/access/table_access.h) asks it once for each table, index and
// partition a request reads or writes — cache hits included, which the cache reports through
// Database::AccessServed — before the work, and tells it afterwards what the work consumed.
// Refusing (the service's throttling errors) happens here; the default admission admits
// everything and records the consumed capacity per table, index and partition.
//
// Thread safety: called concurrently from every request thread; implementations must be
// thread-safe and must not call back into the Database.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "stator/change_feed.h"
#include "stator/status.h"

namespace stator {

// The data-plane operations, as the table-access step names them.
enum class Operation : unsigned char {
  kGetItem,
  kPutItem,
  kUpdateItem,
  kDeleteItem,
  kBatchGetItem,
  kBatchWriteItem,
  kTransactGetItems,
  kTransactWriteItems,
  kQuery,
  kScan,
};
inline constexpr int kOperationCount = 10;
std::string_view ToString(Operation op);  // DynamoDB's name of it, e.g. "GetItem"
bool IsWrite(Operation op);               // PutItem, UpdateItem, DeleteItem and the write batches

// A Scan reads every partition of its table (or index).
inline constexpr uint64_t kAllPartitions = ~uint64_t{0};

// The throughput of a global secondary index: what its reads spend, and what the writes of its
// table feed it.
struct IndexThroughput {
  std::string name;
  // Units per second; 0 for an on-demand table's GSI.
  int64_t provisioned_read = 0;
  int64_t provisioned_write = 0;
  // The most an on-demand GSI may consume a second (its OnDemandThroughput); 0 for no maximum.
  int64_t max_on_demand_read = 0;
  int64_t max_on_demand_write = 0;
};

// One access of a request to one table or index, in one partition.
struct Access {
  Operation op = Operation::kGetItem;
  TableRef table;          // the views live as long as the table
  std::string_view table_arn;
  std::string_view index;  // the index read or written; empty: the table itself
  // The partition's id: stable for the partition's life (a split gives its halves new ids),
  // unique within the database; kAllPartitions for a Scan.
  uint64_t partition = kAllPartitions;
  // The hash of the partition key (its place on the partition's hash ring) when `partition` is
  // one partition; 0 for a Scan. Throughput enforcement tells a partition hot with many keys,
  // which it splits, from one hot key, which it cannot.
  uint64_t key_hash = 0;
  bool cached = false;  // answered by the cache in front of the engine
  // The access reads or writes a global secondary index, which has its own throughput; an LSI
  // spends its table's.
  bool global_index = false;
  // The provisioned read and write units per second of whose throughput the access spends (the
  // GSI's or the table's); 0 for an on-demand table.
  int64_t provisioned_read = 0;
  int64_t provisioned_write = 0;
  // The most an on-demand table or GSI whose throughput the access spends may consume a second
  // (its OnDemandThroughput), 0 for no maximum.
  int64_t max_on_demand_read = 0;
  int64_t max_on_demand_write = 0;
  // For a write to a table (not an index) that has GSIs, during Admit only: its GSIs'
  // throughputs, so that admission can refuse the write when one of them cannot take more
  // writes (the service's GSI back-pressure); null otherwise, and always null in Charge. The
  // vector lives at least until Admit returns.
  const std::vector<IndexThroughput>* fed_indexes = nullptr;
};

class Admission {
 public:
  virtual ~Admission() = default;
  // Before the work. OK admits the access; a failed Status refuses the request, which then
  // reads and writes nothing and fails with that Status.
  virtual Status Admit(const Access& access) = 0;
  // After the work: the capacity units the admitted access consumed, by the service's rules
  // (one call for the table and one for each index the work charged).
  virtual void Charge(const Access& access, double read_units, double write_units) = 0;
};

}  // namespace stator
