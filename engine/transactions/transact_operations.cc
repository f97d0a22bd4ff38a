// TransactWriteItems and TransactGetItems.
//
// A write transaction validates every action, then marks its exact keys as held by an in-flight
// transaction (transaction_marks.h: a single write on such a key fails with
// TransactionConflictException, another transaction is cancelled with TransactionConflict, as in
// the service, instead of waiting), then locks the write gates of its tables (shared,
// in table-id order) and the stripes of all its keys (in ascending stripe order, the order every
// multi-key writer uses, so transactions never deadlock each other or single writes), reads
// every old item under those locks, evaluates every condition on that one consistent view, and
// commits all its mutations in ONE WriteBatch through ItemStore::AddMutation. A reader of single
// items sees a transaction whole because the batch is atomic; TransactGetItems reads its keys
// under the same stripe locks, so it sees each transaction entirely or not at all.
//
// Thread safety: as EngineDatabase.
#include <algorithm>
#include <mutex>
#include <set>
#include <shared_mutex>

#include "engine/engine_database.h"
#include "engine/indexes/index_codec.h"
#include "engine/indexes/index_collection.h"
#include "engine/items/item_write.h"
#include "engine/items/legacy_update.h"
#include "engine/model/capacity.h"
#include "engine/model/expressions/projection.h"
#include "engine/model/expressions/update_applier.h"
#include "engine/model/item_validation.h"
#include "engine/model/validation_errors.h"
#include "engine/storage/key_codec.h"
#include "engine/tables/table_validation.h"

namespace stator::engine {
namespace {

constexpr size_t kMaxTransactItems = 100;
constexpr std::string_view kMultipleOperations =
    "Transaction request cannot include multiple operations on one item";
// "The aggregate size of the items in the transaction cannot exceed 4 MB" (TransactWriteItems
// API reference). The wording of the service's refusal is not in any capture we could find; this
// is the wording of the service's other whole-request transaction refusals.
constexpr int64_t kMaxTransactBytes = 4 * 1024 * 1024;
constexpr std::string_view kTooMuchData =
    "Transaction request cannot include more than 4 MB of data";

// The service's limit on a ClientRequestToken, in characters (tokens are ASCII: SDKs send UUIDs).
constexpr size_t kMaxClientRequestTokenLength = 36;

Status ItemsLengthError(size_t n) {
  return Status::Validation(
      std::string("1 validation error detected: Value '") + (n == 0 ? "[]" : "[...]") +
      "' at 'transactItems' failed to satisfy constraint: Member must have length " +
      (n == 0 ? "greater than or equal to 1" : "less than or equal to 100"));
}

// TransactWriteItems' shape, as the service checks it before anything else, every violation
// together: the number of actions, and the ClientRequestToken's length (1..36).
Status CheckTransactWriteShape(const TransactWriteItemsRequest& r) {
  ValidationErrors errors;
  const size_t n = r.transact_items.size();
  if (n == 0 || n > kMaxTransactItems) {
    errors.Add(n == 0 ? "'[]'" : "'[...]'", "transactItems",
               std::string("Member must have length ") +
                   (n == 0 ? "greater than or equal to 1" : "less than or equal to 100"));
  }
  if (r.client_request_token) {
    const std::string& token = *r.client_request_token;
    if (token.empty() || token.size() > kMaxClientRequestTokenLength) {
      errors.Add("'" + token + "'", "clientRequestToken",
                 token.empty() ? "Member must have length greater than or equal to 1"
                               : "Member must have length less than or equal to 36");
    }
  }
  return errors.ToStatus();
}

// Whether a key error is one the service reports for the whole request (an empty key value,
// checked with the input) rather than as the action's ValidationError cancellation reason
// (a key that does not fit the table's schema).
bool IsRequestLevelKeyError(const Status& s) {
  return s.message().find("cannot contain an empty") != std::string::npos;
}

}  // namespace

enum class ActionKind { kConditionCheck, kPut, kDelete, kUpdate };

// One action of a write transaction, validated, then read and decided under the locks.
struct TxAction {
  ActionKind kind = ActionKind::kConditionCheck;
  const WriteConditions* conditions = nullptr;
  std::shared_ptr<Table> table;
  std::string table_name;  // without an ARN, for ConsumedCapacity
  std::string key;         // encoded; empty when the key did not fit the schema
  uint64_t hash = 0;       // the partition key's, when `key` is set
  std::optional<Access> access;  // admitted
  expr::PreparedWrite prepared;
  std::optional<Item> normalized;  // a put's item when normalisation copied it
  const Item* item = nullptr;      // a put's item
  int64_t size = 0;
  UpdatePlan update;
  Status invalid;  // a ValidationError to report as this action's cancellation reason
  StoredItem old;
  Item new_item;
  WriteDecision decision;
};

namespace {

expr::WriteOperation OperationOf(ActionKind kind) {
  switch (kind) {
    case ActionKind::kPut: return expr::WriteOperation::kPut;
    case ActionKind::kUpdate: return expr::WriteOperation::kUpdate;
    default: return expr::WriteOperation::kDelete;
  }
}

// Validates a Key (Update, Delete, ConditionCheck) and encodes it.
Status PrepareKey(const Item& raw, TxAction* a) {
  a->update.key = raw;
  STATOR_RETURN_IF_ERROR(NormalizeItem(&a->update.key));
  const AttributeValue *partition, *sort;
  Status s = CheckKey(a->table->key, a->update.key, &partition, &sort);
  if (!s.ok()) {
    if (IsRequestLevelKeyError(s)) return s;
    a->invalid = s;
    return Status::OK();
  }
  a->key = ItemKey(*a->table, partition, sort);
  a->hash = PartitionHash(*partition);
  return Status::OK();
}

Status PreparePut(const PutItemRequest& r, TxAction* a) {
  STATOR_RETURN_IF_ERROR(ValidateItem(r.item, &a->normalized));
  a->item = a->normalized ? &*a->normalized : &r.item;
  const AttributeValue *partition, *sort;
  Status s = CheckItemKey(a->table->key, *a->item, &partition, &sort);
  if (!s.ok()) {
    if (IsRequestLevelKeyError(s)) return s;
    a->invalid = s;
    return Status::OK();
  }
  a->size = ItemSize(*a->item);
  if (a->size > kMaxItemSizeBytes) return Status::Validation(std::string(kItemTooLarge));
  a->key = ItemKey(*a->table, partition, sort);
  a->hash = PartitionHash(*partition);
  return Status::OK();
}

Status PrepareUpdate(const UpdateItemRequest& r, TxAction* a) {
  STATOR_RETURN_IF_ERROR(PrepareKey(r.key, a));
  a->update.conditions = &r;
  a->update.prepared = &a->prepared;
  a->update.legacy_updates = r.attribute_updates;
  if (a->prepared.update) {
    Status s = expr::CheckUpdateKeys(*a->prepared.update, a->table->key);
    if (!s.ok()) a->invalid = s;
    return Status::OK();
  }
  Status s = CheckAttributeUpdates(a->table->key, &a->update.legacy_updates);
  if (!s.ok()) a->invalid = s;
  return Status::OK();
}

// The request's fields of one action, whatever its kind.
struct ActionView {
  ActionKind kind;
  const WriteConditions* conditions;
  const std::string* table_name;
  const std::optional<std::string>* update_expression = nullptr;
  bool has_attribute_updates = false;
};

ActionView ViewOf(const TransactWriteItem& item) {
  static const std::optional<std::string> kNoUpdate;
  switch (item.index()) {
    case 0: {
      const auto& c = std::get<ConditionCheck>(item);
      return {ActionKind::kConditionCheck, &c, &c.table_name};
    }
    case 1: {
      const auto& p = std::get<PutItemRequest>(item);
      return {ActionKind::kPut, &p, &p.table_name};
    }
    case 2: {
      const auto& d = std::get<DeleteItemRequest>(item);
      return {ActionKind::kDelete, &d, &d.table_name};
    }
    default: {
      const auto& u = std::get<UpdateItemRequest>(item);
      return {ActionKind::kUpdate, &u, &u.table_name, &u.update_expression,
              !u.attribute_updates.empty()};
    }
  }
}

// A Status for an action that failed under the locks, as its cancellation reason.
CancellationReason ReasonOf(const Status& s) {
  CancellationReason reason;
  if (s.code() == ErrorCode::kConditionalCheckFailed) {
    reason.code = "ConditionalCheckFailed";
    if (s.detail() && s.detail()->item) reason.item = s.detail()->item;
  } else {
    reason.code = "ValidationError";
  }
  reason.message = s.message();
  return reason;
}

Status Cancelled(std::vector<CancellationReason> reasons);

// The cancellation of a transaction of n actions that met in-flight transactions on the actions
// at `conflicts`: TransactionConflict for those, None for the others.
Status ConflictCancelled(size_t n, const std::vector<size_t>& conflicts) {
  std::vector<CancellationReason> reasons(n, CancellationReason{"None", {}, {}});
  for (size_t i : conflicts) {
    reasons[i] = CancellationReason{"TransactionConflict", std::string(kTransactionOngoing), {}};
  }
  return Cancelled(std::move(reasons));
}

Status Cancelled(std::vector<CancellationReason> reasons) {
  std::string codes;
  for (const auto& r : reasons) codes += (codes.empty() ? "" : ", ") + r.code;
  auto detail = std::make_shared<ErrorDetail>();
  detail->cancellation_reasons = std::move(reasons);
  return Status(ErrorCode::kTransactionCanceled,
                "Transaction cancelled, please refer cancellation reasons for specific reasons [" +
                    codes + "]",
                std::move(detail));
}

// Holds the write gates of a set of tables (shared) and the stripes of a set of keys, taken in
// one global order so that no two holders can deadlock.
class TxLocks {
 public:
  Status Lock(std::vector<const Table*> tables, KeyLocks& locks,
              const std::vector<std::string_view>& keys) {
    std::sort(tables.begin(), tables.end(),
              [](const Table* a, const Table* b) { return a->id < b->id; });
    tables.erase(std::unique(tables.begin(), tables.end()), tables.end());
    for (const Table* t : tables) {
      gates_.emplace_back(t->write_gate);
      if (t->dropped) return Status::NotFound("Requested resource not found");
    }
    std::vector<size_t> stripes;
    for (std::string_view key : keys) stripes.push_back(locks.StripeOf(key));
    std::sort(stripes.begin(), stripes.end());
    stripes.erase(std::unique(stripes.begin(), stripes.end()), stripes.end());
    for (size_t s : stripes) stripes_.emplace_back(locks.StripeLock(s));
    return Status::OK();
  }

  // Releases the locks before the end of the scope, stripes first.
  void Release() {
    stripes_.clear();
    gates_.clear();
  }

 private:
  std::vector<std::shared_lock<std::shared_mutex>> gates_;
  std::vector<std::unique_lock<std::mutex>> stripes_;  // released before gates_ (reverse order)
};

}  // namespace

Status EngineDatabase::PrepareTransactWrite(const CallOptions& call,
                                            const TransactWriteItemsRequest& r,
                                            std::vector<TxAction>* actions) {
  for (size_t i = 0; i < r.transact_items.size(); ++i) {
    const ActionView view = ViewOf(r.transact_items[i]);
    TxAction& a = (*actions)[i];
    a.kind = view.kind;
    a.conditions = view.conditions;
    if (view.kind == ActionKind::kConditionCheck && !view.conditions->condition_expression) {
      return Status::Validation("1 validation error detected: Value null at 'transactItems." +
                                std::to_string(i + 1) +
                                ".member.conditionCheck.conditionExpression' failed to satisfy "
                                "constraint: Member must not be null");
    }
    auto prepared = view.update_expression
                        ? expr::PrepareWrite(OperationOf(view.kind), *view.conditions,
                                             *view.update_expression, view.has_attribute_updates)
                        : expr::PrepareWrite(OperationOf(view.kind), *view.conditions);
    if (!prepared.ok()) return prepared.status();
    a.prepared = std::move(prepared).value();
    auto table = ActiveTable(call, *view.table_name);
    if (!table.ok()) return table.status();
    a.table = *table;
    a.table_name = std::string(TableNameOf(*view.table_name));
    const TransactWriteItem& item = r.transact_items[i];
    switch (view.kind) {
      case ActionKind::kConditionCheck:
        STATOR_RETURN_IF_ERROR(PrepareKey(std::get<ConditionCheck>(item).key, &a));
        break;
      case ActionKind::kPut:
        STATOR_RETURN_IF_ERROR(PreparePut(std::get<PutItemRequest>(item), &a));
        break;
      case ActionKind::kDelete:
        STATOR_RETURN_IF_ERROR(PrepareKey(std::get<DeleteItemRequest>(item).key, &a));
        break;
      case ActionKind::kUpdate:
        STATOR_RETURN_IF_ERROR(PrepareUpdate(std::get<UpdateItemRequest>(item), &a));
        break;
    }
  }
  std::set<std::string_view> seen;
  int64_t bytes = 0;
  for (const TxAction& a : *actions) {
    if (!a.key.empty() && !seen.insert(a.key).second) {
      return Status::Validation(std::string(kMultipleOperations));
    }
    // A put counts its item; the other actions their key (an update's new item is known only
    // under the locks).
    bytes += a.kind == ActionKind::kPut ? a.size : ItemSize(a.update.key);
  }
  if (bytes > kMaxTransactBytes) return Status::Validation(std::string(kTooMuchData));
  return Status::OK();
}

namespace {

// A put's index key attributes must have their index's types (index_codec.h).
Status CheckIndexKeysOf(const TxAction& a) {
  if (a.decision.kind != WriteDecision::Kind::kPut || a.table->indexes.empty()) return Status::OK();
  return CheckIndexKeys(a.table->indexes, *a.decision.item);
}

// Reads an action's old item and decides its write. The caller holds the locks.
Status DecideAction(ItemStore& items, TxAction* a) {
  STATOR_RETURN_IF_ERROR(items.Read(*a->table, a->key, &a->old));
  switch (a->kind) {
    case ActionKind::kConditionCheck:
      return CheckCondition(*a->conditions, a->prepared.condition, a->old);
    case ActionKind::kPut:
      STATOR_RETURN_IF_ERROR(CheckCondition(*a->conditions, a->prepared.condition, a->old));
      a->decision = WriteDecision{WriteDecision::Kind::kPut, a->item, a->size};
      return CheckIndexKeysOf(*a);
    case ActionKind::kDelete:
      STATOR_RETURN_IF_ERROR(CheckCondition(*a->conditions, a->prepared.condition, a->old));
      a->decision = WriteDecision{WriteDecision::Kind::kDelete, nullptr, 0};
      return Status::OK();
    case ActionKind::kUpdate: {
      auto decision = DecideUpdate(a->update, a->old, &a->new_item);
      if (!decision.ok()) return decision.status();
      a->decision = *decision;
      return CheckIndexKeysOf(*a);
    }
  }
  return Status::OK();
}

// The item or key an action names (both hold its partition key).
const Item& RequestKeyOf(const TransactWriteItem& item) {
  if (const auto* p = std::get_if<PutItemRequest>(&item)) return p->item;
  if (const auto* d = std::get_if<DeleteItemRequest>(&item)) return d->key;
  if (const auto* u = std::get_if<UpdateItemRequest>(&item)) return u->key;
  return std::get<ConditionCheck>(item).key;
}

// Checks the item collections a transaction grows (index_collection.h): one past its limit
// cancels the transaction with that action's reason. Fills ItemCollectionMetrics when asked.
Status CheckTransactCollections(const Storage& storage, const std::vector<TxAction>& actions,
                                const TransactWriteItemsRequest& r,
                                std::vector<WriteEffect>* effects,
                                TransactWriteItemsResponse* response) {
  std::vector<WriteEffect*> pointers;
  for (WriteEffect& e : *effects) pointers.push_back(&e);
  size_t failed = 0;
  Status s = CheckCollectionLimits(storage, pointers, &failed);
  if (s.code() == ErrorCode::kItemCollectionSizeLimitExceeded) {
    std::vector<CancellationReason> reasons(actions.size(), CancellationReason{"None", {}, {}});
    reasons[failed] = {std::string(kCollectionSizeExceededCode), s.message(), {}};
    return Cancelled(std::move(reasons));
  }
  STATOR_RETURN_IF_ERROR(s);
  if (r.return_item_collection_metrics != ReturnItemCollectionMetrics::kSize) return Status::OK();
  for (size_t i = 0; i < actions.size(); ++i) {
    const TxAction& a = actions[i];
    if ((*effects)[i].collection_key.empty() || a.kind == ActionKind::kConditionCheck) continue;
    const Item& source =
        a.decision.item != nullptr ? *a.decision.item : RequestKeyOf(r.transact_items[i]);
    response->item_collection_metrics[a.table_name].push_back(
        CollectionMetrics(a.table->key, source, (*effects)[i].collection_size_after));
  }
  return Status::OK();
}

bool IsCancellation(const Status& s) {
  return s.code() == ErrorCode::kConditionalCheckFailed || s.code() == ErrorCode::kValidation;
}

}  // namespace

Result<TransactWriteItemsResponse> EngineDatabase::RunTransactWrite(
    const CallOptions& call, const TransactWriteItemsRequest& r,
    const TransactionTokens::Record* token) {
  // Actions point into each other (an update's plan into its prepared expressions): the vector
  // is sized once and never moved.
  std::vector<TxAction> actions(r.transact_items.size());
  STATOR_RETURN_IF_ERROR(PrepareTransactWrite(call, r, &actions));
  if (std::any_of(actions.begin(), actions.end(),
                  [](const TxAction& a) { return !a.invalid.ok(); })) {
    std::vector<CancellationReason> reasons;
    for (const TxAction& a : actions) {
      reasons.push_back(a.invalid.ok() ? CancellationReason{"None", {}, {}} : ReasonOf(a.invalid));
    }
    return Cancelled(std::move(reasons));
  }

  for (TxAction& a : actions) {
    auto access = access_.Admit(Operation::kTransactWriteItems, *a.table, nullptr, a.hash);
    if (!access.ok()) return access.status();
    a.access = *access;
  }
  std::vector<const Table*> tables;
  std::vector<std::string_view> keys;
  for (const TxAction& a : actions) {
    tables.push_back(a.table.get());
    keys.push_back(a.key);
  }
  MarkedKeys marked(marks_);
  const std::vector<size_t> conflicts = marked.Mark(keys);
  if (!conflicts.empty()) return ConflictCancelled(actions.size(), conflicts);
  TxLocks locks;
  STATOR_RETURN_IF_ERROR(locks.Lock(std::move(tables), items_.locks(), keys));
  std::vector<CancellationReason> reasons;
  bool cancelled = false;
  for (TxAction& a : actions) {
    Status s = DecideAction(items_, &a);
    if (!s.ok() && !IsCancellation(s)) return s;
    cancelled |= !s.ok();
    reasons.push_back(s.ok() ? CancellationReason{"None", {}, {}} : ReasonOf(s));
  }
  if (cancelled) return Cancelled(std::move(reasons));

  ItemBatch batch(items_.storage());
  if (token != nullptr) batch.PutAlongside(Space::kMeta, token->key, token->value);
  TransactWriteItemsResponse response;
  std::vector<WriteEffect> effects(actions.size());
  for (size_t i = 0; i < actions.size(); ++i) {
    const TxAction& a = actions[i];
    effects[i] =
        WriteEffect::AskedFor(r.return_consumed_capacity, r.return_item_collection_metrics);
    items_.AddMutation(batch, *a.table, a.key, a.old, a.decision, &effects[i]);
    // Transactional writes cost the table twice the units of the same write outside a
    // transaction; the index writes they cause cost what they cost outside one.
    AddUnits(r.return_consumed_capacity, a.table_name,
             2 * WriteUnits(std::max(a.old.size(), a.decision.item_size)), true,
             &response.consumed_capacity, /*split=*/true);
    AddEffectUnits(r.return_consumed_capacity, effects[i],
                   FindConsumed(&response.consumed_capacity, a.table_name));
  }
  STATOR_RETURN_IF_ERROR(CheckTransactCollections(items_.storage(), actions, r, &effects,
                                                  &response));
  STATOR_RETURN_IF_ERROR(items_.Commit(batch));
  // Committed: no longer in flight. The feed's after-commit subscribers run outside its locks.
  locks.Release();
  marked.Unmark();
  items_.Published(batch);
  for (size_t i = 0; i < actions.size(); ++i) {
    const TxAction& a = actions[i];
    access_.ChargeWrite(*a.access, 2 * WriteUnits(std::max(a.old.size(), a.decision.item_size)),
                        effects[i]);
  }
  return response;
}

Result<TransactWriteItemsResponse> EngineDatabase::DoTransactWriteItems(
    const CallOptions& call, const TransactWriteItemsRequest& r) {
  STATOR_RETURN_IF_ERROR(CheckTransactWriteShape(r));
  if (!r.client_request_token) return RunTransactWrite(call, r);
  // The token is scoped to the caller's namespace, as tables are.
  const std::string token = call.tenant + '\0' + *r.client_request_token;
  TransactWriteItemsResponse replay;
  const std::string fingerprint = TransactionTokens::Fingerprint(r);
  auto start = tokens_.Begin(token, fingerprint, options_.clock->NowMicros(), &replay);
  if (!start.ok()) return start.status();
  if (*start == TransactionTokens::Start::kReplay) return replay;
  const TransactionTokens::Record record =
      TransactionTokens::RecordOf(token, fingerprint, options_.clock->NowMicros());
  auto result = RunTransactWrite(call, r, &record);
  tokens_.Finish(token, result.ok(), result.ok() ? *result : TransactWriteItemsResponse{},
                 options_.clock->NowMicros());
  return result;
}

Result<TransactGetItemsResponse> EngineDatabase::DoTransactGetItems(
    const CallOptions& call, const TransactGetItemsRequest& r) {
  const size_t n = r.transact_items.size();
  if (n == 0 || n > kMaxTransactItems) return ItemsLengthError(n);
  std::vector<TxAction> gets(n);
  std::vector<std::optional<std::vector<expr::Path>>> projections(n);
  for (size_t i = 0; i < n; ++i) {
    const GetItemRequest& g = r.transact_items[i];
    auto projection = expr::PrepareProjection(g.projection_expression, std::nullopt,
                                              g.expression_attribute_names);
    if (!projection.ok()) return projection.status();
    projections[i] = std::move(projection).value();
    auto table = ActiveTable(call, g.table_name);
    if (!table.ok()) return table.status();
    gets[i].table = *table;
    gets[i].table_name = std::string(TableNameOf(g.table_name));
    STATOR_RETURN_IF_ERROR(PrepareKey(g.key, &gets[i]));
  }
  std::set<std::string_view> seen;
  bool invalid = false;
  for (const TxAction& g : gets) {
    invalid |= !g.invalid.ok();
    if (!g.key.empty() && !seen.insert(g.key).second) {
      return Status::Validation(std::string(kMultipleOperations));
    }
  }
  if (invalid) {
    std::vector<CancellationReason> reasons;
    for (const TxAction& g : gets) {
      reasons.push_back(g.invalid.ok() ? CancellationReason{"None", {}, {}} : ReasonOf(g.invalid));
    }
    return Cancelled(std::move(reasons));
  }

  std::vector<const Table*> tables;
  std::vector<std::string_view> keys;
  std::vector<size_t> conflicts;
  for (size_t i = 0; i < n; ++i) {
    tables.push_back(gets[i].table.get());
    keys.push_back(gets[i].key);
    // The service cancels a TransactGetItems that meets an in-flight write transaction.
    if (marks_.IsMarked(gets[i].key)) conflicts.push_back(i);
  }
  if (!conflicts.empty()) return ConflictCancelled(n, conflicts);
  for (TxAction& g : gets) {
    auto access = access_.Admit(Operation::kTransactGetItems, *g.table, nullptr, g.hash);
    if (!access.ok()) return access.status();
    g.access = *access;
  }
  TransactGetItemsResponse response;
  {
    // Under the stripes of every key no write can commit to any of them: one consistent view.
    TxLocks locks;
    STATOR_RETURN_IF_ERROR(locks.Lock(std::move(tables), items_.locks(), keys));
    for (TxAction& g : gets) STATOR_RETURN_IF_ERROR(items_.Read(*g.table, g.key, &g.old));
  }
  for (size_t i = 0; i < n; ++i) {
    TxAction& g = gets[i];
    const double units = 2 * ReadUnits(g.old.size(), true);
    access_.Charge(*g.access, units, 0);
    AddUnits(r.return_consumed_capacity, g.table_name, units, false, &response.consumed_capacity,
             /*split=*/true);
    if (!g.old.exists()) {
      response.responses.emplace_back();
      continue;
    }
    auto item = g.old.Take();
    if (!item.ok()) return item.status();
    response.responses.push_back(projections[i] ? expr::Project(*item, *projections[i])
                                                : std::move(item).value());
  }
  return response;
}

}  // namespace stator::engine
