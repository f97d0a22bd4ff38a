// stator-bench: the load harness. Runs YCSB-style workloads against a DynamoDB endpoint (Stator,
// another emulator, or the real service, signed with SigV4) or against the embedded engine, and
// reports throughput, latency percentiles, errors and CPU per request. See the README.
#include <boost/program_options.hpp>

#include <cstdlib>
#include <fstream>
#include <iostream>

#include "bench/harness/driver.h"
#include "bench/harness/report.h"
#include "bench/harness/runner.h"
#include "bench/harness/server_metrics.h"

namespace po = boost::program_options;
using namespace stator::bench;  // NOLINT: the tool's own library

namespace {

std::string Env(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return v && *v ? v : fallback;
}

po::options_description Flags() {
  po::options_description d("stator-bench [options]");
  d.add_options()
      ("help", "print this help")
      ("endpoint", po::value<std::string>(), "http://host:port or https://host of a DynamoDB API")
      ("embedded", po::value<std::string>(), "run in-process on a data directory, or :memory:")
      ("workload", po::value<std::string>()->default_value("a"), "a..f (YCSB) or a JSON file")
      ("duration", po::value<double>()->default_value(10), "seconds to run (0: use --operations)")
      ("operations", po::value<uint64_t>()->default_value(0), "operations to run (0: no limit)")
      ("connections", po::value<int>()->default_value(16), "HTTP connections")
      ("threads", po::value<int>()->default_value(1), "driver threads")
      ("keys", po::value<uint64_t>()->default_value(100000), "keys in the table")
      ("item-size", po::value<int>()->default_value(1000), "bytes of an item's payload")
      ("distribution", po::value<std::string>(),
       "uniform|zipfian|latest|sequential (default: workload's)")
      ("rate", po::value<double>()->default_value(0), "open loop at this many ops/s (0: closed)")
      ("json", po::value<std::string>(), "write the JSON report here")
      ("html", po::value<std::string>(), "write the HTML report here")
      ("table", po::value<std::string>()->default_value("usertable"), "table name")
      ("load", po::bool_switch(), "create the table and write every key first")
      ("stream-view-type", po::value<std::string>(),
       "create the table with a stream: KEYS_ONLY|NEW_IMAGE|OLD_IMAGE|NEW_AND_OLD_IMAGES")
      ("changing-puts", po::bool_switch(),
       "PutItem writes version = the operation's number, so every put changes its item")
      ("return-consumed-capacity", po::bool_switch(), "ask for and report ConsumedCapacity")
      ("insecure", po::bool_switch(), "HTTPS: accept any certificate (local self-signed servers)")
      ("compare", po::value<std::vector<std::string>>()->multitoken(), "A.json B.json")
      ("region", po::value<std::string>()->default_value(Env("AWS_REGION", "us-east-1")), "")
      ("access-key", po::value<std::string>()->default_value(Env("AWS_ACCESS_KEY_ID", "bench")),
       "")
      ("secret-key",
       po::value<std::string>()->default_value(Env("AWS_SECRET_ACCESS_KEY", "bench")), "")
      ("session-token",
       po::value<std::string>()->default_value(Env("AWS_SESSION_TOKEN", "")), "")
      ("server-pid", po::value<int>()->default_value(0), "report this process's CPU per request")
      ("server-metrics", po::bool_switch(),
       "read the endpoint's GET /metrics before and after the run and report the server's counts");
  return d;
}

// The view type as the API names it; none for any other name.
std::optional<stator::StreamViewType> ParseStreamViewType(std::string_view name) {
  for (auto v : {stator::StreamViewType::kKeysOnly, stator::StreamViewType::kNewImage,
                 stator::StreamViewType::kOldImage, stator::StreamViewType::kNewAndOldImages}) {
    if (stator::ToString(v) == name) return v;
  }
  return std::nullopt;
}

bool WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path);
  out << text;
  return static_cast<bool>(out);
}

// The server's metrics now, or why there are none (an endpoint without /metrics is no error).
std::optional<ServerMetrics> ReadServerMetrics(const RunConfig& config, std::string* why) {
  auto metrics = FetchServerMetrics(config);
  if (metrics.ok()) return *metrics;
  *why = metrics.status().message();
  return std::nullopt;
}

int Fail(const std::string& message) {
  std::cerr << "stator-bench: " << message << "\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  const po::options_description flags = Flags();
  po::variables_map vm;
  try {
    po::store(po::parse_command_line(argc, argv, flags), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    return Fail(e.what());
  }
  if (vm.count("help")) {
    std::cout << flags << "\n";
    return 0;
  }
  if (vm.count("compare")) {
    const auto& files = vm["compare"].as<std::vector<std::string>>();
    if (files.size() != 2) return Fail("--compare takes two JSON reports");
    const stator::Status s = Compare(files[0], files[1], std::cout);
    return s.ok() ? 0 : Fail(s.message());
  }
  RunConfig config;
  if (vm.count("endpoint") == vm.count("embedded")) {
    return Fail("give one of --endpoint URL and --embedded DIR");
  }
  if (vm.count("endpoint")) config.endpoint = vm["endpoint"].as<std::string>();
  if (vm.count("embedded")) config.embedded_dir = vm["embedded"].as<std::string>();
  auto workload = LoadWorkload(vm["workload"].as<std::string>());
  if (!workload.ok()) return Fail(workload.status().message());
  config.workload = std::move(workload).value();
  config.distribution = config.workload.distribution;
  if (vm.count("distribution") &&
      !ParseDistribution(vm["distribution"].as<std::string>(), &config.distribution)) {
    return Fail("--distribution must be uniform, zipfian, latest or sequential");
  }
  config.duration_s = vm["duration"].as<double>();
  config.operations = vm["operations"].as<uint64_t>();
  if (config.duration_s <= 0 && config.operations == 0) {
    return Fail("give --duration or --operations");
  }
  config.connections = std::max(vm["connections"].as<int>(), 1);
  config.threads = std::max(vm["threads"].as<int>(), 1);
  config.keys = std::max<uint64_t>(vm["keys"].as<uint64_t>(), 1);
  config.item_size = std::max(vm["item-size"].as<int>(), 1);
  config.rate = vm["rate"].as<double>();
  config.table = vm["table"].as<std::string>();
  config.load = vm["load"].as<bool>();
  if (vm.count("stream-view-type")) {
    config.stream_view_type = ParseStreamViewType(vm["stream-view-type"].as<std::string>());
    if (!config.stream_view_type) {
      return Fail("--stream-view-type: KEYS_ONLY, NEW_IMAGE, OLD_IMAGE or NEW_AND_OLD_IMAGES");
    }
  }
  config.changing_puts = vm["changing-puts"].as<bool>();
  config.return_consumed_capacity = vm["return-consumed-capacity"].as<bool>();
  config.server_pid = vm["server-pid"].as<int>();
  config.verify_tls = !vm["insecure"].as<bool>();
  config.credentials = {vm["access-key"].as<std::string>(), vm["secret-key"].as<std::string>(),
                        vm["session-token"].as<std::string>(), vm["region"].as<std::string>(),
                        "dynamodb"};

  if (vm["server-metrics"].as<bool>() && config.endpoint.empty()) {
    return Fail("--server-metrics reads an --endpoint's GET /metrics");
  }
  auto driver = MakeDriver(config);
  if (!driver.ok()) return Fail(driver.status().message());
  if (config.load || !config.embedded_dir.empty()) {
    // An embedded database starts empty (or holds what an earlier run left): it needs its table.
    const stator::Status s = (*driver)->PrepareTable();
    if (!s.ok()) return Fail("preparing table " + config.table + ": " + s.message());
  }
  if (config.load) {
    std::cerr << "loading " << config.keys << " keys into " << config.table << "\n";
    const Report load = RunLoad(**driver, config, std::cerr);
    PrintText(load, std::cerr);
  }
  const bool server_metrics = vm["server-metrics"].as<bool>();
  std::string why_not;
  const auto before = server_metrics ? ReadServerMetrics(config, &why_not) : std::nullopt;
  Report report = RunWorkload(**driver, config, std::cerr);
  if (server_metrics) {
    ServerSection section;
    section.table = config.table;
    const auto after = before ? ReadServerMetrics(config, &why_not) : std::nullopt;
    section.available = before && after;
    if (section.available) section.delta = Difference(*after, *before);
    section.unavailable = why_not;
    report.server = std::move(section);
  }
  PrintText(report, std::cout);
  if (vm.count("json") && !WriteFile(vm["json"].as<std::string>(), ToJson(report))) {
    return Fail("cannot write " + vm["json"].as<std::string>());
  }
  if (vm.count("html") && !WriteFile(vm["html"].as<std::string>(), ToHtml(report))) {
    return Fail("cannot write " + vm["html"].as<std::string>());
  }
  return 0;
}
