// SigV4Signer: AWS Signature Version 4 for DynamoDB requests (HMAC-SHA256 via OpenSSL).
//
// The signing key depends only on the secret, the day, the region and the service, so it is
// derived once per day and kept; signing a request then costs one SHA-256 of the body, one of the
// canonical request and one HMAC.
//
// Thread safety: a signer is used by one thread (it caches the day's key); make one per thread.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace stator::bench {

struct Credentials {
  std::string access_key;
  std::string secret_key;
  std::string session_token;  // empty: none
  std::string region = "us-east-1";
  std::string service = "dynamodb";
};

std::string Sha256Hex(std::string_view data);
std::string HmacSha256(std::string_view key, std::string_view data);  // raw 32 bytes
std::string HexEncode(std::string_view bytes);

class SigV4Signer {
 public:
  explicit SigV4Signer(Credentials credentials) : credentials_(std::move(credentials)) {}

  // The Authorization header value for a request. headers: lower-case names with trimmed
  // values, sorted by name, and including host and x-amz-date; amz_date: YYYYMMDDTHHMMSSZ.
  std::string Authorize(std::string_view method, std::string_view path, std::string_view query,
                        const std::vector<std::pair<std::string, std::string>>& headers,
                        std::string_view payload_sha256_hex, std::string_view amz_date);

  const Credentials& credentials() const { return credentials_; }

 private:
  const std::string& SigningKey(std::string_view day);

  Credentials credentials_;
  std::string key_day_;
  std::string key_;
};

// X-Amz-Date for a Unix time: YYYYMMDDTHHMMSSZ.
std::string AmzDate(int64_t unix_seconds);

}  // namespace stator::bench
