// libFuzzer target for SigV4 authentication (api/sigv4.h, api/sigv4_verifier.h): any
// Authorization and X-Amz-Date headers, as a hostile client sends them, must be parsed into a
// signature to verify or refused with the service's error, never crash or hang; and whatever
// parses must then go through the verifier (canonical request over the request's headers,
// query and body, signing key, comparison) the same way.
//
// Input: one flag byte (bit 0: verify the time window against a fixed now, as a server with
// credentials does), then lines: the Authorization value, the X-Amz-Date value, the request
// target, "name:value" headers up to an empty line, and the body.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "api/sigv4.h"
#include "api/sigv4_verifier.h"

namespace {

using namespace stator;       // NOLINT: a fuzz driver
using namespace stator::api;  // NOLINT

// 2015-08-30T12:36:00Z, the time of AWS's published test vectors, which the corpus copies.
constexpr int64_t kNowMicros = 1440938160LL * 1000 * 1000;

std::string_view NextLine(std::string_view* in) {
  const size_t newline = in->find('\n');
  const std::string_view line = in->substr(0, newline);
  in->remove_prefix(newline == std::string_view::npos ? in->size() : newline + 1);
  return line;
}

// What Beast's parser lets through as a header: a token name, a value without control bytes.
bool IsWellFormedHeader(std::string_view name, std::string_view value) {
  if (name.empty()) return false;
  for (unsigned char c : name) {
    if (c <= ' ' || c >= 0x7f || c == ':') return false;
  }
  for (unsigned char c : value) {
    if ((c < ' ' && c != '\t') || c == 0x7f) return false;
  }
  return true;
}

// A request target as Beast's parser lets it through: visible characters only.
bool IsWellFormedTarget(std::string_view target) {
  if (target.empty()) return false;
  for (unsigned char c : target) {
    if (c <= ' ' || c == 0x7f) return false;
  }
  return true;
}

HttpRequest RequestOf(std::string_view target, std::string_view* rest) {
  HttpRequest req{boost::beast::http::verb::post, IsWellFormedTarget(target) ? target : "/", 11};
  for (std::string_view line = NextLine(rest); !line.empty(); line = NextLine(rest)) {
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    const std::string_view name = line.substr(0, colon);
    const std::string_view value = line.substr(colon + 1);
    if (IsWellFormedHeader(name, value)) req.insert(name, value);
  }
  req.body() = std::string(*rest);
  return req;
}

const SigV4Verifier& Verifier() {
  static const auto* verifier = new SigV4Verifier(std::map<std::string, std::string, std::less<>>{
      {"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"}});
  return *verifier;
}

bool Within(std::string_view part, std::string_view whole) {
  return part.empty() ||
         (std::less_equal<>()(whole.data(), part.data()) &&
          std::less_equal<>()(part.data() + part.size(), whole.data() + whole.size()));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const bool check_time = (data[0] & 1) != 0;
  std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  const std::string_view authorization = NextLine(&rest);
  const std::string_view amz_date = NextLine(&rest);
  const std::string_view target = NextLine(&rest);
  SigV4Authorization auth;
  const Status parsed =
      ParseSigV4Authorization(authorization, amz_date, !amz_date.empty(), &auth,
                              check_time ? std::optional<int64_t>(kNowMicros) : std::nullopt);
  if (!parsed.ok()) return 0;
  // The parsed parts are views into the header, which parsing promises not to copy.
  for (std::string_view part : {auth.algorithm, auth.access_key_id, auth.date, auth.region,
                                auth.service, auth.terminator, auth.signed_headers,
                                auth.signature}) {
    if (!Within(part, authorization)) __builtin_trap();
  }
  (void)Verifier().Verify(RequestOf(target, &rest), auth, amz_date);
  return 0;
}
