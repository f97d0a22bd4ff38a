// RunConfig, RunState and OpStream: what a run is asked to do, what its driver threads share
// while doing it, and the per-thread source of the next operation and its keys.
//
// Thread safety: RunConfig is immutable during a run. RunState's members are atomics, read and
// written by every driver thread. An OpStream belongs to one thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "bench/harness/key_distribution.h"
#include "bench/harness/schedule.h"
#include "bench/harness/workload.h"
#include "api/client/sigv4.h"
#include "stator/table_types.h"

namespace stator::bench {

using client::Credentials;

struct RunConfig {
  std::string endpoint;        // http(s)://host[:port][/]; empty with embedded
  std::string embedded_dir;    // a directory, ":memory:", or empty
  Workload workload;
  Distribution distribution = Distribution::kZipfian;
  std::string table = "usertable";
  uint64_t keys = 100000;
  int item_size = 1000;
  int connections = 16;        // per run, spread over the threads (HTTP)
  int threads = 1;             // driver threads
  double duration_s = 10;      // 0: until --operations
  uint64_t operations = 0;     // 0: until --duration
  double rate = 0;             // 0: closed loop; else total target requests per second
  bool load = false;
  // The table is created with a stream of this view type (DynamoDB Streams). Default: none
  std::optional<StreamViewType> stream_view_type;
  // PutItem and Insert write `version` = the operation's number + 1 instead of 0, so each put
  // changes its item: a stream records only changes, so a rewrite of the loaded item as it is
  // would measure a stream that writes nothing.
  bool changing_puts = false;
  bool return_consumed_capacity = false;
  bool verify_tls = true;      // false: accept any certificate (--insecure, for local TLS)
  Credentials credentials;
  int server_pid = 0;
};

// One operation to perform: what, on which key(s).
struct NextOp {
  Operation op = Operation::kGetItem;
  uint64_t key = 0;
  int length = 1;               // Query: sort keys to read
  uint64_t version = 0;         // PutItem, Insert: the item's `version` (see changing_puts)
  std::vector<uint64_t> keys;   // batch and transaction operations, Load
};

// Shared by the driver threads of one phase (load or run).
struct RunState {
  const RunConfig* config = nullptr;
  const Workload* workload = nullptr;
  std::atomic<bool> stop{false};
  std::atomic<uint64_t> started{0};  // operations started, for --operations and Load batches
  uint64_t op_limit = 0;             // 0: none
  std::atomic<uint64_t> next_insert{0};   // key number the next Insert writes
  std::atomic<uint64_t> inserted{0};      // keys written so far ("latest" reads below this)
  Clock::time_point start;
  double rate_per_thread = 0;        // 0: closed loop

  // Claims the next operation; false once the run is stopping or the limit is reached.
  bool TryStart(uint64_t* index) {
    if (stop.load(std::memory_order_relaxed)) return false;
    const uint64_t i = started.fetch_add(1, std::memory_order_relaxed);
    if (op_limit != 0 && i >= op_limit) return false;
    *index = i;
    return true;
  }
};

// Item key layout (see workload.h): the partition key value and, with a sort key, its number.
struct ItemKey {
  char pk[24];
  int pk_size;
  int sk;  // -1 without a sort key
};
ItemKey KeyOf(uint64_t key, bool sort_key);
// The indexed attribute `g` of an item, for GSI Query.
std::string IndexValueOf(uint64_t key);

// Draws operations per the workload's mix and keys per its distribution.
class OpStream {
 public:
  OpStream(RunState* state, uint64_t seed);
  // The operation with sequence number index (from RunState::TryStart).
  NextOp Next(uint64_t index);
  // Tells "latest" that an Insert finished.
  void InsertDone() { state_->inserted.fetch_add(1, std::memory_order_release); }

 private:
  void DistinctKeys(int n, std::vector<uint64_t>* out);
  RunState* state_;
  KeyChooser chooser_;
  std::vector<double> cumulative_;
};

}  // namespace stator::bench
