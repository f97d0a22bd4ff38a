#include "api/compression.h"

#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace stator::api {
namespace {

// zlib's windowBits selects the wrapper: +16 gzip, positive zlib, negative raw deflate.
constexpr int kGzipWindow = 16 + MAX_WBITS;
constexpr int kZlibWindow = MAX_WBITS;
constexpr int kRawWindow = -MAX_WBITS;
constexpr size_t kChunk = 64 * 1024;

// A zlib stream (RFC 1950) starts with CM=8 and a header checksum divisible by 31.
bool LooksLikeZlib(std::string_view in) {
  if (in.size() < 2) return false;
  const auto b0 = static_cast<unsigned char>(in[0]);
  const auto b1 = static_cast<unsigned char>(in[1]);
  return (b0 & 0x0f) == 8 && ((b0 << 8) | b1) % 31 == 0;
}

DecompressResult Inflate(int window_bits, std::string_view input, size_t max_output,
                         std::string* out) {
  z_stream zs{};
  if (inflateInit2(&zs, window_bits) != Z_OK) return DecompressResult::kCorrupt;
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
  zs.avail_in = static_cast<uInt>(input.size());
  out->clear();
  DecompressResult result = DecompressResult::kCorrupt;
  char buf[kChunk];
  for (;;) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof(buf);
    const int rc = inflate(&zs, Z_NO_FLUSH);
    const size_t produced = sizeof(buf) - zs.avail_out;
    if (out->size() + produced > max_output) {
      result = DecompressResult::kTooLarge;
      break;
    }
    out->append(buf, produced);
    if (rc == Z_STREAM_END) {
      // gzip allows several members back to back (RFC 1952 2.2); anything else after the end
      // is corrupt.
      if (zs.avail_in == 0) {
        result = DecompressResult::kOk;
        break;
      }
      if (window_bits != kGzipWindow || inflateReset(&zs) != Z_OK) break;
      continue;
    }
    // Z_BUF_ERROR with no output means the input ended before the stream did.
    if (rc != Z_OK || (produced == 0 && zs.avail_in == 0)) break;
  }
  inflateEnd(&zs);
  return result;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool IEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// The q-value of one Accept-Encoding element. As the service does: the first q parameter counts,
// a value that is not a number is ignored (q=1), values above 1 count as 1.
double QValue(std::string_view params) {
  while (!params.empty()) {
    const size_t semi = params.find(';');
    std::string_view param = params.substr(0, semi);
    params = semi == std::string_view::npos ? std::string_view() : params.substr(semi + 1);
    const size_t eq = param.find('=');
    if (eq == std::string_view::npos || !IEquals(Trim(param.substr(0, eq)), "q")) continue;
    const std::string value(Trim(param.substr(eq + 1)));
    char* end = nullptr;
    const double q = std::strtod(value.c_str(), &end);
    if (value.empty() || end != value.c_str() + value.size()) return 1.0;
    return std::min(q, 1.0);
  }
  return 1.0;
}

struct Candidate {
  double q = -1;        // -1: not listed
  size_t position = 0;  // index in the header of its first listing
};

}  // namespace

DecompressResult Decompress(ContentCoding coding, std::string_view input, size_t max_output,
                            std::string* out) {
  switch (coding) {
    case ContentCoding::kIdentity:
      if (input.size() > max_output) return DecompressResult::kTooLarge;
      out->assign(input);
      return DecompressResult::kOk;
    case ContentCoding::kGzip:
      return Inflate(kGzipWindow, input, max_output, out);
    case ContentCoding::kDeflate:
      return Inflate(LooksLikeZlib(input) ? kZlibWindow : kRawWindow, input, max_output, out);
  }
  return DecompressResult::kCorrupt;
}

std::string Compress(ContentCoding coding, std::string_view input) {
  if (coding == ContentCoding::kIdentity) return std::string(input);
  z_stream zs{};
  const int window = coding == ContentCoding::kGzip ? kGzipWindow : kZlibWindow;
  // Level 1: responses are compressed on the I/O threads, where speed matters more than ratio.
  if (deflateInit2(&zs, 1, Z_DEFLATED, window, 8, Z_DEFAULT_STRATEGY) != Z_OK) return {};
  std::string out;
  out.resize(deflateBound(&zs, static_cast<uLong>(input.size())));
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
  zs.avail_in = static_cast<uInt>(input.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&zs, Z_FINISH);
  out.resize(rc == Z_STREAM_END ? zs.total_out : 0);
  deflateEnd(&zs);
  return out;
}

bool ParseContentEncoding(std::string_view header, ContentCoding* coding) {
  const std::string_view v = Trim(header);
  if (v.empty() || IEquals(v, "identity")) {
    *coding = ContentCoding::kIdentity;
  } else if (IEquals(v, "gzip")) {
    *coding = ContentCoding::kGzip;
  } else if (IEquals(v, "deflate")) {
    *coding = ContentCoding::kDeflate;
  } else {
    return false;
  }
  return true;
}

ContentCoding ChooseResponseCoding(std::string_view accept_encoding) {
  Candidate gzip, deflate, star;
  size_t position = 0;
  while (!accept_encoding.empty()) {
    const size_t comma = accept_encoding.find(',');
    const std::string_view element = accept_encoding.substr(0, comma);
    accept_encoding = comma == std::string_view::npos ? std::string_view()
                                                      : accept_encoding.substr(comma + 1);
    const size_t semi = element.find(';');
    const std::string_view name = Trim(element.substr(0, semi));
    const double q = semi == std::string_view::npos ? 1.0 : QValue(element.substr(semi + 1));
    Candidate* c = IEquals(name, "gzip")      ? &gzip
                   : IEquals(name, "deflate") ? &deflate
                   : name == "*"              ? &star
                                              : nullptr;
    if (c == nullptr) continue;
    if (c->q < 0) c->position = position++;
    c->q = std::max(c->q, q);  // a repeated coding counts with its best q
  }
  // "*" covers the codings not listed; listed codings win ties, gzip is preferred under "*".
  const size_t kAfterListed = position;
  if (gzip.q < 0 && star.q >= 0) gzip = {star.q, kAfterListed};
  if (deflate.q < 0 && star.q >= 0) deflate = {star.q, kAfterListed + 1};
  const bool gzip_ok = gzip.q > 0;
  const bool deflate_ok = deflate.q > 0;
  if (gzip_ok && deflate_ok) {
    if (gzip.q != deflate.q) return gzip.q > deflate.q ? ContentCoding::kGzip
                                                       : ContentCoding::kDeflate;
    return gzip.position < deflate.position ? ContentCoding::kGzip : ContentCoding::kDeflate;
  }
  if (gzip_ok) return ContentCoding::kGzip;
  if (deflate_ok) return ContentCoding::kDeflate;
  return ContentCoding::kIdentity;
}

std::string_view ContentCodingName(ContentCoding coding) {
  switch (coding) {
    case ContentCoding::kGzip:
      return "gzip";
    case ContentCoding::kDeflate:
      return "deflate";
    case ContentCoding::kIdentity:
      break;
  }
  return "identity";
}

}  // namespace stator::api
