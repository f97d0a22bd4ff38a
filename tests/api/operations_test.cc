// Tests of the operation registries: which names each API has, which family registers each, and
// how a registry looks a name up.
#include "api/operations.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "api/operations/families.h"

namespace stator::api {
namespace {

// DynamoDB_20120810's operations that Stator implements, and those it does not yet.
const std::set<std::string_view> kDynamoDbImplemented = {
    "BatchExecuteStatement",
    "BatchGetItem",
    "BatchWriteItem",
    "CreateBackup",
    "CreateTable",
    "DeleteBackup",
    "DeleteItem",
    "DeleteResourcePolicy",
    "DeleteTable",
    "DescribeBackup",
    "DescribeContinuousBackups",
    "DescribeContributorInsights",
    "DescribeEndpoints",
    "DescribeKinesisStreamingDestination",
    "DescribeLimits",
    "DescribeTable",
    "DescribeTimeToLive",
    "ExecuteStatement",
    "ExecuteTransaction",
    "GetItem",
    "GetResourcePolicy",
    "ListBackups",
    "ListTables",
    "ListTagsOfResource",
    "PutItem",
    "PutResourcePolicy",
    "Query",
    "RestoreTableFromBackup",
    "RestoreTableToPointInTime",
    "Scan",
    "TagResource",
    "TransactGetItems",
    "TransactWriteItems",
    "UntagResource",
    "UpdateContinuousBackups",
    "UpdateItem",
    "UpdateTable",
    "UpdateTimeToLive",
};
const std::set<std::string_view> kDynamoDbNotImplemented = {
    "CreateGlobalTable",
    "DescribeExport",
    "DescribeGlobalTable",
    "DescribeGlobalTableSettings",
    "DescribeImport",
    "DescribeTableReplicaAutoScaling",
    "DisableKinesisStreamingDestination",
    "EnableKinesisStreamingDestination",
    "ExportTableToPointInTime",
    "ImportTable",
    "ListContributorInsights",
    "ListExports",
    "ListGlobalTables",
    "ListImports",
    "UpdateContributorInsights",
    "UpdateGlobalTable",
    "UpdateGlobalTableSettings",
    "UpdateKinesisStreamingDestination",
    "UpdateTableReplicaAutoScaling",
};

const std::set<std::string_view> kStreamsImplemented = {
    "DescribeStream",
    "GetRecords",
    "GetShardIterator",
    "ListStreams",
};

Result<std::string> Ok(const OperationArgs&) { return std::string("{}"); }

// Each name of `families`, with the families that register it.
template <size_t N>
std::map<std::string_view, std::vector<std::string_view>> HomesOf(
    const OperationFamily (&families)[N]) {
  std::map<std::string_view, std::vector<std::string_view>> homes;
  for (const OperationFamily& family : families) {
    OperationRegistry registry;
    family.register_operations(registry);
    EXPECT_FALSE(registry.Names().empty()) << family.name;
    for (std::string_view name : registry.Names()) homes[name].push_back(family.name);
  }
  return homes;
}

// Registered twice, the first registration would win silently (a handler could answer "not
// implemented"): the registry stops the process instead, in release builds too.
TEST(OperationsDeathTest, ANameRegisteredTwiceStopsTheProcess) {
  EXPECT_DEATH(
      {
        OperationRegistry registry;
        registry.RegisterNotImplemented("Scan");
        registry.Register("Scan", nullptr);
      },
      "operation registered twice: Scan");
}

TEST(OperationsTest, DynamoDbHasItsOperationsImplementedOrNot) {
  const OperationRegistry& ops = DynamoDbOperations();
  for (std::string_view name : kDynamoDbImplemented) {
    const OperationRegistry::Entry* entry = ops.Find(name);
    ASSERT_NE(entry, nullptr) << name;
    EXPECT_NE(entry->handler, nullptr) << name;
  }
  for (std::string_view name : kDynamoDbNotImplemented) {
    const OperationRegistry::Entry* entry = ops.Find(name);
    ASSERT_NE(entry, nullptr) << name;
    EXPECT_EQ(entry->handler, nullptr) << name;
    EXPECT_EQ(entry->not_implemented, NotImplementedAnswer::kSaySo) << name;
  }
  EXPECT_EQ(ops.Names().size(), kDynamoDbImplemented.size() + kDynamoDbNotImplemented.size());
}

TEST(OperationsTest, EachDynamoDbOperationHasExactlyOneFamily) {
  const auto homes = HomesOf(kDynamoDbFamilies);
  for (const auto& [name, families] : homes) {
    EXPECT_EQ(families.size(), 1u) << name << " is registered by " << families.size()
                                   << " families, first " << families.front();
  }
  std::vector<std::string_view> names;
  for (const auto& [name, families] : homes) names.push_back(name);
  EXPECT_EQ(names, DynamoDbOperations().Names());
}

TEST(OperationsTest, StreamsHasItsOperationsImplemented) {
  const OperationRegistry& ops = StreamsOperations();
  EXPECT_EQ(ops.Names(),
            std::vector<std::string_view>(kStreamsImplemented.begin(), kStreamsImplemented.end()));
  for (std::string_view name : kStreamsImplemented) {
    const OperationRegistry::Entry* entry = ops.Find(name);
    ASSERT_NE(entry, nullptr) << name;
    EXPECT_NE(entry->handler, nullptr) << name;
  }
}

TEST(OperationsTest, EachStreamsOperationHasExactlyOneFamilyAndNoDynamoDbOne) {
  const auto dynamodb_homes = HomesOf(kDynamoDbFamilies);
  for (const auto& [name, families] : HomesOf(kStreamsFamilies)) {
    EXPECT_EQ(families.size(), 1u) << name;
    EXPECT_EQ(dynamodb_homes.count(name), 0u) << name;
  }
}

TEST(OperationsTest, EachPrefixFindsItsOwnOperations) {
  EXPECT_EQ(OperationsOf("DynamoDB_20120810"), &DynamoDbOperations());
  EXPECT_EQ(OperationsOf("DynamoDBStreams_20120810"), &StreamsOperations());
  for (std::string_view prefix : {"", "DynamoDB", "dynamodb_20120810", "DynamoDB_20111205",
                                  "DynamoDB_20120810 ", "DynamoDBStreams_20120810X"}) {
    EXPECT_EQ(OperationsOf(prefix), nullptr) << prefix;
  }

  for (std::string_view name : kStreamsImplemented) {
    EXPECT_EQ(DynamoDbOperations().Resolve(name), nullptr) << name;
  }
  for (std::string_view name : kDynamoDbImplemented) {
    EXPECT_EQ(StreamsOperations().Find(name), nullptr) << name;
  }
}

// Before the Streams API had a registry its prefix reached every DynamoDB operation; a request
// to the Streams API still runs the DynamoDB operation of a name the Streams API lacks.
TEST(OperationsTest, StreamsFallsBackToDynamoDbForNamesItLacks) {
  for (std::string_view name : {"PutItem", "ListTables", "ExecuteStatement"}) {
    EXPECT_EQ(StreamsOperations().Resolve(name), DynamoDbOperations().Find(name)) << name;
  }
  EXPECT_EQ(StreamsOperations().Resolve("DescribeStream"),
            StreamsOperations().Find("DescribeStream"));
  EXPECT_EQ(StreamsOperations().Resolve("NoSuchOperation"), nullptr);
}

TEST(OperationsTest, NamesAreCaseSensitiveAndWhole) {
  const OperationRegistry& ops = DynamoDbOperations();
  EXPECT_NE(ops.Find("PutItem"), nullptr);
  for (std::string_view name : {"putitem", "PUTITEM", "PutItem ", "PutIte", "", "PutItemX"}) {
    EXPECT_EQ(ops.Find(name), nullptr) << name;
    EXPECT_EQ(ops.Resolve(name), nullptr) << name;
  }
}

TEST(OperationsTest, AFallbackAnswersOnlyTheNamesARegistryLacks) {
  OperationRegistry base;
  base.Register("Shared", Ok);
  base.Register("BaseOnly", Ok);
  OperationRegistry own(&base);
  own.RegisterNotImplemented("Shared", NotImplementedAnswer::kAsUnknownName);
  own.Register("OwnOnly", Ok);

  EXPECT_EQ(own.Find("BaseOnly"), nullptr);
  EXPECT_EQ(own.Resolve("BaseOnly"), base.Find("BaseOnly"));
  EXPECT_EQ(own.Resolve("Shared"), own.Find("Shared"));  // the registry's own entry wins
  EXPECT_EQ(own.Resolve("Shared")->handler, nullptr);
  EXPECT_EQ(own.Resolve("OwnOnly"), own.Find("OwnOnly"));
  EXPECT_EQ(own.Resolve("Neither"), nullptr);
  EXPECT_EQ(base.Resolve("OwnOnly"), nullptr);
  EXPECT_EQ(own.Names(), (std::vector<std::string_view>{"OwnOnly", "Shared"}));
}

TEST(OperationsTest, NotImplementedMessageNamesTheOperation) {
  EXPECT_EQ(NotImplementedMessage("CreateBackup"),
            "Stator does not implement the operation CreateBackup yet");
}

}  // namespace
}  // namespace stator::api
