#include "api/stream_handlers/failure_destination.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <random>

#include "api/json_writer.h"
#include "api/stream_handlers/lambda_time.h"

namespace stator::api {
namespace {

// Lambda's record has these for a function that raised, timed out or crashed.
constexpr int kStatusCode = 200;
constexpr std::string_view kExecutedVersion = "$LATEST";
constexpr std::string_view kFunctionError = "Unhandled";
constexpr std::string_view kRecordVersion = "1.0";

// The account and region of ARNs that do not give theirs, as the Lambda runners use.
constexpr std::string_view kDefaultRegion = "us-east-1";
constexpr std::string_view kDefaultAccount = "000000000000";

// Field `index` (0-based) of an ARN "arn:partition:service:region:account:resource".
std::string_view ArnField(std::string_view arn, int index) {
  for (int i = 0; i < index; ++i) {
    const size_t colon = arn.find(':');
    if (colon == std::string_view::npos) return {};
    arn.remove_prefix(colon + 1);
  }
  return arn.substr(0, arn.find(':'));
}

// The function's ARN: FunctionName as given when it is one, else built in the stream's region
// and account ("name", "function:name" and "123456789012:function:name" are Lambda's forms).
std::string FunctionArn(std::string_view function_name, std::string_view stream_arn) {
  if (function_name.starts_with("arn:")) return std::string(function_name);
  std::string_view region = ArnField(stream_arn, 3);
  std::string_view account = ArnField(stream_arn, 4);
  if (const size_t f = function_name.find("function:"); f != std::string_view::npos) {
    if (f > 1) account = function_name.substr(0, f - 1);
    function_name.remove_prefix(f + std::string_view("function:").size());
  }
  if (region.empty()) region = kDefaultRegion;
  if (account.empty()) account = kDefaultAccount;
  return "arn:aws:lambda:" + std::string(region) + ":" + std::string(account) +
         ":function:" + std::string(function_name);
}

// A random (version 4) UUID, as Lambda's request ids are.
std::string NewUuid() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  const uint64_t hi = (rng() & ~uint64_t{0xF000}) | 0x4000;
  const uint64_t lo = (rng() & ~(uint64_t{0xC} << 60)) | (uint64_t{0x8} << 60);
  char text[37];
  std::snprintf(text, sizeof text, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(hi >> 32),
                static_cast<unsigned>((hi >> 16) & 0xFFFF), static_cast<unsigned>(hi & 0xFFFF),
                static_cast<unsigned>(lo >> 48),
                static_cast<unsigned long long>(lo & 0xFFFFFFFFFFFFull));
  return text;
}

}  // namespace

std::string EncodeOnFailureRecord(const StreamFailure& f, std::string_view request_id) {
  JsonWriter w;
  w.BeginObject();
  w.Key("requestContext");
  w.BeginObject();
  w.Key("requestId");
  w.String(request_id);
  w.Key("functionArn");
  w.String(FunctionArn(f.function_name, f.event_source_arn));
  w.Key("condition");
  w.String(f.condition);
  w.Key("approximateInvokeCount");
  w.Int(f.approximate_invoke_count);
  w.EndObject();
  w.Key("responseContext");
  w.BeginObject();
  w.Key("statusCode");
  w.Int(kStatusCode);
  w.Key("executedVersion");
  w.String(kExecutedVersion);
  if (!f.error.empty()) {
    w.Key("functionError");
    w.String(kFunctionError);
  }
  w.EndObject();
  w.Key("version");
  w.String(kRecordVersion);
  w.Key("timestamp");
  w.String(LambdaTimestamp(f.timestamp, true));
  w.Key("DDBStreamBatchInfo");
  w.BeginObject();
  w.Key("shardId");
  w.String(f.shard_id);
  w.Key("startSequenceNumber");
  w.String(f.start_sequence_number);
  w.Key("endSequenceNumber");
  w.String(f.end_sequence_number);
  w.Key("approximateArrivalOfFirstRecord");
  w.String(LambdaTimestamp(f.approximate_arrival_of_first_record, false));
  w.Key("approximateArrivalOfLastRecord");
  w.String(LambdaTimestamp(f.approximate_arrival_of_last_record, false));
  w.Key("batchSize");
  w.Int(f.batch_size);
  w.Key("streamArn");
  w.String(f.event_source_arn);
  w.EndObject();
  w.EndObject();
  return std::move(w).Take();
}

Result<std::string> FailureDestinationPath(std::string_view destination) {
  constexpr std::string_view kFileScheme = "file://";
  const auto refuse = [&](std::string_view why) {
    return Status::Validation("Invalid on-failure destination \"" + std::string(destination) +
                              "\": " + std::string(why));
  };
  if (destination.empty()) return refuse("empty");
  if (destination.starts_with(kFileScheme)) {
    const std::string_view path = destination.substr(kFileScheme.size());
    if (!path.starts_with("/")) return refuse("a file: URI names an absolute path, file:///path");
    return std::string(path);
  }
  if (destination.starts_with("file:")) return refuse("a file: URI is file:///path");
  if (destination.starts_with("arn:")) {
    return refuse("the destination is a local file (file:///path or a path), not an ARN");
  }
  if (destination.find("://") != std::string_view::npos) {
    return refuse("the destination is a local file (file:///path or a path)");
  }
  std::error_code ec;
  std::filesystem::path absolute = std::filesystem::absolute(destination, ec);
  if (ec) return refuse(ec.message());
  return absolute.lexically_normal().string();
}

Result<std::shared_ptr<JsonLinesFailureDestination>> JsonLinesFailureDestination::Open(
    std::string_view destination, bool sync) {
  Result<std::string> path = FailureDestinationPath(destination);
  if (!path.ok()) return path.status();
  const int fd = ::open(path->c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    return Status::Validation("Cannot open the on-failure destination " + *path + ": " +
                              std::strerror(errno));
  }
  return std::shared_ptr<JsonLinesFailureDestination>(
      new JsonLinesFailureDestination(std::move(path).value(), fd, sync));
}

JsonLinesFailureDestination::JsonLinesFailureDestination(std::string path, int fd, bool sync)
    : path_(std::move(path)), fd_(fd), sync_(sync) {}

JsonLinesFailureDestination::~JsonLinesFailureDestination() { ::close(fd_); }

void JsonLinesFailureDestination::Write(const StreamFailure& failure) {
  const std::string line =
      EncodeOnFailureRecord(failure, failure.request_id.empty() ? NewUuid() : failure.request_id) +
      "\n";
  std::lock_guard<std::mutex> lock(mu_);
  std::string_view left = line;
  while (!left.empty()) {
    const ssize_t n = ::write(fd_, left.data(), left.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      std::cerr << "stator: on-failure destination " << path_
                << ": cannot write: " << std::strerror(errno) << std::endl;
      return;
    }
    left.remove_prefix(static_cast<size_t>(n));
  }
  if (sync_ && ::fdatasync(fd_) != 0) {
    std::cerr << "stator: on-failure destination " << path_
              << ": cannot sync: " << std::strerror(errno) << std::endl;
  }
}

}  // namespace stator::api
