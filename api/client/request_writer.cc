#include "api/client/request_writer.h"

namespace stator::client {

RequestWriter::RequestWriter(const Endpoint& endpoint, Credentials credentials)
    : endpoint_(endpoint), signer_(std::move(credentials)) {}

void RequestWriter::Write(std::string_view target, std::string_view body, std::string* wire,
                          std::string_view target_prefix) {
  const std::time_t now = std::time(nullptr);
  if (now != date_second_) {
    // Headers other than the date are the same for every request; rebuilt once a second.
    date_second_ = now;
    amz_date_ = AmzDate(now);
    headers_ = {{"content-type", "application/x-amz-json-1.0"},
                {"host", endpoint_.host_header},
                {"x-amz-date", amz_date_}};
    if (!signer_.credentials().session_token.empty()) {
      headers_.push_back({"x-amz-security-token", signer_.credentials().session_token});
    }
    headers_.push_back({"x-amz-target", ""});
  }
  headers_.back().second.assign(target_prefix).append(".").append(target);
  const std::string authorization =
      signer_.Authorize("POST", "/", "", headers_, Sha256Hex(body), amz_date_);
  wire->clear();
  wire->append("POST / HTTP/1.1\r\nHost: ").append(endpoint_.host_header);
  wire->append("\r\nContent-Type: application/x-amz-json-1.0\r\nX-Amz-Target: ");
  wire->append(headers_.back().second).append("\r\nX-Amz-Date: ").append(amz_date_);
  if (!signer_.credentials().session_token.empty()) {
    wire->append("\r\nX-Amz-Security-Token: ").append(signer_.credentials().session_token);
  }
  wire->append("\r\nAuthorization: ").append(authorization);
  wire->append("\r\nContent-Length: ").append(std::to_string(body.size())).append("\r\n\r\n");
  wire->append(body);
}

}  // namespace stator::client
