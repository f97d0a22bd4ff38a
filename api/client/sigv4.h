// SigV4Signer: AWS Signature Version 4 for DynamoDB requests (HMAC-SHA256 via OpenSSL).
//
// The signing key depends only on the secret, the day, the region and the service, so it is
// derived once per day and kept; signing a request then costs one SHA-256 of the body, one of the
// canonical request and one HMAC.
//
// Shared by the load harness (bench/harness/) and the remote Database (api/remote/).
//
// Thread safety: a signer is used by one thread (it caches the day's key); make one per thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

struct evp_md_ctx_st;  // OpenSSL's EVP_MD_CTX, kept out of this header

namespace stator::client {

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
  explicit SigV4Signer(Credentials credentials);
  ~SigV4Signer();
  SigV4Signer(const SigV4Signer&) = delete;
  SigV4Signer& operator=(const SigV4Signer&) = delete;

  // The Authorization header value for a request. headers: lower-case names with trimmed
  // values, sorted by name, and including host and x-amz-date; amz_date: YYYYMMDDTHHMMSSZ.
  std::string Authorize(std::string_view method, std::string_view path, std::string_view query,
                        const std::vector<std::pair<std::string, std::string>>& headers,
                        std::string_view payload_sha256_hex, std::string_view amz_date);

  const Credentials& credentials() const { return credentials_; }

 private:
  // Derives the day's key, and the HMAC's inner and outer SHA-256 states with it absorbed, so
  // a request's HMAC costs two digest copies and no key schedule.
  void PrepareDay(std::string_view day);
  std::string SignWithDayKey(std::string_view data);

  Credentials credentials_;
  std::string key_day_;
  evp_md_ctx_st* inner_;  // SHA-256 state after key ^ ipad
  evp_md_ctx_st* outer_;  // SHA-256 state after key ^ opad
  evp_md_ctx_st* work_;
};

// X-Amz-Date for a Unix time: YYYYMMDDTHHMMSSZ.
std::string AmzDate(int64_t unix_seconds);

}  // namespace stator::client
