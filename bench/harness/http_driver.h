// HttpDriver: drives any DynamoDB endpoint over HTTP/1.1 or HTTPS with keep-alive connections.
//
// Each driver thread owns one io_context and its share of --connections; a connection sends its
// next request as soon as its answer arrives (closed loop) or when the request is due (open
// loop). Requests are written as raw bytes (headers + a body built in a reused buffer) and
// signed with SigV4, so the client's own cost stays a small part of a request's cost. When the
// run ends a connection finishes its request in flight before closing: a client that aborts a
// request mid-body kills some emulators (dynalite).
//
// Thread safety: PrepareTable alone; RunThread from many threads, each with its own state.
#pragma once

#include <string>
#include <string_view>
#include <utility>

#include "api/client/endpoint.h"
#include "api/client/http_connection.h"
#include "bench/harness/driver.h"

namespace stator::bench {

using client::Endpoint;
using client::HttpGet;
using client::HttpReply;
using client::ParseEndpoint;

class HttpDriver : public Driver {
 public:
  HttpDriver(const RunConfig& config, Endpoint endpoint);
  ~HttpDriver() override;

  Status PrepareTable() override;
  void RunThread(int thread_index, RunState* state, Recorder* recorder) override;
  std::string Describe() const override;

  // One synchronous request on a fresh connection, for the control plane (CreateTable ...).
  // Errors: IOError when the endpoint cannot be reached.
  Result<HttpReply> Call(std::string_view target, const std::string& body);

 private:
  const RunConfig& config_;
  Endpoint endpoint_;
};

}  // namespace stator::bench
