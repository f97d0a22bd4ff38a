// Base64 (RFC 4648, standard alphabet, padded) for the B and BS attribute types and other Blob
// members, with the service's SerializationException texts for malformed input.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

namespace stator::api {

// Texts the service returns for a malformed Blob ("dectected" is the service's spelling).
inline constexpr std::string_view kBase64BadLengthPrefix =
    "Base64 encoded length is expected a multiple of 4 bytes but found: ";
inline constexpr std::string_view kBase64BadCharacter =
    "Invalid last non-pad Base64 character dectected";

// Appends the base64 encoding of `bytes` to `out`.
void Base64Encode(std::string_view bytes, std::string* out);

// Decodes `text` into `out` (replacing its contents). Returns "" on success, else the service's
// message for the SerializationException.
std::string Base64Decode(std::string_view text, std::string* out);

}  // namespace stator::api
