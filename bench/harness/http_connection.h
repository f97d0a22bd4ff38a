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

#include "api/client/request_writer.h"
#include "bench/harness/http_driver.h"
#include "bench/harness/request_body.h"

namespace stator::bench {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

using client::RequestWriter;

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
