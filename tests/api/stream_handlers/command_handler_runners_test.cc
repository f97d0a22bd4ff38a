// Unchanged Lambda handlers (tests/lambda/fixtures/) run as commands through the runners of
// tools/lambda/: the event CommandHandler writes is what they read, and what they print is a
// response CommandHandler reads.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "api/stream_handlers/command_handler.h"

namespace stator::api {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

const std::string kRoot = STATOR_SOURCE_DIR;

bool OnPath(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "";
  for (size_t start = 0; start <= dirs.size();) {
    const size_t end = std::min(dirs.find(':', start), dirs.size());
    if (std::filesystem::exists(dirs.substr(start, end - start) + "/" + program)) return true;
    start = end + 1;
  }
  return false;
}

Record WithStatus(std::string sequence_number, std::string status) {
  Record r;
  r.event_id = "e" + sequence_number;
  r.aws_region = "us-east-1";
  r.dynamodb.keys = {{"pk", AttributeValue::S(sequence_number)}};
  r.dynamodb.new_image = Item{{"pk", AttributeValue::S(sequence_number)},
                              {"status", AttributeValue::S(std::move(status))}};
  r.dynamodb.sequence_number = std::move(sequence_number);
  r.dynamodb.stream_view_type = StreamViewType::kNewImage;
  return r;
}

StreamHandlerEvent Batch() {
  StreamHandlerEvent e;
  e.event_source_arn = "arn:aws:dynamodb:us-east-1:000000000000:table/t/stream/label";
  e.records = {WithStatus("000000000000000000001", "ok"),
               WithStatus("000000000000000000002", "bad"),
               WithStatus("000000000000000000003", "ok")};
  return e;
}

StreamInvocation Invocation(int64_t timeout_ms) {
  StreamInvocation inv;
  inv.request_id = "8d5b6f0e-0000-4000-8000-000000000002";
  inv.function_name = "batch";
  inv.deadline_micros = Clock::System()->NowMicros() + timeout_ms * 1000;
  return inv;
}

CommandHandler Quiet(std::vector<std::string> command) {
  CommandHandlerOptions options;
  options.log = [](std::string_view, std::string_view) {};
  return CommandHandler(std::move(command), options);
}

TEST(CommandHandlerRunners, NodeHandlerReportsItsFailedItem) {
  if (!OnPath("node")) GTEST_SKIP() << "node is not installed";
  StreamHandlerResponse r = Quiet({"node", kRoot + "/tools/lambda/node_runner.mjs",
                                   kRoot + "/tests/lambda/fixtures/node/batch.mjs"})
                                .Invoke(Batch(), Invocation(10'000));
  ASSERT_FALSE(r.failed) << r.error;
  EXPECT_THAT(r.batch_item_failures, ElementsAre("000000000000000000002"));
}

TEST(CommandHandlerRunners, PythonHandlerReportsItsFailedItem) {
  if (!OnPath("python3")) GTEST_SKIP() << "python3 is not installed";
  StreamHandlerResponse r = Quiet({"python3", kRoot + "/tools/lambda/python_runner.py",
                                   kRoot + "/tests/lambda/fixtures/python/batch.py"})
                                .Invoke(Batch(), Invocation(10'000));
  ASSERT_FALSE(r.failed) << r.error;
  EXPECT_THAT(r.batch_item_failures, ElementsAre("000000000000000000002"));
}

TEST(CommandHandlerRunners, AHandlerErrorIsTheBatchError) {
  if (!OnPath("python3")) GTEST_SKIP() << "python3 is not installed";
  StreamHandlerResponse r = Quiet({"python3", kRoot + "/tools/lambda/python_runner.py",
                                   kRoot + "/tests/lambda/fixtures/python/failing.py"})
                                .Invoke(Batch(), Invocation(10'000));
  EXPECT_TRUE(r.failed);
  EXPECT_THAT(r.error, HasSubstr(R"("errorType": "ValueError")"));
  EXPECT_THAT(r.error, HasSubstr("bad record e000000000000000000001"));
}

// The runner enforces the timeout itself and says so as Lambda does, before the margin runs out.
TEST(CommandHandlerRunners, ARunnerReportsItsOwnTimeout) {
  if (!OnPath("node")) GTEST_SKIP() << "node is not installed";
  StreamHandlerResponse r =
      Quiet({"node", kRoot + "/tools/lambda/node_runner.mjs",
             kRoot + "/tests/lambda/fixtures/node/timing.mjs", "sleepsTenSeconds"})
          .Invoke(Batch(), Invocation(1000));
  EXPECT_TRUE(r.failed);
  EXPECT_THAT(r.error, HasSubstr("Task timed out after"));
}

}  // namespace
}  // namespace stator::api
