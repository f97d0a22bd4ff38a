// Event source mappings with embedded C++ handlers: every change delivered in order, batching,
// retries, ReportBatchItemFailures, bisection, the on-failure destination, filters, following a
// table's streams, and resuming from the checkpoint after a reopen. Real time: each test waits
// for what it expects with a deadline.
#include <algorithm>

#include "tests/engine/consumers/consumer_test_util.h"

namespace stator::engine {
namespace {

TEST_F(StreamConsumerTest, EveryChangeReachesTheHandlerInOrder) {
  auto handler = std::make_shared<RecordingHandler>();
  Open({Mapping(handler)});
  CreateTable();
  for (int i = 0; i < 20; ++i) Put("k" + std::to_string(i % 4), std::to_string(i));
  DeleteItemRequest del;
  del.table_name = "orders";
  del.key = {{"id", S("k0")}};
  ASSERT_TRUE(db_->DeleteItem(call_, del).ok());
  ASSERT_TRUE(handler->WaitFor([](const auto& b) { return Count(b) == 21; }));
  const auto status = WaitForStatus([](const auto& s) { return s.records_delivered == 21; });
  const auto batches = handler->Batches();
  std::vector<std::string> sequence;
  for (const auto& b : batches) {
    EXPECT_NE(b.event_source_arn.find("table/orders/stream/"), std::string::npos);
    EXPECT_EQ(b.shard_id.rfind("shardId-", 0), 0u);
    for (const auto& r : b.records) sequence.push_back(r.dynamodb.sequence_number);
  }
  EXPECT_TRUE(std::is_sorted(sequence.begin(), sequence.end()));
  EXPECT_EQ(batches.back().records.back().event_name, StreamEventName::kRemove);
  EXPECT_EQ(handler->invocations[0].function_name, "record");
  EXPECT_EQ(handler->invocations[0].request_id.size(), 36u);
  EXPECT_EQ(db_->GetEventSourceMappings().size(), 1u);
  EXPECT_EQ(status.records_delivered, 21);
  EXPECT_EQ(status.last_processing_result, "OK");
  EXPECT_EQ(status.state, "Enabled");
}

TEST_F(StreamConsumerTest, BatchesHoldAtMostBatchSizeAndWaitForTheirWindow) {
  auto handler = std::make_shared<RecordingHandler>();
  EventSourceMapping m = Mapping(handler);
  m.batch_size = 3;
  m.maximum_batching_window_seconds = 1;
  Open({m});
  CreateTable();
  for (int i = 0; i < 10; ++i) Put("k" + std::to_string(i));
  ASSERT_TRUE(handler->WaitFor([](const auto& b) { return Count(b) == 10; }));
  const auto batches = handler->Batches();
  for (const auto& b : batches) EXPECT_LE(b.records.size(), 3u);
  EXPECT_LE(batches.size(), 5u);  // the window gathered records rather than one a batch
  EXPECT_EQ(Ids(batches),
            (std::vector<std::string>{"k0", "k1", "k2", "k3", "k4", "k5", "k6", "k7", "k8", "k9"}));
}

// A C++ handler cannot be stopped; one that answers after its deadline has timed out, whatever
// it answers, as a Lambda function does.
TEST_F(StreamConsumerTest, AnAnswerAfterTheTimeoutIsATimeout) {
  auto handler = std::make_shared<RecordingHandler>();
  handler->answer = [](const StreamHandlerEvent&) {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    return StreamHandlerResponse{};
  };
  auto destination = std::make_shared<RecordingDestination>();
  EventSourceMapping m = Mapping(handler);
  m.timeout_seconds = 0.2;
  m.maximum_retry_attempts = 0;
  m.on_failure = destination;
  Open({m});
  CreateTable();
  Put("slow");
  const auto status =
      WaitForStatus([](const auto& s) { return s.batches_sent_to_failure_destination == 1; });
  EXPECT_EQ(status.failed_invocations, 1);
  EXPECT_EQ(status.records_delivered, 0);
  ASSERT_EQ(destination->Failures().size(), 1u);
  EXPECT_EQ(destination->Failures()[0].error, "Task timed out after 0.20 seconds");
  EXPECT_EQ(destination->Failures()[0].condition, "RetryAttemptsExhausted");
}

TEST_F(StreamConsumerTest, AFailedBatchIsRetriedUntilItSucceeds) {
  auto handler = std::make_shared<RecordingHandler>();
  int failures = 2;
  handler->answer = [&](const StreamHandlerEvent&) {
    return StreamHandlerResponse{failures-- > 0, "boom", {}, std::nullopt};
  };
  Open({Mapping(handler)});
  CreateTable();
  Put("a");
  ASSERT_TRUE(handler->WaitFor([](const auto& b) { return b.size() == 3; }));
  for (const auto& b : handler->Batches()) EXPECT_EQ(Ids({b}), std::vector<std::string>{"a"});
  Put("b");
  ASSERT_TRUE(handler->WaitFor([](const auto& b) { return b.size() == 4; }));
  EXPECT_EQ(Ids({handler->Batches().back()}), std::vector<std::string>{"b"});
  const auto status = WaitForStatus([](const auto& s) { return s.invocations == 4; });
  EXPECT_EQ(status.failed_invocations, 2);
  EXPECT_EQ(status.invocations, 4);
}

TEST_F(StreamConsumerTest, RetriesRunOutIntoTheOnFailureDestinationAndTheShardMovesOn) {
  auto handler = std::make_shared<RecordingHandler>();
  handler->answer = [](const StreamHandlerEvent& e) {
    const bool poison = e.records[0].dynamodb.keys.at("id").s() == "poison";
    return StreamHandlerResponse{poison, poison ? "poisoned" : "", {}, std::nullopt};
  };
  auto destination = std::make_shared<RecordingDestination>();
  EventSourceMapping m = Mapping(handler);
  m.maximum_retry_attempts = 1;
  m.on_failure = destination;
  Open({m});
  CreateTable();
  Put("poison");
  ASSERT_TRUE(handler->WaitFor([](const auto& b) { return b.size() == 2; }));  // 1 + 1 retry
  Put("good");
  ASSERT_TRUE(handler->WaitFor([](const auto& b) { return Ids(b).back() == "good"; }));
  const auto failures = destination->Failures();
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures[0].condition, "RetryAttemptsExhausted");
  EXPECT_EQ(failures[0].error, "poisoned");
  EXPECT_EQ(failures[0].batch_size, 1);
  EXPECT_EQ(failures[0].approximate_invoke_count, 2);
  EXPECT_EQ(failures[0].start_sequence_number, failures[0].end_sequence_number);
  EXPECT_EQ(failures[0].request_id, handler->invocations[1].request_id);
  EXPECT_EQ(handler->Batches().size(), 3u);
}

TEST_F(StreamConsumerTest, ReportedItemFailuresRetryFromTheLowestOfThem) {
  auto handler = std::make_shared<RecordingHandler>();
  bool first = true;
  handler->answer = [&](const StreamHandlerEvent& e) {
    StreamHandlerResponse r;
    if (first && e.records.size() == 4) {
      first = false;
      r.batch_item_failures = {e.records[3].dynamodb.sequence_number,
                               e.records[2].dynamodb.sequence_number};
    }
    return r;
  };
  EventSourceMapping m = Mapping(handler);
  m.report_batch_item_failures = true;
  m.batch_size = 4;
  m.maximum_batching_window_seconds = 2;
  Open({m});
  CreateTable();
  for (const char* id : {"a", "b", "c", "d"}) Put(id);
  ASSERT_TRUE(handler->WaitFor([](const auto& b) { return b.size() == 2; }));
  EXPECT_EQ(Ids({handler->Batches()[1]}), (std::vector<std::string>{"c", "d"}));
}

TEST_F(StreamConsumerTest, ReportedItemFailuresAreIgnoredWithoutTheOption) {
  auto handler = std::make_shared<RecordingHandler>();
  handler->answer = [](const StreamHandlerEvent& e) {
    StreamHandlerResponse r;
    r.batch_item_failures = {e.records[0].dynamodb.sequence_number};
    return r;
  };
  Open({Mapping(handler)});
  CreateTable();
  Put("a");
  Put("b");
  ASSERT_TRUE(handler->WaitFor([](const auto& b) { return Count(b) >= 2; }));
  const auto status = WaitForStatus([](const auto& s) { return s.records_delivered == 2; });
  EXPECT_EQ(status.failed_invocations, 0);
  EXPECT_EQ(Ids(handler->Batches()), (std::vector<std::string>{"a", "b"}));  // none again
}

TEST_F(StreamConsumerTest, BisectionIsolatesTheRecordThatFails) {
  auto handler = std::make_shared<RecordingHandler>();
  handler->answer = [](const StreamHandlerEvent& e) {
    for (const auto& r : e.records) {
      if (r.dynamodb.keys.at("id").s() == "c")
        return StreamHandlerResponse{true, "bad c", {}, std::nullopt};
    }
    return StreamHandlerResponse{};
  };
  auto destination = std::make_shared<RecordingDestination>();
  EventSourceMapping m = Mapping(handler);
  m.bisect_batch_on_function_error = true;
  m.maximum_retry_attempts = 3;
  m.batch_size = 4;
  m.maximum_batching_window_seconds = 2;
  m.on_failure = destination;
  Open({m});
  CreateTable();
  for (const char* id : {"a", "b", "c", "d"}) Put(id);
  ASSERT_TRUE(handler->WaitFor([](const auto& b) {
    return !b.empty() && Ids({b.back()}) == std::vector<std::string>{"d"};
  }));
  const auto failures = destination->Failures();
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures[0].batch_size, 1);  // only "c" given up on
  // Every other record was delivered in a batch that succeeded.
  std::vector<std::string> succeeded;
  for (const auto& b : handler->Batches()) {
    const auto ids = Ids({b});
    if (std::find(ids.begin(), ids.end(), "c") == ids.end()) {
      succeeded.insert(succeeded.end(), ids.begin(), ids.end());
    }
  }
  EXPECT_EQ(succeeded, (std::vector<std::string>{"a", "b", "d"}));
}

TEST_F(StreamConsumerTest, RecordsTheFilterRejectsAreNeverDelivered) {
  class OnlyA final : public RecordFilter {
   public:
    bool Matches(const Record& r, const std::string&) const override {
      return r.dynamodb.keys.at("id").s().rfind("a", 0) == 0;
    }
  };
  auto handler = std::make_shared<RecordingHandler>();
  EventSourceMapping m = Mapping(handler);
  m.filter = std::make_shared<OnlyA>();
  Open({m});
  CreateTable();
  for (const char* id : {"a1", "b1", "a2", "b2", "a3"}) Put(id);
  ASSERT_TRUE(handler->WaitFor([](const auto& b) { return Count(b) == 3; }));
  EXPECT_EQ(Ids(handler->Batches()), (std::vector<std::string>{"a1", "a2", "a3"}));
  EXPECT_EQ(WaitForStatus([](const auto& s) { return s.records_filtered == 2; }).records_filtered,
            2);
}

TEST_F(StreamConsumerTest, ATableMappingFollowsTheTablesNextStream) {
  auto handler = std::make_shared<RecordingHandler>();
  Open({Mapping(handler)});
  CreateTable();
  Put("first");
  ASSERT_TRUE(handler->WaitFor([](const auto& b) { return Count(b) == 1; }));
  UpdateTableRequest u;
  u.table_name = "orders";
  u.stream_specification = StreamSpecification{false, std::nullopt};
  ASSERT_TRUE(db_->UpdateTable(call_, u).ok());
  Put("unstreamed");
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  u.stream_specification = StreamSpecification{true, StreamViewType::kKeysOnly};
  ASSERT_TRUE(db_->UpdateTable(call_, u).ok());
  Put("second");
  ASSERT_TRUE(handler->WaitFor([](const auto& b) { return Count(b) == 2; }));
  EXPECT_EQ(Ids(handler->Batches()), (std::vector<std::string>{"first", "second"}));
}

// Holds the consumers' one scheduler thread in its first match until released, so that no
// consumer takes a step meanwhile: what a loaded machine does to a consumer now and then.
class HoldingFilter final : public RecordFilter {
 public:
  bool Matches(const Record&, const std::string&) const override {
    std::unique_lock lock(mu_);
    held_ = true;
    changed_.notify_all();
    changed_.wait(lock, [&] { return released_; });
    return true;
  }
  bool WaitHeld() const {
    std::unique_lock lock(mu_);
    return changed_.wait_for(lock, std::chrono::seconds(10), [&] { return held_; });
  }
  void Release() const {
    std::lock_guard lock(mu_);
    released_ = true;
    changed_.notify_all();
  }

 private:
  mutable std::mutex mu_;
  mutable std::condition_variable changed_;
  mutable bool held_ = false;
  mutable bool released_ = false;
};

class LateConsumerTest : public StreamConsumerTest,
                         public ::testing::WithParamInterface<StartingPosition> {
 protected:
  void CreateStreamTable(const std::string& name) {
    CreateTableRequest r = stator::testing::HashTable(name);
    r.stream_specification = StreamSpecification{true, StreamViewType::kKeysOnly};
    ASSERT_TRUE(db_->CreateTable(call_, r).ok());
  }
  void PutInto(const std::string& table, const std::string& id) {
    PutItemRequest r;
    r.table_name = table;
    r.item = {{"id", S(id)}};
    ASSERT_TRUE(db_->PutItem(call_, r).ok());
  }
  void EnableStream(bool enabled) {
    UpdateTableRequest u;
    u.table_name = "orders";
    u.stream_specification = enabled ? StreamSpecification{true, StreamViewType::kNewAndOldImages}
                                     : StreamSpecification{false, std::nullopt};
    ASSERT_TRUE(db_->UpdateTable(call_, u).ok());
  }
};

// A TableName mapping whose consumer takes its first step on the table only once the stream was
// disabled and enabled again still delivers the first stream's records (readable for 24 hours
// after disabling, as in DynamoDB), then the second's.
TEST_P(LateConsumerTest, ATableMappingStartingLateDrainsTheStreamDisabledMeanwhile) {
  auto handler = std::make_shared<RecordingHandler>();
  auto hold = std::make_shared<HoldingFilter>();
  struct ReleaseAtEnd {
    const HoldingFilter& hold;
    ~ReleaseAtEnd() { hold.Release(); }
  } release_at_end{*hold};
  EventSourceMapping gate = Mapping(std::make_shared<RecordingHandler>());
  gate.table_name = "gate";
  gate.filter = hold;
  EventSourceMapping orders = Mapping(handler);
  orders.starting_position = GetParam();
  Open({gate, orders});
  CreateStreamTable("gate");
  PutInto("gate", "hold");
  ASSERT_TRUE(hold->WaitHeld());

  CreateStreamTable("orders");
  PutInto("orders", "a1");
  PutInto("orders", "a2");
  EnableStream(false);
  PutInto("orders", "unrecorded");
  EnableStream(true);
  PutInto("orders", "c1");
  hold->Release();

  ASSERT_TRUE(handler->WaitFor([](const auto& b) {
    const std::vector<std::string> ids = Ids(b);
    return std::find(ids.begin(), ids.end(), "c1") != ids.end();
  }));
  const std::vector<StreamHandlerEvent> batches = handler->Batches();
  EXPECT_EQ(Ids(batches), (std::vector<std::string>{"a1", "a2", "c1"}));
  EXPECT_NE(batches.front().event_source_arn, batches.back().event_source_arn);
}

// LATEST too: both streams were enabled after the mapping started.
INSTANTIATE_TEST_SUITE_P(BothStartingPositions, LateConsumerTest,
                         ::testing::Values(StartingPosition::kTrimHorizon,
                                           StartingPosition::kLatest),
                         [](const auto& info) {
                           return info.param == StartingPosition::kLatest ? "Latest"
                                                                          : "TrimHorizon";
                         });

TEST_F(StreamConsumerTest, LatestStartsAfterWhatIsAlreadyThere) {
  auto handler = std::make_shared<RecordingHandler>();
  Open({});
  CreateTable();
  Put("before");
  EventSourceMapping m = Mapping(handler);
  m.starting_position = StartingPosition::kLatest;
  // Reopening an in-memory database would lose the table: give the mapping to a fresh one
  // on disk instead.
  TempDir dir;
  Open({}, dir.path());
  CreateTable();
  Put("before");
  Open({m}, dir.path());
  std::this_thread::sleep_for(std::chrono::milliseconds(700));  // the consumer takes its place
  Put("after");
  ASSERT_TRUE(handler->WaitFor([](const auto& b) { return Count(b) >= 1; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(Ids(handler->Batches()), std::vector<std::string>{"after"});
  db_.reset();
}

TEST_F(StreamConsumerTest, AReopenResumesFromTheCheckpoint) {
  TempDir dir;
  auto first = std::make_shared<RecordingHandler>();
  Open({Mapping(first)}, dir.path());
  CreateTable();
  Put("a");
  Put("b");
  ASSERT_TRUE(first->WaitFor([](const auto& b) { return Count(b) == 2; }));
  // Closed once the answer is taken in: a batch whose answer is not yet would be delivered again
  // (at least once), which this test is not about.
  EXPECT_EQ(WaitForStatus([](const auto& s) { return s.records_delivered == 2; }).records_delivered,
            2);
  db_.reset();
  auto second = std::make_shared<RecordingHandler>();
  Open({Mapping(second)}, dir.path());
  Put("c");
  ASSERT_TRUE(second->WaitFor([](const auto& b) { return Count(b) >= 1; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(Ids(second->Batches()), std::vector<std::string>{"c"});
  db_.reset();
}

TEST_F(StreamConsumerTest, OpenRefusesAMappingLambdaWouldRefuse) {
  Options options;
  options.in_memory = true;
  EventSourceMapping m = Mapping(std::make_shared<RecordingHandler>());
  m.batch_size = 0;
  options.event_source_mappings = {m};
  auto db = EngineDatabase::Open(options);
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().message(),
            "event source mapping 1 (record): 1 validation error detected: Value '0' at "
            "'batchSize' failed to satisfy constraint: Member must have value greater than or "
            "equal to 1");
}

}  // namespace
}  // namespace stator::engine
