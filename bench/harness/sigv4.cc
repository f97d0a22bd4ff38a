// SigV4 signing: see sigv4.h. Follows "Create a signed AWS API request" in the IAM user guide.
#include "bench/harness/sigv4.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include <ctime>

namespace stator::bench {

std::string HexEncode(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(bytes.size() * 2, '0');
  for (size_t i = 0; i < bytes.size(); ++i) {
    const auto b = static_cast<unsigned char>(bytes[i]);
    out[2 * i] = kHex[b >> 4];
    out[2 * i + 1] = kHex[b & 15];
  }
  return out;
}

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
  return HexEncode({reinterpret_cast<const char*>(digest), sizeof digest});
}

std::string HmacSha256(std::string_view key, std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest, &size);
  return std::string(reinterpret_cast<const char*>(digest), size);
}

std::string AmzDate(int64_t unix_seconds) {
  const std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[17];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

const std::string& SigV4Signer::SigningKey(std::string_view day) {
  if (day != key_day_) {
    std::string k = HmacSha256("AWS4" + credentials_.secret_key, day);
    k = HmacSha256(k, credentials_.region);
    k = HmacSha256(k, credentials_.service);
    key_ = HmacSha256(k, "aws4_request");
    key_day_ = std::string(day);
  }
  return key_;
}

std::string SigV4Signer::Authorize(std::string_view method, std::string_view path,
                                   std::string_view query,
                                   const std::vector<std::pair<std::string, std::string>>& headers,
                                   std::string_view payload_sha256_hex,
                                   std::string_view amz_date) {
  std::string canonical;
  canonical.reserve(512);
  std::string signed_headers;
  canonical.append(method).append("\n").append(path).append("\n").append(query).append("\n");
  for (const auto& [name, value] : headers) {
    canonical.append(name).append(":").append(value).append("\n");
    if (!signed_headers.empty()) signed_headers.push_back(';');
    signed_headers.append(name);
  }
  canonical.append("\n").append(signed_headers).append("\n").append(payload_sha256_hex);

  const std::string_view day = amz_date.substr(0, 8);
  std::string scope;
  scope.append(day).append("/").append(credentials_.region).append("/");
  scope.append(credentials_.service).append("/aws4_request");
  std::string to_sign = "AWS4-HMAC-SHA256\n";
  to_sign.append(amz_date).append("\n").append(scope).append("\n").append(Sha256Hex(canonical));

  const std::string signature = HexEncode(HmacSha256(SigningKey(day), to_sign));
  std::string out = "AWS4-HMAC-SHA256 Credential=";
  out.append(credentials_.access_key).append("/").append(scope);
  out.append(", SignedHeaders=").append(signed_headers).append(", Signature=").append(signature);
  return out;
}

}  // namespace stator::bench
