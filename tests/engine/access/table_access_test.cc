// The table-access step: every data-plane operation, cache hits included, meets admission
// exactly once per table, index and partition it reads or writes, and is counted; a refusal
// stops the work.
#include "engine/access/table_access.h"

#include <gtest/gtest.h>

#include <mutex>
#include <string>
#include <vector>

#include "engine/access/partition_map.h"
#include "tests/engine/database_test_util.h"

namespace stator {
namespace {

using testing::HashTable;
using testing::S;

const CallOptions kCall;

// Records every access as "Op table[/index] partition", with "all" for every partition, "t"
// for one of the table's (its id: the table id in the high 32 bits); refuses the
// operation named by `refuse`. Also sums the units charged.
class RecordingAdmission final : public Admission {
 public:
  Status Admit(const Access& a) override {
    std::lock_guard lock(mu_);
    std::string line = std::string(ToString(a.op)) + " " + std::string(a.table.name);
    if (!a.index.empty()) line += "/" + std::string(a.index);
    if (a.partition == kAllPartitions) {
      line += " all";
    } else {
      // A partition's id carries its owner's: the table's, or its index's.
      line += (a.partition >> 32) == a.table.id ? " t" : " index";
    }
    if (a.cached) line += " cached";
    accesses.push_back(line);
    if (refuse && *refuse == a.op) {
      return Status(ErrorCode::kProvisionedThroughputExceeded, "refused for the test");
    }
    return Status::OK();
  }
  void Charge(const Access& a, double read, double write) override {
    std::lock_guard lock(mu_);
    (a.index.empty() ? table_read : index_read) += read;
    (a.index.empty() ? table_write : index_write) += write;
  }
  std::vector<std::string> Take() {
    std::lock_guard lock(mu_);
    return std::exchange(accesses, {});
  }
  std::vector<std::string> accesses;
  std::optional<Operation> refuse;
  double table_read = 0, table_write = 0, index_read = 0, index_write = 0;

 private:
  std::mutex mu_;
};

CreateTableRequest TableWithGsi() {
  CreateTableRequest r = HashTable("ttt");
  r.attribute_definitions.push_back({"g", ScalarType::kS});
  GlobalSecondaryIndex gsi;
  gsi.index_name = "byG";
  gsi.key_schema = {{"g", KeyType::kHash}};
  r.global_secondary_indexes.push_back(gsi);
  return r;
}

Item ItemOf(const std::string& id) { return Item{{"id", S(id)}, {"g", S("g" + id)}}; }

class TableAccessTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    Options options;
    options.in_memory = true;
    options.admission = admission_;
    if (GetParam()) options.cache.size_bytes = 8 << 20;
    db_ = std::move(Database::Open(options)).value();
    auto created = db_->CreateTable(kCall, TableWithGsi());
    ASSERT_TRUE(created.ok()) << created.status().message();
  }
  GetItemRequest Get(const std::string& id) {
    GetItemRequest r;
    r.table_name = "ttt";
    r.key = Item{{"id", S(id)}};
    return r;
  }
  std::shared_ptr<RecordingAdmission> admission_ = std::make_shared<RecordingAdmission>();
  std::unique_ptr<Database> db_;
};

TEST_P(TableAccessTest, EveryOperationMeetsAdmissionOncePerAccess) {
  const bool cached = GetParam();
  PutItemRequest put;
  put.table_name = "ttt";
  put.item = ItemOf("a");
  ASSERT_TRUE(db_->PutItem(kCall, put).ok());
  ASSERT_TRUE(db_->GetItem(kCall, Get("a")).ok());
  ASSERT_TRUE(db_->GetItemShared(kCall, Get("a")).ok());  // with a cache: a hit
  BatchGetItemRequest batch_get;
  batch_get.request_items["ttt"].keys = {Item{{"id", S("a")}}};
  ASSERT_TRUE(db_->BatchGetItem(kCall, batch_get).ok());
  QueryRequest query;
  query.table_name = "ttt";
  query.index_name = "byG";
  query.key_condition_expression = "g = :g";
  query.expression_attribute_values = Item{{":g", S("ga")}};
  ASSERT_TRUE(db_->Query(kCall, query).ok());
  ASSERT_TRUE(db_->Query(kCall, query).ok());  // with a cache: a page hit
  ScanRequest scan;
  scan.table_name = "ttt";
  ASSERT_TRUE(db_->Scan(kCall, scan).ok());
  BatchWriteItemRequest batch_write;
  batch_write.request_items["ttt"].push_back({ItemOf("b"), std::nullopt});
  ASSERT_TRUE(db_->BatchWriteItem(kCall, batch_write).ok());
  TransactWriteItemsRequest tx;
  PutItemRequest tx_put = put;
  tx_put.item = ItemOf("c");
  tx.transact_items.push_back(tx_put);
  ASSERT_TRUE(db_->TransactWriteItems(kCall, tx).ok());
  TransactGetItemsRequest tx_get;
  GetItemRequest tx_read;
  tx_read.table_name = "ttt";
  tx_read.key = Item{{"id", S("c")}};
  tx_get.transact_items.push_back(tx_read);
  ASSERT_TRUE(db_->TransactGetItems(kCall, tx_get).ok());
  UpdateItemRequest update;
  update.table_name = "ttt";
  update.key = Item{{"id", S("b")}};
  update.update_expression = "SET v = :v";
  update.expression_attribute_values = Item{{":v", S("x")}};
  ASSERT_TRUE(db_->UpdateItem(kCall, update).ok());
  DeleteItemRequest del;
  del.table_name = "ttt";
  del.key = Item{{"id", S("b")}};
  ASSERT_TRUE(db_->DeleteItem(kCall, del).ok());

  const std::string hit = cached ? " cached" : "";
  EXPECT_EQ(admission_->Take(),
            (std::vector<std::string>{
                "PutItem ttt t", "GetItem ttt t", "GetItem ttt t" + hit, "BatchGetItem ttt t" + hit,
                "Query ttt/byG index", "Query ttt/byG index" + hit, "Scan ttt all",
                "BatchWriteItem ttt t", "TransactWriteItems ttt t", "TransactGetItems ttt t",
                "UpdateItem ttt t", "DeleteItem ttt t"}));
  const OperationStats stats = db_->GetOperationStats();
  for (Operation op :
       {Operation::kPutItem, Operation::kBatchGetItem, Operation::kScan, Operation::kBatchWriteItem,
        Operation::kTransactWriteItems, Operation::kTransactGetItems, Operation::kUpdateItem,
        Operation::kDeleteItem}) {
    EXPECT_EQ(stats[op].count, 1u) << ToString(op);
  }
  EXPECT_EQ(stats[Operation::kGetItem].count, 2u);
  EXPECT_EQ(stats[Operation::kQuery].count, 2u);
  EXPECT_EQ(stats[Operation::kGetItem].errors, 0u);
  // Writes charge the table and the GSI whose entry they change; reads the table or the index.
  EXPECT_GT(admission_->table_write, 0);
  EXPECT_GT(admission_->index_write, 0);
  EXPECT_GT(admission_->table_read, 0);
  EXPECT_GT(admission_->index_read, 0);
}

TEST_P(TableAccessTest, ARefusedRequestDoesNothingAndCountsAsAnError) {
  admission_->refuse = Operation::kPutItem;
  PutItemRequest put;
  put.table_name = "ttt";
  put.item = ItemOf("a");
  auto refused = db_->PutItem(kCall, put);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), ErrorCode::kProvisionedThroughputExceeded);
  auto got = db_->GetItem(kCall, Get("a"));
  ASSERT_TRUE(got.ok());
  EXPECT_FALSE(got->item.has_value());
  EXPECT_EQ(admission_->table_write, 0);
  EXPECT_EQ(db_->GetOperationStats()[Operation::kPutItem].errors, 1u);
  // A cache hit is refused too.
  admission_->refuse.reset();
  ASSERT_TRUE(db_->GetItem(kCall, Get("a")).ok());
  admission_->refuse = Operation::kGetItem;
  EXPECT_EQ(db_->GetItem(kCall, Get("a")).status().code(),
            ErrorCode::kProvisionedThroughputExceeded);
  EXPECT_EQ(db_->GetOperationStats()[Operation::kGetItem].errors, 1u);
  // The same figures, by error type and for the table (cached or not, each GetItem counts).
  const OperationStats stats = db_->GetOperationStats();
  constexpr auto kThrottled = static_cast<size_t>(ErrorCode::kProvisionedThroughputExceeded);
  EXPECT_EQ(stats[Operation::kPutItem].errors_by_code[kThrottled], 1u);
  ASSERT_EQ(stats.by_table.size(), 1u);
  const TableOperationFigures& table = stats.by_table[0];
  EXPECT_EQ(table.table, "ttt");
  const auto& puts = table.by_operation[static_cast<size_t>(Operation::kPutItem)];
  const auto& gets = table.by_operation[static_cast<size_t>(Operation::kGetItem)];
  EXPECT_EQ(puts.count, 1u);
  EXPECT_EQ(puts.errors_by_code[kThrottled], 1u);
  EXPECT_EQ(gets.count, 3u);
  EXPECT_EQ(gets.errors_by_code[kThrottled], 1u);
  EXPECT_EQ(table.item_count, 0);
}

TEST_P(TableAccessTest, AWriteWhoseConditionFailsStillConsumes) {
  PutItemRequest put;
  put.table_name = "ttt";
  put.item = Item{{"id", S("a")}, {"pad", S(std::string(1500, 'x'))}};  // 2 units
  ASSERT_TRUE(db_->PutItem(kCall, put).ok());
  const double before = admission_->table_write;
  // The service charges the write units of the item the condition read...
  put.condition_expression = "attribute_not_exists(id)";
  EXPECT_EQ(db_->PutItem(kCall, put).status().code(), ErrorCode::kConditionalCheckFailed);
  EXPECT_EQ(admission_->table_write - before, 2);
  UpdateItemRequest update;
  update.table_name = "ttt";
  update.key = Item{{"id", S("a")}};
  update.update_expression = "SET v = :v";
  update.condition_expression = "attribute_not_exists(id)";
  update.expression_attribute_values = Item{{":v", S("x")}};
  EXPECT_EQ(db_->UpdateItem(kCall, update).status().code(), ErrorCode::kConditionalCheckFailed);
  EXPECT_EQ(admission_->table_write - before, 4);
  // ...and one unit when there was none.
  DeleteItemRequest del;
  del.table_name = "ttt";
  del.key = Item{{"id", S("none")}};
  del.condition_expression = "attribute_exists(id)";
  EXPECT_EQ(db_->DeleteItem(kCall, del).status().code(), ErrorCode::kConditionalCheckFailed);
  EXPECT_EQ(admission_->table_write - before, 5);
  EXPECT_EQ(admission_->index_write, 0);  // the item has no g: nothing in byG
}

INSTANTIATE_TEST_SUITE_P(WithAndWithoutCache, TableAccessTest, ::testing::Bool());

TEST(PartitionMapTest, FindsTheRangeHoldingAHashAndSplitsIntoNewIds) {
  const auto whole = engine::PartitionMap::Whole(9);
  EXPECT_EQ(whole.Find(0), engine::PartitionMap::Id(9, 0));
  EXPECT_EQ(whole.Find(~uint64_t{0}), engine::PartitionMap::Id(9, 0));
  const auto halves = whole.Split(uint64_t{1} << 63, 101, 102);
  EXPECT_EQ(halves.Find(0), 101u);
  EXPECT_EQ(halves.Find((uint64_t{1} << 63) - 1), 101u);
  EXPECT_EQ(halves.Find(uint64_t{1} << 63), 102u);
  EXPECT_EQ(halves.Find(~uint64_t{0}), 102u);
  const auto thirds = halves.Split(uint64_t{3} << 62, 201, 202);
  EXPECT_EQ(thirds.partitions().size(), 3u);
  EXPECT_EQ(thirds.Find(1), 101u);
  EXPECT_EQ(thirds.Find(uint64_t{1} << 63), 201u);
  EXPECT_EQ(thirds.Find(uint64_t{3} << 62), 202u);
}

TEST(CapacityLedgerTest, KeepsUnitsPerTableIndexAndPartition) {
  engine::CapacityLedger ledger;
  Access a;
  a.table.id = 3;
  a.partition = 77;
  ASSERT_TRUE(ledger.Admit(a).ok());
  ledger.Charge(a, 0.5, 0);
  ledger.Charge(a, 1, 2);
  Access on_index = a;
  on_index.index = "byG";
  ledger.Charge(on_index, 0, 4);
  EXPECT_EQ(ledger.ConsumedBy(3, "", 77).read, 1.5);
  EXPECT_EQ(ledger.ConsumedBy(3, "", 77).write, 2);
  EXPECT_EQ(ledger.ConsumedBy(3, "", 77).accesses, 1u);
  EXPECT_EQ(ledger.ConsumedBy(3, "byG", 77).write, 4);
  EXPECT_EQ(ledger.ConsumedBy(3, "", 78).write, 0);
}

}  // namespace
}  // namespace stator
