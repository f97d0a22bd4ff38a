// Query: the items of one partition, in sort-key order (or reverse), within the key range the
// key condition selects. A partition is a contiguous range of item keys (key_codec.h) and within
// it items sort by the order-preserving sort-key encoding, so every sort-key condition is one
// key range and a page is one bounded iterator over it. An index partition is laid out the same
// way (index_codec.h), so a Query with IndexName is the same range read over index entries.
#include "engine/engine_database.h"
#include "engine/indexes/index_codec.h"
#include "engine/indexes/index_read.h"
#include "engine/model/capacity.h"
#include "engine/reads/read_request.h"
#include "engine/storage/key_codec.h"
#include "engine/tables/table_validation.h"

namespace stator::engine {
namespace {

// The smallest key greater than every key that starts with `prefix` (empty: no such key).
std::string PrefixSuccessor(std::string prefix) {
  while (!prefix.empty()) {
    auto& last = reinterpret_cast<unsigned char&>(prefix.back());
    if (last != 0xff) {
      ++last;
      return prefix;
    }
    prefix.pop_back();
  }
  return prefix;
}

// The smallest key greater than `key` itself: sort keys are the last key component, so no
// other item key lies between key and key + '\0'.
std::string After(std::string key) {
  key.push_back('\0');
  return key;
}

// The type byte key_codec.h writes before a sort key of this type.
char SortTypeByte(ScalarType type) {
  switch (type) {
    case ScalarType::kN: return 'N';
    case ScalarType::kB: return 'B';
    default: return 'S';
  }
}

struct KeyRange {
  std::string begin, end;  // [begin, end)
  std::string partition;   // the prefix every key of the partition starts with
};

// Where a sort-key value's keys begin (bound) and end (past) within a partition: a table's
// sort key is the last key component; an index's is escaped and terminated (index_codec.h).
struct SortKeys {
  const Table& table;
  const IndexDef* index;
  const AttributeValue& pk;
  const std::string& partition;

  std::string Bound(const AttributeValue& sort) const {
    if (index == nullptr) return EncodeItemKey(table.id, pk, &sort);
    std::string out = partition;
    AppendIndexSortKey(sort, true, &out);
    return out;
  }
  std::string Past(const AttributeValue& sort) const {
    return index == nullptr ? After(Bound(sort)) : PrefixSuccessor(Bound(sort));
  }
  std::string Prefix(const AttributeValue& sort) const {
    if (index == nullptr) return Bound(sort);
    std::string out = partition;
    AppendIndexSortKey(sort, false, &out);
    return out;
  }
};

KeyRange RangeOf(const Table& table, const IndexDef* index, const expr::KeyCondition& kc) {
  KeyRange r;
  const AttributeValue pk = PartitionValueOf(kc);
  const KeySchema& schema = index ? index->key : table.key;
  if (index != nullptr) {
    // Index entries end with the item key: a partition is a prefix range even without sort key.
    r.partition = IndexPartitionPrefix(*index, pk);
    r.begin = r.partition;
    r.end = PrefixSuccessor(r.partition);
  } else if (!schema.range) {
    r.partition = EncodeItemKey(table.id, pk, nullptr);
    r.begin = r.partition;
    r.end = After(r.partition);
    return r;
  } else {
    // The partition prefix includes the sort key's type byte, which the schema fixes.
    r.partition = EncodeItemKey(table.id, pk, nullptr);
    r.partition.push_back(SortTypeByte(schema.range->type));
    r.begin = r.partition;
    r.end = PrefixSuccessor(r.partition);
  }
  if (!kc.sort) return r;
  // A multi-attribute sort key's leading equalities are a byte prefix (index_codec.h) under
  // which the last used attribute's condition is read as a single sort key's would be.
  std::string sort_base = r.partition;
  for (const AttributeValue& v : kc.sort_prefix) AppendIndexSortKey(v, true, &sort_base);
  if (!kc.sort_prefix.empty()) {
    r.begin = sort_base;
    r.end = PrefixSuccessor(sort_base);
  }
  const SortKeys keys{table, index, pk, sort_base};
  const expr::SortKeyCondition& s = *kc.sort;
  using Op = expr::SortKeyCondition;
  switch (s.op) {
    case Op::kEq: r.begin = keys.Bound(s.low); r.end = keys.Past(s.low); break;
    case Op::kLt: r.end = keys.Bound(s.low); break;
    case Op::kLe: r.end = keys.Past(s.low); break;
    case Op::kGt: r.begin = keys.Past(s.low); break;
    case Op::kGe: r.begin = keys.Bound(s.low); break;
    case Op::kBetween: r.begin = keys.Bound(s.low); r.end = keys.Past(s.high); break;
    case Op::kBeginsWith: {
      r.begin = keys.Prefix(s.low);
      std::string end = PrefixSuccessor(r.begin);
      if (!end.empty() && end < r.end) r.end = std::move(end);
      break;
    }
  }
  return r;
}

// Narrows the range to what follows the starting key in the query's direction.
Status ApplyStartKey(const std::string& start, bool forward, KeyRange* r) {
  if (start.compare(0, r->partition.size(), r->partition) != 0) {
    return Status::Validation(
        "The provided starting key is outside query boundaries based on provided conditions");
  }
  if (start < r->begin || start >= r->end) {
    return Status::Validation("The provided starting key does not match the range key predicate");
  }
  if (forward) {
    r->begin = After(start);
  } else {
    r->end = start;
  }
  return Status::OK();
}

Status CheckLimit(const ReadRequest& r) {
  if (r.limit && *r.limit < 1) {
    return Status::Validation("1 validation error detected: Value '" + std::to_string(*r.limit) +
                              "' at 'limit' failed to satisfy constraint: Member must have value "
                              "greater than or equal to 1");
  }
  return Status::OK();
}

}  // namespace

Result<QueryResponse> EngineDatabase::DoQuery(const CallOptions& call, const QueryRequest& r) {
  STATOR_RETURN_IF_ERROR(CheckLimit(r));
  auto prepared = PrepareRead(ReadKind::kQuery, r, &r.key_condition_expression,
                              &r.key_conditions, r.query_filter);
  if (!prepared.ok()) return prepared.status();
  ReadSource source;
  STATOR_RETURN_IF_ERROR(OpenRead(call, r, *prepared, &source));
  const Table& t = *source.table;
  const IndexDef* ix = source.index_def();
  const KeySchema& schema = ix ? ix->key : t.key;
  Result<expr::KeyCondition> kc =
      prepared->key_condition ? expr::KeyConditionFromExpression(*prepared->key_condition, schema)
                              : expr::KeyConditionFromLegacy(&*prepared->key_conditions, schema);
  if (!kc.ok()) return kc.status();
  std::string start;
  STATOR_RETURN_IF_ERROR(CheckReadAgainstTable(ReadKind::kQuery, &*prepared, t, &start, ix));
  auto access = access_.Admit(Operation::kQuery, t, ix, PartitionHash(PartitionValueOf(*kc)));
  if (!access.ok()) return access.status();
  KeyRange range = RangeOf(t, ix, *kc);
  if (!start.empty()) STATOR_RETURN_IF_ERROR(ApplyStartKey(start, r.scan_index_forward, &range));

  QueryResponse response;
  int64_t bytes = 0;
  if (range.begin < range.end) {
    auto read = ReadRange(source, *prepared, r.limit, std::move(range.begin),
                          std::move(range.end), !r.scan_index_forward, &response);
    if (!read.ok()) return read.status();
    bytes = *read;
  } else if (prepared->select != Select::kCount) {
    response.items.emplace();
  }
  access_.ChargeRead(*access, ReadUnits(bytes, r.consistent_read), source.fetched_units);
  response.consumed_capacity = ReadCapacityOf(r, bytes, ix, source.fetched_units);
  return response;
}

}  // namespace stator::engine
