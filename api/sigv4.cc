#include "api/sigv4.h"

#include <algorithm>
#include <ctime>
#include <string>

namespace stator::api {
namespace {

constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Where the pair that starts at `from` ends: the first comma, space or tab after it, or npos.
// memchr finds each, rather than a loop testing every byte of the ~200-byte header against the
// three (about 1,000 instructions of every request).
size_t PairEnd(std::string_view s, size_t from) {
  return std::min({s.find(',', from), s.find(' ', from), s.find('\t', from)});
}

// The key=value pairs after the algorithm, separated by commas and/or spaces. Unknown keys are
// ignored, as the service ignores them. The whole Credential goes to access_key_id, split later.
void ParseParams(std::string_view rest, SigV4Authorization* out) {
  size_t i = 0;
  while (i < rest.size()) {
    if (rest[i] == ',' || rest[i] == ' ' || rest[i] == '\t') {
      ++i;
      continue;
    }
    const size_t end = std::min(PairEnd(rest, i), rest.size());
    const std::string_view pair = rest.substr(i, end - i);
    i = end;
    const size_t eq = pair.find('=');
    if (eq == std::string_view::npos) continue;
    const std::string_view key = pair.substr(0, eq);
    const std::string_view value = pair.substr(eq + 1);
    if (key == "Credential") {
      out->access_key_id = value;
    } else if (key == "SignedHeaders") {
      out->signed_headers = value;
    } else if (key == "Signature") {
      out->signature = value;
    }
  }
}

// Splits the credential into its slash-delimited elements; false unless there are exactly 5.
bool SplitCredential(std::string_view credential, std::string_view (&parts)[5]) {
  // The service ignores trailing slashes.
  while (!credential.empty() && credential.back() == '/') credential.remove_suffix(1);
  size_t count = 0;
  size_t start = 0;
  for (;;) {
    const size_t slash = credential.find('/', start);
    if (count == 5) return false;
    parts[count++] = credential.substr(start, slash - start);
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return count == 5;
}

Status CheckRequiredParams(std::string_view header, const SigV4Authorization& a, bool has_date) {
  std::string msg;
  if (a.access_key_id.empty()) msg += "Authorization header requires 'Credential' parameter. ";
  if (a.signature.empty()) msg += "Authorization header requires 'Signature' parameter. ";
  if (a.signed_headers.empty()) {
    msg += "Authorization header requires 'SignedHeaders' parameter. ";
  }
  if (!has_date) {
    msg += "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' "
           "header. ";
  }
  if (msg.empty()) return Status::OK();
  msg += "Authorization=";
  msg += header;
  return Status(ErrorCode::kIncompleteSignature, std::move(msg));
}

// A region as the service names them (letters, digits, dashes). Any such name is valid locally;
// a name with another character, '_' above all, is refused: the namespace of a database is
// "<access key>_<region>", which is unambiguous only while a region holds no '_'.
bool IsRegionName(std::string_view region) {
  return !region.empty() && std::all_of(region.begin(), region.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
  });
}

// Scope checks the service reports together, each sentence ending in a period.
Status CheckScope(const SigV4Authorization& a, std::string_view amz_date) {
  std::string msg;
  auto add = [&msg](std::string sentence) {
    if (!msg.empty()) msg += ' ';
    msg += sentence;
  };
  if (!IsRegionName(a.region)) add("Credential should be scoped to a valid region.");
  if (a.service != "dynamodb") add("Credential should be scoped to correct service: 'dynamodb'.");
  if (a.terminator != "aws4_request") {
    add("Credential should be scoped with a valid terminator: 'aws4_request', not '" +
        std::string(a.terminator) + "'.");
  }
  if (amz_date.size() >= 8 && amz_date.substr(0, 8) != a.date) {
    add("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from "
        "HTTP: '" + std::string(a.date) + "' != '" + std::string(amz_date.substr(0, 8)) +
        "', from '" + std::string(amz_date) + "'.");
  }
  if (msg.empty()) return Status::OK();
  return Status(ErrorCode::kInvalidSignature, std::move(msg));
}

// "20130609T095204Z" as microseconds since the epoch; nullopt when it is not that form.
std::optional<int64_t> ParseAmzDate(std::string_view text) {
  std::tm tm{};
  const std::string copy(text);
  const char* end = strptime(copy.c_str(), "%Y%m%dT%H%M%SZ", &tm);
  if (end == nullptr || *end != '\0') return std::nullopt;
  return static_cast<int64_t>(timegm(&tm)) * 1'000'000;
}

std::string AmzDate(int64_t micros) {
  const std::time_t t = micros / 1'000'000;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[20];
  std::strftime(text, sizeof text, "%Y%m%dT%H%M%SZ", &tm);
  return text;
}

// The service's words for a request dated outside the window around its time.
Status CheckRequestTime(std::string_view amz_date, int64_t now_micros) {
  const std::optional<int64_t> at = ParseAmzDate(amz_date);
  if (!at) return Status::OK();  // no X-Amz-Date to judge: the signature check fails it
  const std::string now = AmzDate(now_micros);
  if (*at < now_micros - kSignatureWindowMicros) {
    return Status(ErrorCode::kInvalidSignature,
                  "Signature expired: " + std::string(amz_date) + " is now earlier than " +
                      AmzDate(now_micros - kSignatureWindowMicros) + " (" + now + " - 15 min.)");
  }
  if (*at > now_micros + kSignatureWindowMicros) {
    return Status(ErrorCode::kInvalidSignature,
                  "Signature not yet current: " + std::string(amz_date) + " is still later than " +
                      AmzDate(now_micros + kSignatureWindowMicros) + " (" + now + " + 15 min.)");
  }
  return Status::OK();
}

}  // namespace

Status ParseSigV4Authorization(std::string_view authorization, std::string_view amz_date,
                               bool has_date, SigV4Authorization* out,
                               std::optional<int64_t> now_micros) {
  const std::string_view header = Trim(authorization);
  if (header.substr(0, 5) != "AWS4-") {
    return Status(ErrorCode::kMissingAuthenticationToken,
                  std::string(kMissingAuthenticationTokenMessage));
  }
  *out = SigV4Authorization();
  const size_t space = header.find_first_of(" \t");
  out->algorithm = header.substr(0, space);
  if (space != std::string_view::npos) ParseParams(header.substr(space + 1), out);
  STATOR_RETURN_IF_ERROR(CheckRequiredParams(authorization, *out, has_date));
  if (out->algorithm != kAlgorithm) {
    return Status(ErrorCode::kIncompleteSignature,
                  "Unsupported AWS 'algorithm': '" + std::string(out->algorithm) +
                      "' (only AWS4-HMAC-SHA256 for now). ");
  }
  const std::string_view credential = out->access_key_id;
  std::string_view parts[5];
  if (!SplitCredential(credential, parts)) {
    return Status(ErrorCode::kIncompleteSignature,
                  "Credential must have exactly 5 slash-delimited elements, e.g. "
                  "keyid/date/region/service/term, got '" + std::string(credential) + "'");
  }
  out->access_key_id = parts[0];
  out->date = parts[1];
  out->region = parts[2];
  out->service = parts[3];
  out->terminator = parts[4];
  if (now_micros) STATOR_RETURN_IF_ERROR(CheckRequestTime(amz_date, *now_micros));
  return CheckScope(*out, amz_date);
}

}  // namespace stator::api
