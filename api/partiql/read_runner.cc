// A SELECT's page: its plan (read_plan.h) run from where the NextToken says, items shaped by the
// projection, capacity added up.
#include "api/partiql/next_token.h"
#include "api/partiql/results.h"
#include "api/partiql/runner.h"

namespace stator {
namespace {

using partiql::PagePosition;
using partiql::ReadPlan;

struct Page {
  ExecuteStatementResponse response;
  std::optional<PagePosition> next;
};

// Adds one read's cache outcome to the page's: a hit only while every read so far hit.
void AddCacheOutcome(CacheOutcome read, CacheOutcome* page) {
  if (read == CacheOutcome::kNone) return;
  *page = *page == CacheOutcome::kMiss ? CacheOutcome::kMiss : read;
}

Status RunGets(Database& db, const CallOptions& call, ReadPlan& plan, Page* page) {
  for (GetItemRequest& get : plan.gets) {
    auto r = db.GetItem(call, get);
    if (!r.ok()) return r.status();
    if (r->item) page->response.items.push_back(std::move(*r->item));
    partiql::AddCapacity(r->consumed_capacity, &page->response.consumed_capacity);
    AddCacheOutcome(r->cache, &page->response.cache);
  }
  return Status::OK();
}

void TakeReadPage(ReadResponse&& r, Page* page) {
  if (r.items) {
    for (Item& item : *r.items) page->response.items.push_back(std::move(item));
  }
  partiql::AddCapacity(r.consumed_capacity, &page->response.consumed_capacity);
  AddCacheOutcome(r.cache, &page->response.cache);
}

Status RunScan(Database& db, const CallOptions& call, ReadPlan& plan, PagePosition from,
               Page* page) {
  plan.scan->exclusive_start_key = std::move(from.exclusive_start);
  auto r = db.Scan(call, *plan.scan);
  if (!r.ok()) return r.status();
  if (r->last_evaluated_key) page->next = PagePosition{0, r->last_evaluated_key};
  TakeReadPage(std::move(r).value(), page);
  return Status::OK();
}

// One Query per partition key value, from the position the token names, until a Query stops
// short (its LastEvaluatedKey) or the Limit is used up.
Status RunQueries(Database& db, const CallOptions& call, ReadPlan& plan, PagePosition from,
                  Page* page) {
  QueryRequest& query = *plan.query;
  std::optional<int64_t> left = query.limit;
  std::optional<Item> start = std::move(from.exclusive_start);
  for (size_t i = from.position; i < plan.hash_values.size(); ++i) {
    if (left && *left <= 0) {
      page->next = PagePosition{i, std::nullopt};
      return Status::OK();
    }
    query.expression_attribute_values.insert_or_assign(std::string(partiql::kHashValue),
                                                       plan.hash_values[i]);
    query.limit = left;
    query.exclusive_start_key = std::move(start);
    start.reset();
    auto r = db.Query(call, query);
    if (!r.ok()) return r.status();
    if (left) *left -= r->scanned_count;
    const bool more = r->last_evaluated_key.has_value();
    if (more) page->next = PagePosition{i, r->last_evaluated_key};
    TakeReadPage(std::move(r).value(), page);
    if (more) return Status::OK();
  }
  return Status::OK();
}

}  // namespace

Result<ExecuteStatementResponse> Partiql::Rep::Read(const CallOptions& call,
                                                    const partiql::SelectStatement& s,
                                                    const partiql::TableKeys& keys,
                                                    const ExecuteStatementRequest& r) {
  partiql::ReadSettings settings{r.consistent_read, r.limit, r.return_consumed_capacity};
  auto plan = partiql::PlanSelect(s, keys, r.parameters, settings);
  if (!plan.ok()) return plan.status();
  Page page;
  if (plan->kind == ReadPlan::Kind::kGet) {
    STATOR_RETURN_IF_ERROR(RunGets(db_, call, *plan, &page));
  } else {
    const uint64_t fingerprint = partiql::StatementFingerprint(r.statement, r.parameters);
    PagePosition from;
    if (r.next_token) {
      auto decoded = partiql::DecodeNextToken(*r.next_token, fingerprint);
      if (!decoded.ok()) return decoded.status();
      from = std::move(decoded).value();
    }
    STATOR_RETURN_IF_ERROR(plan->kind == ReadPlan::Kind::kScan
                               ? RunScan(db_, call, *plan, std::move(from), &page)
                               : RunQueries(db_, call, *plan, std::move(from), &page));
    if (page.next) {
      page.response.next_token = partiql::EncodeNextToken(fingerprint, *page.next);
      page.response.last_evaluated_key = page.next->exclusive_start;
    }
  }
  if (partiql::NeedsShaping(s.projection)) {
    for (Item& item : page.response.items) item = partiql::ShapeItem(item, s.projection);
  }
  return std::move(page.response);
}

}  // namespace stator
