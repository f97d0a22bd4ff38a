// stator: the DynamoDB-compatible server. Accepts DynamoDB Local's single-dash flags (-port,
// -inMemory, -dbPath, -sharedDb, -cors, -delayTransientStatuses, -help) and GNU long options,
// reads the event source mapping files (--event-source-mappings), opens the Database (with
// --upstream URL, the remote Database in front of that service), serves HTTP until
// SIGINT/SIGTERM, then closes the Database.
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <boost/asio/signal_set.hpp>
#include <boost/program_options.hpp>
#include <csignal>
#include <cstdint>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "api/credentials.h"
#include "api/dispatcher.h"
#include "api/http_handler.h"
#include "api/http_server.h"
#include "api/stream_handlers/mapping_file.h"
#include "stator/database.h"

namespace {

namespace po = boost::program_options;

// DynamoDB Local's -delayTransientStatuses is a switch; this is the delay it stands for here.
constexpr int64_t kDefaultTransientDelayMs = 1000;

struct Flags {
  stator::Options db;
  stator::api::HttpHandlerOptions handler;
  stator::api::HttpServerOptions server;
  std::vector<std::string> mapping_files;  // --event-source-mappings, in the order given
};

// The cache's default size: 1/8 of physical memory, at most 1 GiB.
size_t DefaultCacheBytes() {
  const long pages = sysconf(_SC_PHYS_PAGES);
  const long page_size = sysconf(_SC_PAGE_SIZE);
  const uint64_t memory = pages > 0 && page_size > 0 ? uint64_t(pages) * uint64_t(page_size) : 0;
  return static_cast<size_t>(std::min<uint64_t>(memory / 8, uint64_t{1} << 30));
}

// "268435456", "256M", "1G", "512k" (binary multiples); false when it is none of these.
bool ParseBytes(const std::string& text, size_t* out) {
  size_t used = 0;
  unsigned long long n = 0;
  try {
    n = std::stoull(text, &used);
  } catch (const std::exception&) {
    return false;
  }
  const std::string suffix = text.substr(used);
  int shift = 0;
  if (suffix == "k" || suffix == "K" || suffix == "KB" || suffix == "KiB") {
    shift = 10;
  } else if (suffix == "m" || suffix == "M" || suffix == "MB" || suffix == "MiB") {
    shift = 20;
  } else if (suffix == "g" || suffix == "G" || suffix == "GB" || suffix == "GiB") {
    shift = 30;
  } else if (!suffix.empty()) {
    return false;
  }
  *out = static_cast<size_t>(n) << shift;
  return true;
}

std::vector<std::string> SplitCommas(const std::string& list) {
  std::vector<std::string> out;
  std::stringstream ss(list);
  for (std::string item; std::getline(ss, item, ',');) {
    const auto b = item.find_first_not_of(" \t");
    const auto e = item.find_last_not_of(" \t");
    if (b != std::string::npos) out.push_back(item.substr(b, e - b + 1));
  }
  return out;
}

po::options_description Describe() {
  po::options_description d("stator [options]  (single-dash DynamoDB Local flags also accepted)");
  d.add_options()("help", "print this help (also -help)")(
      "host", po::value<std::string>()->default_value("127.0.0.1"), "address to bind")(
      "port", po::value<uint16_t>()->default_value(8000), "TCP port; 0 picks a free one (-port)")(
      "data-dir", po::value<std::string>()->default_value("./data"), "data directory")(
      "dbPath", po::value<std::string>(), "data directory (DynamoDB Local's -dbPath)")(
      "in-memory", po::bool_switch(), "keep everything in memory (also -inMemory)")(
      "inMemory", po::bool_switch(), "")("shared-db", po::bool_switch(),
                                         "one database for all credentials (also -sharedDb)")(
      "sharedDb", po::bool_switch(), "")(
      "cors", po::value<std::string>()->default_value(""),
      "CORS allowed origins: '*' or a comma list; none by default (also -cors)")(
      "threads", po::value<int>()->default_value(0),
      "I/O threads; 0 = one per core (one on 2 cores or fewer)")(
      "io", po::value<std::string>()->default_value("pinned"),
      "pinned: each connection stays on one I/O thread; shared: any I/O thread serves any "
      "connection")(
      "max-connections", po::value<int>()->default_value(0),
      "connections served at once, more are answered 503; 0 = the descriptor limit less 256")(
      "max-buffered-request-mb", po::value<int64_t>()->default_value(256),
      "MiB of request bodies all connections may hold at once; beyond, requests get 503")(
      "sync", po::bool_switch(), "fsync the write-ahead log before acknowledging writes")(
      "background-priority", po::value<std::string>()->default_value("low"),
      "low: RocksDB's flushes and compactions run at nice 19, in the time requests leave; "
      "normal: at the server's priority")(
      "delay-transient-statuses-ms", po::value<int64_t>(),
      "how long CREATING/UPDATING/DELETING last, in ms")(
      "delayTransientStatuses", po::bool_switch(), "DynamoDB Local's switch: 1 s delays")(
      "stream-retention-seconds", po::value<double>(),
      "how long stream records are kept (default 86400, the service's 24 hours)")(
      "stream-shard-rollover-seconds", po::value<double>(),
      "how long a stream shard stays open (default 14400, the service's 4 hours)")(
      "ttl-sweep-seconds", po::value<double>(),
      "how long the TTL sweeper rests between passes: expired items are deleted within about "
      "this delay (default 5)")(
      "pitr-lag-seconds", po::value<double>(),
      "how far LatestRestorableDateTime trails the present (default 0; the service's about "
      "300)")("pitr-retention-seconds", po::value<double>(),
              "how often point-in-time history older than its table's recovery period is dropped "
              "(default 60)")(
      "throttling", po::value<std::string>()->default_value("off"),
      "on: throttle as the service does (provisioned tables and GSIs at their rates with 300 s "
      "of burst, 3,000 RCU / 1,000 WCU per partition) and hold CreateTable and UpdateTable to the "
      "service's quotas and budgets; off (default): never, as DynamoDB Local")(
      "table-max-capacity-units", po::value<int64_t>(),
      "the per-table (and per-GSI) maximum of read and of write capacity units that "
      "DescribeLimits reports and --throttling on enforces (default 40000, the service's)")(
      "account-max-capacity-units", po::value<int64_t>(),
      "the account maximum of read and of write capacity units that DescribeLimits reports "
      "(default 80000, the service's)")(
      "virtual-clock", po::bool_switch(),
      "testing: a clock that starts at the real time and that POST /stator/clock "
      "{\"advanceSeconds\": N} moves forward (GET /stator/clock reads it)")(
      "cache-size", po::value<std::string>(),
      "bytes of the read cache (suffixes k, M, G); 0 disables it. Default: 1/8 of memory, "
      "at most 1G")("cache-mode", po::value<std::string>()->default_value("coherent"),
                    "coherent (every read sees the last acknowledged write) or dax (TTLs, as DAX)")(
      "dax-item-ttl-ms", po::value<int64_t>(),
      "with --cache-mode dax: how long an item stays cached (DAX's record-ttl-millis; default "
      "300000; 0: until evicted or written through)")(
      "dax-query-ttl-ms", po::value<int64_t>(),
      "with --cache-mode dax: how long a Query or Scan page stays cached (DAX's "
      "query-ttl-millis; default 300000; 0: pages are not cached)")(
      "upstream", po::value<std::string>(),
      "serve in front of the DynamoDB-compatible service at URL (http:// or https://) as a "
      "caching proxy: requests go there signed with this process's AWS credentials (environment "
      "or shared credentials file) and region (AWS_REGION), reads are answered by the cache in "
      "DAX mode")(
      "upstream-max-attempts", po::value<int>(),
      "with --upstream: tries per request, retries of throttling, 5xx and broken connections "
      "included (default 3, the SDKs' standard mode: the clients retry too)")(
      "upstream-timeout-ms", po::value<int64_t>(),
      "with --upstream: how long one exchange with the upstream may take (default 10000)")(
      "upstream-call-timeout-ms", po::value<int64_t>(),
      "with --upstream: how long one request to the upstream may take in all, its tries and the "
      "waits between them (default 0: no bound but the tries')")(
      "upstream-connections", po::value<int>(),
      "with --upstream: requests sent to the upstream at once, each on a keep-alive connection "
      "of its own, by threads of their own while the I/O threads answer cache hits (default "
      "16)")(
      "event-source-mappings", po::value<std::vector<std::string>>()->composing(),
      "a JSON file of Lambda event source mappings: handlers (commands or URLs) fed by the "
      "tables' streams (repeatable)")(
      "credentials", po::value<std::vector<std::string>>()->composing(),
      "ACCESS_KEY_ID:SECRET: verify every request's SigV4 signature (repeatable)")(
      "credentials-file", po::value<std::vector<std::string>>()->composing(),
      "an AWS shared-credentials file whose every profile's keys are accepted (repeatable)");
  return d;
}

// Reads a non-negative (positive when `positive`) integer flag into *out when given; false,
// after saying why, when it is out of range.
template <class T>
bool ReadCount(const po::variables_map& vm, const char* flag, bool positive, T* out) {
  if (!vm.count(flag)) return true;
  const T value = vm[flag].as<T>();
  if (value < 0 || (positive && value == 0)) {
    std::cerr << "stator: --" << flag << " must be " << (positive ? "positive" : "at least 0")
              << "\n";
    return false;
  }
  *out = value;
  return true;
}

constexpr int kProxyMaxAttempts = 3;

// --cache-mode, DAX's TTLs and --upstream with its retry settings; false (after saying why) on a
// bad value.
bool ReadCacheModeAndUpstream(const po::variables_map& vm, Flags* flags) {
  const std::string mode = vm["cache-mode"].as<std::string>();
  if (mode != "coherent" && mode != "dax") {
    std::cerr << "stator: --cache-mode must be coherent or dax\n";
    return false;
  }
  flags->db.cache.mode =
      mode == "dax" ? stator::CacheOptions::Mode::kDax : stator::CacheOptions::Mode::kCoherent;
  if (vm.count("upstream")) {
    // The upstream's other clients write past this cache, so only DAX's TTLs can bound its
    // staleness (Database::Open refuses a coherent cache in front of a remote Database).
    if (!vm["cache-mode"].defaulted() && mode != "dax") {
      std::cerr << "stator: --upstream serves with the cache in DAX mode (--cache-mode dax)\n";
      return false;
    }
    flags->db.remote.endpoint = vm["upstream"].as<std::string>();
    flags->db.cache.mode = stator::CacheOptions::Mode::kDax;
    // The proxy's clients retry with their own SDKs: with DynamoDB's 10 tries of 10 s each
    // here as well, an unanswering upstream would keep a client waiting past boto3's 60 s read
    // timeout, and tries would multiply. The SDKs' standard mode (3) answers within ~31 s.
    flags->db.remote.max_attempts = kProxyMaxAttempts;
  }
  stator::RemoteOptions& remote = flags->db.remote;
  int connections = static_cast<int>(remote.max_idle_connections);
  if (!(ReadCount(vm, "dax-item-ttl-ms", false, &flags->db.cache.item_ttl_ms) &&
        ReadCount(vm, "dax-query-ttl-ms", false, &flags->db.cache.query_ttl_ms) &&
        ReadCount(vm, "upstream-max-attempts", true, &remote.max_attempts) &&
        ReadCount(vm, "upstream-timeout-ms", true, &remote.request_timeout_ms) &&
        ReadCount(vm, "upstream-call-timeout-ms", false, &remote.call_timeout_ms) &&
        ReadCount(vm, "upstream-connections", true, &connections))) {
    return false;
  }
  if (vm.count("upstream")) {
    // One thread per connection: each waits on its exchange with the upstream.
    remote.max_idle_connections = static_cast<size_t>(connections);
    flags->server.waiting_threads = connections;
  }
  return true;
}

// False when main should exit at once with *exit_code (after -help, or on a bad flag).
// With credentials given, the server verifies every request's signature against them.
bool ReadCredentials(const po::variables_map& vm, Flags* flags, int* exit_code) {
  stator::api::Secrets secrets;
  stator::Status read = stator::Status::OK();
  if (vm.count("credentials")) {
    for (const std::string& pair : vm["credentials"].as<std::vector<std::string>>()) {
      if (read.ok()) read = stator::api::AddCredentialPair(pair, &secrets);
    }
  }
  if (vm.count("credentials-file")) {
    for (const std::string& path : vm["credentials-file"].as<std::vector<std::string>>()) {
      if (read.ok()) read = stator::api::AddCredentialsFile(path, &secrets);
    }
  }
  if (!read.ok()) {
    std::cerr << "stator: " << read.message() << "\n";
    *exit_code = 2;
    return false;
  }
  if (!secrets.empty()) {
    flags->handler.verifier = std::make_shared<stator::api::SigV4Verifier>(std::move(secrets));
  }
  return true;
}

bool ParseFlags(int argc, char** argv, Flags* flags, int* exit_code) {
  const po::options_description desc = Describe();
  po::variables_map vm;
  try {
    // allow_long_disguise lets "-port 8000" mean "--port 8000", as DynamoDB Local spells it.
    const int style = po::command_line_style::unix_style |
                      po::command_line_style::allow_long_disguise;
    po::store(po::command_line_parser(argc, argv).options(desc).style(style).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "stator: " << e.what() << "\n" << desc;
    *exit_code = 2;
    return false;
  }
  if (vm.count("help")) {
    std::cout << desc;
    *exit_code = 0;
    return false;
  }
  flags->server.host = vm["host"].as<std::string>();
  flags->server.port = vm["port"].as<uint16_t>();
  flags->server.threads = vm["threads"].as<int>();
  const std::string io = vm["io"].as<std::string>();
  if (io != "pinned" && io != "shared") {
    std::cerr << "stator: --io takes pinned or shared, not '" << io << "'" << std::endl;
    return false;
  }
  flags->server.share_connections = io == "shared";
  flags->server.max_connections = vm["max-connections"].as<int>();
  flags->server.max_buffered_request_bytes = vm["max-buffered-request-mb"].as<int64_t>() << 20;
  flags->db.data_dir = vm.count("dbPath") ? vm["dbPath"].as<std::string>()
                                          : vm["data-dir"].as<std::string>();
  flags->db.in_memory = vm["in-memory"].as<bool>() || vm["inMemory"].as<bool>();
  flags->db.sync = vm["sync"].as<bool>();
  const std::string background = vm["background-priority"].as<std::string>();
  if (background != "low" && background != "normal") {
    std::cerr << "stator: --background-priority must be low or normal\n";
    *exit_code = 2;
    return false;
  }
  flags->db.low_priority_background_work = background == "low";
  if (vm["delayTransientStatuses"].as<bool>()) {
    flags->db.transient_status_delay_ms = kDefaultTransientDelayMs;
  }
  if (vm.count("delay-transient-statuses-ms")) {
    flags->db.transient_status_delay_ms = vm["delay-transient-statuses-ms"].as<int64_t>();
  }
  for (const auto& [flag, ms] :
       {std::pair{"stream-retention-seconds", &flags->db.stream_retention_ms},
        {"stream-shard-rollover-seconds", &flags->db.stream_shard_rollover_ms},
        {"ttl-sweep-seconds", &flags->db.ttl_sweep_interval_ms},
        {"pitr-retention-seconds", &flags->db.pitr_retention_interval_ms}}) {
    if (!vm.count(flag)) continue;
    const double seconds = vm[flag].as<double>();
    if (!(seconds > 0)) {
      std::cerr << "stator: --" << flag << " must be positive\n";
      *exit_code = 2;
      return false;
    }
    *ms = static_cast<int64_t>(seconds * 1000);
  }
  if (vm.count("pitr-lag-seconds")) {
    const double seconds = vm["pitr-lag-seconds"].as<double>();
    if (!(seconds >= 0)) {
      std::cerr << "stator: --pitr-lag-seconds must not be negative\n";
      *exit_code = 2;
      return false;
    }
    flags->db.pitr_restorable_lag_ms = static_cast<int64_t>(seconds * 1000);
  }
  const std::string throttling = vm["throttling"].as<std::string>();
  if (throttling != "on" && throttling != "off") {
    std::cerr << "stator: --throttling must be on or off\n";
    *exit_code = 2;
    return false;
  }
  flags->db.throttling = throttling == "on";
  for (const char* flag : {"table-max-capacity-units", "account-max-capacity-units"}) {
    if (!vm.count(flag)) continue;
    const int64_t units = vm[flag].as<int64_t>();
    if (units < 1) {
      std::cerr << "stator: --" << flag << " must be positive\n";
      *exit_code = 2;
      return false;
    }
    auto& quotas = flags->db.quotas;
    if (std::string_view(flag).starts_with("table")) {
      quotas.table_max_read_capacity_units = quotas.table_max_write_capacity_units = units;
    } else {
      quotas.account_max_read_capacity_units = quotas.account_max_write_capacity_units = units;
    }
  }
  if (vm["virtual-clock"].as<bool>()) {
    // Set before anything reads flags->db.clock (the mappings' handlers take it too).
    auto clock = std::make_shared<stator::MovableClock>();
    flags->db.clock = clock;
    flags->handler.virtual_clock = std::move(clock);
  }
  flags->db.cache.size_bytes = DefaultCacheBytes();
  if (vm.count("cache-size") && !ParseBytes(vm["cache-size"].as<std::string>(),
                                            &flags->db.cache.size_bytes)) {
    std::cerr << "stator: --cache-size: not a size: " << vm["cache-size"].as<std::string>()
              << "\n";
    *exit_code = 2;
    return false;
  }
  if (!ReadCacheModeAndUpstream(vm, flags)) {
    *exit_code = 2;
    return false;
  }
  // In front of an upstream every request is signed with this process's credentials, so the
  // upstream holds one namespace for all clients: the cache must too, or a write by one client
  // would leave another's cached copy of the item stale.
  flags->handler.shared_db =
      vm["shared-db"].as<bool>() || vm["sharedDb"].as<bool>() || vm.count("upstream") > 0;
  flags->handler.cors_origins = SplitCommas(vm["cors"].as<std::string>());
  if (vm.count("event-source-mappings")) {
    flags->mapping_files = vm["event-source-mappings"].as<std::vector<std::string>>();
  }
  return ReadCredentials(vm, flags, exit_code);
}

// Reads the mapping files into flags->db.event_source_mappings. False, after saying which file,
// mapping and field are wrong, when one cannot be read or is not valid.
bool LoadEventSourceMappings(Flags* flags) {
  if (flags->mapping_files.empty()) return true;
  stator::api::MappingFileOptions options;
  options.clock = flags->db.clock;  // the handlers read deadlines on the database's clock
  options.sync = flags->db.sync;
  auto mappings = stator::api::LoadEventSourceMappingFiles(flags->mapping_files, options);
  if (!mappings.ok()) {
    std::cerr << "stator: --event-source-mappings: " << mappings.status().message() << "\n";
    return false;
  }
  flags->db.event_source_mappings = std::move(mappings).value();
  std::cerr << "stator: " << flags->db.event_source_mappings.size()
            << " event source mapping(s) from";
  for (const std::string& file : flags->mapping_files) std::cerr << " " << file;
  std::cerr << "\n";
  return true;
}

// What the item cache did, per table, on stderr at exit: the hit ratio the benchmarks report.
void LogCacheStats(const stator::CacheStats& stats) {
  if (!stats.enabled) return;
  for (const stator::CacheTableStats& t : stats.tables) {
    const uint64_t lookups = t.item_hits + t.item_misses;
    std::cerr << "stator: cache: table " << t.table << ": GetItem hits " << t.item_hits
              << ", misses " << t.item_misses << ", hit ratio "
              << (lookups ? 100.0 * static_cast<double>(t.item_hits) / lookups : 0.0)
              << "%; Query/Scan hits " << t.query_hits << ", misses " << t.query_misses << "\n";
  }
}

}  // namespace

// A server holds a descriptor per connection and RocksDB one per open file: the soft limit (often
// 1024) is raised to the hard one, which is the administrator's to set.
void RaiseDescriptorLimit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= limit.rlim_max) return;
  limit.rlim_cur = limit.rlim_max;
  (void)setrlimit(RLIMIT_NOFILE, &limit);
}

int main(int argc, char** argv) {
  RaiseDescriptorLimit();
  Flags flags;
  int exit_code = 0;
  if (!ParseFlags(argc, argv, &flags, &exit_code)) return exit_code;
  if (!LoadEventSourceMappings(&flags)) return 2;

  auto opened = stator::Database::Open(flags.db);
  if (!opened.ok()) {
    std::cerr << "stator: cannot open database: " << opened.status().message() << "\n";
    return 1;
  }
  std::unique_ptr<stator::Database> db = std::move(opened).value();
  const stator::api::Dispatcher dispatcher(*db);
  const stator::api::HttpHandler handler(dispatcher, flags.handler);
  stator::api::HttpServer server(handler, flags.server);
  std::string error;
  if (!server.Start(&error)) {
    std::cerr << "stator: " << error << "\n";
    return 1;
  }

  boost::asio::signal_set signals(server.io_context(), SIGINT, SIGTERM);
  signals.async_wait([&server](const boost::system::error_code&, int) { server.Stop(); });

  std::cout << "stator listening on http://" << flags.server.host << ":" << server.port()
            << " (data: "
            << (!flags.db.remote.endpoint.empty() ? "upstream " + flags.db.remote.endpoint
                : flags.db.in_memory              ? std::string("in memory")
                                                  : flags.db.data_dir)
            << "; at most "
            << server.max_connections() << " connections)" << std::endl;
  server.Run();
  LogCacheStats(db->GetCacheStats());
  db.reset();  // closes the database once no request is in flight
  return 0;
}
