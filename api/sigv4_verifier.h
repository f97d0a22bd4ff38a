// SigV4Verifier: checks a request's AWS Signature Version 4 as the service does, for a server
// given credentials (--credentials, --credentials-file). The canonical request (method, URI,
// query, the signed headers, the payload's SHA-256), the string to sign and the signing key are
// rebuilt from the request and the access key's secret, and the signature must match.
//
// Errors, with the service's types and words: UnrecognizedClientException for an access key it
// does not know, InvalidSignatureException for a signature that does not match. The request's
// time and credential scope are checked before, by ParseSigV4Authorization.
//
// Thread safety: immutable once built; Verify may be called from any number of threads.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "api/http_message.h"
#include "api/sigv4.h"
#include "stator/status.h"

namespace stator::api {

inline constexpr std::string_view kUnrecognizedClientMessage =
    "The security token included in the request is invalid.";
inline constexpr std::string_view kSignatureMismatchMessage =
    "The request signature we calculated does not match the signature you provided. Check your "
    "AWS Secret Access Key and signing method. Consult the service documentation for details.";

class SigV4Verifier {
 public:
  // Secret access keys by access key id.
  explicit SigV4Verifier(std::map<std::string, std::string, std::less<>> secrets)
      : secrets_(std::move(secrets)) {}

  Status Verify(const HttpRequest& req, const SigV4Authorization& auth,
                std::string_view amz_date) const;

  // The pieces, for tests: the canonical request and the signature of it.
  static std::string CanonicalRequest(const HttpRequest& req, std::string_view signed_headers);
  static std::string Signature(std::string_view secret, const SigV4Authorization& auth,
                               std::string_view amz_date, std::string_view canonical_request);

 private:
  const std::map<std::string, std::string, std::less<>> secrets_;
};

}  // namespace stator::api
