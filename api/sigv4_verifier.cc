#include "api/sigv4_verifier.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <vector>

namespace stator::api {
namespace {

std::string Hex(const unsigned char* bytes, size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(2 * n, '0');
  for (size_t i = 0; i < n; ++i) {
    out[2 * i] = kDigits[bytes[i] >> 4];
    out[2 * i + 1] = kDigits[bytes[i] & 15];
  }
  return out;
}

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_Digest(data.data(), data.size(), digest, &n, EVP_sha256(), nullptr);
  return Hex(digest, n);
}

std::string Hmac(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &n);
  return std::string(reinterpret_cast<const char*>(out), n);
}

bool Unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.' || c == '~';
}

// SigV4's URI encoding of a path, as the SDKs apply it for every service but S3 (the path as
// sent, encoded once more; '/' kept).
std::string EncodePath(std::string_view path) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : path) {
    if (Unreserved(c) || c == '/') {
      out.push_back(static_cast<char>(c));
    } else {
      out += {'%', kDigits[c >> 4], kDigits[c & 15]};
    }
  }
  return out.empty() ? "/" : out;
}

// The query's parameters sorted by name, then value (they arrive encoded).
std::string CanonicalQuery(std::string_view query) {
  std::vector<std::string> params;
  while (!query.empty()) {
    const size_t amp = query.find('&');
    std::string param(query.substr(0, amp));
    if (!param.empty()) {
      if (param.find('=') == std::string::npos) param += '=';
      params.push_back(std::move(param));
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  std::sort(params.begin(), params.end());
  std::string out;
  for (const std::string& p : params) {
    if (!out.empty()) out += '&';
    out += p;
  }
  return out;
}

// A header value as SigV4 signs it: trimmed, runs of spaces made one.
void AppendCanonicalValue(std::string_view value, std::string* out) {
  bool space = false;
  bool started = false;
  for (char c : value) {
    if (c == ' ' || c == '\t') {
      space = started;
      continue;
    }
    if (space) out->push_back(' ');
    out->push_back(c);
    space = false;
    started = true;
  }
}

}  // namespace

std::string SigV4Verifier::CanonicalRequest(const HttpRequest& req,
                                            std::string_view signed_headers) {
  const std::string_view target = req.target();
  const size_t question = target.find('?');
  std::string out(req.method_string());
  out += '\n';
  out += EncodePath(target.substr(0, question));
  out += '\n';
  out += question == std::string_view::npos ? "" : CanonicalQuery(target.substr(question + 1));
  out += '\n';
  std::string_view names = signed_headers;
  std::string_view payload_hash;
  while (!names.empty()) {
    const size_t semi = names.find(';');
    const std::string_view name = names.substr(0, semi);
    out += name;
    out += ':';
    bool first = true;
    for (const auto& field : req) {
      if (!boost::beast::iequals(field.name_string(), name)) continue;
      if (!first) out += ',';
      AppendCanonicalValue(field.value(), &out);
      first = false;
      if (name == "x-amz-content-sha256") payload_hash = field.value();
    }
    out += '\n';
    if (semi == std::string_view::npos) break;
    names.remove_prefix(semi + 1);
  }
  out += '\n';
  out += signed_headers;
  out += '\n';
  out += payload_hash.empty() ? Sha256Hex(req.body()) : std::string(payload_hash);
  return out;
}

std::string SigV4Verifier::Signature(std::string_view secret, const SigV4Authorization& auth,
                                     std::string_view amz_date,
                                     std::string_view canonical_request) {
  const std::string scope = std::string(auth.date) + "/" + std::string(auth.region) + "/" +
                            std::string(auth.service) + "/" + std::string(auth.terminator);
  const std::string to_sign = "AWS4-HMAC-SHA256\n" + std::string(amz_date) + "\n" + scope + "\n" +
                              Sha256Hex(canonical_request);
  std::string key = Hmac("AWS4" + std::string(secret), auth.date);
  key = Hmac(key, auth.region);
  key = Hmac(key, auth.service);
  key = Hmac(key, auth.terminator);
  const std::string signature = Hmac(key, to_sign);
  return Hex(reinterpret_cast<const unsigned char*>(signature.data()), signature.size());
}

Status SigV4Verifier::Verify(const HttpRequest& req, const SigV4Authorization& auth,
                             std::string_view amz_date) const {
  auto secret = secrets_.find(auth.access_key_id);
  if (secret == secrets_.end()) {
    return Status(ErrorCode::kUnrecognizedClient, std::string(kUnrecognizedClientMessage));
  }
  const std::string expected =
      Signature(secret->second, auth, amz_date, CanonicalRequest(req, auth.signed_headers));
  const bool match = expected.size() == auth.signature.size() &&
                     CRYPTO_memcmp(expected.data(), auth.signature.data(), expected.size()) == 0;
  if (!match) return Status(ErrorCode::kInvalidSignature, std::string(kSignatureMismatchMessage));
  return Status::OK();
}

}  // namespace stator::api
