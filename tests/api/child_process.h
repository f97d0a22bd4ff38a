// ChildProcess: a program the tests start (a server to talk to), its standard output piped back.
// The test waits for the line that announces it is ready; the rest of the output is drained in
// the background, so the child never blocks on a full pipe or dies of SIGPIPE. Destruction sends
// SIGTERM and waits for the child.
//
// Thread safety: one test thread uses a ChildProcess.
#pragma once

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace stator::testing {

class ChildProcess {
 public:
  // Runs argv[0] (looked up in PATH when it has no '/') with `env` added to the environment.
  explicit ChildProcess(std::vector<std::string> argv,
                        const std::vector<std::pair<std::string, std::string>>& env = {}) {
    int out[2];
    if (pipe(out) != 0) return;
    pid_ = fork();
    if (pid_ == 0) {
      dup2(out[1], STDOUT_FILENO);
      close(out[0]);
      close(out[1]);
      for (const auto& [name, value] : env) setenv(name.c_str(), value.c_str(), 1);
      std::vector<char*> args;
      for (auto& a : argv) args.push_back(a.data());
      args.push_back(nullptr);
      execvp(args[0], args.data());
      _exit(127);
    }
    close(out[1]);
    output_ = fdopen(out[0], "r");
  }
  ~ChildProcess() {
    if (pid_ > 0) kill(pid_, SIGTERM);
    if (drain_.joinable()) drain_.join();  // ends at the child's end of file
    if (output_ != nullptr) fclose(output_);
    if (pid_ > 0) waitpid(pid_, nullptr, 0);
  }
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // The first line of output `wanted` accepts (without its line end), or "" if the output ends
  // first; from then on the output is drained. Call once.
  std::string WaitForLine(const std::function<bool(const std::string&)>& wanted) {
    std::string found;
    char line[1024];
    while (output_ != nullptr && fgets(line, sizeof line, output_) != nullptr) {
      std::string text(line);
      text.erase(text.find_last_not_of("\r\n") + 1);
      if (wanted(text)) {
        found = std::move(text);
        break;
      }
    }
    if (output_ != nullptr) {
      drain_ = std::thread([f = output_] {
        char rest[1024];
        while (fgets(rest, sizeof rest, f) != nullptr) {
        }
      });
    }
    return found;
  }

 private:
  pid_t pid_ = -1;
  FILE* output_ = nullptr;
  std::thread drain_;
};

}  // namespace stator::testing
