// ParallelizationFactor above 1: several batches of one shard in flight at once, each partition
// key always in the same lane so its changes stay in order, and a failing key holding up only
// its own lane.
#include <algorithm>
#include <atomic>
#include <map>
#include <set>

#include "engine/storage/key_codec.h"
#include "tests/engine/consumers/consumer_test_util.h"

namespace stator::engine {
namespace {

// A handler that takes a while, counting how many invocations overlap.
class SlowHandler final : public StreamHandler {
 public:
  StreamHandlerResponse Invoke(const StreamHandlerEvent& event,
                               const StreamInvocation& invocation) override {
    const int now_running = ++running_;
    int seen = most_running.load();
    while (now_running > seen && !most_running.compare_exchange_weak(seen, now_running)) {
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    --running_;
    return recorder.Invoke(event, invocation);
  }
  RecordingHandler recorder;
  std::atomic<int> most_running{0};

 private:
  std::atomic<int> running_{0};
};

// The lane of a partition key among `lanes`, as the consumer picks it.
size_t LaneOf(const std::string& id, size_t lanes) { return PartitionHash(S(id)) % lanes; }

TEST_F(StreamConsumerTest, ParallelLanesKeepEachKeysChangesInOrder) {
  auto handler = std::make_shared<SlowHandler>();
  EventSourceMapping m = Mapping(handler);
  m.parallelization_factor = 4;
  m.batch_size = 2;
  Open({m});
  CreateTable();
  constexpr int kKeys = 8;
  constexpr int kVersions = 6;
  for (int v = 0; v < kVersions; ++v) {
    for (int k = 0; k < kKeys; ++k) Put("k" + std::to_string(k), std::to_string(v));
  }
  ASSERT_TRUE(
      handler->recorder.WaitFor([](const auto& b) { return Count(b) == kKeys * kVersions; }));
  std::map<std::string, std::vector<int>> versions;
  for (const auto& batch : handler->recorder.Batches()) {
    std::set<size_t> lanes;
    for (const auto& r : batch.records) {
      const std::string id = r.dynamodb.keys.at("id").s();
      versions[id].push_back(std::stoi(r.dynamodb.new_image->at("v").s()));
      lanes.insert(LaneOf(id, 4));
    }
    EXPECT_EQ(lanes.size(), 1u) << "a batch mixes lanes";
  }
  ASSERT_EQ(versions.size(), static_cast<size_t>(kKeys));
  for (const auto& [id, seen] : versions) {
    std::vector<int> expected(kVersions);
    for (int v = 0; v < kVersions; ++v) expected[v] = v;
    EXPECT_EQ(seen, expected) << id;
  }
  EXPECT_GT(handler->most_running.load(), 1);
}

TEST_F(StreamConsumerTest, AFailingKeyHoldsUpOnlyItsOwnLane) {
  // Two keys in different lanes of two.
  const std::string stuck = "k0";
  std::string free;
  for (int i = 1; free.empty(); ++i) {
    if (LaneOf("k" + std::to_string(i), 2) != LaneOf(stuck, 2)) free = "k" + std::to_string(i);
  }
  auto handler = std::make_shared<RecordingHandler>();
  std::atomic<bool> release{false};
  handler->answer = [&](const StreamHandlerEvent& e) {
    StreamHandlerResponse r;
    r.failed = e.records.front().dynamodb.keys.at("id").s() == stuck && !release.load();
    return r;
  };
  EventSourceMapping m = Mapping(handler);
  m.parallelization_factor = 2;
  Open({m});
  CreateTable();
  Put(stuck, "0");
  Put(free, "0");
  Put(free, "1");
  // The free key's changes get through while the stuck key fails again and again.
  ASSERT_TRUE(handler->WaitFor([&](const auto& batches) {
    const std::vector<std::string> ids = Ids(batches);
    return std::count(ids.begin(), ids.end(), stuck) >= 2 &&
           std::count(ids.begin(), ids.end(), free) == 2;
  }));
  EXPECT_EQ(WaitForStatus([](const auto& s) { return s.records_delivered == 2; }).records_delivered,
            2);
  release = true;
  EXPECT_EQ(WaitForStatus([](const auto& s) { return s.records_delivered == 3; }).records_delivered,
            3);
}

}  // namespace
}  // namespace stator::engine
