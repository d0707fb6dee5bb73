// council_server: award.v1.Council against an eventstore_server.
//
//   council_server --event_store=127.0.0.1:50051 --listen=127.0.0.1:50062
//       --rules_dir=rules/vn --ballot_key_file=/etc/award/ballot.key
//
// The ballot key file holds the 32-byte secret that seals secret ballots
// (domain/ballot_seal.h); it is created, readable by its owner only, when it
// does not exist. Every instance of the service must share it: ballots sealed
// under one key open only under the same key.
//
// Prints "council_server listening on HOST:PORT" once it serves; SIGTERM or
// SIGINT lets calls in flight finish. A bad rules directory or key file stops
// it at start.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/synchronization/mutex.h"
#include "base/stop_signals.h"
#include "services/common/serve.h"
#include "services/common/service_process.h"
#include "services/council/council_service.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:50062", "Address to serve on; port 0 picks a free port");
ABSL_FLAG(std::string, ballot_key_file, "council-ballot.key",
          "File with the 32-byte secret that seals secret ballots; created if missing");

namespace {

// The secret in `path`, or a new one written there (mode 0600, never replaced).
absl::StatusOr<std::string> LoadOrCreateSecret(const std::string& path) {
  const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd >= 0) {
    const std::string secret = award::council::BallotSeal::NewSecret();
    const bool written =
        write(fd, secret.data(), secret.size()) == static_cast<ssize_t>(secret.size()) &&
        fsync(fd) == 0;
    close(fd);
    if (!written) return absl::InternalError("cannot write the ballot key file " + path);
    return secret;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError("cannot read the ballot key file " + path);
  std::stringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  award::StopSignals stop;  // before any thread starts

  absl::StatusOr<std::unique_ptr<award::ServiceBackend>> backend = award::ConnectServiceBackend();
  if (!backend.ok()) {
    std::cerr << "council_server: " << backend.status() << std::endl;
    return 1;
  }
  award::ServiceBackend& b = **backend;
  absl::StatusOr<std::string> secret = LoadOrCreateSecret(absl::GetFlag(FLAGS_ballot_key_file));
  absl::StatusOr<award::council::BallotSeal> seal =
      secret.ok() ? award::council::BallotSeal::Create(*secret) : secret.status();
  if (!seal.ok()) {
    std::cerr << "council_server: ballot key file " << absl::GetFlag(FLAGS_ballot_key_file) << ": "
              << seal.status() << std::endl;
    return 1;
  }
  award::council::CouncilService service(*b.store, b.rules, b.calendar, *seal);

  return award::ServeUntilStopped("council_server", absl::GetFlag(FLAGS_listen), {&service}, stop);
}
