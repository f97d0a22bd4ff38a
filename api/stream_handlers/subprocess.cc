#include "api/stream_handlers/subprocess.h"

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

namespace stator::api {
namespace {

using SteadyClock = std::chrono::steady_clock;

// How often a child's exit is looked for when the kernel has no pidfd_open (before Linux 5.3).
constexpr std::chrono::milliseconds kExitPollInterval{10};
constexpr size_t kReadChunk = 64 * 1024;
constexpr int kMaxReadsPerWake = 16;

class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(Fd&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
  Fd& operator=(Fd&& o) noexcept {
    if (this != &o) {
      Close();
      fd_ = std::exchange(o.fd_, -1);
    }
    return *this;
  }
  ~Fd() { Close(); }

  int get() const { return fd_; }
  bool open() const { return fd_ >= 0; }
  void Close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_ = -1;
};

// Both ends close-on-exec: posix_spawn's dup2 gives the child its own copies without the flag.
bool OpenPipe(Fd* read_end, Fd* write_end) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return false;
  *read_end = Fd(fds[0]);
  *write_end = Fd(fds[1]);
  return true;
}

void SetNonBlocking(const Fd& fd) {
  ::fcntl(fd.get(), F_SETFL, ::fcntl(fd.get(), F_GETFL) | O_NONBLOCK);
}

// Blocks SIGPIPE on this thread while in scope, and discards one raised meanwhile: writing to a
// pipe whose reader has gone raises it on the writing thread, and its default action would end
// the server. The process's disposition of SIGPIPE is left alone.
class SigpipeGuard {
 public:
  SigpipeGuard() {
    sigemptyset(&sigpipe_);
    sigaddset(&sigpipe_, SIGPIPE);
    sigset_t pending;
    sigpending(&pending);
    was_pending_ = sigismember(&pending, SIGPIPE) == 1;
    pthread_sigmask(SIG_BLOCK, &sigpipe_, &saved_);
  }
  ~SigpipeGuard() {
    if (!was_pending_) {
      const timespec zero{};
      while (sigtimedwait(&sigpipe_, nullptr, &zero) > 0) {
      }
    }
    pthread_sigmask(SIG_SETMASK, &saved_, nullptr);
  }
  SigpipeGuard(const SigpipeGuard&) = delete;
  SigpipeGuard& operator=(const SigpipeGuard&) = delete;

 private:
  sigset_t sigpipe_;
  sigset_t saved_;
  bool was_pending_ = false;
};

// A descriptor that becomes readable when the child exits, without reaping it; -1 where the
// kernel has none.
Fd OpenPidfd(pid_t pid) {
#ifdef SYS_pidfd_open
  return Fd(static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)));
#else
  (void)pid;
  return Fd();
#endif
}

// Whether the child has exited, leaving it unreaped so that its process group id stays ours. A
// child that is no longer ours to wait for (reaped by someone else) has exited too.
bool HasExited(pid_t pid) {
  siginfo_t info;
  std::memset(&info, 0, sizeof info);
  if (::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) != 0) {
    return errno == ECHILD;
  }
  return info.si_pid != 0;
}

// Splits standard error into lines for the caller.
class LineSplitter {
 public:
  LineSplitter(const SubprocessOptions& options)
      : emit_(options.on_stderr_line), max_(std::max<size_t>(options.max_stderr_line_bytes, 1)) {}

  void Append(std::string_view data) {
    if (!emit_) return;
    while (!data.empty()) {
      const size_t nl = data.find('\n');
      const std::string_view part = data.substr(0, nl);
      partial_.append(part);
      while (partial_.size() > max_) {
        emit_(std::string_view(partial_).substr(0, max_));
        partial_.erase(0, max_);
      }
      if (nl == std::string_view::npos) return;
      Flush(true);
      data.remove_prefix(nl + 1);
    }
  }

  // Emits what is left of the last line; `always` also emits an empty line.
  void Flush(bool always = false) {
    if (!emit_ || (partial_.empty() && !always)) return;
    if (!partial_.empty() && partial_.back() == '\r') partial_.pop_back();
    emit_(partial_);
    partial_.clear();
  }

 private:
  const std::function<void(std::string_view)>& emit_;
  const size_t max_;
  std::string partial_;
};

// Reads what `fd` has now into `sink`, at most kMaxReadsPerWake chunks so that a child that
// writes without pause cannot keep us from the deadline; false at end of file or on an error.
template <class Sink>
bool Drain(const Fd& fd, Sink&& sink) {
  char buf[kReadChunk];
  for (int reads = 0; reads < kMaxReadsPerWake;) {
    const ssize_t n = ::read(fd.get(), buf, sizeof buf);
    if (n > 0) {
      sink(std::string_view(buf, static_cast<size_t>(n)));
      ++reads;
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
  }
  return true;
}

struct Spawned {
  pid_t pid = -1;
  Fd in, out, err;  // the parent's ends
};

// Starts the command in a new process group with default signal handling and the three pipes
// as its standard streams. On failure returns pid -1 with *error set.
Spawned Spawn(const SubprocessOptions& options, std::string* error) {
  Spawned s;
  if (options.argv.empty() || options.argv[0].empty()) {
    *error = "no command given";
    return s;
  }
  Fd child_in, child_out, child_err;
  if (!OpenPipe(&child_in, &s.in) || !OpenPipe(&s.out, &child_out) ||
      !OpenPipe(&s.err, &child_err)) {
    *error = std::string("cannot create a pipe: ") + std::strerror(errno);
    return s;
  }

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, child_in.get(), STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, child_out.get(), STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, child_err.get(), STDERR_FILENO);
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
  // Only the three streams, as in a Lambda sandbox: a descriptor of the server's that is not
  // close-on-exec (a client's socket, say) must not stay open for as long as the command runs.
  posix_spawn_file_actions_addclosefrom_np(&actions, STDERR_FILENO + 1);
#endif

  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr,
                           POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  posix_spawnattr_setpgroup(&attr, 0);
  sigset_t none;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&attr, &none);
  // The server may ignore signals (SIGPIPE, say); a command should see the defaults.
  sigset_t all;
  sigfillset(&all);
  sigdelset(&all, SIGKILL);
  sigdelset(&all, SIGSTOP);
  posix_spawnattr_setsigdefault(&attr, &all);

  std::vector<char*> argv;
  for (const std::string& a : options.argv) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  std::vector<char*> envp;
  for (const std::string& e : options.env) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);

  const int rc = ::posix_spawnp(&s.pid, argv[0], &actions, &attr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) {
    *error = "cannot run " + options.argv[0] + ": " + std::strerror(rc);
    s.pid = -1;
  }
  return s;
}

int MillisecondsUntil(SteadyClock::time_point t, SteadyClock::time_point now) {
  const auto us = std::chrono::duration_cast<std::chrono::microseconds>(t - now).count();
  return static_cast<int>(std::min<int64_t>((us + 999) / 1000, 60'000));
}

// A started command's pipes, served until it is done with them or out of time.
class Exchange {
 public:
  Exchange(const SubprocessOptions& options, Spawned* child, SubprocessResult* result)
      : options_(options),
        child_(*child),
        result_(*result),
        pidfd_(OpenPidfd(child->pid)),
        stderr_lines_(options) {
    SetNonBlocking(child_.in);
    SetNonBlocking(child_.out);
    SetNonBlocking(child_.err);
    if (options_.input.empty()) child_.in.Close();
  }

  // Serves the pipes until the command has exited and its output has ended (or exit_grace has
  // passed since it exited), or the deadline passes. True when the command is still running at
  // the deadline.
  bool Serve() {
    for (;;) {
      const SteadyClock::time_point now = SteadyClock::now();
      if (!exited_ && !pidfd_.open() && HasExited(child_.pid)) Exited(now);
      if (exited_ && !child_.out.open() && !child_.err.open()) return false;
      const SteadyClock::time_point limit =
          exited_ ? std::min(options_.deadline, exit_time_ + options_.exit_grace)
                  : options_.deadline;
      if (now >= limit || !Pump(MillisecondsUntil(limit, now))) return !exited_;
    }
  }

  // What is left of standard error, once the command is reaped.
  void Finish() { stderr_lines_.Flush(); }

 private:
  // One poll and what it found ready. False when polling fails for good: the command cannot be
  // waited on any more and is given up on as at a deadline.
  bool Pump(int timeout_ms) {
    pollfd fds[4];
    nfds_t n = 0;
    auto watch = [&](const Fd& fd, short events) {
      if (!fd.open()) return -1;
      fds[n] = {fd.get(), events, 0};
      return static_cast<int>(n++);
    };
    const int in = watch(child_.in, POLLOUT);
    const int out = watch(child_.out, POLLIN);
    const int err = watch(child_.err, POLLIN);
    const int pid = exited_ ? -1 : watch(pidfd_, POLLIN);
    if (!exited_ && !pidfd_.open()) {
      timeout_ms = std::min(timeout_ms, static_cast<int>(kExitPollInterval.count()));
    }
    if (::poll(fds, n, timeout_ms) < 0) return errno == EINTR;
    auto ready = [&](int slot) { return slot >= 0 && fds[slot].revents != 0; };
    if (ready(in)) WriteInput();
    if (ready(out) && !Drain(child_.out, [&](std::string_view d) { KeepOutput(d); })) {
      child_.out.Close();
    }
    if (ready(err) && !Drain(child_.err, [&](std::string_view d) { stderr_lines_.Append(d); })) {
      child_.err.Close();
    }
    if (ready(pid)) Exited(SteadyClock::now());
    return true;
  }

  void WriteInput() {
    const size_t left = options_.input.size() - written_;
    const ssize_t w =
        ::write(child_.in.get(), options_.input.data() + written_, std::min(left, kReadChunk));
    if (w > 0) written_ += static_cast<size_t>(w);
    // EPIPE (the child closed its input) and any other error drop the rest of the input.
    if ((w < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) ||
        written_ == options_.input.size()) {
      child_.in.Close();
    }
  }

  void KeepOutput(std::string_view data) {
    const size_t room = options_.max_output_bytes - result_.output.size();
    if (data.size() > room) result_.output_truncated = true;
    result_.output.append(data.substr(0, room));
  }

  void Exited(SteadyClock::time_point when) {
    exited_ = true;
    exit_time_ = when;
  }

  const SubprocessOptions& options_;
  Spawned& child_;
  SubprocessResult& result_;
  const Fd pidfd_;
  LineSplitter stderr_lines_;
  size_t written_ = 0;
  bool exited_ = false;
  SteadyClock::time_point exit_time_;
};

// Kills what is left of the command's process group, reaps the command, and says how it ended.
void Reap(const SubprocessOptions& options, Spawned* child, bool timed_out,
          SubprocessResult* result) {
  // The leader is not reaped yet, so its process group id cannot have been reused: killing the
  // group reaches only what the command started (or the command itself, at the deadline).
  ::kill(-child->pid, SIGKILL);
  child->in.Close();
  child->out.Close();
  child->err.Close();
  int status = 0;
  pid_t reaped;
  while ((reaped = ::waitpid(child->pid, &status, 0)) < 0 && errno == EINTR) {
  }
  const int wait_errno = errno;
  // Members of the group that are our children too (when the server runs as PID 1 or a
  // subreaper, orphans are reparented to it) are reaped here; others go to their own reaper.
  while (::waitpid(-child->pid, nullptr, WNOHANG) > 0) {
  }

  if (timed_out) {
    result->outcome = SubprocessResult::Outcome::kTimedOut;
  } else if (reaped != child->pid) {
    // Someone else reaped it (SIGCHLD ignored, or a waitpid(-1) elsewhere): its status is lost,
    // and a lost status must not pass for success.
    result->outcome = SubprocessResult::Outcome::kSpawnFailed;
    result->spawn_error =
        "lost the exit status of " + options.argv[0] + ": " + std::strerror(wait_errno);
  } else if (WIFEXITED(status)) {
    result->outcome = SubprocessResult::Outcome::kExited;
    result->exit_code = WEXITSTATUS(status);
  } else {
    result->outcome = SubprocessResult::Outcome::kSignaled;
    result->term_signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
  }
}

}  // namespace

SubprocessResult RunSubprocess(const SubprocessOptions& options) {
  SubprocessResult result;
  const SigpipeGuard sigpipe_guard;
  Spawned child = Spawn(options, &result.spawn_error);
  if (child.pid < 0) return result;
  Exchange exchange(options, &child, &result);
  const bool timed_out = exchange.Serve();
  Reap(options, &child, timed_out, &result);
  exchange.Finish();
  return result;
}

}  // namespace stator::api
