// The per-thread machinery of HttpDriver: a ThreadContext (io_context, signer, bodies, op
// stream) and the Connection state machine, do_x/on_x style after Beast's async examples.
//
// Thread safety: everything here lives on one driver thread and its io_context.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <ctime>
#include <memory>
#include <optional>
#include <random>
#include <string>

#include "bench/harness/http_driver.h"
#include "bench/harness/request_body.h"
#include "bench/harness/sigv4.h"

namespace stator::bench {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

// Writes signed requests as raw HTTP/1.1 bytes.
class RequestWriter {
 public:
  RequestWriter(const Endpoint& endpoint, Credentials credentials);
  // Replaces wire with the full request of target (e.g. "GetItem") carrying body.
  void Write(std::string_view target, std::string_view body, std::string* wire);

 private:
  const Endpoint& endpoint_;
  SigV4Signer signer_;
  std::time_t date_second_ = 0;
  std::string amz_date_;
  std::vector<std::pair<std::string, std::string>> headers_;  // sorted, for signing
};

struct ThreadContext {
  ThreadContext(const RunConfig& config, const Endpoint& endpoint, RunState* state,
                Recorder* recorder, uint64_t seed);

  asio::io_context ioc{1};
  asio::ssl::context ssl{asio::ssl::context::tls_client};
  tcp::resolver::results_type addresses;
  const Endpoint& endpoint;
  RunState* state;
  Recorder* recorder;
  OpStream ops;
  RequestBodies bodies;
  RequestWriter writer;
  bool want_capacity;
  bool verify_tls;
  std::optional<OpenLoopSchedule> schedule;
  uint64_t sequence = 0;  // open loop: this thread's next request number
  std::minstd_rand jitter;  // backoff delays after refusals
};

// Opens one connection on ctx and keeps it busy until the run stops; reconnects after errors.
// refusals: how many connections in a row the server refused before this one (sets the backoff
// of the next refusal).
void StartConnection(ThreadContext* ctx, int refusals = 0);

}  // namespace stator::bench
