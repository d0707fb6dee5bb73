#include "tests/support/child_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <memory>

#include "absl/strings/match.h"
#include "absl/time/clock.h"

namespace award::testing {

ChildProcess::ChildProcess(const std::vector<std::string>& argv) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) std::abort();
  pid_ = fork();
  if (pid_ < 0) std::abort();
  if (pid_ == 0) {
    dup2(fds[1], STDOUT_FILENO);
    std::vector<char*> args;
    for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  close(fds[1]);
  out_fd_ = fds[0];
}

ChildProcess::~ChildProcess() {
  if (!reaped_) {
    kill(pid_, SIGKILL);
    (void)Wait(absl::Seconds(10));
  }
  close(out_fd_);
}

std::optional<std::string> ChildProcess::ReadLine(absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  while (true) {
    if (size_t newline = buffer_.find('\n'); newline != std::string::npos) {
      std::string line = buffer_.substr(0, newline);
      buffer_.erase(0, newline + 1);
      return line;
    }
    const absl::Duration left = deadline - absl::Now();
    if (left <= absl::ZeroDuration()) return std::nullopt;
    pollfd pfd{out_fd_, POLLIN, 0};
    if (poll(&pfd, 1, static_cast<int>(absl::ToInt64Milliseconds(left)) + 1) <= 0) continue;
    char chunk[4096];
    ssize_t n = read(out_fd_, chunk, sizeof chunk);
    if (n <= 0) return std::nullopt;
    buffer_.append(chunk, static_cast<size_t>(n));
  }
}

void ChildProcess::Signal(int signal_number) {
  if (!reaped_) kill(pid_, signal_number);
}

std::optional<int> ChildProcess::Wait(absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  while (true) {
    int status = 0;
    pid_t done = waitpid(pid_, &status, WNOHANG);
    if (done == pid_) {
      reaped_ = true;
      return status;
    }
    if (absl::Now() >= deadline) return std::nullopt;
    absl::SleepFor(absl::Milliseconds(5));
  }
}

AnnouncedServer::AnnouncedServer(const std::string& name, const std::vector<std::string>& argv)
    : process(std::make_unique<ChildProcess>(argv)) {
  const std::string announcement = name + " listening on ";
  std::optional<std::string> line = process->ReadLine(absl::Seconds(30));
  if (line.has_value() && absl::StartsWith(*line, announcement)) {
    this->announcement = *line;
    const std::string rest = line->substr(announcement.size());
    address = rest.substr(0, rest.find(' '));
  }
}

namespace {

std::vector<std::string> EventStoreServerArgv(const std::string& data_dir,
                                              const std::vector<std::string>& extra_flags) {
  std::vector<std::string> argv = {AWARD_EVENTSTORE_SERVER_PATH, "--data_dir=" + data_dir,
                                   "--listen=127.0.0.1:0", "--insecure"};
  argv.insert(argv.end(), extra_flags.begin(), extra_flags.end());
  return argv;
}

}  // namespace

ServerProcess::ServerProcess(const std::string& data_dir,
                             const std::vector<std::string>& extra_flags)
    : AnnouncedServer("eventstore_server", EventStoreServerArgv(data_dir, extra_flags)) {}

}  // namespace award::testing
