// SigV4: parsing of the `Authorization: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=...,
// Signature=...` header of a DynamoDB request, with the checks the service makes before it
// verifies the signature, in its order and with its error types and messages. The signature
// itself is verified by SigV4Verifier (sigv4_verifier.h) when the server has credentials;
// without, any well-formed one is accepted (DynamoDB Local's behaviour). The credential scope
// names the caller's namespace (access key id and region).
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "stator/status.h"

namespace stator::api {

inline constexpr std::string_view kMissingAuthenticationTokenMessage =
    "Request is missing Authentication Token";

// Views into the parsed header value, which must outlive them: parsing copies nothing.
struct SigV4Authorization {
  std::string_view algorithm;      // "AWS4-HMAC-SHA256"
  std::string_view access_key_id;  // Credential scope, element 1
  std::string_view date;           // YYYYMMDD, element 2
  std::string_view region;         // element 3
  std::string_view service;        // element 4, "dynamodb"
  std::string_view terminator;     // element 5, "aws4_request"
  std::string_view signed_headers;
  std::string_view signature;
};

// How far a request's X-Amz-Date may be from the server's time.
inline constexpr int64_t kSignatureWindowMicros = 15LL * 60 * 1000 * 1000;

// Parses `authorization` (the header's value; empty when absent). `amz_date` is the X-Amz-Date
// header, `has_date` whether X-Amz-Date or Date was sent. Errors, as the service returns them:
//   MissingAuthenticationTokenException when the header is absent or not "AWS4-...";
//   IncompleteSignatureException when Credential, Signature or SignedHeaders, the date header,
//     a supported algorithm or a 5-element credential is missing;
//   InvalidSignatureException when, given `now_micros` (signatures are verified), X-Amz-Date is
//     more than 15 minutes from it ("Signature expired: ..." / "Signature not yet current:
//     ..."), which the service checks before the scope; then when the credential is scoped to
//     another service, terminator, date, or to no region.
Status ParseSigV4Authorization(std::string_view authorization, std::string_view amz_date,
                               bool has_date, SigV4Authorization* out,
                               std::optional<int64_t> now_micros = std::nullopt);

}  // namespace stator::api
