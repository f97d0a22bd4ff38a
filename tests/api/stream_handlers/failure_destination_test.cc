#include "api/stream_handlers/failure_destination.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <simdjson.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

namespace stator::api {
namespace {

using ::testing::HasSubstr;

StreamFailure Failure() {
  StreamFailure f;
  f.mapping_uuid = "14e0db71-5d35-4eb5-b481-8945cf9d10c2";
  f.function_name = "myfunction";
  f.event_source_arn =
      "arn:aws:dynamodb:us-east-2:123456789012:table/mytable/stream/2019-11-14T00:04:06.388";
  f.shard_id = "shardId-00000001573689847184-864758bb";
  f.start_sequence_number = "800000000003126276362";
  f.end_sequence_number = "800000000003126276362";
  f.batch_size = 1;
  f.approximate_arrival_of_first_record = 1573690399;  // 2019-11-14T00:13:19Z
  f.approximate_arrival_of_last_record = 1573690399;
  f.approximate_invoke_count = 1;
  f.condition = "RetryAttemptsExhausted";
  f.error = "Task timed out after 3.00 seconds";
  f.timestamp = 1573690429.717;  // 2019-11-14T00:13:49.717Z
  return f;
}

// The example of Lambda's documentation, member for member.
TEST(OnFailureRecord, HasTheShapeOfLambdasInvocationRecord) {
  EXPECT_EQ(
      EncodeOnFailureRecord(Failure(), "316aa6d0-8154-xmpl-9af7-85d5f4a6bc81"),
      R"({"requestContext":{"requestId":"316aa6d0-8154-xmpl-9af7-85d5f4a6bc81",)"
      R"("functionArn":"arn:aws:lambda:us-east-2:123456789012:function:myfunction",)"
      R"("condition":"RetryAttemptsExhausted","approximateInvokeCount":1},)"
      R"("responseContext":{"statusCode":200,"executedVersion":"$LATEST",)"
      R"("functionError":"Unhandled"},"version":"1.0","timestamp":"2019-11-14T00:13:49.717Z",)"
      R"("DDBStreamBatchInfo":{"shardId":"shardId-00000001573689847184-864758bb",)"
      R"("startSequenceNumber":"800000000003126276362",)"
      R"("endSequenceNumber":"800000000003126276362",)"
      R"("approximateArrivalOfFirstRecord":"2019-11-14T00:13:19Z",)"
      R"("approximateArrivalOfLastRecord":"2019-11-14T00:13:19Z","batchSize":1,)"
      R"("streamArn":"arn:aws:dynamodb:us-east-2:123456789012:table/mytable/stream/)"
      R"(2019-11-14T00:04:06.388"}})");
}

TEST(OnFailureRecord, NoFunctionErrorWhenTheLastInvocationReturned) {
  StreamFailure f = Failure();
  f.error.clear();  // it returned, reporting failed items, until its retries ran out
  EXPECT_THAT(EncodeOnFailureRecord(f, "id"),
              HasSubstr(R"("responseContext":{"statusCode":200,"executedVersion":"$LATEST"},)"));
}

TEST(OnFailureRecord, FunctionArnFromEachFormOfFunctionName) {
  auto arn_of = [](std::string name) {
    StreamFailure f = Failure();
    f.function_name = std::move(name);
    std::string record = EncodeOnFailureRecord(f, "id");
    const size_t start = record.find("\"functionArn\":\"") + 15;
    return record.substr(start, record.find('"', start) - start);
  };
  EXPECT_EQ(arn_of("fn"), "arn:aws:lambda:us-east-2:123456789012:function:fn");
  EXPECT_EQ(arn_of("function:fn"), "arn:aws:lambda:us-east-2:123456789012:function:fn");
  EXPECT_EQ(arn_of("210987654321:function:fn"),
            "arn:aws:lambda:us-east-2:210987654321:function:fn");
  EXPECT_EQ(arn_of("arn:aws:lambda:eu-west-1:111122223333:function:fn:PROD"),
            "arn:aws:lambda:eu-west-1:111122223333:function:fn:PROD");

  StreamFailure local = Failure();
  local.event_source_arn = "";
  EXPECT_THAT(EncodeOnFailureRecord(local, "id"),
              HasSubstr("arn:aws:lambda:us-east-1:000000000000:function:myfunction"));
}

TEST(FailureDestinationPath, FileUrisAndPaths) {
  EXPECT_EQ(FailureDestinationPath("file:///var/log/failures.jsonl").value(),
            "/var/log/failures.jsonl");
  EXPECT_EQ(FailureDestinationPath("/tmp/x/../f.jsonl").value(), "/tmp/f.jsonl");
  EXPECT_EQ(FailureDestinationPath("f.jsonl").value(),
            (std::filesystem::current_path() / "f.jsonl").string());
  for (std::string_view bad :
       {"", "file://relative/f", "file:f", "arn:aws:sqs:us-east-1:1:q", "https://example.com/f"}) {
    Result<std::string> p = FailureDestinationPath(bad);
    EXPECT_FALSE(p.ok()) << bad;
  }
}

class JsonLinesFailureDestinationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::path(::testing::TempDir()) /
           ("stator_failures_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::vector<std::string> Lines(const std::filesystem::path& p) {
    std::ifstream in(p);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
  }

  std::filesystem::path dir_;
};

TEST_F(JsonLinesFailureDestinationTest, AppendsOneWholeLinePerFailureFromManyThreads) {
  const std::filesystem::path file = dir_ / "failures.jsonl";
  { std::ofstream(file) << "an earlier line\n"; }
  auto dest = JsonLinesFailureDestination::Open("file://" + file.string());
  ASSERT_TRUE(dest.ok()) << dest.status().message();
  EXPECT_EQ((*dest)->path(), file.string());
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i) (*dest)->Write(Failure());
    });
  }
  for (std::thread& t : threads) t.join();

  const std::vector<std::string> lines = Lines(file);
  ASSERT_EQ(lines.size(), 401u);
  EXPECT_EQ(lines[0], "an earlier line");
  simdjson::dom::parser parser;
  std::set<std::string> request_ids;
  for (size_t i = 1; i < lines.size(); ++i) {
    simdjson::dom::element doc;
    ASSERT_EQ(parser.parse(lines[i]).get(doc), simdjson::SUCCESS) << lines[i];
    std::string_view id;
    ASSERT_EQ(doc["requestContext"]["requestId"].get_string().get(id), simdjson::SUCCESS);
    EXPECT_EQ(id.size(), 36u);
    EXPECT_EQ(id[14], '4');  // a version 4 UUID
    request_ids.insert(std::string(id));
  }
  EXPECT_EQ(request_ids.size(), 400u);
}

TEST_F(JsonLinesFailureDestinationTest, SyncedWritesLandToo) {
  auto dest = JsonLinesFailureDestination::Open((dir_ / "synced.jsonl").string(), true);
  ASSERT_TRUE(dest.ok());
  (*dest)->Write(Failure());
  EXPECT_EQ(Lines(dir_ / "synced.jsonl").size(), 1u);
}

TEST_F(JsonLinesFailureDestinationTest, AFileThatCannotBeOpenedIsNamed) {
  const std::string missing = (dir_ / "no-such-dir" / "f.jsonl").string();
  auto dest = JsonLinesFailureDestination::Open(missing);
  ASSERT_FALSE(dest.ok());
  EXPECT_EQ(dest.status().code(), ErrorCode::kValidation);
  EXPECT_THAT(dest.status().message(), HasSubstr(missing));
  EXPECT_THAT(dest.status().message(), HasSubstr("No such file or directory"));
}

}  // namespace
}  // namespace stator::api
