// SigV4 signing: see sigv4.h. Follows "Create a signed AWS API request" in the IAM user guide.
#include "api/client/sigv4.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <ctime>

namespace stator::client {

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

namespace {

// OpenSSL 3's one-shot SHA256() and HMAC() look the algorithm up on every call; fetching it once
// and reusing digest contexts takes that cost off the request path.
const EVP_MD* Sha256Md() {
  static const EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  return md;
}

std::string_view Digest(EVP_MD_CTX* ctx, std::string_view data, unsigned char* out) {
  unsigned int size = 0;
  EVP_DigestUpdate(ctx, data.data(), data.size());
  EVP_DigestFinal_ex(ctx, out, &size);
  return {reinterpret_cast<const char*>(out), size};
}

}  // namespace

std::string Sha256Hex(std::string_view data) {
  struct Ctx {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    ~Ctx() { EVP_MD_CTX_free(ctx); }
  };
  thread_local Ctx c;
  unsigned char digest[EVP_MAX_MD_SIZE];
  EVP_DigestInit_ex2(c.ctx, Sha256Md(), nullptr);
  return HexEncode(Digest(c.ctx, data, digest));
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

SigV4Signer::SigV4Signer(Credentials credentials)
    : credentials_(std::move(credentials)),
      inner_(EVP_MD_CTX_new()),
      outer_(EVP_MD_CTX_new()),
      work_(EVP_MD_CTX_new()) {}

SigV4Signer::~SigV4Signer() {
  EVP_MD_CTX_free(inner_);
  EVP_MD_CTX_free(outer_);
  EVP_MD_CTX_free(work_);
}

void SigV4Signer::PrepareDay(std::string_view day) {
  std::string k = HmacSha256("AWS4" + credentials_.secret_key, day);
  k = HmacSha256(k, credentials_.region);
  k = HmacSha256(k, credentials_.service);
  k = HmacSha256(k, "aws4_request");  // 32 bytes: shorter than SHA-256's 64-byte block
  unsigned char ipad[64], opad[64];
  for (size_t i = 0; i < 64; ++i) {
    const unsigned char b = i < k.size() ? static_cast<unsigned char>(k[i]) : 0;
    ipad[i] = b ^ 0x36;
    opad[i] = b ^ 0x5c;
  }
  EVP_DigestInit_ex2(inner_, Sha256Md(), nullptr);
  EVP_DigestUpdate(inner_, ipad, sizeof ipad);
  EVP_DigestInit_ex2(outer_, Sha256Md(), nullptr);
  EVP_DigestUpdate(outer_, opad, sizeof opad);
  key_day_ = std::string(day);
}

std::string SigV4Signer::SignWithDayKey(std::string_view data) {
  unsigned char inner[EVP_MAX_MD_SIZE], outer[EVP_MAX_MD_SIZE];
  EVP_MD_CTX_copy_ex(work_, inner_);
  const std::string_view inner_hash = Digest(work_, data, inner);
  EVP_MD_CTX_copy_ex(work_, outer_);
  return HexEncode(Digest(work_, inner_hash, outer));
}

std::string SigV4Signer::Authorize(std::string_view method, std::string_view path,
                                   std::string_view query,
                                   const std::vector<std::pair<std::string, std::string>>& headers,
                                   std::string_view payload_sha256_hex, std::string_view amz_date) {
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

  if (day != key_day_) PrepareDay(day);
  const std::string signature = SignWithDayKey(to_sign);
  std::string out = "AWS4-HMAC-SHA256 Credential=";
  out.append(credentials_.access_key).append("/").append(scope);
  out.append(", SignedHeaders=").append(signed_headers).append(", Signature=").append(signature);
  return out;
}

}  // namespace stator::client
