#include "api/stream_handlers/command_handler.h"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <utility>

#include "api/stream_handlers/function_response.h"
#include "api/stream_handlers/stream_event.h"
#include "api/stream_handlers/subprocess.h"

extern char** environ;

namespace stator::api {
namespace {

// The variables of the runners' contract; a value the server inherited is replaced.
constexpr std::array<std::string_view, 4> kContractVariables = {
    "STATOR_FUNCTION_NAME", "STATOR_TIMEOUT_MS", "STATOR_REQUEST_ID", "STATOR_EVENT_SOURCE_ARN"};

// The error of a failed command is its last line of standard error, at most this long.
constexpr size_t kMaxErrorBytes = 4096;

std::vector<std::string> ServerEnvironment() {
  std::vector<std::string> env;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    const std::string_view entry(*e);
    const std::string_view name = entry.substr(0, entry.find('='));
    if (std::find(kContractVariables.begin(), kContractVariables.end(), name) ==
        kContractVariables.end()) {
      env.emplace_back(entry);
    }
  }
  return env;
}

// One write per line: lines of commands running at once interleave whole, never mid-line.
void LogToStderr(std::string_view function_name, std::string_view line) {
  std::string text;
  text.reserve(function_name.size() + line.size() + 4);
  text.append("[").append(function_name).append("] ").append(line).append("\n");
  std::string_view left = text;
  while (!left.empty()) {
    const ssize_t n = ::write(STDERR_FILENO, left.data(), left.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    left.remove_prefix(static_cast<size_t>(n));
  }
}

std::string_view TrimSpace(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  return s;
}

// As Lambda words a runtime that exits without reporting an error itself, the way Go prints a
// process state: "exit status 2", "signal: killed".
std::string RuntimeExitError(const SubprocessResult& r) {
  std::string text = "Runtime exited with error: ";
  if (r.outcome == SubprocessResult::Outcome::kExited) {
    return text + "exit status " + std::to_string(r.exit_code);
  }
  std::string name = strsignal(r.term_signal);
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text + "signal: " + name;
}

StreamHandlerResponse Failed(std::string error) {
  StreamHandlerResponse r;
  r.failed = true;
  r.error = std::move(error);
  return r;
}

}  // namespace

CommandHandler::CommandHandler(std::vector<std::string> command, CommandHandlerOptions options)
    : command_(std::move(command)),
      options_(std::move(options)),
      environment_(ServerEnvironment()) {}

StreamHandlerResponse CommandHandler::Invoke(const StreamHandlerEvent& event,
                                             const StreamInvocation& invocation) {
  const Clock& clock = options_.clock ? *options_.clock : *Clock::System();
  const int64_t budget_us = invocation.deadline_micros - clock.NowMicros();
  const double budget_seconds = static_cast<double>(budget_us) / 1e6;
  if (budget_us <= 0) return Failed(TaskTimedOutMessage(budget_seconds));

  SubprocessOptions run;
  run.argv = command_;
  run.env = environment_;
  run.env.push_back("STATOR_FUNCTION_NAME=" + invocation.function_name);
  run.env.push_back("STATOR_TIMEOUT_MS=" + std::to_string(std::max<int64_t>(budget_us / 1000, 1)));
  run.env.push_back("STATOR_REQUEST_ID=" + invocation.request_id);
  run.env.push_back("STATOR_EVENT_SOURCE_ARN=" + event.event_source_arn);
  const std::string input = EncodeStreamEvent(event);
  run.input = input;
  run.deadline = std::chrono::steady_clock::now() + std::chrono::microseconds(budget_us) +
                 options_.kill_margin;
  run.max_output_bytes = kMaxFunctionResponseBytes;
  std::string last_line;
  run.on_stderr_line = [&](std::string_view line) {
    if (options_.log) {
      options_.log(invocation.function_name, line);
    } else {
      LogToStderr(invocation.function_name, line);
    }
    line = TrimSpace(line);
    if (!line.empty()) last_line.assign(line.substr(0, kMaxErrorBytes));
  };

  const SubprocessResult result = RunSubprocess(run);
  switch (result.outcome) {
    case SubprocessResult::Outcome::kSpawnFailed:
      return Failed(result.spawn_error);
    case SubprocessResult::Outcome::kTimedOut:
      return Failed(TaskTimedOutMessage(budget_seconds));
    case SubprocessResult::Outcome::kExited:
      if (result.exit_code == 0) {
        if (result.output_truncated) return Failed(std::string(kResponseTooLarge));
        return ParseFunctionResponse(result.output);
      }
      [[fallthrough]];
    case SubprocessResult::Outcome::kSignaled:
      return Failed(last_line.empty() ? RuntimeExitError(result) : last_line);
  }
  return Failed("unreachable");
}

}  // namespace stator::api
