// RunSubprocess: runs a command to completion with its standard input given as a string and its
// standard output collected, under a deadline, without ever blocking on a pipe and without
// leaving a process behind.
//
// The command runs in a new process group (so that what it starts can be killed with it), with
// the signal mask and dispositions reset to their defaults and no descriptor of the server's
// but its three standard streams (where glibc can close the others, 2.34 and later). Standard input
// is written, standard output and error are read, all three at once with poll(), so a child that
// writes a lot before reading its input cannot deadlock against us. When the deadline passes, the
// whole process group is killed with SIGKILL. When the command exits, what remains of its group is
// killed too, as a Lambda sandbox is frozen once the handler returns: a background process left
// running would hold the pipes open and outlive the invocation that started it. The command is
// always reaped.
//
// A child that writes to a standard input it closed early is not an error: the rest of the input
// is dropped (the SIGPIPE this raises is blocked and discarded on the calling thread only).
//
// Thread safety: RunSubprocess may be called from any number of threads at once. Its pipes are
// opened close-on-exec, so a command started by one thread never inherits another's.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace stator::api {

struct SubprocessOptions {
  // The program and its arguments; argv[0] is looked up in PATH when it has no '/'.
  std::vector<std::string> argv;

  // The whole environment, "NAME=value" each.
  std::vector<std::string> env;

  // Written to the command's standard input, which is then closed.
  std::string_view input;

  // When the process group is killed if the command has not exited.
  std::chrono::steady_clock::time_point deadline;

  // How long after the command exits its output may take to reach end of file (a process it
  // started may still hold the pipes) before the group is killed and the output taken as it is.
  // Default: 100 ms
  std::chrono::milliseconds exit_grace{100};

  // Standard output past this many bytes is read and dropped; the result says so.
  // Default: 6 MB, Lambda's limit on a response
  size_t max_output_bytes = 6291556;

  // Called with each line of standard error, without its newline, as it arrives; a line longer
  // than max_stderr_line_bytes is cut into pieces of that size. Default: lines are dropped.
  std::function<void(std::string_view line)> on_stderr_line;
  size_t max_stderr_line_bytes = 16 * 1024;
};

struct SubprocessResult {
  enum class Outcome : unsigned char {
    kExited,       // exit_code holds the status
    kSignaled,     // killed by term_signal (not by us)
    kTimedOut,     // killed at the deadline
    kSpawnFailed,  // could not start, or its exit status was lost: spawn_error says why
  };
  Outcome outcome = Outcome::kSpawnFailed;
  int exit_code = 0;
  int term_signal = 0;
  std::string spawn_error;

  std::string output;             // standard output, at most max_output_bytes of it
  bool output_truncated = false;  // there was more
};

// Runs the command; returns once it has been reaped. Never throws.
SubprocessResult RunSubprocess(const SubprocessOptions& options);

}  // namespace stator::api
