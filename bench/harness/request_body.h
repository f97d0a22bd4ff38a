// RequestBodies: the DynamoDB JSON request bodies of the harness's operations.
//
// The item payload (`field0`, --item-size bytes) is built once and copied into every write, and
// a body is appended into a caller-owned buffer that keeps its capacity, so building a request
// costs a few memcpy's. CreateTable's body for the run's table comes from here too.
//
// Thread safety: one RequestBodies per driver thread (Build appends into its argument only, but
// the object is cheap and per-thread use keeps caches local).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "bench/harness/run_state.h"

namespace stator::bench {

// The value of `field0`: size printable bytes, the same for every item of a run.
std::string Payload(int size);

class RequestBodies {
 public:
  RequestBodies(const RunConfig& config, const Workload& workload);

  // The X-Amz-Target operation name sent for op (Insert is a PutItem, ...).
  static std::string_view TargetOf(Operation op);
  // Appends the body of op to out (cleared first). For ReadModifyWrite this is the GetItem.
  void Build(const NextOp& op, std::string* out) const;
  // The conditional UpdateItem of a ReadModifyWrite, given the version the GetItem read
  // (empty: the item had none).
  void BuildRmwUpdate(uint64_t key, std::string_view version, std::string* out) const;
  std::string CreateTable() const;

 private:
  void Key(uint64_t key, std::string* out) const;
  void FullItem(uint64_t key, uint64_t version, std::string* out) const;
  void Tail(std::string* out) const;

  std::string table_;
  bool sort_key_;
  bool index_;
  bool capacity_;
  std::optional<StreamViewType> stream_view_type_;
  int scan_limit_;
  std::string payload_;
};

// Reads `"version":{"N":"123"}` from a GetItem response; empty when absent.
std::string_view FindVersion(std::string_view body);
// The `__type` of an error body, after its '#'; "UnknownError" when there is none.
std::string_view ErrorType(std::string_view body);
// ConsumedCapacity.CapacityUnits summed over a response, or -1 when none is returned.
double CapacityUnits(std::string_view body);

}  // namespace stator::bench
