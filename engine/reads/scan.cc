// Scan: every item of a table in partition-hash order. Item keys start with the table id and the
// 64-bit partition hash (key_codec.h), so a parallel scan's segment is a contiguous slice of the
// hash ring: TotalSegments equal slices, disjoint and together covering the ring, hence every
// item exactly once, whatever is written meanwhile (an item's key, and so its segment, never
// changes).
#include "engine/engine_database.h"
#include "engine/indexes/index_read.h"
#include "engine/model/capacity.h"
#include "engine/model/coding.h"
#include "engine/reads/read_request.h"
#include "engine/storage/key_codec.h"
#include "engine/tables/table_validation.h"

namespace stator::engine {
namespace {

constexpr int64_t kMaxTotalSegments = 1000000;

std::string Constraint(int64_t value, std::string_view member, std::string_view rule) {
  return "Value '" + std::to_string(value) + "' at '" + std::string(member) +
         "' failed to satisfy constraint: Member must have value " + std::string(rule);
}

// The range constraints of Limit, Segment and TotalSegments, reported together as the service
// reports constraint violations.
Status CheckRanges(const ScanRequest& r) {
  std::vector<std::string> errors;
  if (r.limit && *r.limit < 1) {
    errors.push_back(Constraint(*r.limit, "limit", "greater than or equal to 1"));
  }
  if (r.segment && *r.segment < 0) {
    errors.push_back(Constraint(*r.segment, "segment", "greater than or equal to 0"));
  }
  if (r.segment && *r.segment > kMaxTotalSegments - 1) {
    errors.push_back(Constraint(*r.segment, "segment", "less than or equal to 999999"));
  }
  if (r.total_segments && *r.total_segments < 1) {
    errors.push_back(Constraint(*r.total_segments, "totalSegments", "greater than or equal to 1"));
  }
  if (r.total_segments && *r.total_segments > kMaxTotalSegments) {
    errors.push_back(
        Constraint(*r.total_segments, "totalSegments", "less than or equal to 1000000"));
  }
  if (errors.empty()) return Status::OK();
  std::string message = std::to_string(errors.size()) +
                        (errors.size() == 1 ? " validation error detected: "
                                            : " validation errors detected: ");
  for (size_t i = 0; i < errors.size(); ++i) message += (i ? "; " : "") + errors[i];
  return Status::Validation(std::move(message));
}

Status CheckSegments(const ScanRequest& r) {
  if (r.segment && !r.total_segments) {
    return Status::Validation(
        "The TotalSegments parameter is required but was not present in the request when "
        "Segment parameter is present");
  }
  if (r.total_segments && !r.segment) {
    return Status::Validation(
        "The Segment parameter is required but was not present in the request when parameter "
        "TotalSegments is present");
  }
  if (r.segment && *r.segment >= *r.total_segments) {
    return Status::Validation(
        "The Segment parameter is zero-based and must be less than parameter TotalSegments: "
        "Segment: " + std::to_string(*r.segment) + " is not less than TotalSegments: " +
        std::to_string(*r.total_segments));
  }
  return Status::OK();
}

// The first hash of segment `s` of `n`: floor(s * 2^64 / n). Equal slices of the ring.
uint64_t SegmentStart(uint64_t s, uint64_t n) {
  return static_cast<uint64_t>((static_cast<unsigned __int128>(s) << 64) / n);
}

}  // namespace

std::pair<std::string, std::string> ScanSegmentRange(uint32_t table_id, int64_t segment,
                                                     int64_t total_segments) {
  std::string begin = TablePrefix(table_id);
  std::string end = TablePrefix(table_id + 1);
  if (total_segments <= 1) return {begin, end};
  const auto s = static_cast<uint64_t>(segment), n = static_cast<uint64_t>(total_segments);
  PutFixed64BE(&begin, SegmentStart(s, n));
  if (s + 1 < n) {
    end = TablePrefix(table_id);
    PutFixed64BE(&end, SegmentStart(s + 1, n));
  }
  return {begin, end};
}

Result<ScanResponse> EngineDatabase::DoScan(const CallOptions& call, const ScanRequest& r) {
  STATOR_RETURN_IF_ERROR(CheckRanges(r));
  STATOR_RETURN_IF_ERROR(CheckSegments(r));
  auto prepared = PrepareRead(ReadKind::kScan, r, nullptr, nullptr, r.scan_filter);
  if (!prepared.ok()) return prepared.status();
  ReadSource source;
  STATOR_RETURN_IF_ERROR(OpenRead(call, r, *prepared, &source));
  const Table& t = *source.table;
  const IndexDef* ix = source.index_def();
  std::string start;
  STATOR_RETURN_IF_ERROR(CheckReadAgainstTable(ReadKind::kScan, &*prepared, t, &start, ix));
  // Index entries start with the index id and the hash of the index partition key, so an
  // index's segments are slices of its own hash ring.
  auto [begin, end] = ScanSegmentRange(ix ? ix->id : t.id, r.segment.value_or(0),
                                       r.total_segments.value_or(1));
  if (!start.empty()) {
    if (start < begin || start >= end) {
      return Status::Validation(
          "The provided Exclusive start key does not map to the provided Segment and "
          "TotalSegments values.");
    }
    begin = start;
    begin.push_back('\0');
  }
  auto access = access_.Admit(Operation::kScan, t, ix, std::nullopt);
  if (!access.ok()) return access.status();
  ScanResponse response;
  auto read = ReadRange(source, *prepared, r.limit, std::move(begin), std::move(end), false,
                        &response);
  if (!read.ok()) return read.status();
  access_.ChargeRead(*access, ReadUnits(*read, r.consistent_read), source.fetched_units);
  response.consumed_capacity = ReadCapacityOf(r, *read, ix, source.fetched_units);
  return response;
}

}  // namespace stator::engine
