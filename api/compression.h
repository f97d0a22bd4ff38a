// HTTP content codings used by DynamoDB: request bodies may arrive gzip- or deflate-encoded
// (Content-Encoding, sent by SDKs with request compression enabled), and responses over 4 KB are
// compressed with the coding the client prefers in Accept-Encoding (gzip or deflate).
//
// Thread safety: pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace stator::api {

enum class ContentCoding { kIdentity, kGzip, kDeflate };

// The service compresses a response only when its body is at least this large.
inline constexpr size_t kResponseCompressionThreshold = 4096;

enum class DecompressResult { kOk, kTooLarge, kCorrupt };

// Decodes `input` into *out. Output larger than max_output is refused with kTooLarge before it is
// all produced, so a decompression bomb costs at most max_output bytes of memory. "deflate" is
// accepted both zlib-wrapped (RFC 1950, as HTTP specifies) and raw (as some clients send it).
DecompressResult Decompress(ContentCoding coding, std::string_view input, size_t max_output,
                            std::string* out);

// Encodes `input` with gzip (RFC 1952) or deflate (zlib-wrapped, RFC 1950).
std::string Compress(ContentCoding coding, std::string_view input);

// The coding of a request body from its Content-Encoding header: "" and "identity" are
// kIdentity; returns false for codings the server does not support.
bool ParseContentEncoding(std::string_view header, ContentCoding* coding);

// The coding of a response from the request's Accept-Encoding, as DynamoDB picks it: the
// acceptable coding (gzip or deflate) with the highest q-value, ties going to the one listed
// first; "*" stands for gzip; q-values above 1 count as 1; q=0 refuses. kIdentity when none.
ContentCoding ChooseResponseCoding(std::string_view accept_encoding);

std::string_view ContentCodingName(ContentCoding coding);

}  // namespace stator::api
