// EmbeddedDriver: typed requests built per operation (the JSON bodies' twins, request_body.cc).
#include "bench/harness/embedded_driver.h"

#include <thread>

#include "bench/harness/request_body.h"

namespace stator::bench {
namespace {

class TypedRequests {
 public:
  TypedRequests(const RunConfig& config, const Workload& workload)
      : table_(config.table),
        sort_key_(workload.NeedsSortKey()),
        index_(workload.NeedsIndex()),
        capacity_(config.return_consumed_capacity ? ReturnConsumedCapacity::kTotal
                                                  : ReturnConsumedCapacity::kNone),
        scan_limit_(workload.scan_limit),
        payload_(AttributeValue::S(Payload(config.item_size))) {}

  Item Key(uint64_t key) const {
    const ItemKey k = KeyOf(key, sort_key_);
    Item item{{"pk", AttributeValue::S(std::string(k.pk, k.pk_size))}};
    if (k.sk >= 0) item.emplace("sk", AttributeValue::N(std::to_string(k.sk)));
    return item;
  }
  Item FullItem(uint64_t key, uint64_t version = 0) const {
    Item item = Key(key);
    item.emplace("field0", payload_);
    item.emplace("version", AttributeValue::N(std::to_string(version)));
    if (index_) item.emplace("g", AttributeValue::S(IndexValueOf(key)));
    return item;
  }

  // Performs op; returns the error type ("" on success) and the capacity reported (-1: none).
  std::pair<std::string_view, double> Run(Database& db, const NextOp& op);
  // Whether a cache answered the last read Run performed, as its response said.
  CacheOutcome cache() const { return cache_; }

 private:
  std::pair<std::string_view, double> RunRead(Database& db, const NextOp& op);
  std::pair<std::string_view, double> RunBatch(Database& db, const NextOp& op);
  std::pair<std::string_view, double> ReadModifyWrite(Database& db, const NextOp& op);

  template <class R>
  std::pair<std::string_view, double> Outcome(const R& r) {
    cache_ = CacheOutcome::kNone;
    if (!r.ok()) return {ErrorTypeOf(r.status().code()), -1};
    if constexpr (requires { r->cache; }) cache_ = r->cache;
    return {"", Capacity(*r)};
  }
  template <class V>
  static double Capacity(const V& v) {
    if constexpr (requires { v.consumed_capacity->capacity_units; }) {
      return v.consumed_capacity ? v.consumed_capacity->capacity_units : -1;
    } else if constexpr (requires { v.consumed_capacity.front(); }) {
      if (v.consumed_capacity.empty()) return -1;
      double sum = 0;
      for (const auto& c : v.consumed_capacity) sum += c.capacity_units;
      return sum;
    } else {
      return -1;
    }
  }

  CallOptions call_;
  std::string table_;
  bool sort_key_;
  bool index_;
  ReturnConsumedCapacity capacity_;
  int scan_limit_;
  AttributeValue payload_;
  CacheOutcome cache_ = CacheOutcome::kNone;
};

std::pair<std::string_view, double> TypedRequests::Run(Database& db, const NextOp& op) {
  switch (op.op) {
    case Operation::kGetItem: {
      GetItemRequest r;
      r.table_name = table_;
      r.key = Key(op.key);
      r.return_consumed_capacity = capacity_;
      return Outcome(db.GetItem(call_, r));
    }
    case Operation::kPutItem:
    case Operation::kInsert: {
      PutItemRequest r;
      r.table_name = table_;
      r.item = FullItem(op.key, op.version);
      r.return_consumed_capacity = capacity_;
      return Outcome(db.PutItem(call_, r));
    }
    case Operation::kUpdateItem: {
      UpdateItemRequest r;
      r.table_name = table_;
      r.key = Key(op.key);
      r.update_expression = "SET field0 = :v ADD version :one";
      r.expression_attribute_values = {{":v", payload_}, {":one", AttributeValue::N("1")}};
      r.return_consumed_capacity = capacity_;
      return Outcome(db.UpdateItem(call_, r));
    }
    case Operation::kDeleteItem: {
      DeleteItemRequest r;
      r.table_name = table_;
      r.key = Key(op.key);
      r.return_consumed_capacity = capacity_;
      return Outcome(db.DeleteItem(call_, r));
    }
    case Operation::kReadModifyWrite:
      return ReadModifyWrite(db, op);
    case Operation::kQuery:
    case Operation::kGsiQuery:
    case Operation::kScan:
      return RunRead(db, op);
    default:
      return RunBatch(db, op);
  }
}

std::pair<std::string_view, double> TypedRequests::RunRead(Database& db, const NextOp& op) {
  if (op.op == Operation::kScan) {
    ScanRequest r;
    r.table_name = table_;
    r.limit = scan_limit_;
    r.exclusive_start_key = Key(op.key);
    r.return_consumed_capacity = capacity_;
    return Outcome(db.Scan(call_, r));
  }
  QueryRequest r;
  r.table_name = table_;
  r.return_consumed_capacity = capacity_;
  if (op.op == Operation::kGsiQuery) {
    r.index_name = std::string(kIndexName);
    r.key_condition_expression = "g = :g";
    r.expression_attribute_values = {{":g", AttributeValue::S(IndexValueOf(op.key))}};
    r.limit = scan_limit_;
    return Outcome(db.Query(call_, r));
  }
  const ItemKey k = KeyOf(op.key, sort_key_);
  const int lo = std::max(k.sk, 0);
  const int hi = std::min(lo + op.length - 1, kSortKeysPerPartition - 1);
  r.key_condition_expression = "pk = :p AND sk BETWEEN :lo AND :hi";
  r.expression_attribute_values = {{":p", AttributeValue::S(std::string(k.pk, k.pk_size))},
                                   {":lo", AttributeValue::N(std::to_string(lo))},
                                   {":hi", AttributeValue::N(std::to_string(hi))}};
  return Outcome(db.Query(call_, r));
}

std::pair<std::string_view, double> TypedRequests::RunBatch(Database& db, const NextOp& op) {
  if (op.op == Operation::kBatchGetItem) {
    BatchGetItemRequest r;
    for (uint64_t k : op.keys) r.request_items[table_].keys.push_back(Key(k));
    r.return_consumed_capacity = capacity_;
    return Outcome(db.BatchGetItem(call_, r));
  }
  if (op.op == Operation::kTransactWriteItems) {
    TransactWriteItemsRequest r;
    for (uint64_t k : op.keys) {
      UpdateItemRequest u;
      u.table_name = table_;
      u.key = Key(k);
      u.update_expression = "ADD version :one";
      u.expression_attribute_values = {{":one", AttributeValue::N("1")}};
      r.transact_items.emplace_back(std::move(u));
    }
    r.return_consumed_capacity = capacity_;
    return Outcome(db.TransactWriteItems(call_, r));
  }
  BatchWriteItemRequest r;  // BatchWriteItem and Load
  auto& writes = r.request_items[table_];
  for (uint64_t k : op.keys) {
    WriteRequest w;
    w.put_item = FullItem(k);
    writes.push_back(std::move(w));
  }
  r.return_consumed_capacity = capacity_;
  return Outcome(db.BatchWriteItem(call_, r));
}

std::pair<std::string_view, double> TypedRequests::ReadModifyWrite(Database& db,
                                                                   const NextOp& op) {
  GetItemRequest get;
  get.table_name = table_;
  get.key = Key(op.key);
  auto read = db.GetItem(call_, get);
  if (!read.ok()) return Outcome(read);
  UpdateItemRequest r;
  r.table_name = table_;
  r.key = Key(op.key);
  r.update_expression = "SET field0 = :v, version = :new";
  const AttributeValue* version = nullptr;
  if (read->item) {
    auto it = read->item->find("version");
    if (it != read->item->end()) version = &it->second;
  }
  const uint64_t old = version ? std::stoull(version->s()) : 0;
  r.expression_attribute_values = {{":v", payload_},
                                   {":new", AttributeValue::N(std::to_string(old + 1))}};
  if (version) {
    r.condition_expression = "version = :old";
    r.expression_attribute_values.emplace(":old", *version);
  } else {
    r.condition_expression = "attribute_not_exists(version)";
  }
  r.return_consumed_capacity = capacity_;
  return Outcome(db.UpdateItem(call_, r));
}

}  // namespace

std::string_view ErrorTypeOf(ErrorCode code) {
  switch (code) {
    case ErrorCode::kOk: return "";
    case ErrorCode::kValidation: return "ValidationException";
    case ErrorCode::kResourceNotFound: return "ResourceNotFoundException";
    case ErrorCode::kResourceInUse: return "ResourceInUseException";
    case ErrorCode::kConditionalCheckFailed: return "ConditionalCheckFailedException";
    case ErrorCode::kProvisionedThroughputExceeded:
      return "ProvisionedThroughputExceededException";
    case ErrorCode::kThrottling: return "ThrottlingException";
    case ErrorCode::kRequestLimitExceeded: return "RequestLimitExceeded";
    case ErrorCode::kLimitExceeded: return "LimitExceededException";
    case ErrorCode::kTransactionCanceled: return "TransactionCanceledException";
    case ErrorCode::kTransactionConflict: return "TransactionConflictException";
    case ErrorCode::kTransactionInProgress: return "TransactionInProgressException";
    default: return "InternalServerError";
  }
}

Result<std::unique_ptr<Driver>> EmbeddedDriver::Open(const RunConfig& config) {
  Options options;
  if (config.embedded_dir == ":memory:") {
    options.in_memory = true;
  } else {
    options.data_dir = config.embedded_dir;
  }
  auto db = Database::Open(options);
  if (!db.ok()) return db.status();
  return std::unique_ptr<Driver>(new EmbeddedDriver(config, std::move(db).value()));
}

std::string EmbeddedDriver::Describe() const { return "embedded:" + config_.embedded_dir; }

Status EmbeddedDriver::PrepareTable() {
  const Workload& w = config_.workload;
  CreateTableRequest r;
  r.table_name = config_.table;
  r.billing_mode = BillingMode::kPayPerRequest;
  r.attribute_definitions = {{"pk", ScalarType::kS}};
  r.key_schema = {{"pk", KeyType::kHash}};
  if (w.NeedsSortKey()) {
    r.attribute_definitions.push_back({"sk", ScalarType::kN});
    r.key_schema.push_back({"sk", KeyType::kRange});
  }
  if (w.NeedsIndex()) {
    r.attribute_definitions.push_back({"g", ScalarType::kS});
    GlobalSecondaryIndex index;
    index.index_name = std::string(kIndexName);
    index.key_schema = {{"g", KeyType::kHash}};
    r.global_secondary_indexes.push_back(std::move(index));
  }
  if (config_.stream_view_type) {
    r.stream_specification = StreamSpecification{true, config_.stream_view_type};
  }
  auto created = db_->CreateTable(CallOptions{}, r);
  if (!created.ok() && created.status().code() != ErrorCode::kResourceInUse) {
    return created.status();
  }
  return Status::OK();
}

void EmbeddedDriver::RunThread(int thread_index, RunState* state, Recorder* recorder) {
  OpStream ops(state, 0x5eed0000ULL + static_cast<uint64_t>(thread_index));
  TypedRequests requests(config_, config_.workload);
  std::optional<OpenLoopSchedule> schedule;
  if (state->rate_per_thread > 0) schedule.emplace(state->start, state->rate_per_thread);
  uint64_t index = 0;
  uint64_t sequence = 0;
  while (state->TryStart(&index)) {
    const NextOp op = ops.Next(index);
    Clock::time_point from = Clock::now();
    if (schedule) {
      from = schedule->IntendedStart(sequence++);
      std::this_thread::sleep_until(from);
    }
    const auto [error, capacity] = requests.Run(*db_, op);
    recorder->Record(op.op, LatencyNanos(from, Clock::now()), error, capacity, requests.cache());
    if (error.empty() && op.op == Operation::kInsert) ops.InsertDone();
  }
}

}  // namespace stator::bench
