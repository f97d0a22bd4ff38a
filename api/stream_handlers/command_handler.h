// CommandHandler: a StreamHandler that runs a command once per batch, for a mapping whose
// Handler is {"Command": ["prog", "arg", ...]}. The contract is the one tools/lambda/'s runners
// keep (README, "Running Lambda handlers locally"), so that an unchanged Lambda handler runs
// behind one of them:
//  - the event (api/stream_handlers/stream_event.h) is the command's whole standard input;
//  - the environment is the server's plus STATOR_FUNCTION_NAME, STATOR_TIMEOUT_MS (the time the
//    invocation has left), STATOR_REQUEST_ID and STATOR_EVENT_SOURCE_ARN;
//  - exit status 0 is success, and standard output is the function's response, read as Lambda
//    reads one (api/stream_handlers/function_response.h); more than Lambda's 6 MB fails;
//  - any other exit fails the batch, the last line of standard error being the error (the
//    runners print Lambda's error JSON there); without one, Lambda's "Runtime exited with error";
//  - a command still running kill_margin after the invocation's deadline is killed with its
//    whole process group and the batch fails with Lambda's "Task timed out after N seconds". The
//    margin lets a runner, which enforces the timeout itself, report it in its own words first.
// Each line the command writes to standard error goes to the server's standard error, prefixed
// with "[FunctionName] ": several mappings' commands run at once and share it, so each line says
// whose it is, and is written whole, in one write, so that lines of two commands never mix.
//
// Thread safety: Invoke may be called from any number of threads at once (a mapping with a
// ParallelizationFactor above 1 does); each invocation runs its own process.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "stator/clock.h"
#include "stator/event_source_mapping.h"

namespace stator::api {

struct CommandHandlerOptions {
  // The clock the invocations' deadlines are read on: the database's.
  // Default: Clock::System()
  std::shared_ptr<Clock> clock = Clock::System();

  // How long past the deadline a command may run before it is killed.
  // Default: 250 ms
  std::chrono::milliseconds kill_margin{250};

  // Receives each line the command writes to standard error, with the function's name.
  // Default: the line, prefixed "[FunctionName] ", on the server's standard error
  std::function<void(std::string_view function_name, std::string_view line)> log;
};

class CommandHandler final : public StreamHandler {
 public:
  // `command` is the program (looked up in PATH unless it holds a '/') and its arguments; the
  // server's environment is read once, here.
  explicit CommandHandler(std::vector<std::string> command, CommandHandlerOptions options = {});

  StreamHandlerResponse Invoke(const StreamHandlerEvent& event,
                               const StreamInvocation& invocation) override;

  const std::vector<std::string>& command() const { return command_; }

 private:
  const std::vector<std::string> command_;
  const CommandHandlerOptions options_;
  const std::vector<std::string> environment_;  // the server's, without the STATOR_ variables
};

}  // namespace stator::api
