// HttpDriver: the synchronous control-plane call and the driver threads.
#include "bench/harness/http_driver.h"

#include <chrono>
#include <thread>

#include "bench/harness/http_connection.h"

namespace stator::bench {
namespace {

constexpr auto kTableWait = std::chrono::seconds(120);

}  // namespace

HttpDriver::HttpDriver(const RunConfig& config, Endpoint endpoint)
    : config_(config), endpoint_(std::move(endpoint)) {}

HttpDriver::~HttpDriver() = default;

std::string HttpDriver::Describe() const { return endpoint_.Describe(); }

Result<HttpReply> HttpDriver::Call(std::string_view target, const std::string& body) {
  RequestWriter writer(endpoint_, config_.credentials);
  std::string wire;
  writer.Write(target, body, &wire);
  return client::ExchangeOnce(endpoint_, config_.verify_tls, wire);
}

Status HttpDriver::PrepareTable() {
  RequestBodies bodies(config_, config_.workload);
  auto created = Call("CreateTable", bodies.CreateTable());
  if (!created.ok()) return created.status();
  if (created->status != 200 && ErrorType(created->body) != "ResourceInUseException") {
    return Status::Validation("CreateTable: " + created->body);
  }
  const std::string describe = R"({"TableName":")" + config_.table + "\"}";
  const auto deadline = Clock::now() + kTableWait;
  while (Clock::now() < deadline) {
    auto described = Call("DescribeTable", describe);
    if (!described.ok()) return described.status();
    if (described->status != 200) return Status::Validation("DescribeTable: " + described->body);
    // ACTIVE, with no index still CREATING (a GSI backfills after its table is ACTIVE).
    if (described->body.find("CREATING") == std::string::npos &&
        described->body.find("\"ACTIVE\"") != std::string::npos) {
      return Status::OK();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  return Status::IOError("table " + config_.table + " did not become ACTIVE");
}

void HttpDriver::RunThread(int thread_index, RunState* state, Recorder* recorder) {
  ThreadContext ctx(config_, endpoint_, state, recorder,
                    0x5eed0000ULL + static_cast<uint64_t>(thread_index));
  tcp::resolver resolver(ctx.ioc);
  beast::error_code ec;
  ctx.addresses = resolver.resolve(endpoint_.host, endpoint_.port, ec);
  if (ec) {
    recorder->Record(Operation::kGetItem, 0, "ResolveError", -1);
    return;
  }
  if (state->rate_per_thread > 0) ctx.schedule.emplace(state->start, state->rate_per_thread);
  const int threads = std::max(config_.threads, 1);
  const int connections =
      config_.connections / threads + (thread_index < config_.connections % threads ? 1 : 0);
  for (int i = 0; i < connections; ++i) StartConnection(&ctx);
  ctx.ioc.run();
}

}  // namespace stator::bench
