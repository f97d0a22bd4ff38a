// The remote Database against the real server (STATOR_BIN, started on a free port): typical
// embedded calls give the results and errors the in-process engine gives; an endpoint that is
// down or silent fails with an IOError once the retries are spent.
#include "api/remote/remote_database.h"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "tests/api/remote/remote_server.h"

namespace stator::remote {
namespace {

// A listening socket that accepts no connection and answers nothing.
class SilentListener {
 public:
  SilentListener() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    listen(fd_, 16);
    socklen_t len = sizeof addr;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
  }
  ~SilentListener() { close(fd_); }
  int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
};

// The remote Database on the suite's server, beside the in-process engine.
class RemoteDatabaseTest : public RemoteServerTest {
 protected:
  void SetUp() override {
    RemoteServerTest::SetUp();
    Options local;
    local.in_memory = true;
    auto engine = Database::Open(local);
    ASSERT_TRUE(engine.ok()) << engine.status().message();
    local_ = std::move(engine).value();
  }

  std::unique_ptr<Database> local_;  // the in-process engine, for the answers to compare
};

TEST_F(RemoteDatabaseTest, TypicalCallsGiveTheEnginesResults) {
  for (Database* db : {remote_.get(), local_.get()}) {
    SCOPED_TRACE(db == remote_.get() ? "remote" : "in-process");
    auto created = db->CreateTable(call_, OrdersTable("orders"));
    ASSERT_TRUE(created.ok()) << created.status().message();
    EXPECT_EQ(created->table.table_name, "orders");
    EXPECT_EQ(created->table.key_schema.size(), 2u);
    EXPECT_EQ(created->table.billing_mode, BillingMode::kPayPerRequest);

    PutItemRequest put;
    put.table_name = "orders";
    put.item = {{"pk", S("alice")}, {"sk", N("1")}, {"total", N("12.50")}};
    ASSERT_TRUE(db->PutItem(call_, put).ok());

    GetItemRequest get;
    get.table_name = "orders";
    get.key = {{"pk", S("alice")}, {"sk", N("1")}};
    get.consistent_read = true;
    auto got = db->GetItem(call_, get);
    ASSERT_TRUE(got.ok()) << got.status().message();
    ASSERT_TRUE(got->item.has_value());
    EXPECT_EQ(got->item->at("total"), N("12.5"));  // numbers come back normalised

    UpdateItemRequest update;
    update.table_name = "orders";
    update.key = get.key;
    update.update_expression = "ADD #t :d";
    update.expression_attribute_names = {{"#t", "total"}};
    update.expression_attribute_values = {{":d", N("0.5")}};
    update.return_values = ReturnValue::kUpdatedNew;
    auto updated = db->UpdateItem(call_, update);
    ASSERT_TRUE(updated.ok()) << updated.status().message();
    ASSERT_TRUE(updated->attributes.has_value());
    EXPECT_EQ(updated->attributes->at("total"), N("13"));

    BatchWriteItemRequest batch;
    for (int i = 2; i <= 5; ++i) {
      batch.request_items["orders"].push_back(
          {Item{{"pk", S("alice")}, {"sk", N(std::to_string(i))}}, std::nullopt});
    }
    auto written = db->BatchWriteItem(call_, batch);
    ASSERT_TRUE(written.ok()) << written.status().message();
    EXPECT_TRUE(written->unprocessed_items.empty());

    QueryRequest query;
    query.table_name = "orders";
    query.key_condition_expression = "pk = :p AND sk >= :from";
    query.expression_attribute_values = {{":p", S("alice")}, {":from", N("2")}};
    query.scan_index_forward = false;
    query.limit = 3;
    auto page = db->Query(call_, query);
    ASSERT_TRUE(page.ok()) << page.status().message();
    ASSERT_TRUE(page->items.has_value());
    ASSERT_EQ(page->items->size(), 3u);
    EXPECT_EQ(page->items->front().at("sk"), N("5"));
    EXPECT_TRUE(page->last_evaluated_key.has_value());

    BatchGetItemRequest batch_get;
    batch_get.request_items["orders"].keys = {{{"pk", S("alice")}, {"sk", N("1")}},
                                              {{"pk", S("alice")}, {"sk", N("4")}}};
    auto read = db->BatchGetItem(call_, batch_get);
    ASSERT_TRUE(read.ok()) << read.status().message();
    EXPECT_EQ(read->responses["orders"].size(), 2u);

    TransactWriteItemsRequest tx;
    PutItemRequest tx_put;
    tx_put.table_name = "orders";
    tx_put.item = {{"pk", S("bob")}, {"sk", N("1")}};
    DeleteItemRequest tx_delete;
    tx_delete.table_name = "orders";
    tx_delete.key = {{"pk", S("alice")}, {"sk", N("5")}};
    tx.transact_items = {tx_put, tx_delete};
    ASSERT_TRUE(db->TransactWriteItems(call_, tx).ok());

    TransactGetItemsRequest tx_get;
    GetItemRequest g1 = get;
    g1.key = {{"pk", S("bob")}, {"sk", N("1")}};
    GetItemRequest g2 = get;
    g2.key = {{"pk", S("alice")}, {"sk", N("5")}};
    tx_get.transact_items = {g1, g2};
    auto pair = db->TransactGetItems(call_, tx_get);
    ASSERT_TRUE(pair.ok()) << pair.status().message();
    ASSERT_EQ(pair->responses.size(), 2u);
    EXPECT_TRUE(pair->responses[0].has_value());
    EXPECT_FALSE(pair->responses[1].has_value());

    ScanRequest scan;
    scan.table_name = "orders";
    scan.select = Select::kCount;
    auto counted = db->Scan(call_, scan);
    ASSERT_TRUE(counted.ok()) << counted.status().message();
    EXPECT_EQ(counted->count, 5);

    auto listed = db->ListTables(call_, {});
    ASSERT_TRUE(listed.ok());
    EXPECT_EQ(listed->table_names, std::vector<std::string>{"orders"});

    auto deleted = db->DeleteTable(call_, {"orders"});
    ASSERT_TRUE(deleted.ok()) << deleted.status().message();
  }
}

// The same failing request through both: the same ErrorCode, message and payload.
TEST_F(RemoteDatabaseTest, ErrorsAreTheEnginesErrors) {
  std::vector<Status> seen[2];
  for (int which = 0; which < 2; ++which) {
    Database* db = which == 0 ? remote_.get() : local_.get();
    ASSERT_TRUE(db->CreateTable(call_, OrdersTable("errors")).ok());
    PutItemRequest put;
    put.table_name = "errors";
    put.item = {{"pk", S("a")}, {"sk", N("1")}, {"v", N("1")}};
    ASSERT_TRUE(db->PutItem(call_, put).ok());

    PutItemRequest conditional = put;
    conditional.condition_expression = "attribute_not_exists(pk)";
    conditional.return_old_item_on_condition_check_failure = true;
    seen[which].push_back(db->PutItem(call_, conditional).status());

    GetItemRequest missing_table;
    missing_table.table_name = "no_such_table";
    missing_table.key = {{"pk", S("a")}};
    seen[which].push_back(db->GetItem(call_, missing_table).status());

    GetItemRequest bad_key;
    bad_key.table_name = "errors";
    bad_key.key = {{"pk", S("a")}};  // no sort key
    seen[which].push_back(db->GetItem(call_, bad_key).status());

    TransactWriteItemsRequest tx;
    ConditionCheck check;
    check.table_name = "errors";
    check.key = {{"pk", S("a")}, {"sk", N("1")}};
    check.condition_expression = "v = :two";
    check.expression_attribute_values = {{":two", N("2")}};
    tx.transact_items = {check};
    seen[which].push_back(db->TransactWriteItems(call_, tx).status());

    seen[which].push_back(db->CreateTable(call_, OrdersTable("errors")).status());
    ASSERT_TRUE(db->DeleteTable(call_, {"errors"}).ok());
  }
  ASSERT_EQ(seen[0].size(), seen[1].size());
  for (size_t i = 0; i < seen[0].size(); ++i) {
    SCOPED_TRACE(seen[1][i].message());
    EXPECT_FALSE(seen[0][i].ok());
    EXPECT_EQ(seen[0][i].code(), seen[1][i].code());
    EXPECT_EQ(seen[0][i].message(), seen[1][i].message());
  }
  EXPECT_EQ(seen[0][0].code(), ErrorCode::kConditionalCheckFailed);
  EXPECT_EQ(seen[0][0].message(), "The conditional request failed");
  ASSERT_NE(seen[0][0].detail(), nullptr);
  ASSERT_TRUE(seen[0][0].detail()->item.has_value());
  EXPECT_EQ(seen[0][0].detail()->item->at("v"), N("1"));
  EXPECT_EQ(seen[0][1].code(), ErrorCode::kResourceNotFound);
  EXPECT_EQ(seen[0][3].code(), ErrorCode::kTransactionCanceled);
  ASSERT_NE(seen[0][3].detail(), nullptr);
  ASSERT_EQ(seen[0][3].detail()->cancellation_reasons.size(), 1u);
  EXPECT_EQ(seen[0][3].detail()->cancellation_reasons[0].code, "ConditionalCheckFailed");
  EXPECT_EQ(seen[0][4].code(), ErrorCode::kResourceInUse);
}

TEST_F(RemoteDatabaseTest, ConcurrentCallersShareThePool) {
  ASSERT_TRUE(remote_->CreateTable(call_, OrdersTable("shared")).ok());
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        PutItemRequest put;
        put.table_name = "shared";
        put.item = {{"pk", S("t" + std::to_string(t))}, {"sk", N(std::to_string(i))}};
        if (!remote_->PutItem(call_, put).ok()) ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  ScanRequest scan;
  scan.table_name = "shared";
  scan.select = Select::kCount;
  auto counted = remote_->Scan(call_, scan);
  ASSERT_TRUE(counted.ok());
  EXPECT_EQ(counted->count, 200);
  ASSERT_TRUE(remote_->DeleteTable(call_, {"shared"}).ok());
}

TEST_F(RemoteDatabaseTest, TagsLimitsAndTimeToLive) {
  auto created = remote_->CreateTable(call_, OrdersTable("tagged"));
  ASSERT_TRUE(created.ok()) << created.status().message();
  const std::string arn = created->table.table_arn;
  ASSERT_TRUE(remote_->TagResource(call_, {arn, {{"team", "storage"}, {"tier", "gold"}}}).ok());
  ASSERT_TRUE(remote_->UntagResource(call_, {arn, {"tier"}}).ok());
  auto tags = remote_->ListTagsOfResource(call_, {arn, std::nullopt});
  ASSERT_TRUE(tags.ok()) << tags.status().message();
  ASSERT_EQ(tags->tags.size(), 1u);
  EXPECT_EQ(tags->tags[0].key, "team");

  auto limits = remote_->DescribeLimits(call_);
  ASSERT_TRUE(limits.ok()) << limits.status().message();
  EXPECT_EQ(limits->table_max_read_capacity_units, 40000);

  auto ttl = remote_->UpdateTimeToLive(call_, {"tagged", {true, "expires"}});
  ASSERT_TRUE(ttl.ok()) << ttl.status().message();
  EXPECT_TRUE(ttl->enabled);
  auto described = remote_->DescribeTimeToLive(call_, {"tagged"});
  ASSERT_TRUE(described.ok()) << described.status().message();
  EXPECT_EQ(described->attribute_name, "expires");
  EXPECT_EQ(described->time_to_live_status, "ENABLED");
  ASSERT_TRUE(remote_->DeleteTable(call_, {"tagged"}).ok());
}

// The DAX-mode cache in front of the remote Database: reads are answered from it until its
// entries expire, even after another client changed the item (as with DAX); writes made through
// it reach its entries at once; strongly consistent reads pass through.
TEST_F(RemoteDatabaseTest, DaxCacheInFront) {
  std::unique_ptr<Database> opened = OpenDaxCached();
  ASSERT_NE(opened, nullptr);
  Database& cached = *opened;
  Database& other = *remote_;  // another client of the same service, without the cache
  ASSERT_TRUE(cached.CreateTable(call_, OrdersTable("dax")).ok());

  const Item key = {{"pk", S("k")}, {"sk", N("1")}};
  PutItemRequest put;
  put.table_name = "dax";
  put.item = {{"pk", S("k")}, {"sk", N("1")}, {"v", N("1")}};
  ASSERT_TRUE(cached.PutItem(call_, put).ok());
  GetItemRequest get;
  get.table_name = "dax";
  get.key = key;
  auto first = cached.GetItem(call_, get);  // a miss, now cached
  ASSERT_TRUE(first.ok() && first->item);
  EXPECT_EQ(first->item->at("v"), N("1"));

  put.item["v"] = N("2");
  ASSERT_TRUE(other.PutItem(call_, put).ok());
  auto stale = cached.GetItem(call_, get);
  ASSERT_TRUE(stale.ok() && stale->item);
  EXPECT_EQ(stale->item->at("v"), N("1")) << "served from the cache until its TTL";
  GetItemRequest consistent = get;
  consistent.consistent_read = true;
  auto fresh = cached.GetItem(call_, consistent);
  ASSERT_TRUE(fresh.ok() && fresh->item);
  EXPECT_EQ(fresh->item->at("v"), N("2"));

  UpdateItemRequest update;  // ReturnValues NONE: none come back, the cache gets the new item
  update.table_name = "dax";
  update.key = key;
  update.update_expression = "SET v = :v";
  update.expression_attribute_values = {{":v", N("3")}};
  auto updated = cached.UpdateItem(call_, update);
  ASSERT_TRUE(updated.ok()) << updated.status().message();
  EXPECT_FALSE(updated->attributes.has_value());
  auto after_update = cached.GetItem(call_, get);
  ASSERT_TRUE(after_update.ok() && after_update->item);
  EXPECT_EQ(after_update->item->at("v"), N("3"));

  put.item["v"] = N("4");
  ASSERT_TRUE(cached.PutItem(call_, put).ok());
  auto after_put = cached.GetItem(call_, get);
  ASSERT_TRUE(after_put.ok() && after_put->item);
  EXPECT_EQ(after_put->item->at("v"), N("4"));

  ASSERT_TRUE(cached.DeleteItem(call_, {{}, "dax", key}).ok());
  auto after_delete = cached.GetItem(call_, get);
  ASSERT_TRUE(after_delete.ok());
  EXPECT_FALSE(after_delete->item.has_value());

  const CacheStats stats = cached.GetCacheStats();
  ASSERT_TRUE(stats.enabled);
  ASSERT_EQ(stats.tables.size(), 1u);
  EXPECT_EQ(stats.tables[0].item_misses, 1u);
  EXPECT_EQ(stats.tables[0].item_hits, 4u);
  ASSERT_TRUE(cached.DeleteTable(call_, {"dax"}).ok());
}

// `stator --upstream URL`: a server whose Database is the remote one (with the DAX-mode cache)
// serves the API in front of another; what is written through it is in the other.
TEST_F(RemoteDatabaseTest, StatorUpstreamIsACachingProxy) {
  ServerProcess proxy({"--upstream", server_->url()}, {{"AWS_ACCESS_KEY_ID", "AKIDREMOTETEST"},
                                                       {"AWS_SECRET_ACCESS_KEY", "secret"},
                                                       {"AWS_REGION", "us-east-1"}});
  ASSERT_FALSE(proxy.url().empty()) << "the proxy did not start";
  auto opened = Database::Open(RemoteAt(proxy.url()));
  ASSERT_TRUE(opened.ok()) << opened.status().message();
  Database& through_proxy = **opened;

  ASSERT_TRUE(through_proxy.CreateTable(call_, OrdersTable("proxied")).ok());
  PutItemRequest put;
  put.table_name = "proxied";
  put.item = {{"pk", S("p")}, {"sk", N("1")}, {"v", S("via proxy")}};
  ASSERT_TRUE(through_proxy.PutItem(call_, put).ok());
  GetItemRequest get;
  get.table_name = "proxied";
  get.key = {{"pk", S("p")}, {"sk", N("1")}};
  for (Database* db : {&through_proxy, remote_.get()}) {  // the proxy, then the upstream itself
    auto got = db->GetItem(call_, get);
    ASSERT_TRUE(got.ok() && got->item) << got.status().message();
    EXPECT_EQ(got->item->at("v"), S("via proxy"));
  }
  // The operations the cache does not cache reach the upstream through both hops: a backup made
  // through the proxy is the upstream's, and the Streams API is served too.
  auto backup = through_proxy.CreateBackup(call_, {"proxied", "via-proxy"});
  ASSERT_TRUE(backup.ok()) << backup.status().message();
  auto upstream_backup = remote_->DescribeBackup(call_, {backup->backup_details.backup_arn});
  ASSERT_TRUE(upstream_backup.ok()) << upstream_backup.status().message();
  EXPECT_EQ(upstream_backup->backup_description.source_table_details.item_count, 1);
  auto streams = through_proxy.ListStreams(call_, {});
  ASSERT_TRUE(streams.ok()) << streams.status().message();
  ASSERT_TRUE(through_proxy.DeleteBackup(call_, {backup->backup_details.backup_arn}).ok());
  // The upstream's errors come back through the proxy as they are.
  GetItemRequest missing = get;
  missing.table_name = "no_such_table";
  Status s = through_proxy.GetItem(call_, missing).status();
  EXPECT_EQ(s.code(), ErrorCode::kResourceNotFound);
  EXPECT_EQ(s.message(), remote_->GetItem(call_, missing).status().message());
  ASSERT_TRUE(through_proxy.DeleteTable(call_, {"proxied"}).ok());
}

TEST(RemoteDatabaseOpenTest, ACacheInFrontIsDaxOnly) {
  Options o = RemoteAt("http://127.0.0.1:1");
  o.cache.size_bytes = 16 << 20;  // kCoherent, the default
  auto db = Database::Open(o);
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), ErrorCode::kValidation);
  EXPECT_EQ(db.status().message(),
            "a cache in front of a remote Database runs in DAX mode only (Options::cache.mode = "
            "kDax): it sees no change feed of the service, only the writes made through it");
}

TEST(RemoteDatabaseOpenTest, RefusesAMalformedEndpoint) {
  Options o = RemoteAt("ftp://example.com");
  auto db = Database::Open(o);
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), ErrorCode::kValidation);
  EXPECT_EQ(db.status().message(), "Options::remote.endpoint must start with http:// or https://");
}

// Nothing listens: every attempt is refused; the retries wait (recorded, not slept) and the
// call ends with an IOError naming the endpoint.
TEST(RemoteDatabaseDownTest, EndpointDownIsAnIOErrorAfterTheRetries) {
  int port = 0;
  {
    SilentListener taken;  // a free port, released again
    port = taken.port();
  }
  Options o = RemoteAt("http://127.0.0.1:" + std::to_string(port));
  o.remote.max_attempts = 4;
  std::vector<std::chrono::nanoseconds> sleeps;
  auto db = OpenRemoteDatabase(o, [&](std::chrono::nanoseconds d) { sleeps.push_back(d); });
  ASSERT_TRUE(db.ok()) << db.status().message();
  GetItemRequest get;
  get.table_name = "t";
  get.key = {{"pk", S("a")}};
  auto got = (*db)->GetItem({}, get);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().code(), ErrorCode::kIOError);
  EXPECT_EQ(got.status().message().rfind("connect http://127.0.0.1:" + std::to_string(port), 0), 0u)
      << got.status().message();
  EXPECT_EQ(sleeps.size(), 3u);  // 4 attempts
}

// A server that accepts the connection but never answers: each attempt ends at the request
// timeout.
// Lists the tables of `db`, whose service does not answer: checks that the call failed as timed
// out, and returns how long it took.
std::chrono::steady_clock::duration TimedOutListing(Database& db) {
  const auto start = std::chrono::steady_clock::now();
  auto listed = db.ListTables({}, {});
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_FALSE(listed.ok());
  EXPECT_EQ(listed.status().code(), ErrorCode::kIOError);
  EXPECT_NE(listed.status().message().find("timed out"), std::string::npos)
      << listed.status().message();
  return took;
}

TEST(RemoteDatabaseDownTest, SilentEndpointTimesOut) {
  SilentListener silent;
  Options o = RemoteAt("http://127.0.0.1:" + std::to_string(silent.port()));
  o.remote.max_attempts = 2;
  o.remote.request_timeout_ms = 100;
  int sleeps = 0;
  auto db = OpenRemoteDatabase(o, [&](std::chrono::nanoseconds) { ++sleeps; });
  ASSERT_TRUE(db.ok());
  EXPECT_LT(TimedOutListing(**db), std::chrono::seconds(5));
  EXPECT_EQ(sleeps, 1);
}

// A call budget shortens the exchange it cuts into and stops the retries: with 10 tries of 10 s
// each, an unanswering endpoint would hold the call for 100 s.
TEST(RemoteDatabaseDownTest, ACallTimeoutBoundsTheWholeCall) {
  SilentListener silent;
  Options o = RemoteAt("http://127.0.0.1:" + std::to_string(silent.port()));
  o.remote.call_timeout_ms = 300;
  auto db = OpenRemoteDatabase(o, [](std::chrono::nanoseconds) {});
  ASSERT_TRUE(db.ok());
  const auto took = TimedOutListing(**db);
  EXPECT_GE(took, std::chrono::milliseconds(250));
  EXPECT_LT(took, std::chrono::seconds(3));
}

TEST(RemoteDatabaseDownTest, ANegativeCallTimeoutIsRefused) {
  Options o = RemoteAt("http://127.0.0.1:1");
  o.remote.call_timeout_ms = -1;
  auto db = OpenRemoteDatabase(o);
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), ErrorCode::kValidation);
  EXPECT_EQ(db.status().message(), "Options::remote.call_timeout_ms must not be negative");
}

}  // namespace
}  // namespace stator::remote
