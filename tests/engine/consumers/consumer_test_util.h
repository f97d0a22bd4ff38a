// What the stream consumer tests share: a handler and a destination that record what reaches
// them, and a fixture that opens a database with mappings on a table "orders" with a stream.
// Real time: each test waits for what it expects with a deadline.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include "engine/engine_database.h"
#include "tests/engine/database_test_util.h"

namespace stator::engine {

using stator::testing::S;
using stator::testing::TempDir;

// Records every batch; answers with `answer` (default: success).
class RecordingHandler final : public StreamHandler {
 public:
  StreamHandlerResponse Invoke(const StreamHandlerEvent& event,
                               const StreamInvocation& invocation) override {
    std::lock_guard lock(mu_);
    batches.push_back(event);
    invocations.push_back(invocation);
    StreamHandlerResponse r = answer ? answer(event) : StreamHandlerResponse{};
    changed_.notify_all();
    return r;
  }
  // Waits until `done` holds of the batches (true) or 10 s pass (false).
  bool WaitFor(const std::function<bool(const std::vector<StreamHandlerEvent>&)>& done) {
    std::unique_lock lock(mu_);
    return changed_.wait_for(lock, std::chrono::seconds(10), [&] { return done(batches); });
  }
  std::vector<StreamHandlerEvent> Batches() {
    std::lock_guard lock(mu_);
    return batches;
  }
  std::function<StreamHandlerResponse(const StreamHandlerEvent&)> answer;  // set before use
  std::vector<StreamHandlerEvent> batches;
  std::vector<StreamInvocation> invocations;

 private:
  std::mutex mu_;
  std::condition_variable changed_;
};

class RecordingDestination final : public FailureDestination {
 public:
  void Write(const StreamFailure& f) override {
    std::lock_guard lock(mu_);
    failures.push_back(f);
  }
  std::vector<StreamFailure> Failures() {
    std::lock_guard lock(mu_);
    return failures;
  }

 private:
  std::mutex mu_;
  std::vector<StreamFailure> failures;
};

// Ids of the records in the batches, in delivery order.
inline std::vector<std::string> Ids(const std::vector<StreamHandlerEvent>& batches) {
  std::vector<std::string> out;
  for (const auto& b : batches) {
    for (const auto& r : b.records) out.push_back(r.dynamodb.keys.at("id").s());
  }
  return out;
}

inline size_t Count(const std::vector<StreamHandlerEvent>& batches) { return Ids(batches).size(); }

class StreamConsumerTest : public ::testing::Test {
 protected:
  void Open(std::vector<EventSourceMapping> mappings, const std::string& dir = "") {
    db_.reset();
    Options options;
    options.in_memory = dir.empty();
    options.data_dir = dir;
    options.event_source_mappings = std::move(mappings);
    auto db = EngineDatabase::Open(options);
    ASSERT_TRUE(db.ok()) << db.status().message();
    db_ = std::move(db).value();
  }
  EventSourceMapping Mapping(std::shared_ptr<StreamHandler> handler) {
    EventSourceMapping m;
    m.table_name = "orders";
    m.function_name = "record";
    m.handler = std::move(handler);
    return m;
  }
  void CreateTable(StreamViewType view = StreamViewType::kNewAndOldImages) {
    CreateTableRequest r = stator::testing::HashTable("orders");
    r.stream_specification = StreamSpecification{true, view};
    auto created = db_->CreateTable(call_, r);
    ASSERT_TRUE(created.ok()) << created.status().message();
  }
  void Put(const std::string& id, const std::string& v = "1") {
    PutItemRequest r;
    r.table_name = "orders";
    r.item = {{"id", S(id)}, {"v", S(v)}};
    ASSERT_TRUE(db_->PutItem(call_, r).ok());
  }

  // The first mapping's status once `done` holds of it (the answer to an invocation is taken in
  // just after the handler returns), or after 10 s.
  EventSourceMappingStatus WaitForStatus(
      const std::function<bool(const EventSourceMappingStatus&)>& done) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    EventSourceMappingStatus s = db_->GetEventSourceMappings()[0];
    while (!done(s) && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      s = db_->GetEventSourceMappings()[0];
    }
    return s;
  }

  CallOptions call_;
  std::unique_ptr<Database> db_;
};

}  // namespace stator::engine
