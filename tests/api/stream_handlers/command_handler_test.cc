// Runs real commands (sh and python3) through CommandHandler: responses, failures, the timeout
// kill, large inputs and outputs, and that nothing is left running or unreaped.
#include "api/stream_handlers/command_handler.h"

#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

#include "api/stream_handlers/function_response.h"

namespace stator::api {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using Millis = std::chrono::milliseconds;

constexpr std::string_view kArn = "arn:aws:dynamodb:us-east-1:000000000000:table/t/stream/label";

class FixedClock : public Clock {
 public:
  int64_t NowMicros() const override { return 1'000'000'000; }
};

Record MakeRecord(int i, size_t payload_bytes) {
  Record r;
  r.event_id = "e" + std::to_string(i);
  r.aws_region = "us-east-1";
  r.dynamodb.keys = {{"pk", AttributeValue::S("k" + std::to_string(i))}};
  r.dynamodb.new_image = Item{{"pk", AttributeValue::S("k" + std::to_string(i))},
                              {"payload", AttributeValue::S(std::string(payload_bytes, 'x'))}};
  char seq[32];
  std::snprintf(seq, sizeof seq, "%021d", i + 1);
  r.dynamodb.sequence_number = seq;
  r.dynamodb.stream_view_type = StreamViewType::kNewImage;
  return r;
}

StreamHandlerEvent MakeEvent(int records, size_t payload_bytes = 10) {
  StreamHandlerEvent e;
  e.event_source_arn = std::string(kArn);
  e.shard_id = "shardId-1";
  for (int i = 0; i < records; ++i) e.records.push_back(MakeRecord(i, payload_bytes));
  return e;
}

class CommandHandlerTest : public ::testing::Test {
 protected:
  // A handler whose deadlines are read on a clock that stands still, so that a deadline
  // `timeout` after it gives the command exactly that long.
  CommandHandler Handler(std::vector<std::string> command, Millis kill_margin = Millis(100)) {
    CommandHandlerOptions options;
    options.clock = clock_;
    options.kill_margin = kill_margin;
    options.log = [this](std::string_view name, std::string_view line) {
      std::lock_guard<std::mutex> lock(mu_);
      logged_.push_back(std::string(name) + ": " + std::string(line));
    };
    return CommandHandler(std::move(command), options);
  }

  StreamInvocation Invocation(Millis timeout = Millis(10'000)) {
    StreamInvocation inv;
    inv.request_id = "0f1e2d3c-0000-4000-8000-000000000001";
    inv.function_name = "orders";
    inv.deadline_micros = clock_->NowMicros() + timeout.count() * 1000;
    return inv;
  }

  static std::vector<std::string> Sh(std::string script) { return {"sh", "-c", std::move(script)}; }
  static std::vector<std::string> Python(std::string script) {
    return {"python3", "-c", std::move(script)};
  }

  std::vector<std::string> logged() {
    std::lock_guard<std::mutex> lock(mu_);
    return logged_;
  }

  void TearDown() override {
    // Every command was reaped: the test process has no child left, zombie or running.
    EXPECT_EQ(::waitpid(-1, nullptr, WNOHANG), -1);
    EXPECT_EQ(errno, ECHILD);
  }

  std::shared_ptr<Clock> clock_ = std::make_shared<FixedClock>();
  std::mutex mu_;
  std::vector<std::string> logged_;
};

TEST_F(CommandHandlerTest, SuccessReturnsTheParsedResponse) {
  CommandHandler h =
      Handler(Sh(R"(cat >/dev/null; echo '{"batchItemFailures":[{"itemIdentifier":"7"}]}')"));
  StreamHandlerResponse r = h.Invoke(MakeEvent(2), Invocation());
  EXPECT_FALSE(r.failed) << r.error;
  EXPECT_THAT(r.batch_item_failures, ElementsAre("7"));
}

TEST_F(CommandHandlerTest, TheEventIsOnStandardInputAndTheContractInTheEnvironment) {
  // The response carries back what the command saw, as item identifiers.
  CommandHandler h = Handler(Python(R"(
import json, os, sys
e = json.load(sys.stdin)
ids = [str(len(e["Records"])), e["Records"][1]["dynamodb"]["SequenceNumber"],
       e["Records"][0]["eventSourceARN"], os.environ["STATOR_FUNCTION_NAME"],
       os.environ["STATOR_TIMEOUT_MS"], os.environ["STATOR_REQUEST_ID"],
       os.environ["STATOR_EVENT_SOURCE_ARN"]]
print(json.dumps({"batchItemFailures": [{"itemIdentifier": i} for i in ids]}))
)"));
  StreamHandlerResponse r = h.Invoke(MakeEvent(3), Invocation(Millis(2500)));
  ASSERT_FALSE(r.failed) << r.error;
  EXPECT_THAT(r.batch_item_failures,
              ElementsAre("3", "000000000000000000002", kArn, "orders", "2500",
                          "0f1e2d3c-0000-4000-8000-000000000001", kArn));
}

TEST_F(CommandHandlerTest, AnInheritedContractVariableIsReplaced) {
  ::setenv("STATOR_FUNCTION_NAME", "stale", 1);
  CommandHandler h = Handler(
      Sh(R"(printf '{"batchItemFailures":[{"itemIdentifier":"%s"}]}' "$STATOR_FUNCTION_NAME")"));
  ::unsetenv("STATOR_FUNCTION_NAME");
  StreamHandlerResponse r = h.Invoke(MakeEvent(1), Invocation());
  EXPECT_THAT(r.batch_item_failures, ElementsAre("orders"));
}

TEST_F(CommandHandlerTest, NonZeroExitFailsWithTheLastLineOfStandardError) {
  CommandHandler h = Handler(Sh(
      R"(echo working >&2; echo '{"errorType":"Error","errorMessage":"boom"}' >&2; echo >&2; exit 1)"));
  StreamHandlerResponse r = h.Invoke(MakeEvent(1), Invocation());
  EXPECT_TRUE(r.failed);
  EXPECT_EQ(r.error, R"({"errorType":"Error","errorMessage":"boom"})");
  EXPECT_THAT(logged(),
              ElementsAre("orders: working",
                          R"(orders: {"errorType":"Error","errorMessage":"boom"})", "orders: "));
}

TEST_F(CommandHandlerTest, WithoutStandardErrorTheExitIsWordedAsLambdaWordsIt) {
  EXPECT_EQ(Handler(Sh("exit 3")).Invoke(MakeEvent(1), Invocation()).error,
            "Runtime exited with error: exit status 3");
  EXPECT_EQ(Handler(Sh("kill -SEGV $$")).Invoke(MakeEvent(1), Invocation()).error,
            "Runtime exited with error: signal: segmentation fault");
}

TEST_F(CommandHandlerTest, AnUnparsableResponseFails) {
  StreamHandlerResponse r = Handler(Sh("echo done")).Invoke(MakeEvent(1), Invocation());
  EXPECT_TRUE(r.failed);
  EXPECT_THAT(r.error, HasSubstr(kInvalidResponsePrefix));
  // Printing nothing is a null response: success.
  EXPECT_FALSE(Handler(Sh("true")).Invoke(MakeEvent(1), Invocation()).failed);
}

// With SIGCHLD ignored the kernel reaps children itself, and an exit status nobody saw must
// not pass for success.
TEST_F(CommandHandlerTest, ALostExitStatusFails) {
  struct sigaction ignore {
  }, saved{};
  ignore.sa_handler = SIG_IGN;
  ::sigaction(SIGCHLD, &ignore, &saved);
  StreamHandlerResponse r = Handler(Sh("echo '{}'")).Invoke(MakeEvent(1), Invocation());
  ::sigaction(SIGCHLD, &saved, nullptr);
  EXPECT_TRUE(r.failed);
  EXPECT_THAT(r.error, HasSubstr("lost the exit status of sh"));
}

// A descriptor the server opened without close-on-exec is not the command's.
TEST_F(CommandHandlerTest, TheCommandGetsOnlyItsThreeStreams) {
  // Deliberately without close-on-exec, and high, above what the command opens itself.
  const int opened = ::open("/dev/null", O_RDONLY);
  const int leaked = ::fcntl(opened, F_DUPFD, 100);
  ::close(opened);
  ASSERT_GE(leaked, 100);
  StreamHandlerResponse r = Handler(Python(R"(
import json, os
fds = sorted(int(f) for f in os.listdir("/proc/self/fd"))
print(json.dumps({"batchItemFailures": [{"itemIdentifier": str(f)} for f in fds if f <= 2 or f == )" +
                                           std::to_string(leaked) + R"(]}))
)"))
                                .Invoke(MakeEvent(1), Invocation());
  ::close(leaked);
  ASSERT_FALSE(r.failed) << r.error;
  EXPECT_THAT(r.batch_item_failures, ElementsAre("0", "1", "2"));
}

TEST_F(CommandHandlerTest, AMissingProgramFails) {
  StreamHandlerResponse r =
      Handler({"/nonexistent/stator-handler"}).Invoke(MakeEvent(1), Invocation());
  EXPECT_TRUE(r.failed);
  EXPECT_THAT(r.error, HasSubstr("cannot run /nonexistent/stator-handler"));
}

// The whole process group goes: the command and what it started in the background.
TEST_F(CommandHandlerTest, AHangingCommandIsKilledWithItsGroupAtTheDeadline) {
  const std::string pid_file = ::testing::TempDir() + "/stator_bg_" + std::to_string(::getpid());
  CommandHandler h = Handler(Sh("sleep 30 & echo $! > " + pid_file + "; sleep 30"), Millis(100));
  const auto start = std::chrono::steady_clock::now();
  StreamHandlerResponse r = h.Invoke(MakeEvent(1), Invocation(Millis(300)));
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_TRUE(r.failed);
  EXPECT_EQ(r.error, "Task timed out after 0.30 seconds");
  EXPECT_GE(took, Millis(400));  // the timeout, then the margin
  EXPECT_LT(took, Millis(5000));

  std::ifstream in(pid_file);
  pid_t background = 0;
  ASSERT_TRUE(in >> background);
  std::filesystem::remove(pid_file);
  // Killed: gone, or a zombie waiting for its new parent to reap it.
  bool dead = false;
  for (int i = 0; i < 100 && !dead; ++i) {
    std::ifstream stat("/proc/" + std::to_string(background) + "/stat");
    std::string pid, comm, state;
    dead = !(stat >> pid >> comm >> state) || state == "Z";
    if (!dead) std::this_thread::sleep_for(Millis(10));
  }
  EXPECT_TRUE(dead) << "background process " << background << " survived";
}

// A process the command leaves behind holds its standard output open; the invocation still ends
// when the command does, not at the deadline.
TEST_F(CommandHandlerTest, AProcessLeftBehindDoesNotHoldTheInvocation) {
  CommandHandler h = Handler(Sh(R"(sleep 30 & echo '{}')"));
  const auto start = std::chrono::steady_clock::now();
  StreamHandlerResponse r = h.Invoke(MakeEvent(1), Invocation(Millis(10'000)));
  EXPECT_FALSE(r.failed) << r.error;
  EXPECT_LT(std::chrono::steady_clock::now() - start, Millis(3000));
}

TEST_F(CommandHandlerTest, ADeadlineAlreadyPastFailsWithoutRunning) {
  StreamInvocation inv = Invocation();
  inv.deadline_micros = clock_->NowMicros() - 1;
  StreamHandlerResponse r = Handler(Sh("echo ran >&2")).Invoke(MakeEvent(1), inv);
  EXPECT_TRUE(r.failed);
  EXPECT_THAT(r.error, HasSubstr("Task timed out"));
  EXPECT_THAT(logged(), IsEmpty());
}

// The command writes a megabyte to each of its outputs before it reads a byte of its 4 MB
// input: reading and writing at once is what keeps either side from waiting on a full pipe.
TEST_F(CommandHandlerTest, LargeInputAndOutputDoNotDeadlock) {
  CommandHandler h = Handler(Python(R"(
import json, sys
sys.stderr.write(("e" * 1023 + "\n") * 1024); sys.stderr.flush()
sys.stdout.write(" " * (1 << 20)); sys.stdout.flush()
e = json.load(sys.stdin)
print(json.dumps({"batchItemFailures": [{"itemIdentifier": str(len(e["Records"]))}]}))
)"));
  StreamHandlerResponse r = h.Invoke(MakeEvent(4000, 1000), Invocation(Millis(20'000)));
  ASSERT_FALSE(r.failed) << r.error;
  EXPECT_THAT(r.batch_item_failures, ElementsAre("4000"));
  EXPECT_EQ(logged().size(), 1024u);
}

TEST_F(CommandHandlerTest, ACommandThatIgnoresItsInputSucceeds) {
  StreamHandlerResponse r =
      Handler(Sh("exec 0<&-; echo '{}'")).Invoke(MakeEvent(2000, 1000), Invocation());
  EXPECT_FALSE(r.failed) << r.error;
}

TEST_F(CommandHandlerTest, AResponseOverLambdasLimitFails) {
  StreamHandlerResponse r = Handler(Sh("head -c 7000000 /dev/zero | tr '\\0' ' '; echo '{}'"))
                                .Invoke(MakeEvent(1), Invocation());
  EXPECT_TRUE(r.failed);
  EXPECT_EQ(r.error, kResponseTooLarge);
}

TEST_F(CommandHandlerTest, InvocationsRunConcurrently) {
  CommandHandler h = Handler(Sh(R"(sleep 0.3; cat >/dev/null; echo '{}')"));
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&] {
      if (!h.Invoke(MakeEvent(10), Invocation()).failed) ++ok;
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(ok.load(), 4);
  EXPECT_LT(std::chrono::steady_clock::now() - start, Millis(1200));
}

}  // namespace
}  // namespace stator::api
