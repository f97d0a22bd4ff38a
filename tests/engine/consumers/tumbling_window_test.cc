// Tumbling windows (TumblingWindowInSeconds): batches of one window each, the function's state
// carried from invocation to invocation, a final invocation with no records ending each window,
// a response without state failing, a state over 1 MB ending the window early, and the state
// kept across a reopen. Windows of 1 to 4 seconds of real time.
#include <cstdio>

#include "engine/consumers/consumer_checkpoint.h"
#include "tests/engine/consumers/consumer_test_util.h"

namespace stator::engine {
namespace {

// The count in a state {"n":K}.
int64_t CountIn(const std::string& state) {
  long long n = 0;
  return std::sscanf(state.c_str(), "{\"n\":%lld}", &n) == 1 ? n : 0;
}

// Counts the records of each window in its state, as a Lambda aggregation does.
StreamHandlerResponse Aggregate(const StreamHandlerEvent& e) {
  StreamHandlerResponse r;
  const int64_t n = CountIn(e.window->state) + static_cast<int64_t>(e.records.size());
  r.state = "{\"n\":" + std::to_string(n) + "}";
  return r;
}

bool HasFinal(const std::vector<StreamHandlerEvent>& batches) {
  for (const auto& b : batches) {
    if (b.window && b.window->is_final_invoke) return true;
  }
  return false;
}

class TumblingWindowTest : public StreamConsumerTest {
 protected:
  EventSourceMapping WindowMapping(std::shared_ptr<StreamHandler> handler, int64_t seconds) {
    EventSourceMapping m = Mapping(std::move(handler));
    m.tumbling_window_seconds = seconds;
    return m;
  }
  // Sleeps until a window of `seconds` has just begun, so what a test writes next falls in one.
  static void AwaitWindowStart(int64_t seconds) {
    const int64_t length = seconds * 1'000'000;
    const int64_t now = Clock::System()->NowMicros();
    std::this_thread::sleep_for(std::chrono::microseconds(length - now % length + 50'000));
  }
};

TEST_F(TumblingWindowTest, AWindowsStateAccumulatesAndItsFinalInvocationCarriesIt) {
  auto handler = std::make_shared<RecordingHandler>();
  handler->answer = Aggregate;
  EventSourceMapping m = WindowMapping(handler, 2);
  m.batch_size = 2;
  Open({m});
  CreateTable();
  AwaitWindowStart(2);
  for (int i = 0; i < 5; ++i) Put("k" + std::to_string(i));
  ASSERT_TRUE(handler->WaitFor(HasFinal));
  const auto batches = handler->Batches();
  // Every invocation names its window, aligned to the window's length; records lie inside it.
  int64_t delivered = 0;
  std::string state_before = "{}";
  for (const auto& b : batches) {
    ASSERT_TRUE(b.window.has_value());
    EXPECT_EQ(b.window->start_micros % 2'000'000, 0);
    EXPECT_EQ(b.window->end_micros, b.window->start_micros + 2'000'000);
    EXPECT_FALSE(b.window->terminated_early);
    EXPECT_EQ(b.window->state, state_before);  // what the previous invocation returned
    for (const auto& r : b.records) {
      const auto micros = static_cast<int64_t>(r.dynamodb.approximate_creation_date_time * 1e6);
      EXPECT_GE(micros, b.window->start_micros);
      EXPECT_LT(micros, b.window->end_micros);
    }
    EXPECT_LE(b.records.size(), 2u);
    delivered += static_cast<int64_t>(b.records.size());
    state_before = Aggregate(b).state.value();
    if (b.window->is_final_invoke) break;
  }
  const StreamHandlerEvent& final_invoke = batches.back();
  ASSERT_TRUE(final_invoke.window->is_final_invoke);
  EXPECT_TRUE(final_invoke.records.empty());
  EXPECT_EQ(CountIn(final_invoke.window->state), delivered);
  EXPECT_EQ(delivered, 5);
  EXPECT_FALSE(final_invoke.shard_id.empty());
  EXPECT_NE(final_invoke.event_source_arn.find("/stream/"), std::string::npos);
}

TEST_F(TumblingWindowTest, AResponseWithoutStateIsAFailedInvocation) {
  auto handler = std::make_shared<RecordingHandler>();
  int stateless = 1;
  handler->answer = [&](const StreamHandlerEvent& e) {
    if (!e.window->is_final_invoke && stateless-- > 0) return StreamHandlerResponse{};
    return Aggregate(e);
  };
  Open({WindowMapping(handler, 1)});
  CreateTable();
  Put("a");
  ASSERT_TRUE(handler->WaitFor(HasFinal));
  const auto batches = handler->Batches();
  ASSERT_GE(batches.size(), 3u);
  EXPECT_EQ(Ids({batches[0]}), std::vector<std::string>{"a"});
  EXPECT_EQ(Ids({batches[1]}), std::vector<std::string>{"a"});  // the same batch again
  EXPECT_EQ(batches[1].window->state, "{}");
  EXPECT_EQ(CountIn(batches.back().window->state), 1);
  EXPECT_GE(
      WaitForStatus([](const auto& s) { return s.failed_invocations >= 1; }).failed_invocations, 1);
}

TEST_F(TumblingWindowTest, AStateOverOneMegabyteEndsTheWindowEarly) {
  auto handler = std::make_shared<RecordingHandler>();
  const std::string big = "{\"pad\":\"" + std::string(1024 * 1024 + 1, 'x') + "\"}";
  handler->answer = [&](const StreamHandlerEvent& e) {
    StreamHandlerResponse r;
    r.state = e.records.empty() || e.window->state != "{}" ? "{}" : big;
    return r;
  };
  EventSourceMapping m = WindowMapping(handler, 4);
  m.batch_size = 1;
  Open({m});
  CreateTable();
  AwaitWindowStart(4);
  Put("a");
  ASSERT_TRUE(handler->WaitFor([](const auto& b) { return b.size() >= 2; }));
  Put("b");
  ASSERT_TRUE(handler->WaitFor([](const auto& b) { return b.size() >= 3; }));
  const auto batches = handler->Batches();
  EXPECT_EQ(Ids({batches[0]}), std::vector<std::string>{"a"});
  // The window ends at once with the state it outgrew...
  EXPECT_TRUE(batches[1].window->is_final_invoke);
  EXPECT_TRUE(batches[1].window->terminated_early);
  EXPECT_EQ(batches[1].window->state, big);
  EXPECT_TRUE(batches[1].records.empty());
  // ...and the same window goes on with a fresh state.
  EXPECT_EQ(Ids({batches[2]}), std::vector<std::string>{"b"});
  EXPECT_EQ(batches[2].window->start_micros, batches[0].window->start_micros);
  EXPECT_EQ(batches[2].window->state, "{}");
  EXPECT_FALSE(batches[2].window->is_final_invoke);
}

TEST_F(TumblingWindowTest, AReopenGoesOnWithTheWindowsState) {
  TempDir dir;
  auto first = std::make_shared<RecordingHandler>();
  first->answer = Aggregate;
  Open({WindowMapping(first, 4)}, dir.path());
  CreateTable();
  AwaitWindowStart(4);
  Put("a");
  Put("b");
  ASSERT_TRUE(first->WaitFor([](const auto& b) { return Count(b) == 2; }));
  EXPECT_EQ(WaitForStatus([](const auto& s) { return s.records_delivered == 2; }).records_delivered,
            2);
  db_.reset();
  auto second = std::make_shared<RecordingHandler>();
  second->answer = Aggregate;
  Open({WindowMapping(second, 4)}, dir.path());
  Put("c");
  ASSERT_TRUE(second->WaitFor(HasFinal));
  const auto batches = second->Batches();
  EXPECT_EQ(Ids(batches), std::vector<std::string>{"c"});
  EXPECT_EQ(batches.front().window->state, "{\"n\":2}");
  EXPECT_EQ(CountIn(batches.back().window->state), 3);
  db_.reset();
}

TEST(ConsumerCheckpointTest, OpenWindowsRoundTrip) {
  StorageConfig config;
  config.in_memory = true;
  auto storage = Storage::Open(config);
  ASSERT_TRUE(storage.ok()) << storage.status().message();
  ConsumerPosition p{7, 3, 123456789012345, {{0, 1'700'000'000'000'000, "{\"n\":2}"}, {3, 5, ""}}};
  ASSERT_TRUE(SaveCheckpoint(**storage, "uuid", p).ok());
  auto loaded = LoadCheckpoint(**storage, "uuid");
  ASSERT_TRUE(loaded.ok());
  ASSERT_TRUE(loaded->has_value());
  EXPECT_EQ(**loaded, p);
}

}  // namespace
}  // namespace stator::engine
