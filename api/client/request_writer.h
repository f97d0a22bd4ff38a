// RequestWriter: a DynamoDB JSON request (POST / with X-Amz-Target), signed with SigV4 and
// written as raw HTTP/1.1 bytes into a reused buffer, so a client's own cost per request stays
// small. The headers other than the date and the target are built once a second.
//
// Thread safety: one writer per thread (it owns a SigV4Signer).
#pragma once

#include <ctime>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/client/endpoint.h"
#include "api/client/sigv4.h"

namespace stator::client {

class RequestWriter {
 public:
  // endpoint must outlive the writer.
  RequestWriter(const Endpoint& endpoint, Credentials credentials);

  // Replaces wire with the full request of target carrying body. target: the operation
  // ("GetItem"); target_prefix: the API's ("DynamoDB_20120810", "DynamoDBStreams_20120810").
  void Write(std::string_view target, std::string_view body, std::string* wire,
             std::string_view target_prefix = "DynamoDB_20120810");

 private:
  const Endpoint& endpoint_;
  SigV4Signer signer_;
  std::time_t date_second_ = 0;
  std::string amz_date_;
  std::vector<std::pair<std::string, std::string>> headers_;  // sorted, for signing
};

}  // namespace stator::client
