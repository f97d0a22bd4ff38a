// The data plane's entry points: each operation runs inside the table-access step's measurement
// (count, errors, latency) and does its work in Do<Operation> (item_operations.cc,
// batch_operations.cc, transact_operations.cc, query.cc, scan.cc), which resolves its tables,
// asks admission and charges what it consumed through the same step (table_access.h). Reads the
// cache answered come in through AccessServed.
#include "engine/engine_database.h"
#include "engine/indexes/index_codec.h"
#include "engine/indexes/index_read.h"
#include "engine/model/item_validation.h"
#include "engine/model/read_parameters.h"
#include "engine/storage/key_codec.h"

namespace stator::engine {

Result<PutItemResponse> EngineDatabase::PutItem(const CallOptions& c, const PutItemRequest& r) {
  return access_.Measure(Operation::kPutItem, [&] { return DoPutItem(c, r); });
}
Result<GetItemResponse> EngineDatabase::GetItem(const CallOptions& c, const GetItemRequest& r) {
  return access_.Measure(Operation::kGetItem, [&] { return DoGetItem(c, r); });
}
Result<FlatGetItemResponse> EngineDatabase::GetItemFlat(const CallOptions& c,
                                                        const GetItemRequest& r) {
  return access_.Measure(Operation::kGetItem, [&] { return DoGetItemFlat(c, r); });
}
Result<DeleteItemResponse> EngineDatabase::DeleteItem(const CallOptions& c,
                                                      const DeleteItemRequest& r) {
  return access_.Measure(Operation::kDeleteItem, [&] { return DoDeleteItem(c, r); });
}
Result<UpdateItemResponse> EngineDatabase::UpdateItem(const CallOptions& c,
                                                      const UpdateItemRequest& r) {
  return access_.Measure(Operation::kUpdateItem, [&] { return DoUpdateItem(c, r); });
}
Result<BatchGetItemResponse> EngineDatabase::BatchGetItem(const CallOptions& c,
                                                          const BatchGetItemRequest& r) {
  return access_.Measure(Operation::kBatchGetItem, [&] { return DoBatchGetItem(c, r); });
}
Result<BatchWriteItemResponse> EngineDatabase::BatchWriteItem(const CallOptions& c,
                                                              const BatchWriteItemRequest& r) {
  return access_.Measure(Operation::kBatchWriteItem, [&] { return DoBatchWriteItem(c, r); });
}
Result<TransactWriteItemsResponse> EngineDatabase::TransactWriteItems(
    const CallOptions& c, const TransactWriteItemsRequest& r) {
  return access_.Measure(Operation::kTransactWriteItems,
                         [&] { return DoTransactWriteItems(c, r); });
}
Result<TransactGetItemsResponse> EngineDatabase::TransactGetItems(
    const CallOptions& c, const TransactGetItemsRequest& r) {
  return access_.Measure(Operation::kTransactGetItems, [&] { return DoTransactGetItems(c, r); });
}
Result<QueryResponse> EngineDatabase::Query(const CallOptions& c, const QueryRequest& r) {
  return access_.Measure(Operation::kQuery, [&] { return DoQuery(c, r); });
}
Result<ScanResponse> EngineDatabase::Scan(const CallOptions& c, const ScanRequest& r) {
  return access_.Measure(Operation::kScan, [&] { return DoScan(c, r); });
}

Status EngineDatabase::OpenKey(const CallOptions& call, Operation op, std::string_view table_name,
                               const Item& key, KeyAccess* out, bool cached) {
  STATOR_RETURN_IF_ERROR(ValidateItem(key, &out->normalized));
  out->key = out->normalized ? &*out->normalized : &key;
  auto table = ActiveTable(call, table_name);
  if (!table.ok()) return table.status();
  out->table = std::move(table).value();
  STATOR_RETURN_IF_ERROR(CheckKey(out->table->key, *out->key, &out->partition, &out->sort));
  auto access = access_.Admit(op, *out->table, nullptr, PartitionHash(*out->partition), cached);
  if (!access.ok()) return access.status();
  out->access = *access;
  return Status::OK();
}

namespace {

// The partition hash of a served Query's key condition (nullopt: a Scan, every partition).
// `index` is the read's index, if any.
Result<std::optional<uint64_t>> ServedHash(const Table& table, const IndexDef* index,
                                           const Database::ServedRead& r) {
  if (r.op != Operation::kQuery || r.read == nullptr) return std::optional<uint64_t>();
  const auto& q = static_cast<const QueryRequest&>(*r.read);
  auto prepared = PrepareRead(ReadKind::kQuery, q, &q.key_condition_expression, &q.key_conditions,
                              q.query_filter);
  if (!prepared.ok()) return prepared.status();
  const KeySchema& schema = index ? index->key : table.key;
  auto kc = prepared->key_condition
                ? expr::KeyConditionFromExpression(*prepared->key_condition, schema)
                : expr::KeyConditionFromLegacy(&*prepared->key_conditions, schema);
  if (!kc.ok()) return kc.status();
  return std::optional<uint64_t>(PartitionHash(PartitionValueOf(*kc)));
}

}  // namespace

Status EngineDatabase::AccessServed(const CallOptions& call, const ServedRead& r) {
  // The table's figures count each access served, refused ones with their error.
  MeasuredRequest request;
  Status s = AdmitServed(call, r);
  if (request.table() != nullptr) request.table()->requests.RecordServed(r.op, s.code());
  return s;
}

Status EngineDatabase::AdmitServed(const CallOptions& call, const ServedRead& r) {
  if (r.key != nullptr) {
    KeyAccess k;
    STATOR_RETURN_IF_ERROR(OpenKey(call, r.op, r.table_name, *r.key, &k, /*cached=*/true));
    access_.Charge(k.access, r.read_units, 0);
    return Status::OK();
  }
  auto table = ActiveTable(call, r.table_name);
  if (!table.ok()) return table.status();
  std::optional<IndexDef> index;
  const ReadRequest* read = r.read;
  if (read != nullptr && read->index_name) {
    auto found = FindReadIndex(**table, *read, Select::kAllAttributes);
    if (!found.ok()) return found.status();
    index = std::move(found).value();
  }
  const IndexDef* ix = index ? &*index : nullptr;
  auto hash = ServedHash(**table, ix, r);
  if (!hash.ok()) return hash.status();
  auto access = access_.Admit(r.op, **table, ix, *hash, /*cached=*/true);
  if (!access.ok()) return access.status();
  access_.Charge(*access, r.read_units, 0);
  return Status::OK();
}

}  // namespace stator::engine
