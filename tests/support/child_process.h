// A real child process for tests: started with its standard output on a pipe
// that the test reads line by line, and stopped with a signal.
#ifndef AWARD_TESTS_SUPPORT_CHILD_PROCESS_H_
#define AWARD_TESTS_SUPPORT_CHILD_PROCESS_H_

#include <sys/types.h>

#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"

namespace award::testing {

class ChildProcess {
 public:
  // Starts `argv[0]` with the arguments; standard error is inherited.
  explicit ChildProcess(const std::vector<std::string>& argv);
  // Kills the child if it still runs, and reaps it.
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }

  // The next line of standard output without its newline; nullopt at the end
  // of output or when the timeout passes.
  std::optional<std::string> ReadLine(absl::Duration timeout);

  void Signal(int signal_number);
  // Waits for the child to end; returns its wait status, or nullopt on timeout.
  std::optional<int> Wait(absl::Duration timeout);

 private:
  pid_t pid_ = -1;
  int out_fd_ = -1;
  std::string buffer_;
  bool reaped_ = false;
};

// Starts a server that announces "<name> listening on HOST:PORT ..." on its
// standard output once it serves (every server of the platform does).
struct AnnouncedServer {
  AnnouncedServer(const std::string& name, const std::vector<std::string>& argv);
  std::unique_ptr<ChildProcess> process;
  std::string address;       // HOST:PORT; empty if it did not announce within 30 s
  std::string announcement;  // the whole line
};

// Starts eventstore_server on a free loopback port (address e.g. "127.0.0.1:41234").
struct ServerProcess : AnnouncedServer {
  explicit ServerProcess(const std::string& data_dir,
                         const std::vector<std::string>& extra_flags = {});
};

}  // namespace award::testing

#endif  // AWARD_TESTS_SUPPORT_CHILD_PROCESS_H_
