// TableAccess: the one step every data-plane request passes, cache hits included
// (Database::AccessServed). For each table, index and partition a request reads or writes it
//   1. resolves the table (by name or ARN) — Resolve;
//   2. finds the partition of the key (PartitionMap) and asks admission (stator/admission.h),
//      where throughput is charged and, later, refused, before the work — Admit;
//   3. tells admission what the work consumed — Charge;
// and records the request's figures (count, errors, latency) — Measure.
// The key itself is validated by the operation before step 2, against the resolved table's key
// schema (engine/model/item_validation.h).
//
// Thread safety: safe for concurrent use.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string_view>

#include "engine/access/capacity_ledger.h"
#include "engine/access/measured_request.h"
#include "engine/access/operation_metrics.h"
#include "engine/indexes/index_collection.h"
#include "engine/tables/catalog.h"
#include "engine/throughput/throttling_admission.h"
#include "stator/admission.h"
#include "stator/options.h"

namespace stator::engine {

class TableAccess {
 public:
  // `admission` null: the engine's CapacityLedger, behind throughput enforcement
  // (ThrottlingAdmission) when `throttling`.
  TableAccess(const Catalog& catalog, const Clock& clock, std::shared_ptr<Admission> admission,
              bool throttling = false);

  // The active table a data-plane call names (by name or ARN). Errors: ValidationException (a
  // malformed name), ResourceNotFoundException (no such table, or still CREATING).
  Result<std::shared_ptr<Table>> Resolve(const CallOptions& call,
                                         std::string_view name_or_arn) const;

  // Asks admission for an access to the table (`index` null) or one of its indexes, in the
  // partition holding `hash` (the partition key's PartitionHash; nullopt: every partition, a
  // Scan). The result names the access for Charge. Errors: admission's refusal.
  Result<Access> Admit(Operation op, const Table& table, const IndexDef* index,
                       std::optional<uint64_t> hash, bool cached = false) const;
  void Charge(const Access& access, double read_units, double write_units) const {
    admission_->Charge(access, read_units, write_units);
  }
  // Charges a Query's or Scan's page: `read_units` to its access (table or index) and, for a
  // local index read that fetched base items, `fetched_units` to the table, in the same
  // partition (an LSI is partitioned as its table).
  void ChargeRead(const Access& access, double read_units, double fetched_units) const;
  // Charges a write: `table_units` to the table's access and each changed index's units
  // (`effect`; a transaction doubles the table's units, never the index's) to that index. An
  // index entry's partition is not resolved on the write path: index writes are charged to all
  // of the index's partitions (kAllPartitions).
  void ChargeWrite(const Access& access, double table_units, const WriteEffect& effect) const;

  // Runs one request `run` (returning a Result or Status) and records its figures, for its
  // operation and for the first table it resolved (MeasuredRequest).
  template <class Run>
  auto Measure(Operation op, Run&& run) {
    MeasuredRequest request;
    const auto start = std::chrono::steady_clock::now();
    auto result = run();
    const auto micros = static_cast<uint64_t>(
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() -
                                                              start)
            .count());
    const ErrorCode outcome = OutcomeOf(result);
    metrics_.Record(op, outcome, micros);
    if (request.table() != nullptr) request.table()->requests.Record(op, outcome, micros);
    return result;
  }
  // Counts a request the cache answered (Database::RecordServed).
  void RecordServed(Operation op, ErrorCode outcome) { metrics_.RecordServed(op, outcome); }
  // The database's figures by operation, and each table's (with its items, from `storage`).
  OperationStats Stats(const Storage& storage) const;

  // The default admission's figures (null when Options::admission replaced it).
  const CapacityLedger* ledger() const { return ledger_.get(); }
  // Throughput enforcement's figures (null unless Options::throttling turned it on).
  const ThrottlingAdmission* throttling() const { return throttling_.get(); }

 private:
  static ErrorCode OutcomeOf(const Status& s) { return s.code(); }
  template <class T>
  static ErrorCode OutcomeOf(const Result<T>& r) {
    return r.ok() ? ErrorCode::kOk : r.status().code();
  }

  const Catalog& catalog_;
  const Clock& clock_;
  std::shared_ptr<CapacityLedger> ledger_;
  std::shared_ptr<ThrottlingAdmission> throttling_;
  std::shared_ptr<Admission> admission_;
  OperationMetrics metrics_;
};

}  // namespace stator::engine
